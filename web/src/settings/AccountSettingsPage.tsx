// Settings → Account: brand name, message templates (counted in length, applied on US lists), quiet hours and
// default time zone, spam-complaint handling, default bot-filter mode. Owners change them; others read them.
// Each field shows its problem beside it, from the same checks the API makes (or from the API's reply code).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useState } from 'react'
import { Button, Form, Switch } from 'react-aria-components'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { SelectField } from '../ui/SelectField'
import { TextInput } from '../ui/TextInput'
import {
  type AccountSettings,
  BOT_FILTER_MODES,
  FIELD_OF_CODE,
  LIMITS,
  type SettingsField,
  SPAM_ACTIONS,
  validateSettings,
} from './accountSettingsRules'
import { SettingsNav } from './SettingsNav'

const KEY = ['account-settings'] as const

export default function AccountSettingsPage() {
  const settings = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v2/account/settings')) })
  return (
    <section>
      <h1>Account settings</h1>
      <SettingsNav />
      <ErrorNote error={settings.error} />
      {settings.isPending && <Loading />}
      {settings.data && <SettingsForm saved={settings.data} />}
    </section>
  )
}

function SettingsForm({ saved }: { saved: AccountSettings }) {
  const client = useQueryClient()
  const canEdit = useCan('owner')
  const [values, setValues] = useState<AccountSettings>(saved)
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({})
  useEffect(() => setValues(saved), [saved])
  const save = useMutation({
    mutationFn: (body: AccountSettings) => unwrap(api.PUT('/api/v2/account/settings', { body })),
    onSuccess: ({ success: _, ...next }) => client.setQueryData(KEY, next),
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const set = <K extends SettingsField>(field: K, value: AccountSettings[K]) => {
    setValues((v) => ({ ...v, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
    save.reset()
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateSettings(values)
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate(values)
  }
  const text = (field: 'brand_name' | 'template_prefix' | 'template_suffix' | 'timezone') => ({
    name: field,
    value: values[field],
    onChange: (v: string) => set(field, v),
    isReadOnly: !canEdit,
    isInvalid: Boolean(errors[field]),
    ...(errors[field] ? { errorMessage: errors[field] } : {}),
  })
  // The API's message for a refusal no field owns (a field's own is shown beside it).
  const general = save.error instanceof ApiError && FIELD_OF_CODE[save.error.code] ? null : save.error
  return (
    <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
      {!canEdit && <p className="muted">Only owners change these settings.</p>}
      <h2>Messaging</h2>
      <TextInput
        label="Brand name"
        description={`Fills {{brand_name}} on lists without a brand name of their own. At most ${LIMITS.brand_name} characters.`}
        {...text('brand_name')}
      />
      <TextInput
        label="Template prefix"
        description="Put before every campaign message on US (+1) lists, and counted in its length. {{brand_name}} and contact macros are filled in."
        {...text('template_prefix')}
      />
      <TextInput
        label="Template suffix"
        description="Put after every campaign message on US (+1) lists, and counted in its length."
        {...text('template_suffix')}
      />
      <h2>Compliance</h2>
      <Switch
        className="switch"
        isSelected={values.quiet_hours}
        isReadOnly={!canEdit}
        onChange={(on) => set('quiet_hours', on)}
      >
        <span className="switch-track" aria-hidden="true" />
        Quiet hours: hold messages to US contacts outside 8:00–21:00 their local time
      </Switch>
      {errors.quiet_hours && <p className="error">{errors.quiet_hours}</p>}
      <TextInput
        label="Default time zone"
        description="IANA name, e.g. America/Chicago: for contacts without a time zone, and schedules' wall clock."
        {...text('timezone')}
      />
      <SelectField
        label="Spam complaints (spam, scam, junk replies)"
        value={values.spam_complaint_action}
        options={SPAM_ACTIONS}
        onChange={(v) => set('spam_complaint_action', v)}
        isDisabled={!canEdit}
      />
      <h2>Click tracking</h2>
      <SelectField
        label="Default bot filter"
        value={values.bot_filter_mode}
        options={BOT_FILTER_MODES}
        onChange={(v) => set('bot_filter_mode', v)}
        isDisabled={!canEdit}
      />
      <ErrorNote error={general} />
      {save.isSuccess && <p role="status">Settings saved.</p>}
      {canEdit && (
        <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
          Save settings
        </Button>
      )}
    </Form>
  )
}
