// The account settings form's client-side checks: the API's updateAccountSettings schema itself (from the OpenAPI
// document) and the checks the API makes beyond its schema (an IANA time zone, no {{linkN}} in a template), with the API's codes so that a field shows
// the same message whichever side refused it.
// The .js extension lets the server's tests (NodeNext) import this file too; the bundler resolves it alike.
import { REQUEST_SCHEMAS } from '../api/requestSchemas.js'
import type { components } from '../api/schema.js'
import { schemaFieldErrors } from '../api/validate.js'

export type AccountSettings = components['schemas']['AccountSettings']
export type SettingsField = keyof AccountSettings

const TEXT_FIELDS = REQUEST_SCHEMAS.updateAccountSettings.properties
export const LIMITS = {
  brand_name: TEXT_FIELDS.brand_name.maxLength,
  template_prefix: TEXT_FIELDS.template_prefix.maxLength,
  template_suffix: TEXT_FIELDS.template_suffix.maxLength,
} as const

export const SPAM_ACTIONS: ReadonlyArray<{ id: AccountSettings['spam_complaint_action']; name: string }> = [
  { id: 'label_only', name: 'Label the reply only' },
  { id: 'act_as_stop', name: 'Unsubscribe, like a STOP' },
]

export const BOT_FILTER_MODES: ReadonlyArray<{ id: AccountSettings['bot_filter_mode']; name: string }> = [
  { id: 'no_filter', name: 'No filter: redirect every click' },
  { id: 'filter', name: 'Filter: a Continue page first' },
]

/** The field each API code concerns (the codes of PUT /account/settings). */
export const FIELD_OF_CODE: Record<string, SettingsField> = {
  brand_name_too_long: 'brand_name',
  invalid_brand_name: 'brand_name',
  template_prefix_too_long: 'template_prefix',
  invalid_template_prefix: 'template_prefix',
  template_suffix_too_long: 'template_suffix',
  invalid_template_suffix: 'template_suffix',
  invalid_quiet_hours: 'quiet_hours',
  invalid_timezone: 'timezone',
  invalid_spam_complaint_action: 'spam_complaint_action',
  invalid_bot_filter_mode: 'bot_filter_mode',
}

const LINK_PLACEHOLDER = /\{\{\s*link\d+\s*(\|[^}]*)?\}\}/
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/

export function isTimeZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone.trim())) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() })
    return true
  } catch {
    return false
  }
}

/** Each field's problem, as the API would answer it; empty when the form may be sent. */
export function validateSettings(values: AccountSettings): Partial<Record<SettingsField, string>> {
  const errors = schemaFieldErrors<SettingsField>('updateAccountSettings', values)
  for (const field of ['template_prefix', 'template_suffix'] as const) {
    if (!errors[field] && LINK_PLACEHOLDER.test(values[field]))
      errors[field] = 'A template cannot hold a {{linkN}} placeholder: it has no offer to link to.'
  }
  if (!isTimeZone(values.timezone)) errors.timezone = 'Enter an IANA time zone, such as America/New_York.'
  return errors
}
