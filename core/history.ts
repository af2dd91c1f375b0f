// History import (spec §14): validation of one record of /history/sends, /clicks and /revenue, and the
// deterministic event ids that make re-posting the same records a no-op. Pure: the service looks ids up.
import { createHash } from 'node:crypto'
import { parseIsoTimestamp } from './contacts.js'
import type { ErrorCode } from './errors.js'
import { MESSAGE_ID_PATTERN } from './ids.js'
import { type LineType, parseValidNumber, type ValidNumber } from './phone.js'
import {
  fail,
  idText,
  MAX_AMOUNT,
  parseAmount,
  parseEventTime,
  parseMessageId,
  type RecordResult,
} from './revenue.js'
import { estimateSegments } from './segments.js'

/** Per-record errors a reply lists (error_count still counts them all). */
export const HISTORY_ERRORS_MAX = 100

export const CLEARABLE_ENTITIES = ['sends', 'clicks', 'revenue'] as const
export type ClearableEntity = (typeof CLEARABLE_ENTITIES)[number]

export interface HistoryError {
  index: number
  id: string | null
  code: ErrorCode
  error: string
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== ''

const asRecord = (raw: unknown): Record<string, unknown> | null =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null

/** The id an error names: what the record calls itself, when it says. */
export function recordId(raw: unknown, field: 'id' | 'message_id'): string | null {
  const r = asRecord(raw)
  return r ? idText(r[field]) : null
}

const BAD_TIME = 'must be an ISO 8601 time, not in the future nor before 2000'

function requiredTime(value: unknown, field: string, now: Date): RecordResult<Date> {
  if (!present(value)) return fail('missing_timestamp', `${field} is required`)
  const date = parseEventTime(value, now)
  return date ? { ok: true, value: date } : fail('invalid_timestamp', `${field} ${BAD_TIME}`)
}

function optionalTime(value: unknown, field: string, now: Date): RecordResult<Date | null> {
  if (!present(value)) return { ok: true, value: null }
  const date = parseEventTime(value, now)
  return date ? { ok: true, value: date } : fail('invalid_timestamp', `${field} ${BAD_TIME}`)
}

function requiredNumber(value: unknown, field: string): RecordResult<ValidNumber> {
  if (!present(value))
    return fail(field === 'to_number' ? 'missing_to_number' : 'missing_phone_number', `${field} is required`)
  const phone = typeof value === 'string' ? parseValidNumber(value) : null
  return phone ? { ok: true, value: phone } : fail('invalid_phone', `${field} must be a valid E.164 number`)
}

function requiredPhone(value: unknown, field: string): RecordResult<string> {
  const number = requiredNumber(value, field)
  return number.ok ? { ok: true, value: number.value.e164 } : number
}

export interface HistorySend {
  /** Becomes the message id, so clicks and revenue can name it. */
  id: string
  listId: number | null
  listNumber: string | null
  to: string
  /** The numbering plan's line type of `to`, from the parse that validated it. */
  toLineType: LineType
  body: string
  sendType: string | null
  delivered: boolean
  segments: number
  timestamp: Date
}

/** Segments of a message we only know the length of (GSM-7 sizes: 160 alone, 153 per part when split). */
export const segmentsOfLength = (length: number): number => (length <= 160 ? 1 : Math.ceil(length / 153))

export function parseHistorySend(raw: unknown, now: Date): RecordResult<HistorySend> {
  const r = asRecord(raw)
  if (!r) return fail('validation_error', 'Each record must be an object')
  if (!present(r.id)) return fail('missing_id', 'id is required')
  const id = idText(r.id)
  if (id === null || !MESSAGE_ID_PATTERN.test(id))
    return fail('invalid_id', 'id must be a message id: 8 letters or digits')
  const to = requiredNumber(r.to_number, 'to_number')
  if (!to.ok) return to
  const timestamp = requiredTime(r.timestamp, 'timestamp', now)
  if (!timestamp.ok) return timestamp
  let listId: number | null = null
  if (present(r.list_id)) {
    listId =
      typeof r.list_id === 'string' && /^\d+$/.test(r.list_id) ? Number(r.list_id) : (r.list_id as number)
    if (!Number.isSafeInteger(listId) || listId < 1) return fail('list_not_found', 'List not found')
  }
  const listNumber = present(r.list_number) ? r.list_number : null
  if (listNumber !== null && typeof listNumber !== 'string') return fail('list_not_found', 'List not found')
  if (listId === null && listNumber === null)
    return fail('missing_list_identifier', 'list_number or list_id is required')
  if (present(r.message) && typeof r.message !== 'string')
    return fail('validation_error', 'message must be a string')
  if (present(r.send_type) && (typeof r.send_type !== 'string' || r.send_type.length > 64))
    return fail('invalid_send_type', 'send_type must be a string of at most 64 characters')
  if (present(r.delivered) && typeof r.delivered !== 'boolean')
    return fail('validation_error', 'delivered must be true or false')
  if (present(r.length) && !(Number.isSafeInteger(r.length) && (r.length as number) >= 0))
    return fail('validation_error', 'length must be a whole number of characters')
  const body = typeof r.message === 'string' ? r.message : ''
  const segments = body
    ? estimateSegments(body).segments
    : segmentsOfLength(typeof r.length === 'number' ? r.length : 0)
  return {
    ok: true,
    value: {
      id,
      listId,
      listNumber,
      to: to.value.e164,
      toLineType: to.value.lineType,
      body,
      sendType: typeof r.send_type === 'string' ? r.send_type : null,
      delivered: r.delivered === true,
      segments,
      timestamp: timestamp.value,
    },
  }
}

export interface HistoryClick {
  messageId: string
  /** Internal or external offer id as given. */
  offerId: string
  phone: string
  timestamp: Date
}

export function parseHistoryClick(raw: unknown, now: Date): RecordResult<HistoryClick> {
  const r = asRecord(raw)
  if (!r) return fail('validation_error', 'Each record must be an object')
  const messageId = parseMessageId(r.message_id)
  if (!messageId.ok) return messageId
  if (!present(r.offer_id)) return fail('missing_offer_id', 'offer_id is required')
  const offerId = idText(r.offer_id)
  if (offerId === null) return fail('offer_not_found', 'Offer not found')
  const phone = requiredPhone(r.phone_number, 'phone_number')
  if (!phone.ok) return phone
  const sent = optionalTime(r.send_timestamp, 'send_timestamp', now)
  if (!sent.ok) return sent
  const timestamp = requiredTime(r.timestamp, 'timestamp', now)
  if (!timestamp.ok) return timestamp
  return {
    ok: true,
    value: { messageId: messageId.value, offerId, phone: phone.value, timestamp: timestamp.value },
  }
}

export interface HistoryRevenue {
  messageId: string
  offerId: string
  revenue: number
  payout: number | null
  attributionType: string | null
  /** Null when the record gives none: the import time is used, and the event id does not depend on it. */
  timestamp: Date | null
}

export function parseHistoryRevenue(raw: unknown, now: Date): RecordResult<HistoryRevenue> {
  const r = asRecord(raw)
  if (!r) return fail('validation_error', 'Each record must be an object')
  const messageId = parseMessageId(r.message_id)
  if (!messageId.ok) return messageId
  if (!present(r.offer_id)) return fail('missing_offer_id', 'offer_id is required')
  const offerId = idText(r.offer_id)
  if (offerId === null) return fail('offer_not_found', 'Offer not found')
  if (!present(r.revenue)) return fail('missing_revenue', 'revenue is required')
  const revenue = parseAmount(r.revenue)
  const range = `from 0 to ${MAX_AMOUNT.toLocaleString('en')}`
  if (revenue === null) return fail('invalid_revenue', `revenue must be a number ${range}`)
  let payout: number | null = null
  if (present(r.payout)) {
    payout = parseAmount(r.payout)
    if (payout === null) return fail('invalid_payout', `payout must be a number ${range}`)
  }
  let attributionType: string | null = null
  if (present(r.attribution_type)) {
    if (typeof r.attribution_type !== 'string' || r.attribution_type.length > 32)
      return fail('invalid_attribution_type', 'attribution_type must be a string of at most 32 characters')
    attributionType = r.attribution_type
  }
  const timestamp = optionalTime(r.timestamp, 'timestamp', now)
  if (!timestamp.ok) return timestamp
  return {
    ok: true,
    value: {
      messageId: messageId.value,
      offerId,
      revenue,
      payout,
      attributionType,
      timestamp: timestamp.value,
    },
  }
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function hashAlphanumeric(text: string, length: number): string {
  const bytes = createHash('sha256').update(text).digest()
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[bytes[i]! % 62]
  return out
}

/**
 * The click id of a message's imported click: one per message, so importing it again is the same event. Shaped
 * like a live click id (the message id and 12 more characters), so postbacks naming it route to its message.
 */
export const importedClickId = (accountId: string, messageId: string): string =>
  `${messageId}${hashAlphanumeric(`import-click\u0000${accountId}\u0000${messageId}`, 12)}`

/** The send event of an imported send (by its stored message id): the id live sends use. */
export const importedSendEventId = (messageId: string): string => `send_${messageId}`

/** A delivered imported send also has its delivery receipt, so delivery rates count it. */
export const importedDeliveryEventId = (messageId: string): string => `dlv_import_${messageId}`

/**
 * An imported conversion's event id: a hash of the account and every field of the record as parsed, so the same
 * record posted again (in any JSON spelling of the same values) is the same event.
 */
export function importedRevenueEventId(accountId: string, record: HistoryRevenue): string {
  const key = [
    accountId,
    record.messageId,
    record.offerId,
    record.revenue.toString(),
    record.payout?.toString() ?? '',
    record.attributionType ?? '',
    record.timestamp?.toISOString() ?? '',
  ].join('\u0000')
  return `rvi_${createHash('sha256').update(key).digest('hex').slice(0, 40)}`
}

export type ClearRequest = { entities: ClearableEntity[]; before: Date | null }

/** DELETE /history/clear: which entities, up to when; `confirm: true` is required for anything to go. */
export function parseClearRequest(body: unknown): RecordResult<ClearRequest> {
  const r = asRecord(body) ?? {}
  if (!present(r.entities) || (Array.isArray(r.entities) && r.entities.length === 0))
    return fail('missing_entities', 'entities must name at least one of sends, clicks, revenue')
  if (
    !Array.isArray(r.entities) ||
    !r.entities.every((e) => CLEARABLE_ENTITIES.includes(e as ClearableEntity))
  )
    return fail('invalid_entities', 'entities may only hold sends, clicks and revenue')
  let before: Date | null = null
  if (present(r.before_date)) {
    before = typeof r.before_date === 'string' ? parseIsoTimestamp(r.before_date) : null
    if (!before) return fail('invalid_date', 'before_date must be an ISO 8601 date or time')
  }
  if (r.confirm !== true)
    return fail('confirm_required', 'Clearing history is permanent: send confirm: true to proceed')
  return { ok: true, value: { entities: [...new Set(r.entities as ClearableEntity[])], before } }
}
