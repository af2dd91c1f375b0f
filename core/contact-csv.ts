// The contact CSV import (spec §5 "CSV import"): header aliases onto contact fields and the parsing of one
// data row into a contact, or the reason it is invalid. No I/O here.
import { isIP } from 'node:net'
import { parseConsentDate, TEXT_MAX } from './contact-fields.js'
import { type LineType, normaliseValidNumber, parseCsvLineType } from './phone.js'

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
