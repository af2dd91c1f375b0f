// Live events (issue 14): the compact notices the processors append to an account's live stream once an event's
// writes are in, and the server-sent-events framing the dashboard reads them with. Pure: no I/O.
import type { ClickEvent, DeliveryEvent, InboundEvent, RevenueEvent, SendEvent } from './events.js'
import { classifyReply, type ReplyKind } from './reply-classifier.js'

export const LIVE_EVENT_TYPES = ['click', 'conversion', 'reply', 'send', 'delivery'] as const
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number]

interface LiveBase {
  /** Stable id: the event id (click, conversion, reply), or the batch's for sends and receipts gathered together. */
  id: string
  at: string
  message_id?: string
  contact_id?: string
  offer_id?: string
}

export interface LiveClick extends LiveBase {
  type: 'click'
  human: boolean
  bot_reason?: string
  kind: 'redirect' | 'preview' | 'confirm'
}
export interface LiveConversion extends LiveBase {
  type: 'conversion'
  network: string
  payout: number
  conversion_type: string
}
export interface LiveReply extends LiveBase {
  type: 'reply'
  kind: ReplyKind
  opt_out: boolean
  text: string
  from: string
  list_id: number
}
/** Sends of one account in one processed batch, gathered (a blast would otherwise flood the stream). */
export interface LiveSend extends LiveBase {
  type: 'send'
  count: number
}
/** Delivery receipts of one account in one processed batch, gathered. */
export interface LiveDelivery extends LiveBase {
  type: 'delivery'
  count: number
  delivered: number
  failed: number
}
export type LiveEvent = LiveClick | LiveConversion | LiveReply | LiveSend | LiveDelivery

/** A live event with the account whose stream it goes to and the Kafka offset it was derived from. */
export interface LiveEntry {
  accountId: string
  /** The highest source offset it covers: the publisher skips what a redelivered batch already published. */
  offset: string
  event: LiveEvent
}

/** Characters of a reply's text a live event carries (the inbox has the whole text). */
export const LIVE_REPLY_TEXT = 160

/**
 * The newest `max` entries of each account, in their order. A batch of more entries than a stream keeps would be
 * trimmed to its newest ones the moment it is appended, so the rest are never written: no reader could see them.
 */
export function newestPerAccount(entries: readonly LiveEntry[], max: number): LiveEntry[] {
  const counts = new Map<string, number>()
  const kept: LiveEntry[] = []
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!
    const count = counts.get(entry.accountId) ?? 0
    if (count >= max) continue
    counts.set(entry.accountId, count + 1)
    kept.push(entry)
  }
  return kept.reverse()
}

const offsetMax = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b)

export function clickEntries(events: readonly ClickEvent[], offsets: readonly string[]): LiveEntry[] {
  return events.map((e, i) => ({
    accountId: e.account_id,
    offset: offsets[i]!,
    event: {
      id: e.event_id,
      type: 'click',
      at: e.event_time,
      message_id: e.message_id,
      contact_id: e.contact_id,
      offer_id: e.offer_id,
      human: e.bot_reason === '',
      ...(e.bot_reason ? { bot_reason: e.bot_reason } : {}),
      kind: e.kind ?? 'redirect',
    },
  }))
}

export function conversionEntries(events: readonly RevenueEvent[], offsets: readonly string[]): LiveEntry[] {
  return events.map((e, i) => ({
    accountId: e.account_id,
    offset: offsets[i]!,
    event: {
      id: e.event_id,
      type: 'conversion',
      at: e.event_time,
      message_id: e.message_id,
      ...(e.offer_id ? { offer_id: e.offer_id } : {}),
      network: e.network,
      payout: e.amount,
      conversion_type: e.conversion_type,
    },
  }))
}

export function replyEntries(events: readonly InboundEvent[], offsets: readonly string[]): LiveEntry[] {
  return events.map((e, i) => {
    const { kind } = classifyReply(e.body)
    return {
      accountId: e.account_id,
      offset: offsets[i]!,
      event: {
        id: e.event_id,
        type: 'reply',
        at: e.event_time,
        kind,
        opt_out: kind === 'opt_out',
        text: [...e.body].slice(0, LIVE_REPLY_TEXT).join(''),
        from: e.from,
        list_id: e.list_id,
      },
    }
  })
}

/** Groups a batch's events per account, in first-seen order, with the highest offset and latest time of each. */
function perAccount<E extends { account_id: string; event_time: string }>(
  events: readonly E[],
  offsets: readonly string[],
): { accountId: string; offset: string; at: string; events: E[] }[] {
  const groups = new Map<string, { accountId: string; offset: string; at: string; events: E[] }>()
  events.forEach((e, i) => {
    const g = groups.get(e.account_id)
    if (!g) {
      groups.set(e.account_id, {
        accountId: e.account_id,
        offset: offsets[i]!,
        at: e.event_time,
        events: [e],
      })
      return
    }
    g.offset = offsetMax(g.offset, offsets[i]!)
    if (Date.parse(e.event_time) > Date.parse(g.at)) g.at = e.event_time
    g.events.push(e)
  })
  return [...groups.values()]
}

/** One `send` event per account of the batch; `source` names the batch (topic, partition) in its id. */
export function sendEntries(source: string, events: readonly SendEvent[], offsets: readonly string[]) {
  return perAccount(events, offsets).map(
    (g): LiveEntry => ({
      accountId: g.accountId,
      offset: g.offset,
      event: {
        id: `send:${source}:${g.offset}:${g.accountId}`,
        type: 'send',
        at: g.at,
        count: g.events.length,
        ...(g.events.length === 1 ? { message_id: g.events[0]!.message_id } : {}),
      },
    }),
  )
}

export function deliveryEntries(
  source: string,
  events: readonly DeliveryEvent[],
  offsets: readonly string[],
) {
  return perAccount(events, offsets).map(
    (g): LiveEntry => ({
      accountId: g.accountId,
      offset: g.offset,
      event: {
        id: `delivery:${source}:${g.offset}:${g.accountId}`,
        type: 'delivery',
        at: g.at,
        count: g.events.length,
        delivered: g.events.filter((e) => e.status === 'delivered').length,
        failed: g.events.filter((e) => e.status === 'failed' || e.status === 'undelivered').length,
        ...(g.events.length === 1 ? { message_id: g.events[0]!.message_id } : {}),
      },
    }),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Server-sent events

/** A Redis stream entry id (`<ms>-<seq>`): what an SSE event's id is, and what a client resumes after. */
const STREAM_ID = /^\d{1,20}-\d{1,20}$/

export const isStreamId = (s: string): boolean => STREAM_ID.test(s)

/** -1, 0 or 1 as stream id `a` is before, equal to or after `b` (both valid). */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint]
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint]
  if (am !== bm) return am < bm ? -1 : 1
  return as === bs ? 0 : as < bs ? -1 : 1
}

/**
 * The position a client resumes after: the Last-Event-ID header (EventSource sends it on reconnecting) or the
 * `last_event_id` query parameter (clients that cannot set headers); the header wins. undefined: start at now.
 * null: the value is not a stream id.
 */
export function resumePosition(
  header: string | undefined,
  query: string | undefined,
): string | undefined | null {
  const value = (header ?? query)?.trim()
  if (value === undefined || value === '') return undefined
  return isStreamId(value) ? value : null
}

/**
 * One SSE event. Each line of data gets its own `data:` field (a JSON text has none, but the framing must not
 * depend on that), and id and event name carry no line breaks.
 */
export function sseFrame(frame: { id?: string; event?: string; data: string }): string {
  const oneLine = (s: string) => s.replace(/[\r\n]/g, '')
  let out = ''
  if (frame.id !== undefined) out += `id: ${oneLine(frame.id)}\n`
  if (frame.event !== undefined) out += `event: ${oneLine(frame.event)}\n`
  for (const line of frame.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`
  return `${out}\n`
}

/** A comment line: ignored by EventSource, it keeps proxies and idle timers from closing the connection. */
export const sseComment = (text: string): string => `: ${text.replace(/[\r\n]/g, ' ')}\n\n`
