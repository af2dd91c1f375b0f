// The create and edit form of an offer: name, network and its offer id, tracking URL, payout and its type, click
// window and bot-filter override. Checks on the client first, then shows the API's refusal beside its field.
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { ApiError } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { SelectField } from '../ui/SelectField'
import { TextInput } from '../ui/TextInput'
import {
  BOT_FILTER_CHOICES,
  FIELD_OF_CODE,
  NETWORKS,
  type OfferField,
  type OfferFormValues,
  PAYOUT_TYPES,
  validateOffer,
} from './offerRules'

const STATUSES = [
  { id: 'active', name: 'Active' },
  { id: 'paused', name: 'Paused' },
] as const

interface Props<T> {
  initial: OfferFormValues
  submitLabel: string
  onSubmit(values: OfferFormValues): Promise<T>
  onSaved(result: T): void
}

export function OfferForm<T>({ initial, submitLabel, onSubmit, onSaved }: Props<T>) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<Partial<Record<OfferField, string>>>({})
  const save = useMutation({
    mutationFn: onSubmit,
    onSuccess: onSaved,
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const set = <K extends OfferField>(field: K, value: OfferFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
    save.reset()
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateOffer(values)
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate(values)
  }
  const text = (field: 'name' | 'tracking_url' | 'external_id' | 'payout' | 'click_window_days') => ({
    name: field,
    value: values[field],
    onChange: (v: string) => set(field, v),
    isInvalid: Boolean(errors[field]),
    ...(errors[field] ? { errorMessage: errors[field] } : {}),
  })
  const general = save.error instanceof ApiError && FIELD_OF_CODE[save.error.code] ? null : save.error
  return (
    <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
      <TextInput label="Name" {...text('name')} />
      <SelectField
        label="Network"
        value={values.external_platform}
        options={NETWORKS}
        onChange={(v) => set('external_platform', v)}
      />
      {values.external_platform !== 'none' && (
        <TextInput
          label="Network offer id"
          description="Optional: the offer's id at the network"
          {...text('external_id')}
        />
      )}
      <TextInput
        label="Tracking URL"
        description="http(s); may hold {{click_id}}, {{messageId}}, {{contact.phone}}"
        inputMode="url"
        {...text('tracking_url')}
      />
      <SelectField
        label="Payout type"
        value={values.payout_type}
        options={PAYOUT_TYPES}
        onChange={(v) => set('payout_type', v)}
      />
      <TextInput label="Payout (USD)" inputMode="decimal" {...text('payout')} />
      <TextInput
        label="Click window (days)"
        description="How long after a click a conversion is credited"
        inputMode="numeric"
        {...text('click_window_days')}
      />
      <SelectField
        label="Bot filter"
        value={values.bot_filter_mode}
        options={BOT_FILTER_CHOICES}
        onChange={(v) => set('bot_filter_mode', v)}
      />
      {errors.bot_filter_mode && (
        <p className="error" role="alert">
          {errors.bot_filter_mode}
        </p>
      )}
      <SelectField
        label="Status"
        value={values.status}
        options={STATUSES}
        onChange={(v) => set('status', v)}
      />
      <ErrorNote error={general} />
      <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
        {save.isPending ? 'Saving…' : submitLabel}
      </Button>
    </Form>
  )
}
