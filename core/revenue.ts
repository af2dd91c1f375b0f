// Revenue reported directly by clients (spec §13): validation of one record of POST /revenue or /revenue/bulk,
// and the field rules the history import (core/history.ts) shares. Pure: the service looks the ids up.
import { parseIsoTimestamp } from './contacts.js'
import type { ErrorCode } from './errors.js'
import { MESSAGE_ID_PATTERN } from './ids.js'

export const ATTRIBUTION_TYPES = ['sale', 'click', 'send'] as const
export type AttributionType = (typeof ATTRIBUTION_TYPES)[number]

export type RecordResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; error: string }

export const fail = (code: ErrorCode, error: string): { ok: false; code: ErrorCode; error: string } => ({
  ok: false,
  code,
  error,
})

/** The largest amount Postgres' numeric(14,4) activity columns hold with room for sums. */
export const MAX_AMOUNT = 1_000_000_000

/** Events older than this are not history of an SMS platform but a typo (and would scatter ClickHouse partitions). */
const EARLIEST_EVENT = Date.UTC(2000, 0, 1)
/** A day of clock skew between the client and us; anything later is in the future. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000

/**
 * An event time as a client sends it: ISO 8601, no zone meaning UTC (spec §0), not before 2000 and not in the
 * future. Null when it is none of that.
 */
export function parseEventTime(value: unknown, now: Date): Date | null {
  if (typeof value !== 'string') return null
  const date = parseIsoTimestamp(value)
  if (!date) return null
  const ms = date.getTime()
  return ms >= EARLIEST_EVENT && ms <= now.getTime() + FUTURE_SLACK_MS ? date : null
}

/** A money amount ≥ 0: a JSON number, or a decimal string as spreadsheets export it. Null otherwise. */
export function parseAmount(value: unknown): number | null {
  let n: number
  if (typeof value === 'number') n = value
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value)
  else return null
  return Number.isFinite(n) && n >= 0 && n <= MAX_AMOUNT ? n : null
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== ''

/** An id given as a string or a number (networks number their offers); null when absent or of another type. */
export function idText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
  if (typeof value === 'number' && Number.isInteger(value)) return String(value)
  return null
}

/** message_id: required; a value that is not a message id cannot name a message of the account. */
export function parseMessageId(value: unknown): RecordResult<string> {
  if (!present(value)) return fail('missing_message_id', 'message_id is required')
  const id = idText(value)
  if (id === null || !MESSAGE_ID_PATTERN.test(id)) return fail('message_not_found', 'Message not found')
  return { ok: true, value: id }
}

export interface RevenueRecord {
  messageId: string
  revenue: number
  attributionType: AttributionType
  /** Internal or external offer id as given; null to take the message's own offer. */
  offerId: string | null
  timestamp: Date
}

export function parseRevenueRecord(raw: unknown, now: Date): RecordResult<RevenueRecord> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('validation_error', 'Each record must be an object')
  const r = raw as Record<string, unknown>
  const messageId = parseMessageId(r.message_id)
  if (!messageId.ok) return messageId
  if (!present(r.revenue)) return fail('missing_revenue', 'revenue is required')
  const revenue = parseAmount(r.revenue)
  if (revenue === null)
    return fail('invalid_revenue', `revenue must be a number from 0 to ${MAX_AMOUNT.toLocaleString('en')}`)
  if (!present(r.attribution_type)) return fail('missing_attribution_type', 'attribution_type is required')
  if (!ATTRIBUTION_TYPES.includes(r.attribution_type as AttributionType))
    return fail('invalid_attribution_type', 'attribution_type must be one of sale, click, send')
  let offerId: string | null = null
  if (present(r.offer_id)) {
    offerId = idText(r.offer_id)
    if (offerId === null) return fail('offer_not_found', 'Offer not found')
  }
  let timestamp = now
  if (present(r.timestamp)) {
    const parsed = parseEventTime(r.timestamp, now)
    if (!parsed)
      return fail(
        'invalid_timestamp',
        'timestamp must be an ISO 8601 time, not in the future nor before 2000',
      )
    timestamp = parsed
  }
  return {
    ok: true,
    value: {
      messageId: messageId.value,
      revenue,
      attributionType: r.attribution_type as AttributionType,
      offerId,
      timestamp,
    },
  }
}

/** Sums money without binary-float noise in the reply (amounts carry at most 6 decimals in ClickHouse). */
export const roundMoney = (n: number): number => Math.round(n * 1e6) / 1e6
