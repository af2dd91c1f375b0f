// Phone numbers: strict E.164 for the API, lenient normalisation for CSV files, and what a number alone tells
// (line type from the numbering plan, state and timezone from the NANP area code). No carrier lookup provider
// is configured, so the carrier is only ever what a client supplies.
import { type CountryCode, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { type AreaCodeInfo, NANP_AREA_CODES } from './data/nanp-area-codes.js'

/** The product's line types (data model: cell, VOIP, landline), plus unknown. */
export type LineType = 'cell' | 'landline' | 'voip' | 'unknown'

const E164 = /^\+[1-9]\d{6,14}$/

/** True when the text is written as E.164 (`+` and 7–15 digits), whether or not the number is assigned. */
export function isE164Format(text: string): boolean {
  return E164.test(text)
}

/**
 * The E.164 form of a number an API client sent: it must already be E.164 and a valid number of its country.
 * Returns null otherwise.
 */
export function parseE164(text: string): string | null {
  return parseValidNumber(text)?.e164 ?? null
}

export interface ValidNumber {
  e164: string
  /** What the numbering plan says of the number (see `lineTypeOf`). */
  lineType: LineType
}

/**
 * `parseE164` and `lineTypeOf` from one parse: with the full metadata a number is valid exactly when the plan gives
 * it a type, so the type costs nothing more (the send path validates and files a contact per recipient).
 */
export function parseValidNumber(text: string): ValidNumber | null {
  const trimmed = text.trim()
  return E164.test(trimmed) ? validNumber(parsePhoneNumberFromString(trimmed)) : null
}

function validNumber(parsed: PhoneNumber | undefined): ValidNumber | null {
  const type = parsed?.getType()
  if (!parsed || type === undefined) return null
  return { e164: parsed.number, lineType: LINE_TYPES[type] ?? 'unknown' }
}

/**
 * The E.164 form of a number as spreadsheets write it: punctuation, spaces, a leading 00/011 international
 * prefix, or a national number of `defaultCountry` (10-digit or 1-prefixed 11-digit US numbers). Null when invalid.
 */
export function normalisePhone(text: string, defaultCountry: CountryCode = 'US'): string | null {
  return normaliseValidNumber(text, defaultCountry)?.e164 ?? null
}

/** `normalisePhone` and the number's line type from one parse (as `parseValidNumber` for E.164 input). */
export function normaliseValidNumber(text: string, defaultCountry: CountryCode = 'US'): ValidNumber | null {
  let cleaned = text.trim()
  if (cleaned === '') return null
  if (/^(00|011)[1-9]/.test(cleaned.replace(/[\s().-]/g, ''))) {
    cleaned = `+${cleaned.replace(/[\s().-]/g, '').replace(/^(00|011)/, '')}`
  }
  const valid = validNumber(parsePhoneNumberFromString(cleaned, defaultCountry))
  if (valid) return valid
  // "14155551234" without the plus: a bare country-code-prefixed number.
  const digits = cleaned.replace(/\D/g, '')
  return !cleaned.startsWith('+') && digits.length >= 11
    ? validNumber(parsePhoneNumberFromString(`+${digits}`))
    : null
}

const LINE_TYPES: Record<string, LineType> = {
  MOBILE: 'cell',
  FIXED_LINE: 'landline',
  VOIP: 'voip',
}

/**
 * Line type from the numbering plan alone. NANP numbers are mostly FIXED_LINE_OR_MOBILE (the plan does not
 * tell them apart), so they come back unknown until a client or a lookup says otherwise.
 */
export function lineTypeOf(e164: string): LineType {
  const type = parsePhoneNumberFromString(e164)?.getType()
  return (type && LINE_TYPES[type]) ?? 'unknown'
}

/** State and timezone of a NANP (+1) number from its area code; undefined elsewhere or for non-geographic codes. */
export function areaCodeInfo(e164: string): AreaCodeInfo | undefined {
  if (!e164.startsWith('+1') || e164.length !== 12) return undefined
  return NANP_AREA_CODES.get(e164.slice(2, 5))
}

export interface DerivedContactFacts {
  lineType: LineType
  timezone: string | null
  state: string | null
}

/**
 * What a new contact record starts with (data model: timezone derived from area code). `lineType`, when the caller
 * has it from `parseValidNumber` already, saves parsing the number again.
 */
export function deriveContactFacts(e164: string, lineType: LineType = lineTypeOf(e164)): DerivedContactFacts {
  const area = areaCodeInfo(e164)
  return { lineType, timezone: area?.timezone ?? null, state: area?.state ?? null }
}

const CSV_LINE_TYPES: Record<string, LineType> = {
  'CELL PHONE': 'cell',
  CELL: 'cell',
  MOBILE: 'cell',
  VOIP: 'voip',
  LANDLINE: 'landline',
  UNKNOWN: 'unknown',
}

/** A CSV `line_type` cell (CELL PHONE, VOIP, LANDLINE, UNKNOWN; any case) → line type; null when unrecognised. */
export function parseCsvLineType(text: string): LineType | null {
  return (
    CSV_LINE_TYPES[
      text
        .trim()
        .toUpperCase()
        .replace(/[\s_-]+/g, ' ')
    ] ?? null
  )
}
