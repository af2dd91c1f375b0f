// History import (spec §14). Imported sends, clicks and revenue are published on the same topics as
// live traffic, so the processors store, attribute and count them exactly like it; the events carry ids derived
// from the records, so a batch posted twice creates nothing new (its records come back as duplicates).
import type pg from 'pg'
import type { ClickHouse } from '../analytics/clickhouse.js'
import type { ErrorCode } from '../core/errors.js'
import type { ClickEvent, DeliveryEvent, RevenueEvent, SendEvent } from '../core/events.js'
import {
  HISTORY_ERRORS_MAX,
  type HistoryError,
  type HistorySend,
  importedClickId,
  importedDeliveryEventId,
  importedRevenueEventId,
  importedSendEventId,
  parseHistoryClick,
  parseHistoryRevenue,
  parseHistorySend,
  recordId,
} from '../core/history.js'
import { newMessageId, newObjectId } from '../core/ids.js'
import { type RecordResult, roundMoney } from '../core/revenue.js'
import { withTransaction } from '../lib/postgres.js'
import { upsertContactRecords } from './contact-records.js'
import { type EventContext, messagesAndOffers, publishEvents } from './revenue.js'

export interface HistoryContext extends EventContext {
  clickhouse: ClickHouse
}

type Outcome = 'saved' | 'duplicate' | { code: ErrorCode; error: string }

const SAVE_ERROR = { code: 'save_error', error: 'The record could not be saved; retry it' } as const

export interface HistoryReply {
  success_count: number
  error_count: number
  duplicates_skipped: number
  invalid_phones: number
  errors: HistoryError[]
}

function reply(outcomes: Outcome[], ids: (string | null)[]): HistoryReply {
  const out: HistoryReply = {
    success_count: 0,
    error_count: 0,
    duplicates_skipped: 0,
    invalid_phones: 0,
    errors: [],
  }
  outcomes.forEach((o, index) => {
    if (o === 'saved') out.success_count++
    else if (o === 'duplicate') out.duplicates_skipped++
    else {
      out.error_count++
      if (o.code === 'invalid_phone') out.invalid_phones++
      if (out.errors.length < HISTORY_ERRORS_MAX) out.errors.push({ index, id: ids[index]!, ...o })
    }
  })
  return out
}

/** A record's outcome before lookups: its validation error, or (valid) save_error until a later step says better. */
const initialOutcome = <T>(p: RecordResult<T>): Outcome =>
  p.ok ? SAVE_ERROR : { code: p.code, error: p.error }

// ---------------------------------------------------------------------------------------------------------------
// Sends

interface ListRow {
  id: number
  phone_number: string
}

async function listsOf(
  pool: pg.Pool,
  accountId: string,
  sends: readonly HistorySend[],
): Promise<{ byId: Map<number, ListRow>; byNumber: Map<string, ListRow> }> {
  const ids = [...new Set(sends.flatMap((s) => (s.listId === null ? [] : [s.listId])))]
  const numbers = [...new Set(sends.flatMap((s) => (s.listNumber === null ? [] : [s.listNumber])))]
  const { rows } =
    ids.length + numbers.length === 0
      ? { rows: [] as ListRow[] }
      : await pool.query<ListRow>(
          `SELECT id, phone_number FROM sending_lists
            WHERE account_id = $1 AND status <> 'deleted' AND (id = ANY($2::int[]) OR phone_number = ANY($3::text[]))`,
          [accountId, ids, numbers],
        )
  return {
    byId: new Map(rows.map((r) => [r.id, r])),
    byNumber: new Map(rows.map((r) => [r.phone_number, r])),
  }
}

interface PendingSend extends HistorySend {
  index: number
  list: number
  /** The stored message's own id; `id` (the record's) is the name the account knows it by (import_id). */
  messageId: string
}

/**
 * The contacts of imported sends, found or created (the account's record of the number; list membership signed up by
 * `import` at the first imported send). Existing memberships are left as they are: history never re-subscribes.
 * Committed before the messages, so processors counting the sends always find the membership.
 */
async function ensureContacts(
  pool: pg.Pool,
  accountId: string,
  sends: readonly PendingSend[],
): Promise<Map<string, string>> {
  const records = await upsertContactRecords(
    pool,
    accountId,
    sends.map((s) => ({ phoneNumber: s.to, planLineType: s.toLineType })),
  )
  const byPhone = new Map([...records].map(([phone, r]) => [phone, r.id]))
  const firstSend = new Map<string, PendingSend>()
  for (const s of sends) {
    const key = `${s.list}|${s.to}`
    const seen = firstSend.get(key)
    if (!seen || s.timestamp < seen.timestamp) firstSend.set(key, s)
  }
  const members = [...firstSend.values()]
  await pool.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id, signup_date, signup_method)
     SELECT v.id, $1, v.list_id, v.contact_id, v.signup_date, 'import'
       FROM unnest($2::text[], $3::int[], $4::text[], $5::timestamptz[]) AS v(id, list_id, contact_id, signup_date)
      ORDER BY v.list_id, v.contact_id
     ON CONFLICT (list_id, contact_id) DO NOTHING`,
    [
      accountId,
      members.map(() => newObjectId()),
      members.map((m) => m.list),
      members.map((m) => byPhone.get(m.to)!),
      members.map((m) => m.timestamp.toISOString()),
    ],
  )
  return byPhone
}

export async function importSends(
  ctx: HistoryContext,
  records: readonly unknown[],
  now = new Date(),
): Promise<HistoryReply> {
  const parsed = records.map((raw) => parseHistorySend(raw, now))
  const outcomes: Outcome[] = parsed.map(initialOutcome)
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []))
  const [lists, existing] = await Promise.all([
    listsOf(ctx.pool, ctx.accountId, valid),
    // The account's own messages answering to these names. Another account's ids play no part: every imported
    // send is stored under a new id and known to the account by its record's id, so an id another account holds
    // is answered exactly like one nobody holds.
    valid.length === 0
      ? new Set<string>()
      : ctx.pool
          .query<{ id: string; import_id: string | null }>(
            `SELECT id, import_id FROM messages
              WHERE account_id = $1 AND (id = ANY($2::text[]) OR import_id = ANY($2::text[]))`,
            [ctx.accountId, valid.map((s) => s.id)],
          )
          .then(({ rows }) => new Set(rows.flatMap((r) => (r.import_id ? [r.id, r.import_id] : [r.id])))),
  ])
  const pending: PendingSend[] = []
  const seen = new Set<string>()
  parsed.forEach((p, index) => {
    if (!p.ok) return
    const s = p.value
    const byId = s.listId === null ? undefined : lists.byId.get(s.listId)
    const byNumber = s.listNumber === null ? undefined : lists.byNumber.get(s.listNumber)
    const list =
      s.listId !== null && s.listNumber !== null ? (byId === byNumber ? byId : undefined) : (byId ?? byNumber)
    if (!list) outcomes[index] = { code: 'list_not_found', error: 'List not found' }
    else if (seen.has(s.id) || existing.has(s.id)) outcomes[index] = 'duplicate'
    else {
      seen.add(s.id)
      pending.push({ ...s, index, list: list.id, messageId: newMessageId() })
    }
  })
  if (pending.length > 0) {
    try {
      const contacts = await ensureContacts(ctx.pool, ctx.accountId, pending)
      const inserted = await withTransaction(ctx.pool, async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO messages (id, import_id, account_id, list_id, contact_id, to_number, body, status,
                                 status_detail, segments, provider, metadata, imported, sent_at, status_updated_at,
                                 created_at)
           SELECT v.id, v.import_id, $1, v.list_id, v.contact_id, v.to_number, v.body, v.status, 'imported',
                  v.segments, 'import', v.metadata, true, v.at, v.at, v.at
             FROM unnest($2::text[], $11::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::int[], $9::jsonb[], $10::timestamptz[])
                  AS v(id, import_id, list_id, contact_id, to_number, body, status, segments, metadata, at)
           ON CONFLICT DO NOTHING
           RETURNING import_id AS id`,
          [
            ctx.accountId,
            pending.map((s) => s.messageId),
            pending.map((s) => s.list),
            pending.map((s) => contacts.get(s.to)!),
            pending.map((s) => s.to),
            pending.map((s) => s.body),
            pending.map((s) => (s.delivered ? 'delivered' : 'sent')),
            pending.map((s) => s.segments),
            pending.map((s) => JSON.stringify(s.sendType ? { send_type: s.sendType } : {})),
            pending.map((s) => s.timestamp.toISOString()),
            pending.map((s) => s.id),
          ],
        )
        const ids = new Set(rows.map((r) => r.id))
        const saved = pending.filter((s) => ids.has(s.id))
        // Published before the commit: if Kafka refuses, the rows roll back and the records can simply be
        // posted again (never a message row without its send event).
        await publishEvents(
          ctx,
          'sends',
          saved.map((s) => sendEvent(ctx.accountId, s, contacts.get(s.to)!)),
        )
        await publishEvents(
          ctx,
          'deliveries',
          saved.filter((s) => s.delivered).map((s) => deliveryEvent(ctx.accountId, s, contacts.get(s.to)!)),
        )
        return ids
      })
      // A record not inserted lost a race with the same id posted concurrently: a duplicate.
      for (const s of pending) outcomes[s.index] = inserted.has(s.id) ? 'saved' : 'duplicate'
    } catch (err) {
      ctx.log.error({ err, count: pending.length }, 'history sends not saved')
      for (const s of pending) outcomes[s.index] = SAVE_ERROR
    }
  }
  return reply(
    outcomes,
    records.map((r) => recordId(r, 'id')),
  )
}

function sendEvent(accountId: string, s: PendingSend, contactId: string): SendEvent {
  return {
    event_id: importedSendEventId(s.messageId),
    account_id: accountId,
    event_time: s.timestamp.toISOString(),
    message_id: s.messageId,
    contact_id: contactId,
    list_id: s.list,
    to: s.to,
    provider: 'import',
    segments: s.segments,
    cost: 0,
    creative_id: null,
    schedule_id: null,
    variant: null,
    offer_ids: [],
    imported: true,
  }
}

function deliveryEvent(accountId: string, s: PendingSend, contactId: string): DeliveryEvent {
  return {
    event_id: importedDeliveryEventId(s.messageId),
    account_id: accountId,
    event_time: s.timestamp.toISOString(),
    message_id: s.messageId,
    list_id: s.list,
    provider: 'import',
    provider_message_id: s.messageId,
    status: 'delivered',
    status_detail: 'imported',
    error_code: null,
    contact_id: contactId,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Clicks

export async function importClicks(
  ctx: HistoryContext,
  records: readonly unknown[],
  now = new Date(),
): Promise<HistoryReply> {
  const parsed = records.map((raw) => parseHistoryClick(raw, now))
  const outcomes: Outcome[] = parsed.map(initialOutcome)
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []))
  const [messages, offers] = await messagesAndOffers(
    ctx,
    valid.map((c) => c.messageId),
    valid.map((c) => c.offerId),
  )
  const events: { index: number; event: ClickEvent }[] = []
  const seen = new Set<string>()
  parsed.forEach((p, index) => {
    if (!p.ok) return
    const c = p.value
    const message = messages.get(c.messageId)
    const offerId = offers.get(c.offerId)
    if (!message) outcomes[index] = { code: 'message_not_found', error: 'Message not found' }
    else if (!offerId) outcomes[index] = { code: 'offer_not_found', error: 'Offer not found' }
    else if (!message.contactExists || message.toNumber !== c.phone)
      outcomes[index] = {
        code: 'contact_not_found',
        error: 'phone_number is not the recipient of this message',
      }
    // One click per message: a message whose first click is known (live or imported) keeps it.
    else if (message.firstClickAt !== null || seen.has(c.messageId)) outcomes[index] = 'duplicate'
    else {
      seen.add(c.messageId)
      events.push({
        index,
        event: {
          event_id: importedClickId(ctx.accountId, message.id),
          account_id: ctx.accountId,
          event_time: c.timestamp.toISOString(),
          message_id: message.id,
          link_code: '',
          offer_id: offerId,
          contact_id: message.contactId,
          ip: '',
          user_agent: '',
          bot_reason: '',
          kind: 'redirect',
          imported: true,
        },
      })
    }
  })
  await publishOrFail(ctx, 'clicks', events, outcomes)
  return reply(
    outcomes,
    records.map((r) => recordId(r, 'message_id')),
  )
}

async function publishOrFail(
  ctx: HistoryContext,
  topic: 'clicks' | 'revenue',
  events: { index: number; event: ClickEvent | RevenueEvent }[],
  outcomes: Outcome[],
): Promise<void> {
  try {
    await publishEvents(
      ctx,
      topic,
      events.map((e) => e.event),
    )
    for (const e of events) outcomes[e.index] = 'saved'
  } catch (err) {
    ctx.log.error({ err, count: events.length }, `history ${topic} not published`)
    for (const e of events) outcomes[e.index] = SAVE_ERROR
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Revenue

/** Event ids of imported conversions the account already has (stored by the processors). */
async function knownConversions(ctx: HistoryContext, events: readonly RevenueEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set()
  const ids = events.map((e) => e.event_id)
  const [stored, ledger] = await Promise.all([
    ctx.clickhouse.query<{ event_id: string }>(
      `SELECT DISTINCT event_id FROM conversions
        WHERE account_id = {account:String} AND message_id IN {messages:Array(String)}
          AND event_id IN {ids:Array(String)}`,
      { account: ctx.accountId, messages: [...new Set(events.map((e) => e.message_id))], ids },
    ),
    ctx.pool.query<{ event_id: string }>(
      'SELECT event_id FROM conversion_ledger WHERE account_id = $1 AND event_id = ANY($2::text[])',
      [ctx.accountId, ids],
    ),
  ])
  return new Set([...stored.map((r) => r.event_id), ...ledger.rows.map((r) => r.event_id)])
}

export interface HistoryRevenueReply extends Omit<HistoryReply, 'invalid_phones'> {
  total_revenue: number
}

export async function importRevenue(
  ctx: HistoryContext,
  records: readonly unknown[],
  now = new Date(),
): Promise<HistoryRevenueReply> {
  const parsed = records.map((raw) => parseHistoryRevenue(raw, now))
  const outcomes: Outcome[] = parsed.map(initialOutcome)
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []))
  const [messages, offers] = await messagesAndOffers(
    ctx,
    valid.map((r) => r.messageId),
    valid.map((r) => r.offerId),
  )
  const candidates: { index: number; event: RevenueEvent }[] = []
  parsed.forEach((p, index) => {
    if (!p.ok) return
    const r = p.value
    const message = messages.get(r.messageId)
    const offerId = offers.get(r.offerId)
    if (!message) outcomes[index] = { code: 'message_not_found', error: 'Message not found' }
    else if (!message.contactExists)
      outcomes[index] = { code: 'contact_not_found', error: "The message's contact no longer exists" }
    else if (!offerId) outcomes[index] = { code: 'offer_not_found', error: 'Offer not found' }
    else {
      const eventId = importedRevenueEventId(ctx.accountId, r)
      candidates.push({
        index,
        event: {
          event_id: eventId,
          account_id: ctx.accountId,
          // Undated history happened around its message: at its first click, else its send (not at import time,
          // which would put it outside the offer's click window and in today's numbers).
          event_time: (r.timestamp ?? message.firstClickAt ?? message.sentAt ?? now).toISOString(),
          message_id: message.id,
          click_id: '',
          network: 'import',
          transaction_id: eventId,
          conversion_type: 'sale',
          amount: r.revenue,
          source: 'import',
          offer_id: offerId,
          ...(r.attributionType === null ? {} : { attribution_type: r.attributionType }),
          imported: true,
        },
      })
    }
  })
  const known = await knownConversions(
    ctx,
    candidates.map((c) => c.event),
  )
  const fresh: typeof candidates = []
  const seen = new Set<string>()
  for (const c of candidates) {
    if (known.has(c.event.event_id) || seen.has(c.event.event_id)) outcomes[c.index] = 'duplicate'
    else {
      seen.add(c.event.event_id)
      fresh.push(c)
    }
  }
  await publishOrFail(ctx, 'revenue', fresh, outcomes)
  const { invalid_phones: _, ...counts } = reply(
    outcomes,
    records.map((r) => recordId(r, 'message_id')),
  )
  const total = fresh.reduce((sum, c) => (outcomes[c.index] === 'saved' ? sum + c.event.amount : sum), 0)
  return { ...counts, total_revenue: roundMoney(total) }
}
