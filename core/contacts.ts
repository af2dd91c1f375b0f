// Pure rules of contacts (spec §5, §19): what a contact record of the API may hold, custom fields, dates read
// as UTC when they carry no zone, and the columns and cells of a contact CSV. No I/O here.
import { isIP } from 'node:net'
import type { ErrorCode } from './errors.js'
import { isE164Format, type LineType, normaliseValidNumber, parseCsvLineType, parseE164 } from './phone.js'

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

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

function utcDate(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day, h, m, s, ms))
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return sameDay && h < 24 && m < 60 && s < 60 ? date : null
}

/** An ISO 8601 date or date-time; one without a zone is UTC (spec §0). Null when not a real instant. */
export function parseIsoTimestamp(text: string): Date | null {
  const match = ISO_DATE_TIME.exec(text.trim())
  if (!match) return null
  const [, y, mo, d, h, mi, s, frac, zone] = match
  const local = utcDate(
    Number(y),
    Number(mo),
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    frac ? Math.floor(Number(frac) * 1000) : 0,
  )
  if (!local) return null
  if (!zone || zone.toUpperCase() === 'Z') return local
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)
  if (offsetMinutes > 18 * 60) return null
  return new Date(local.getTime() - sign * offsetMinutes * 60_000)
}

const US_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/

/**
 * A CSV consent date: YYYY-MM-DD, MM/DD/YYYY, MM-DD-YYYY or ISO 8601 (spec §5). A date in the future is not
 * evidence of consent and is refused; a plain date of today is fine.
 */
export function parseConsentDate(
  text: string,
  now: Date,
): { ok: true; value: Date } | { ok: false; reason: 'invalid_consent_date' | 'future_consent_date' } {
  const us = US_DATE.exec(text.trim())
  const date = us ? utcDate(Number(us[3]), Number(us[1]), Number(us[2])) : parseIsoTimestamp(text)
  if (!date) return { ok: false, reason: 'invalid_consent_date' }
  // Compare plain dates by day so a consent given "today" anywhere on Earth is not in the future.
  const limit = /\d:\d/.test(text) ? now.getTime() : now.getTime() + 14 * 3600_000
  if (date.getTime() > limit) return { ok: false, reason: 'future_consent_date' }
  return { ok: true, value: date }
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

/** Max characters of the free-text contact fields. */
const TEXT_MAX = { short: 100, long: 2048 } as const

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

// ---- CSV import (spec §5 "CSV import") ----

export type CsvColumn =
  | 'phone_number'
  | 'email'
  | 'first_name'
  | 'last_name'
  | 'carrier'
  | 'line_type'
  | 'consent_date'
  | 'ad_network_source'
  | 'ad_network_id'
  | 'ip_address'
  | 'signup_url'
  | 'opt_in_keyword'
  | 'opt_in_form'

const HEADER_ALIASES: Record<string, CsvColumn> = {
  phone_number: 'phone_number',
  phone: 'phone_number',
  msisdn: 'phone_number',
  phonenumber: 'phone_number',
  email: 'email',
  first_name: 'first_name',
  firstname: 'first_name',
  last_name: 'last_name',
  lastname: 'last_name',
  carrier: 'carrier',
  line_type: 'line_type',
  linetype: 'line_type',
  consent_date: 'consent_date',
  consentdate: 'consent_date',
  consent: 'consent_date',
  opted_in_date: 'consent_date',
  optin_date: 'consent_date',
  ad_network_source: 'ad_network_source',
  ad_network_id: 'ad_network_id',
  ip_address: 'ip_address',
  ip: 'ip_address',
  signup_url: 'signup_url',
  url: 'signup_url',
  opt_in_keyword: 'opt_in_keyword',
  optin_keyword: 'opt_in_keyword',
  keyword: 'opt_in_keyword',
  opt_in_form: 'opt_in_form',
  optin_form: 'opt_in_form',
  form: 'opt_in_form',
}

export interface CsvHeader {
  /** Column index of each recognised field (the first column wins when two map to one field). */
  columns: Partial<Record<CsvColumn, number>>
  /** Header cells that are not contact fields; custom fields cannot be set through CSV. */
  ignored: string[]
}

/** Maps a header row onto contact fields, or says why it cannot be used. */
export function parseCsvHeader(
  cells: string[],
): { ok: true; value: CsvHeader } | { ok: false; error: string } {
  const columns: CsvHeader['columns'] = {}
  const ignored: string[] = []
  cells.forEach((cell, index) => {
    const key = cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
    const column = HEADER_ALIASES[key]
    if (column && columns[column] === undefined) columns[column] = index
    else if (cell.trim() !== '') ignored.push(cell.trim())
  })
  if (columns.phone_number === undefined)
    return { ok: false, error: 'The CSV header needs a phone_number, phone or msisdn column' }
  return { ok: true, value: { columns, ignored } }
}

export interface CsvContact {
  phoneNumber: string
  /** The numbering plan's line type, from the same parse that validated the number. */
  planLineType: LineType
  email: string | null
  firstName: string | null
  lastName: string | null
  carrier: string | null
  lineType: LineType | null
  consentDate: Date | null
  adNetworkSource: string | null
  adNetworkId: string | null
  ipAddress: string | null
  signupUrl: string | null
  optInKeyword: string | null
  optInForm: string | null
}

export const CSV_ROW_REASONS = [
  'missing_phone_number',
  'invalid_phone',
  'invalid_consent_date',
  'future_consent_date',
  'invalid_line_type',
  'invalid_email',
  'invalid_ip_address',
  'value_too_long',
] as const
export type CsvRowReason = (typeof CSV_ROW_REASONS)[number]

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** One data row → a contact, or the reason it is invalid. The phone is normalised to E.164 (default US). */
export function parseCsvRow(
  cells: string[],
  header: CsvHeader,
  now: Date,
): { ok: true; value: CsvContact } | { ok: false; reason: CsvRowReason; phoneNumber: string | null } {
  const cell = (column: CsvColumn): string | null => {
    const index = header.columns[column]
    const v = index === undefined ? undefined : cells[index]?.trim()
    return v ? v : null
  }
  const rawPhone = cell('phone_number')
  if (!rawPhone) return { ok: false, reason: 'missing_phone_number', phoneNumber: null }
  const valid = normaliseValidNumber(rawPhone)
  if (!valid) return { ok: false, reason: 'invalid_phone', phoneNumber: rawPhone }
  const phoneNumber = valid.e164
  const invalid = (reason: CsvRowReason) => ({ ok: false as const, reason, phoneNumber })
  const texts = [
    'email',
    'first_name',
    'last_name',
    'carrier',
    'ad_network_source',
    'ad_network_id',
    'opt_in_keyword',
    'opt_in_form',
    'signup_url',
  ] as const
  const maxLength = (c: (typeof texts)[number]) =>
    c === 'email' ? 254 : c === 'signup_url' ? TEXT_MAX.long : TEXT_MAX.short
  if (texts.some((c) => (cell(c)?.length ?? 0) > maxLength(c))) return invalid('value_too_long')
  const ipAddress = cell('ip_address')
  if (ipAddress && !isIP(ipAddress)) return invalid('invalid_ip_address')
  const email = cell('email')
  if (email && !EMAIL.test(email)) return invalid('invalid_email')
  let lineType: LineType | null = null
  const rawLineType = cell('line_type')
  if (rawLineType) {
    lineType = parseCsvLineType(rawLineType)
    if (!lineType) return invalid('invalid_line_type')
  }
  let consentDate: Date | null = null
  const rawConsent = cell('consent_date')
  if (rawConsent) {
    const parsed = parseConsentDate(rawConsent, now)
    if (!parsed.ok) return invalid(parsed.reason)
    consentDate = parsed.value
  }
  return {
    ok: true,
    value: {
      phoneNumber,
      planLineType: valid.lineType,
      email: email?.toLowerCase() ?? null,
      firstName: cell('first_name'),
      lastName: cell('last_name'),
      carrier: cell('carrier'),
      lineType,
      consentDate,
      adNetworkSource: cell('ad_network_source'),
      adNetworkId: cell('ad_network_id'),
      ipAddress,
      signupUrl: cell('signup_url'),
      optInKeyword: cell('opt_in_keyword'),
      optInForm: cell('opt_in_form'),
    },
  }
}
