// The list form's client-side checks: the API's createList schema itself (from the OpenAPI document: enums,
// lengths, rate range) and the checks the API makes beyond its schema (E.164 number, host names, each provider's required
// credential keys), with the API's codes, so a field shows the same message whichever side refused it.
import type { components } from '../api/schema.js'
import { schemaFieldErrors } from '../api/validate.js'

export type SendingList = components['schemas']['SendingList']
export type Provider = SendingList['provider']
export type NumberType = SendingList['number_type']

export const PROVIDERS: ReadonlyArray<{ id: Provider; name: string }> = [
  { id: 'simulator', name: 'Simulator (no real messages)' },
  { id: 'twilio', name: 'Twilio' },
  { id: 'infobip', name: 'Infobip' },
  { id: 'cm', name: 'CM.com' },
  { id: 'lime', name: 'Lime Cellular' },
]

export const NUMBER_TYPES: ReadonlyArray<{ id: NumberType; name: string }> = [
  { id: '10dlc', name: '10DLC' },
  { id: 'short_code', name: 'Short code' },
  { id: 'toll_free', name: 'Toll-free' },
]

/** Each provider's credential keys (providers/*: credentialKeys), with their labels; secrets are typed blind. */
export const CREDENTIAL_FIELDS: Record<
  Provider,
  ReadonlyArray<{ key: string; label: string; required: boolean; secret: boolean }>
> = {
  simulator: [],
  twilio: [
    { key: 'account_sid', label: 'Account SID', required: true, secret: false },
    { key: 'auth_token', label: 'Auth token', required: true, secret: true },
    {
      key: 'messaging_service_sid',
      label: 'Messaging Service SID (optional)',
      required: false,
      secret: false,
    },
  ],
  infobip: [
    { key: 'api_key', label: 'API key', required: true, secret: true },
    { key: 'base_url', label: 'Base URL (https://xxxxx.api.infobip.com)', required: true, secret: false },
  ],
  cm: [{ key: 'product_token', label: 'Product token', required: true, secret: true }],
  lime: [
    { key: 'user', label: 'User name', required: true, secret: false },
    { key: 'api_id', label: 'API id', required: true, secret: true },
  ],
}

export interface ListFormValues {
  phone_number: string
  number_type: NumberType
  provider: Provider
  byoc: boolean
  brand_name: string
  list_name: string
  shortener_domain: string
  click_domain: string
  rate_per_minute: string
  status: 'active' | 'paused'
  /** Typed credentials; empty on edit, where leaving them empty keeps the saved ones. */
  credentials: Record<string, string>
}

export type ListField = Exclude<keyof ListFormValues, 'credentials'> | 'credentials'

/** The field each API code concerns (the codes of POST /lists and PATCH /lists/:id). */
export const FIELD_OF_CODE: Record<string, ListField> = {
  invalid_phone: 'phone_number',
  list_number_taken: 'phone_number',
  invalid_provider: 'provider',
  invalid_number_type: 'number_type',
  missing_brand_name: 'brand_name',
  invalid_shortener_domain: 'shortener_domain',
  invalid_click_domain: 'click_domain',
  invalid_rate: 'rate_per_minute',
  invalid_provider_credentials: 'credentials',
  missing_provider_credentials: 'credentials',
}

const E164 = /^\+[1-9]\d{6,14}$/
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

/**
 * Each field's problem, as the API would answer it; empty when the form may be sent. `hasSavedCredentials`: an
 * edit of a list whose provider is unchanged may leave the credentials empty (the saved ones stay).
 */
export function validateList(
  v: ListFormValues,
  hasSavedCredentials: boolean,
): Partial<Record<ListField, string>> {
  const errors = schemaFieldErrors<ListField>('createList', createBodyOf(v))
  if (!E164.test(v.phone_number.trim())) {
    errors.phone_number = 'phone_number must be an E.164 number such as +18005551234'
  }
  if (v.brand_name.trim() === '') errors.brand_name = 'brand_name must not be empty'
  for (const field of ['shortener_domain', 'click_domain'] as const) {
    const value = v[field].trim()
    if (value !== '' && !HOST.test(value)) errors[field] ??= `${field} must be a host name such as trk.ly`
  }
  const rate = v.rate_per_minute.trim()
  if (rate !== '' && !/^\d+$/.test(rate)) errors.rate_per_minute ??= 'rate_per_minute must be a whole number'
  const typed = Object.values(v.credentials).some((x) => x.trim() !== '')
  if (v.provider !== 'simulator' && (typed || !hasSavedCredentials)) {
    const missing = CREDENTIAL_FIELDS[v.provider].find((f) => f.required && !v.credentials[f.key]?.trim())
    if (missing) errors.credentials = `credentials: ${v.provider} credentials need ${missing.key}`
    const baseUrl = v.credentials.base_url?.trim()
    if (!missing && baseUrl && !/^https?:$/.test(URL.canParse(baseUrl) ? new URL(baseUrl).protocol : '')) {
      errors.credentials = `credentials: ${v.provider} credentials: base_url must be an http(s) URL`
    }
  }
  return errors
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim())

/** The createList body of the form (POST /lists). */
export function createBodyOf(v: ListFormValues) {
  const rate = optional(v.rate_per_minute)
  return {
    phone_number: v.phone_number.trim(),
    number_type: v.number_type,
    provider: v.provider,
    byoc: v.provider !== 'simulator' && v.byoc,
    brand_name: v.brand_name.trim(),
    list_name: optional(v.list_name),
    shortener_domain: optional(v.shortener_domain),
    click_domain: optional(v.click_domain),
    rate_per_minute: rate === undefined ? undefined : Number(rate),
    credentials: credentialsOf(v),
  }
}

/** The credentials to send: the typed, non-empty ones, or undefined when none were typed. */
export function credentialsOf(v: ListFormValues): Record<string, string> | undefined {
  const entries = CREDENTIAL_FIELDS[v.provider]
    .map((f) => [f.key, v.credentials[f.key]?.trim() ?? ''] as const)
    .filter(([, value]) => value !== '')
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

export const emptyList = (): ListFormValues => ({
  phone_number: '',
  number_type: '10dlc',
  provider: 'simulator',
  byoc: false,
  brand_name: '',
  list_name: '',
  shortener_domain: '',
  click_domain: '',
  rate_per_minute: '',
  status: 'active',
  credentials: {},
})

export const valuesOf = (list: SendingList): ListFormValues => ({
  phone_number: list.phone_number,
  number_type: list.number_type,
  provider: list.provider,
  byoc: list.byoc,
  brand_name: list.brand_name,
  list_name: list.list_name,
  shortener_domain: list.shortener_domain ?? '',
  click_domain: list.click_domain ?? '',
  rate_per_minute: String(list.send_rate_per_minute),
  status: list.status === 'paused' ? 'paused' : 'active',
  credentials: {},
})
