// The creative editor: name, message (with {{linkN}} placeholders), an offer chosen for each link, status; the
// phone preview with the live count beside it. Checks on the client first, then shows the API's refusal beside
// the field it concerns.
import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, FieldError, Form, Label, Text, TextArea, TextField } from 'react-aria-components'
import { ApiError, api, unwrap } from '../api/client'
import { OFFERS_KEY } from '../offers/OffersPage'
import { ErrorNote } from '../ui/ErrorNote'
import { SelectField } from '../ui/SelectField'
import { TextInput } from '../ui/TextInput'
import {
  type CreativeField,
  type CreativeFormValues,
  FIELD_OF_CODE,
  linkKeys,
  MESSAGE_MAX_LENGTH,
  validateCreative,
} from './creativeRules'
import { MessagePreview } from './MessagePreview'

const STATUSES = [
  { id: 'active', name: 'Active' },
  { id: 'paused', name: 'Paused' },
] as const

const NO_OFFER = 'none'

interface Props<T> {
  initial: CreativeFormValues
  submitLabel: string
  onSubmit(values: CreativeFormValues): Promise<T>
  onSaved(result: T): void
}

export function CreativeForm<T>({ initial, submitLabel, onSubmit, onSaved }: Props<T>) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<Partial<Record<CreativeField, string>>>({})
  const offers = useQuery({
    queryKey: OFFERS_KEY,
    queryFn: () => unwrap(api.GET('/api/v2/offers', { params: { query: { per_page: 100 } } })),
  })
  const save = useMutation({
    mutationFn: onSubmit,
    onSuccess: onSaved,
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const set = <K extends keyof CreativeFormValues>(field: K, value: CreativeFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field === 'links' ? 'links' : field]: undefined }))
    save.reset()
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateCreative(values)
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate(values)
  }
  const options = [
    { id: NO_OFFER, name: 'Choose an offer' },
    ...(offers.data?.offers ?? []).map((o) => ({ id: o.id, name: o.name })),
  ]
  const keys = linkKeys(values.message)
  const general = save.error instanceof ApiError && FIELD_OF_CODE[save.error.code] ? null : save.error
  return (
    <div className="creative-editor">
      <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
        <TextInput
          label="Name"
          name="name"
          value={values.name}
          onChange={(v) => set('name', v)}
          isInvalid={Boolean(errors.name)}
          {...(errors.name ? { errorMessage: errors.name } : {})}
        />
        <TextField
          className="field"
          name="message"
          value={values.message}
          onChange={(v) => set('message', v)}
          isInvalid={Boolean(errors.message)}
          maxLength={MESSAGE_MAX_LENGTH}
        >
          <Label>Message</Label>
          <TextArea rows={5} />
          <Text slot="description">
            Put {'{{link1}}'}, {'{{link2}}'}… where links go; contact macros such as {'{{first_name}}'} are
            filled per message.
          </Text>
          <FieldError>{errors.message}</FieldError>
        </TextField>
        <fieldset className="credentials">
          <legend>Links</legend>
          {keys.length === 0 && <p className="muted">No {'{{linkN}}'} in the message yet.</p>}
          {keys.map((key) => (
            <SelectField
              key={key}
              label={`Offer for {{${key}}}`}
              value={values.links[key] ?? NO_OFFER}
              options={options}
              onChange={(id) => set('links', { ...values.links, [key]: id === NO_OFFER ? '' : id })}
            />
          ))}
          {errors.links && (
            <p className="error" role="alert">
              {errors.links}
            </p>
          )}
        </fieldset>
        <SelectField
          label="Status"
          value={values.status}
          options={STATUSES}
          onChange={(v) => set('status', v)}
        />
        <ErrorNote error={general ?? offers.error} />
        <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
          {save.isPending ? 'Saving…' : submitLabel}
        </Button>
      </Form>
      <MessagePreview message={values.message} />
    </div>
  )
}
