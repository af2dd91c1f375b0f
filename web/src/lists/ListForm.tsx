// The create and edit form of a sending list: number, type, provider and its credentials (write-only: typed
// blind, never shown again), BYOC, brand, link domains and rate. Checks on the client first, then shows the API's
// refusal beside the field it concerns.
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form, Switch } from 'react-aria-components'
import { ApiError } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { SelectField } from '../ui/SelectField'
import { TextInput } from '../ui/TextInput'
import {
  CREDENTIAL_FIELDS,
  FIELD_OF_CODE,
  type ListField,
  type ListFormValues,
  NUMBER_TYPES,
  PROVIDERS,
  validateList,
} from './listRules'

const STATUSES = [
  { id: 'active', name: 'Active' },
  { id: 'paused', name: 'Paused' },
] as const

interface Props<T> {
  initial: ListFormValues
  /** Edit of a saved list: its credentials are kept when none are typed, and status can change. */
  saved?: { provider: ListFormValues['provider']; hasCredentials: boolean }
  submitLabel: string
  onSubmit(values: ListFormValues): Promise<T>
  onSaved(result: T): void
}

export function ListForm<T>({ initial, saved, submitLabel, onSubmit, onSaved }: Props<T>) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<Partial<Record<ListField, string>>>({})
  const save = useMutation({
    mutationFn: onSubmit,
    onSuccess: (result) => {
      setValues((v) => ({ ...v, credentials: {} }))
      onSaved(result)
    },
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const set = <K extends keyof ListFormValues>(field: K, value: ListFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
    save.reset()
  }
  const keepsCredentials = saved?.hasCredentials === true && saved.provider === values.provider
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateList(values, keepsCredentials)
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate(values)
  }
  const text = (
    field: Exclude<ListField, 'credentials' | 'byoc' | 'number_type' | 'provider' | 'status'>,
  ) => ({
    name: field,
    value: values[field],
    onChange: (v: string) => set(field, v),
    isInvalid: Boolean(errors[field]),
    ...(errors[field] ? { errorMessage: errors[field] } : {}),
  })
  const credentialFields = CREDENTIAL_FIELDS[values.provider]
  const general = save.error instanceof ApiError && FIELD_OF_CODE[save.error.code] ? null : save.error
  return (
    <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
      <TextInput label="Sending number" description="E.164, e.g. +18005551234" {...text('phone_number')} />
      <SelectField
        label="Number type"
        value={values.number_type}
        options={NUMBER_TYPES}
        onChange={(v) => set('number_type', v)}
      />
      <TextInput
        label="Brand name"
        description="Fills {{brand_name}} in this list's messages"
        {...text('brand_name')}
      />
      <TextInput
        label="List name"
        description="Optional; brand and number when empty"
        {...text('list_name')}
      />
      <TextInput
        label="Link-shortener domain"
        description="Host name short links are printed with, e.g. trk.ly; links cannot be made without one"
        {...text('shortener_domain')}
      />
      <TextInput
        label="Click-tracking domain"
        description="Optional host name, e.g. click.example.com"
        {...text('click_domain')}
      />
      <TextInput
        label="Rate (messages per minute)"
        description="Empty: the default of the number type"
        inputMode="numeric"
        {...text('rate_per_minute')}
      />
      {saved && (
        <SelectField
          label="Status"
          value={values.status}
          options={STATUSES}
          onChange={(v) => set('status', v)}
        />
      )}
      <h2>Provider</h2>
      <SelectField
        label="Provider"
        value={values.provider}
        options={PROVIDERS}
        onChange={(v) => {
          set('provider', v)
          set('credentials', {})
        }}
      />
      {values.provider !== 'simulator' && (
        <Switch className="switch" isSelected={values.byoc} onChange={(on) => set('byoc', on)}>
          <span className="switch-track" aria-hidden="true" />
          Bring your own carrier: my own {values.provider} account (sending waits for its first verified
          webhook)
        </Switch>
      )}
      {credentialFields.length > 0 && (
        <fieldset className="credentials">
          <legend>Credentials</legend>
          <p className="muted">
            Checked with {values.provider} before saving, stored encrypted and never shown again.
            {keepsCredentials && ' Leave empty to keep the saved ones.'}
          </p>
          {credentialFields.map((f) => (
            <TextInput
              key={f.key}
              label={f.label}
              name={`credentials.${f.key}`}
              type={f.secret ? 'password' : 'text'}
              autoComplete="off"
              value={values.credentials[f.key] ?? ''}
              onChange={(v) => set('credentials', { ...values.credentials, [f.key]: v })}
              isInvalid={Boolean(errors.credentials)}
            />
          ))}
          {errors.credentials && (
            <p className="error" role="alert">
              {errors.credentials}
            </p>
          )}
        </fieldset>
      )}
      <ErrorNote error={general} />
      <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
        {save.isPending ? 'Checking…' : submitLabel}
      </Button>
    </Form>
  )
}
