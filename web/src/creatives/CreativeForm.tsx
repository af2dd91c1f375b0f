// The creative editor: name, message (with {{linkN}} placeholders and an "Insert macro" menu that inserts at the
// cursor), an offer chosen for each link with the URL parameters it adds for this creative, status; the phone
// preview with the live count beside it. Checks on the client first, then shows the API's refusal beside the field
// it concerns.
import { useMutation, useQuery } from '@tanstack/react-query'
import { type FormEvent, useEffect, useRef, useState } from 'react'
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
import { type LinkParams, paramProblems } from './linkParams'
import { MacroMenu } from './MacroMenu'
import { MessagePreview } from './MessagePreview'
import { UrlParamsEditor } from './UrlParamsEditor'

const STATUSES = [
  { id: 'active', name: 'Active' },
  { id: 'paused', name: 'Paused' },
] as const

const NO_OFFER = 'none'

interface Props<T> {
  initial: CreativeFormValues
  /** The URL parameters of each link as saved (none for a new creative). */
  initialParams?: LinkParams
  submitLabel: string
  onSubmit(values: CreativeFormValues, params: LinkParams): Promise<T>
  onSaved(result: T): void
}

export function CreativeForm<T>({ initial, initialParams = {}, submitLabel, onSubmit, onSaved }: Props<T>) {
  const [values, setValues] = useState(initial)
  const [params, setParams] = useState(initialParams)
  const [errors, setErrors] = useState<Partial<Record<CreativeField, string>>>({})
  const [paramErrors, setParamErrors] = useState<Record<string, string>>({})
  const textarea = useRef<HTMLTextAreaElement>(null)
  // Where the caret goes once an inserted macro is in the textarea.
  const [caret, setCaret] = useState<number | null>(null)
  useEffect(() => {
    if (caret === null) return
    // After the menu's popover has closed and given focus back to its button.
    const frame = requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        textarea.current?.focus()
        textarea.current?.setSelectionRange(caret, caret)
        setCaret(null)
      }),
    )
    return () => cancelAnimationFrame(frame)
  }, [caret])
  const offers = useQuery({
    queryKey: OFFERS_KEY,
    queryFn: () => unwrap(api.GET('/api/v2/offers', { params: { query: { per_page: 100 } } })),
  })
  const save = useMutation({
    mutationFn: (v: CreativeFormValues) => onSubmit(v, params),
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
    const foundInParams = paramProblems(values.message, params)
    setErrors(found)
    setParamErrors(foundInParams)
    if (Object.keys(found).length === 0 && Object.keys(foundInParams).length === 0) save.mutate(values)
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
          <TextArea rows={5} ref={textarea} />
          <Text slot="description">
            Put {'{{link1}}'}, {'{{link2}}'}… where links go; contact macros such as {'{{first_name}}'} are
            filled per message.
          </Text>
          <FieldError>{errors.message}</FieldError>
        </TextField>
        <MacroMenu
          message={values.message}
          textarea={textarea}
          onInsert={(message, cursor) => {
            set('message', message)
            setCaret(cursor)
          }}
        />
        <fieldset className="credentials">
          <legend>Links</legend>
          {keys.length === 0 && <p className="muted">No {'{{linkN}}'} in the message yet.</p>}
          {keys.map((key) => (
            <div key={key} className="link-binding">
              <SelectField
                label={`Offer for {{${key}}}`}
                value={values.links[key] ?? NO_OFFER}
                options={options}
                onChange={(id) => set('links', { ...values.links, [key]: id === NO_OFFER ? '' : id })}
              />
              <TextInput
                label={`Destination for {{${key}}} (optional)`}
                description="Replaces the offer's tracking URL for this creative; empty: the offer's."
                value={values.urls[key] ?? ''}
                onChange={(url) => set('urls', { ...values.urls, [key]: url })}
                isInvalid={Boolean(errors.urls) && errors.urls?.includes(`{{${key}}}`) === true}
                {...(errors.urls?.includes(`{{${key}}}`) ? { errorMessage: errors.urls } : {})}
              />
              <UrlParamsEditor
                linkKey={key}
                rows={params[key] ?? []}
                problem={paramErrors[key]}
                onChange={(rows) => {
                  setParams((p) => ({ ...p, [key]: rows }))
                  setParamErrors((e) => ({ ...e, [key]: undefined }) as Record<string, string>)
                  save.reset()
                }}
              />
            </div>
          ))}
          {errors.links && (
            <p className="error" role="alert">
              {errors.links}
            </p>
          )}
          {errors.urls && !keys.some((k) => errors.urls?.includes(`{{${k}}}`)) && (
            <p className="error" role="alert">
              {errors.urls}
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
