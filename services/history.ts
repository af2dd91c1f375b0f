// History import and clear (spec §14). Imported sends, clicks and revenue are published on the same topics as
// live traffic, so the processors store, attribute and count them exactly like it; the events carry ids derived
// from the records, so a batch posted twice creates nothing new (its records come back as duplicates).
import type pg from 'pg'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { refreshAccountRollups } from '../analytics/rollups.js'
import type { ErrorCode } from '../core/errors.js'
import type { ClickEvent, DeliveryEvent, RevenueEvent, SendEvent } from '../core/events.js'
import {
  type ClearRequest,
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
    sends.map((s) => ({ phoneNumber: s.to })),
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
                                 created_at, send_event_published_at)
           SELECT v.id, v.import_id, $1, v.list_id, v.contact_id, v.to_number, v.body, v.status, 'imported',
                  v.segments, 'import', v.metadata, true, v.at, v.at, v.at, now()
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
          saved.filter((s) => s.delivered).map((s) => deliveryEvent(ctx.accountId, s)),
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

function deliveryEvent(accountId: string, s: PendingSend): DeliveryEvent {
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

// ---------------------------------------------------------------------------------------------------------------
// Clear

export interface Cleared {
  sends: number
  clicks: number
  revenue: number
}

/** Ids per ClickHouse query parameter and Postgres statement: a bounded request whatever the history's size. */
const CHUNK = 1_000

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/** ClickHouse DateTime64 text of an instant (UTC). */
const chTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '')

interface Pair {
  listId: number
  contactId: string
}
const pairKey = (p: Pair) => `${p.listId}|${p.contactId}`

/** Latest remaining event time per (list, contact), from per-message maxima; pairs with none stay null. */
async function latestByPair(
  ctx: HistoryContext,
  pairs: readonly Pair[],
  perMessage: { message_id: string; last_ms: string | number }[],
): Promise<Map<string, Date | null>> {
  const latest = new Map<string, Date | null>(pairs.map((p) => [pairKey(p), null]))
  for (const part of chunks(perMessage)) {
    const { rows } = await ctx.pool.query<{ id: string; list_id: number; contact_id: string }>(
      'SELECT id, list_id, contact_id FROM messages WHERE account_id = $1 AND id = ANY($2::text[])',
      [ctx.accountId, part.map((m) => m.message_id)],
    )
    const owner = new Map(rows.map((r) => [r.id, pairKey({ listId: r.list_id, contactId: r.contact_id })]))
    for (const m of part) {
      const key = owner.get(m.message_id)
      if (key === undefined || !latest.has(key)) continue
      const at = new Date(Number(m.last_ms))
      const current = latest.get(key)
      if (!current || at > current) latest.set(key, at)
    }
  }
  return latest
}

/** Decrements counters of the memberships that lost rows, in the transaction that removed the rows. */
async function decrement(
  client: pg.PoolClient,
  accountId: string,
  counter: 'send_count' | 'click_count',
  removed: readonly (Pair & { n: number })[],
): Promise<void> {
  if (removed.length === 0) return
  await client.query(
    `UPDATE list_contacts lc SET ${counter} = GREATEST(lc.${counter} - v.n, 0), updated_at = now()
       FROM unnest($2::int[], $3::text[], $4::int[]) AS v(list_id, contact_id, n)
      WHERE lc.account_id = $1 AND lc.list_id = v.list_id AND lc.contact_id = v.contact_id`,
    [accountId, removed.map((p) => p.listId), removed.map((p) => p.contactId), removed.map((p) => p.n)],
  )
}

/** Sets the last-activity time of each membership to the latest that remains (null when none does). */
async function setLatest(
  ctx: HistoryContext,
  column: 'last_sent_at' | 'last_clicked_at',
  latest: Map<string, Date | null>,
): Promise<void> {
  const pairs = [...latest.keys()].map((key) => {
    const cut = key.indexOf('|')
    return { listId: Number(key.slice(0, cut)), contactId: key.slice(cut + 1), at: latest.get(key) ?? null }
  })
  for (const part of chunks(pairs)) {
    await ctx.pool.query(
      `UPDATE list_contacts lc SET ${column} = v.at, updated_at = now()
         FROM unnest($2::int[], $3::text[], $4::timestamptz[]) AS v(list_id, contact_id, at)
        WHERE lc.account_id = $1 AND lc.list_id = v.list_id AND lc.contact_id = v.contact_id`,
      [
        ctx.accountId,
        part.map((p) => p.listId),
        part.map((p) => p.contactId),
        part.map((p) => p.at?.toISOString() ?? null),
      ],
    )
  }
}

function groupRemoved(rows: { list_id: number; contact_id: string; n: number }[]): (Pair & { n: number })[] {
  const into = new Map<string, Pair & { n: number }>()
  for (const r of rows) {
    const key = pairKey({ listId: r.list_id, contactId: r.contact_id })
    const current = into.get(key)
    if (current) current.n += r.n
    else into.set(key, { listId: r.list_id, contactId: r.contact_id, n: r.n })
  }
  return [...into.values()]
}

const timeFilter = (before: Date | null) =>
  before ? "AND event_time < toDateTime64({before:String}, 3, 'UTC')" : ''

/**
 * Clicks of imported sends (and imported clicks on live messages). Postgres first — the first-click claims (so
 * the same clicks can be imported again) with the click counts they fed, in one transaction — then ClickHouse;
 * a retry after a failure in between finds the ClickHouse rows again and finishes.
 */
async function clearClicks(ctx: HistoryContext, before: Date | null): Promise<number> {
  const params = { account: ctx.accountId, before: before ? chTime(before) : '' }
  const where = `account_id = {account:String} ${timeFilter(before)}
    AND (imported = 1 OR message_id IN (SELECT message_id FROM sends WHERE account_id = {account:String} AND imported = 1))`
  const doomed = await ctx.clickhouse.query<{ event_id: string; message_id: string }>(
    `SELECT event_id, message_id FROM clicks FINAL WHERE ${where}`,
    params,
  )
  if (doomed.length === 0) return 0
  const removed: (Pair & { n: number })[] = []
  for (const part of chunks(doomed)) {
    await withTransaction(ctx.pool, async (client) => {
      const { rows } = await client.query<{ list_id: number; contact_id: string; n: number }>(
        `WITH gone AS (
           DELETE FROM message_clicks mc
            USING unnest($2::text[], $3::text[]) AS v(message_id, click_id)
            WHERE mc.message_id = v.message_id AND mc.click_id = v.click_id AND mc.account_id = $1
            RETURNING mc.message_id, mc.contact_id)
         SELECT m.list_id, g.contact_id, count(*)::int AS n
           FROM gone g JOIN messages m ON m.id = g.message_id AND m.account_id = $1
          GROUP BY m.list_id, g.contact_id`,
        [ctx.accountId, part.map((c) => c.message_id), part.map((c) => c.event_id)],
      )
      const pairs = groupRemoved(rows)
      await decrement(client, ctx.accountId, 'click_count', pairs)
      removed.push(...pairs)
    })
  }
  await ctx.clickhouse.command(`DELETE FROM clicks WHERE ${where}`, params)
  const remaining: { message_id: string; last_ms: string }[] = []
  for (const part of chunks([...new Set(removed.map((p) => p.contactId))])) {
    remaining.push(
      ...(await ctx.clickhouse.query<{ message_id: string; last_ms: string }>(
        `SELECT message_id, toUnixTimestamp64Milli(max(event_time)) AS last_ms FROM clicks FINAL
          WHERE account_id = {account:String} AND contact_id IN {contacts:Array(String)}
            AND is_first = 1 AND is_bot = 0
          GROUP BY message_id`,
        { account: ctx.accountId, contacts: part },
      )),
    )
  }
  await setLatest(ctx, 'last_clicked_at', await latestByPair(ctx, removed, remaining))
  return doomed.length
}

/**
 * All the account's revenue (live included, spec §14) up to `before`. Postgres first: the conversion ledger (so the
 * same conversions can be posted again) with the contact totals its entries fed (the processors credit a
 * conversion exactly when they create its ledger entry, so only removed entries are taken off: a retry never takes
 * twice), then ClickHouse; a retry after a failure in between finds the ClickHouse rows again and finishes.
 */
async function clearRevenue(ctx: HistoryContext, before: Date | null): Promise<number> {
  const params = { account: ctx.accountId, before: before ? chTime(before) : '' }
  const where = `account_id = {account:String} ${timeFilter(before)}`
  if (!before) {
    const [total] = await ctx.clickhouse.query<{ n: string }>(
      `SELECT count() AS n FROM conversions FINAL WHERE ${where}`,
      params,
    )
    // Everything goes: also what a previous, interrupted clear left in Postgres.
    await withTransaction(ctx.pool, async (client) => {
      await client.query('DELETE FROM conversion_ledger WHERE account_id = $1', [ctx.accountId])
      await client.query(
        `UPDATE list_contacts SET revenue_total = 0, conversion_count = 0, last_revenue_at = NULL, updated_at = now()
          WHERE account_id = $1 AND (revenue_total <> 0 OR conversion_count <> 0 OR last_revenue_at IS NOT NULL)`,
        [ctx.accountId],
      )
    })
    await ctx.clickhouse.command(`DELETE FROM conversions WHERE ${where}`, params)
    return Number(total?.n ?? 0)
  }
  const doomed = await ctx.clickhouse.query<{ event_id: string; counted: number }>(
    // Reversals move revenue but are no conversion (processors/state.ts, core/attribution.ts).
    `SELECT event_id, if(conversion_type NOT IN ('refund', 'chargeback'), 1, 0) AS counted
       FROM conversions FINAL WHERE ${where}`,
    params,
  )
  for (const part of chunks(doomed)) {
    await withTransaction(ctx.pool, async (client) => {
      await client.query(
        `WITH gone AS (
             DELETE FROM conversion_ledger WHERE account_id = $1 AND event_id = ANY($2::text[])
             RETURNING event_id, message_id, amount)
           UPDATE list_contacts lc SET revenue_total = GREATEST(lc.revenue_total - s.amount, 0),
                  conversion_count = GREATEST(lc.conversion_count - s.n, 0), updated_at = now()
             FROM (SELECT m.list_id, m.contact_id, sum(g.amount) AS amount, sum(v.counted)::int AS n
                     FROM gone g
                     JOIN unnest($2::text[], $3::int[]) AS v(event_id, counted) ON v.event_id = g.event_id
                     JOIN messages m ON m.id = g.message_id AND m.account_id = $1
                    GROUP BY m.list_id, m.contact_id) s
            WHERE lc.account_id = $1 AND lc.list_id = s.list_id AND lc.contact_id = s.contact_id`,
        [ctx.accountId, part.map((c) => c.event_id), part.map((c) => Number(c.counted))],
      )
    })
  }
  if (doomed.length > 0) await ctx.clickhouse.command(`DELETE FROM conversions WHERE ${where}`, params)
  // Every conversion before `before` is gone: a last revenue time earlier than it has nothing left behind it.
  await ctx.pool.query(
    'UPDATE list_contacts SET last_revenue_at = NULL, updated_at = now() WHERE account_id = $1 AND last_revenue_at < $2',
    [ctx.accountId, before.toISOString()],
  )
  return doomed.length
}

/**
 * Imported sends only (never live ones). Postgres first — the messages with the send counts they fed, in one
 * transaction — then ClickHouse sends and their receipts (provider `import`: only imported sends have them).
 */
async function clearSends(ctx: HistoryContext, before: Date | null): Promise<number> {
  const { rows, removed } = await withTransaction(ctx.pool, async (client) => {
    // Imported rows are created at their send time, so the account's created_at index bounds the scan.
    const { rows } = await client.query<{ list_id: number; contact_id: string; n: number }>(
      `WITH gone AS (
         DELETE FROM messages WHERE account_id = $1 AND imported
            AND ($2::timestamptz IS NULL OR (created_at < $2 AND sent_at < $2))
          RETURNING list_id, contact_id)
       SELECT list_id, contact_id, count(*)::int AS n FROM gone GROUP BY list_id, contact_id`,
      [ctx.accountId, before?.toISOString() ?? null],
    )
    const removed = groupRemoved(rows)
    await decrement(client, ctx.accountId, 'send_count', removed)
    return { rows, removed }
  })
  const params = { account: ctx.accountId, before: before ? chTime(before) : '' }
  await ctx.clickhouse.command(
    `DELETE FROM deliveries WHERE account_id = {account:String} AND provider = 'import' ${timeFilter(before)}`,
    params,
  )
  await ctx.clickhouse.command(
    `DELETE FROM sends WHERE account_id = {account:String} AND imported = 1 ${timeFilter(before)}`,
    params,
  )
  const latest = new Map<string, Date | null>(removed.map((p) => [pairKey(p), null]))
  for (const part of chunks([...new Set(removed.map((p) => p.contactId))])) {
    const remaining = await ctx.clickhouse.query<{ list_id: number; contact_id: string; last_ms: string }>(
      `SELECT list_id, contact_id, toUnixTimestamp64Milli(max(event_time)) AS last_ms FROM sends FINAL
        WHERE account_id = {account:String} AND contact_id IN {contacts:Array(String)}
        GROUP BY list_id, contact_id`,
      { account: ctx.accountId, contacts: part },
    )
    for (const r of remaining) {
      const key = pairKey({ listId: Number(r.list_id), contactId: r.contact_id })
      if (latest.has(key)) latest.set(key, new Date(Number(r.last_ms)))
    }
  }
  await setLatest(ctx, 'last_sent_at', latest)
  return rows.reduce((sum, r) => sum + r.n, 0)
}

/**
 * DELETE /history/clear (spec §14): permanent. Clicks go first (they are found through the imported sends), then
 * revenue, then the sends. Each clears Postgres before ClickHouse, so a retry of a request that failed part-way
 * finishes it without taking anything off the contact counters twice.
 */
export async function clearHistory(ctx: HistoryContext, request: ClearRequest): Promise<Cleared> {
  const wants = new Set(request.entities)
  const clicks = wants.has('clicks') ? await clearClicks(ctx, request.before) : 0
  const revenue = wants.has('revenue') ? await clearRevenue(ctx, request.before) : 0
  const sends = wants.has('sends') ? await clearSends(ctx, request.before) : 0
  // Deletes leave nothing the rollup refresher could notice: recompute the account's hours now.
  await refreshAccountRollups(ctx.clickhouse, ctx.accountId)
  return { sends, clicks, revenue }
}
