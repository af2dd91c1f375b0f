// The browser import's plan: the file's columns mapped onto contact fields, its rows cut into chunks that
// POST /contacts/import takes (each a CSV with the mapped header), and the replies summed with row numbers of
// the file (not of the chunk).
import type { Reply } from '../api/types'
import { toCsv } from './csv'

export type ImportReply = Reply<'/api/v2/contacts/import', 'post'>
export type RowReport = ImportReply['rows'][number]

/** The contact fields a column can fill (the import's column names), in the order the page offers them. */
export const FIELDS = [
  { id: 'phone_number', name: 'Phone number' },
  { id: 'first_name', name: 'First name' },
  { id: 'last_name', name: 'Last name' },
  { id: 'email', name: 'Email' },
  { id: 'carrier', name: 'Carrier' },
  { id: 'line_type', name: 'Line type' },
  { id: 'consent_date', name: 'Consent date' },
  { id: 'ip_address', name: 'Signup IP address' },
  { id: 'signup_url', name: 'Signup URL' },
  { id: 'opt_in_keyword', name: 'Opt-in keyword' },
  { id: 'opt_in_form', name: 'Opt-in form' },
  { id: 'ad_network_source', name: 'Ad network source' },
  { id: 'ad_network_id', name: 'Ad network ID' },
] as const
export type Field = (typeof FIELDS)[number]['id'] | 'ignore'

// The header names the API recognises (POST /contacts/import's description), to preselect a column's field.
const ALIASES: Record<string, Field> = {
  phone: 'phone_number',
  msisdn: 'phone_number',
  phonenumber: 'phone_number',
  mobile: 'phone_number',
  firstname: 'first_name',
  lastname: 'last_name',
  linetype: 'line_type',
  consentdate: 'consent_date',
  consent: 'consent_date',
  opted_in_date: 'consent_date',
  optin_date: 'consent_date',
  ip: 'ip_address',
  url: 'signup_url',
  optin_keyword: 'opt_in_keyword',
  keyword: 'opt_in_keyword',
  optin_form: 'opt_in_form',
  form: 'opt_in_form',
}

/** The field a header cell most likely names; 'ignore' when none. */
export function guessField(header: string): Field {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
  if (FIELDS.some((f) => f.id === key)) return key as Field
  return ALIASES[key] ?? ALIASES[key.replaceAll('_', '')] ?? 'ignore'
}

export interface Chunk {
  /** Index of the chunk's first row among the file's data rows. */
  start: number
  rows: number
  csv: string
}

/** The data rows in chunks of `size`, each a CSV of the mapped columns only (a field mapped twice: first wins). */
export function chunksOf(records: readonly string[][], mapping: readonly Field[], size: number): Chunk[] {
  const columns: { index: number; field: Field }[] = []
  mapping.forEach((field, index) => {
    if (field !== 'ignore' && !columns.some((c) => c.field === field)) columns.push({ index, field })
  })
  const header = columns.map((c) => c.field)
  const data = records.slice(1)
  const chunks: Chunk[] = []
  for (let start = 0; start < data.length; start += size) {
    const rows = data.slice(start, start + size).map((r) => columns.map((c) => r[c.index] ?? ''))
    chunks.push({ start, rows: rows.length, csv: toCsv([header, ...rows]) })
  }
  return chunks
}

export interface ImportTotals {
  total_rows: number
  valid_rows: number
  invalid_rows: number
  duplicate_rows: number
  created: number
  updated: number
  /** Rows that are not imported (invalid or repeated), numbered as lines of the file (its header is line 1). */
  problems: RowReport[]
}

export const emptyTotals = (): ImportTotals => ({
  total_rows: 0,
  valid_rows: 0,
  invalid_rows: 0,
  duplicate_rows: 0,
  created: 0,
  updated: 0,
  problems: [],
})

/** Adds one chunk's reply; a chunk's row 2 is its first data row, which is line `start + 2` of the file. */
export function addReply(totals: ImportTotals, chunk: Chunk, reply: ImportReply): ImportTotals {
  return {
    total_rows: totals.total_rows + reply.total_rows,
    valid_rows: totals.valid_rows + reply.valid_rows,
    invalid_rows: totals.invalid_rows + reply.invalid_rows,
    duplicate_rows: totals.duplicate_rows + reply.duplicate_rows,
    created: totals.created + reply.created,
    updated: totals.updated + reply.updated,
    problems: [
      ...totals.problems,
      ...reply.rows.filter((r) => r.status !== 'valid').map((r) => ({ ...r, row: r.row + chunk.start })),
    ],
  }
}

/** What a row's reason means, in words. */
export const REASONS: Record<NonNullable<RowReport['reason']>, string> = {
  missing_phone_number: 'No phone number',
  invalid_phone: 'Not a valid phone number',
  invalid_consent_date: 'Consent date is not a date',
  future_consent_date: 'Consent date is in the future',
  invalid_line_type: 'Line type must be CELL PHONE, VOIP, LANDLINE or UNKNOWN',
  invalid_email: 'Not a valid email address',
  invalid_ip_address: 'Not a valid IP address',
  value_too_long: 'A value is too long',
  duplicate_phone_number: 'The number is on an earlier row',
}
