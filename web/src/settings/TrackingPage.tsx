// Settings → Tracking: the account's default bot-filter mode (an offer may override it) and the countries whose
// clicks count as bots. Owners change them; others read them. Problems show beside their field.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import type { Reply } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { SelectField } from '../ui/SelectField'
import { TextInput } from '../ui/TextInput'
import { BOT_FILTER_MODES } from './accountSettingsRules'
import { SettingsNav } from './SettingsNav'
import { checkCountries, codesOf } from './trackingRules'

const KEY = ['tracking-settings'] as const
type Settings = Reply<'/api/v2/tracking/settings'>
type Field = keyof Settings

/** The field each API code of PUT /tracking/settings concerns. */
const FIELD_OF_CODE: Record<string, Field> = {
  invalid_bot_filter_mode: 'bot_filter_mode',
  invalid_blocked_countries: 'blocked_countries',
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })

/** A code's country name, or undefined when the browser knows none (not an ISO code). */
function countryName(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined
  try {
    return regionNames.of(code)
  } catch {
    return undefined
  }
}

export default function TrackingPage() {
  const settings = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v2/tracking/settings')) })
  return (
    <section>
      <h1>Tracking</h1>
      <SettingsNav />
      <ErrorNote error={settings.error} />
      {settings.isPending && <Loading />}
      {settings.data && <TrackingForm saved={settings.data} />}
    </section>
  )
}

function TrackingForm({ saved }: { saved: Settings }) {
  const client = useQueryClient()
  const canEdit = useCan('owner')
  const [mode, setMode] = useState(saved.bot_filter_mode)
  const [countries, setCountries] = useState(saved.blocked_countries.join(', '))
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const save = useMutation({
    mutationFn: (body: Settings) => unwrap(api.PUT('/api/v2/tracking/settings', { body })),
    onSuccess: ({ success: _, ...next }) => {
      setCountries(next.blocked_countries.join(', '))
      client.setQueryData(KEY, next)
      // The account settings page shows the same mode.
      void client.invalidateQueries({ queryKey: ['account-settings'] })
    },
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined
      if (field) setErrors({ [field]: err.message })
    },
  })
  const codes = codesOf(countries)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const problem = checkCountries(codes)
    const found: Partial<Record<Field, string>> = problem ? { blocked_countries: problem } : {}
    setErrors(found)
    if (Object.keys(found).length === 0) save.mutate({ bot_filter_mode: mode, blocked_countries: codes })
  }
  const general = save.error instanceof ApiError && FIELD_OF_CODE[save.error.code] ? null : save.error
  const named = codes.map((c) => ({ code: c, name: countryName(c) }))
  return (
    <Form onSubmit={submit} className="settings-form" validationBehavior="aria">
      {!canEdit && <p className="muted">Only owners change these settings.</p>}
      <SelectField
        label="Bot filter"
        value={mode}
        options={BOT_FILTER_MODES}
        onChange={(v) => {
          setMode(v)
          save.reset()
        }}
        isDisabled={!canEdit}
      />
      {errors.bot_filter_mode && <p className="error">{errors.bot_filter_mode}</p>}
      <p className="muted">
        With no filter every click is redirected at once (bots are still recognised and never count as the
        first click); with the filter, links show a Continue page first and only confirmed clicks count. An
        offer may override this.
      </p>
      <TextInput
        label="Blocked countries"
        name="blocked_countries"
        description="Two-letter ISO codes separated by commas, e.g. CN, RU. Clicks from them are stored as bots."
        value={countries}
        onChange={(v) => {
          setCountries(v)
          setErrors((e) => ({ ...e, blocked_countries: undefined }))
          save.reset()
        }}
        isReadOnly={!canEdit}
        isInvalid={Boolean(errors.blocked_countries)}
        {...(errors.blocked_countries ? { errorMessage: errors.blocked_countries } : {})}
      />
      {named.length > 0 && (
        <ul className="country-list" aria-label="Blocked countries by name">
          {named.map((c) => (
            <li key={c.code}>
              {c.code}: {c.name ?? 'unknown code'}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={general} />
      {save.isSuccess && <p role="status">Tracking settings saved.</p>}
      {canEdit && (
        <Button type="submit" className="primary" data-write="" isDisabled={save.isPending}>
          Save tracking settings
        </Button>
      )}
    </Form>
  )
}
