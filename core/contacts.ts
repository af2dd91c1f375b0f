// Pure rules of contacts (spec §5, §19): what a contact record of the API may hold and custom fields. Dates
// (core/contact-fields) and the columns and cells of a contact CSV (core/contact-csv) are re-exported. No I/O here.
import { isIP } from 'node:net'
import { parseConsentDate, parseIsoTimestamp, TEXT_MAX } from './contact-fields.js'
import type { ErrorCode } from './errors.js'
import { isE164Format, parseE164 } from './phone.js'

export {
  CSV_ROW_REASONS,
  type CsvColumn,
  type CsvContact,
  type CsvHeader,
  type CsvRowReason,
  parseCsvHeader,
  parseCsvRow,
} from './contact-csv.js'
export { parseConsentDate, parseIsoTimestamp } from './contact-fields.js'

/** Spec §0: a single contact object is at most 4,000 bytes (413 payload_too_large). */
export const CONTACT_MAX_BYTES = 4000
/** Spec §5: rows per import call. */
export const IMPORT_MAX_ROWS = 5000

export type CustomFieldValue = string | number | boolean
export type CustomFields = Record<string, CustomFieldValue>

export interface ContactInput {
  phoneNumber: string
  listNumber: string
  useJourneys: boolean
  skipJourneyIfExists: boolean
  /** Null: now for a new subscription, unchanged for an existing one. */
  signupDate: Date | null
  ipAddress: string | null
  url: string | null
  /** When the contact consented (spec §19); null when not given (an existing subscription keeps its date). */
  consentDate: Date | null
  /** The opt-in keyword texted, or the form signed up on (consent evidence). */
  optInKeyword: string | null
  optInForm: string | null
  /** Null when not given: the stored fields stay as they are, whatever merge_fields says. */
  customFields: CustomFields | null
  mergeFields: boolean
  signupMethod: string
  adNetworkSource: string | null
  adNetworkId: string | null
  firstName: string | null
  lastName: string | null
  email: string | null
  useValidation: boolean
}

export type ItemResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; error: string }

const fail = (code: ErrorCode, error: string): { ok: false; code: ErrorCode; error: string } => ({
  ok: false,
  code,
  error,
})

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Bytes of a contact object as JSON, the measure of the 4,000-byte limit. */
export function contactBytes(contact: unknown): number {
  return Buffer.byteLength(JSON.stringify(contact) ?? '', 'utf8')
}

/** Custom fields must be an object of string, finite number or boolean values (spec §5). */
export function parseCustomFields(value: unknown): ItemResult<CustomFields> {
  if (!isPlainObject(value)) return fail('invalid_custom_fields', 'custom_fields must be an object')
  for (const [key, v] of Object.entries(value)) {
    const okValue =
      typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
    if (!okValue)
      return fail('invalid_custom_fields', `custom_fields.${key} must be a string, number or boolean`)
    if (key.length === 0 || key.length > 100)
      return fail('invalid_custom_fields', 'custom field names must be 1 to 100 characters')
  }
  return { ok: true, value: value as CustomFields }
}

function optionalString(raw: Record<string, unknown>, key: string, max: number): ItemResult<string | null> {
  const v = raw[key]
  if (v === undefined || v === null) return { ok: true, value: null }
  if (typeof v !== 'string') return fail('validation_error', `${key} must be a string`)
  if (v.length > max) return fail('validation_error', `${key} must be at most ${max} characters`)
  return { ok: true, value: v.trim() === '' ? null : v.trim() }
}

function optionalBoolean(raw: Record<string, unknown>, key: string, fallback: boolean): ItemResult<boolean> {
  const v = raw[key]
  if (v === undefined || v === null) return { ok: true, value: fallback }
  if (typeof v !== 'boolean') return fail('validation_error', `${key} must be true or false`)
  return { ok: true, value: v }
}

/**
 * One contact object of POST /contacts or one item of /contacts/bulk, checked on its own (spec §0 bulk: each
 * record validated separately). The list itself is looked up later (list_not_found). `sizeChecked`: the caller
 * measured the object as sent (schema defaults added since then must not count).
 */
export function parseContactInput(
  raw: unknown,
  options: { sizeChecked?: boolean; now?: Date } = {},
): ItemResult<ContactInput> {
  if (!isPlainObject(raw)) return fail('validation_error', 'Each contact must be an object')
  if (!options.sizeChecked && contactBytes(raw) > CONTACT_MAX_BYTES)
    return fail('payload_too_large', `A contact object must be at most ${CONTACT_MAX_BYTES} bytes`)
  const phone = raw.phone_number
  if (phone === undefined || phone === null || phone === '')
    return fail('missing_phone_number', 'phone_number is required')
  const list = raw.list_number
  if (list === undefined || list === null || list === '')
    return fail('missing_list_number', 'list_number is required')
  const phoneNumber = typeof phone === 'string' ? parseE164(phone) : null
  if (!phoneNumber)
    return fail('invalid_phone', 'phone_number must be a valid E.164 number, e.g. +14155551234')
  if (typeof list !== 'string' || !isE164Format(list.trim()))
    return fail('invalid_list_number', 'list_number must be the E.164 number of one of your sending lists')

  let customFields: CustomFields | null = null
  if (raw.custom_fields !== undefined && raw.custom_fields !== null) {
    const parsed = parseCustomFields(raw.custom_fields)
    if (!parsed.ok) return parsed
    customFields = parsed.value
  }
  let signupDate: Date | null = null
  if (raw.signup_date !== undefined && raw.signup_date !== null) {
    signupDate = typeof raw.signup_date === 'string' ? parseIsoTimestamp(raw.signup_date) : null
    if (!signupDate) return fail('invalid_date', 'signup_date must be an ISO 8601 date-time')
  }
  let consentDate: Date | null = null
  if (raw.consent_date !== undefined && raw.consent_date !== null && raw.consent_date !== '') {
    const parsed =
      typeof raw.consent_date === 'string'
        ? parseConsentDate(raw.consent_date, options.now ?? new Date())
        : null
    if (!parsed?.ok)
      return fail(
        'invalid_date',
        parsed?.reason === 'future_consent_date'
          ? 'consent_date must not be in the future'
          : 'consent_date must be a date (YYYY-MM-DD, MM/DD/YYYY or ISO 8601)',
      )
    consentDate = parsed.value
  }
  if (raw.ip_address !== undefined && raw.ip_address !== null && raw.ip_address !== '') {
    if (typeof raw.ip_address !== 'string' || !isIP(raw.ip_address.trim()))
      return fail('validation_error', 'ip_address must be an IPv4 or IPv6 address')
  }
  const strings = {
    ipAddress: optionalString(raw, 'ip_address', TEXT_MAX.short),
    url: optionalString(raw, 'url', TEXT_MAX.long),
    signupMethod: optionalString(raw, 'signup_method', TEXT_MAX.short),
    optInKeyword: optionalString(raw, 'opt_in_keyword', TEXT_MAX.short),
    optInForm: optionalString(raw, 'opt_in_form', TEXT_MAX.short),
    adNetworkSource: optionalString(raw, 'ad_network_source', TEXT_MAX.short),
    adNetworkId: optionalString(raw, 'ad_network_id', TEXT_MAX.short),
    firstName: optionalString(raw, 'first_name', TEXT_MAX.short),
    lastName: optionalString(raw, 'last_name', TEXT_MAX.short),
    email: optionalString(raw, 'email', 254),
  }
  const flags = {
    useJourneys: optionalBoolean(raw, 'use_journeys', false),
    skipJourneyIfExists: optionalBoolean(raw, 'skip_journey_if_exists', true),
    mergeFields: optionalBoolean(raw, 'merge_fields', true),
    useValidation: optionalBoolean(raw, 'use_validation', false),
  }
  for (const r of [...Object.values(strings), ...Object.values(flags)]) if (!r.ok) return r
  const s = (r: ItemResult<string | null>) => (r.ok ? r.value : null)
  const b = (r: ItemResult<boolean>) => (r.ok ? r.value : false)
  return {
    ok: true,
    value: {
      phoneNumber,
      listNumber: list.trim(),
      useJourneys: b(flags.useJourneys),
      skipJourneyIfExists: b(flags.skipJourneyIfExists),
      signupDate,
      ipAddress: s(strings.ipAddress),
      url: s(strings.url),
      consentDate,
      optInKeyword: s(strings.optInKeyword),
      optInForm: s(strings.optInForm),
      customFields,
      mergeFields: b(flags.mergeFields),
      signupMethod: s(strings.signupMethod)?.toLowerCase() ?? 'api',
      adNetworkSource: s(strings.adNetworkSource),
      adNetworkId: s(strings.adNetworkId),
      firstName: s(strings.firstName),
      lastName: s(strings.lastName),
      email: s(strings.email),
      useValidation: b(flags.useValidation),
    },
  }
}
