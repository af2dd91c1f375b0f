// The Postgres side of the event pipeline: message dimensions for enrichment, offer click windows, and the
// exactly-once application of per-partition state (contact activity, the conversion ledger, the bandit's creative
// counts). ClickHouse rows are idempotent by event id; Postgres counters are not, so they are applied under a
// per-partition watermark written in the same transaction: a redelivered or replayed offset is skipped, whatever
// Kafka hands back.
import { LRUCache } from 'lru-cache'
import type pg from 'pg'
import type { ActivityDelta, MessageDims } from '../core/attribution.js'
import type { ContactContext } from '../core/bandit.js'
import type { StatsDelta } from '../core/bandit-stats.js'
import { withTransaction } from '../lib/postgres.js'
import type { PartitionBatch } from './consumer.js'

/** The report dimensions of each message named (messages minted without a row, e.g. `L<code>`, are absent). */
export async function loadMessageDims(
  pool: pg.Pool,
  messageIds: string[],
): Promise<Map<string, MessageDims>> {
  const ids = [...new Set(messageIds)]
  if (ids.length === 0) return new Map()
  const { rows } = await pool.query<{
    id: string
    list_id: number
    contact_id: string
    creative_id: number | null
    schedule_id: string | null
    variant: string | null
    carrier: string | null
    offer_ids: string[]
  }>(
    `SELECT m.id, m.list_id, m.contact_id, m.creative_id, m.schedule_id, m.variant, cf.carrier,
            ARRAY(SELECT DISTINCT s.offer_id FROM short_links s
                   WHERE s.message_id = m.id AND s.offer_id IS NOT NULL) AS offer_ids
       FROM messages m LEFT JOIN contact_facts cf ON cf.id = m.contact_id
      WHERE m.id = ANY($1::text[])`,
    [ids],
  )
  return new Map(
    rows.map((r) => [
      r.id,
      {
        listId: r.list_id,
        contactId: r.contact_id,
        creativeId: r.creative_id,
        scheduleId: r.schedule_id,
        variant: r.variant,
        carrier: r.carrier ?? '',
        offerIds: r.offer_ids,
      },
    ]),
  )
}

/**
 * Message dimensions by message id, remembered: a message's list, contact, creative, schedule and variant never
 * change once it exists (its carrier is the send's, or the contact's when the send was not seen here), so the
 * events of messages seen recently (a send, then its receipts, clicks and conversions) need no lookup. Sends fill it
 * from their own event. A message without a row is not remembered (it may be written later), and the cache is
 * bounded, so a miss is only a lookup.
 */
export class MessageDimsCache {
  private readonly cache: LRUCache<string, MessageDims>

  constructor(max = 100_000) {
    this.cache = new LRUCache({ max })
  }

  remember(messageId: string, dims: MessageDims): void {
    this.cache.set(messageId, dims)
  }

  async load(pool: pg.Pool, messageIds: readonly string[]): Promise<Map<string, MessageDims>> {
    const found = new Map<string, MessageDims>()
    const missing: string[] = []
    for (const id of new Set(messageIds)) {
      const dims = this.cache.get(id)
      if (dims) found.set(id, dims)
      else missing.push(id)
    }
    for (const [id, dims] of await loadMessageDims(pool, missing)) {
      this.cache.set(id, dims)
      found.set(id, dims)
    }
    return found
  }
}

/** Carrier of each contact (a report dimension of sends). */
export async function loadCarriers(pool: pg.Pool, contactIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(contactIds.filter(Boolean))]
  if (ids.length === 0) return new Map()
  const { rows } = await pool.query<{ id: string; carrier: string | null }>(
    'SELECT id, carrier FROM contact_facts WHERE id = ANY($1::text[]) AND carrier IS NOT NULL',
    [ids],
  )
  return new Map(rows.map((r) => [r.id, r.carrier ?? '']))
}

/** Click window (days) of each offer named. */
export async function loadClickWindows(pool: pg.Pool, offerIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(offerIds.filter(Boolean))]
  if (ids.length === 0) return new Map()
  const { rows } = await pool.query<{ id: string; click_window_days: number }>(
    'SELECT id, click_window_days FROM offers WHERE id = ANY($1::text[])',
    [ids],
  )
  return new Map(rows.map((r) => [r.id, r.click_window_days]))
}

/**
 * Runs `apply` once per offset: in one transaction, reads the partition's watermark for `step`, hands `apply` the
 * predicate "this offset was not applied yet", and moves the watermark to the batch's last offset.
 */
export async function applyOncePerOffset(
  pool: pg.Pool,
  step: string,
  batch: PartitionBatch,
  apply: (client: pg.PoolClient, isFresh: (offset: string) => boolean) => Promise<void>,
): Promise<void> {
  const last = batch.messages[batch.messages.length - 1]!.offset
  await withTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO consumer_watermarks (step, topic, partition, applied_through) VALUES ($1, $2, $3, -1)
       ON CONFLICT DO NOTHING`,
      [step, batch.topic, batch.partition],
    )
    const { rows } = await client.query<{ applied_through: string }>(
      `SELECT applied_through FROM consumer_watermarks WHERE step = $1 AND topic = $2 AND partition = $3
       FOR UPDATE`,
      [step, batch.topic, batch.partition],
    )
    const applied = BigInt(rows[0]!.applied_through)
    if (BigInt(last) <= applied) return
    await apply(client, (offset) => BigInt(offset) > applied)
    await client.query(
      `UPDATE consumer_watermarks SET applied_through = $4, updated_at = now()
        WHERE step = $1 AND topic = $2 AND partition = $3`,
      [step, batch.topic, batch.partition, last],
    )
  })
}

/** Adds a batch's activity to each list contact (spec 004: send/click/conversion counts, revenue, last times). */
export async function applyActivity(client: pg.PoolClient, deltas: ActivityDelta[]): Promise<void> {
  if (deltas.length === 0) return
  // One lock order for every transaction (list, contact), so concurrent partitions cannot deadlock.
  const sorted = [...deltas].sort((a, b) =>
    a.listId !== b.listId ? a.listId - b.listId : a.contactId < b.contactId ? -1 : 1,
  )
  await client.query(
    `UPDATE list_contacts lc
        SET send_count = lc.send_count + d.sends,
            click_count = lc.click_count + d.clicks,
            conversion_count = lc.conversion_count + d.conversions,
            revenue_total = lc.revenue_total + d.revenue,
            last_sent_at = GREATEST(lc.last_sent_at, d.last_sent_at),
            last_clicked_at = GREATEST(lc.last_clicked_at, d.last_clicked_at),
            last_revenue_at = GREATEST(lc.last_revenue_at, d.last_revenue_at)
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::numeric[],
                   $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
            AS d(list_id, contact_id, sends, clicks, conversions, revenue, last_sent_at, last_clicked_at, last_revenue_at)
      WHERE lc.list_id = d.list_id AND lc.contact_id = d.contact_id`,
    [
      sorted.map((d) => d.listId),
      sorted.map((d) => d.contactId),
      sorted.map((d) => d.sends),
      sorted.map((d) => d.clicks),
      sorted.map((d) => d.conversions),
      sorted.map((d) => d.revenue),
      sorted.map((d) => d.lastSentAt),
      sorted.map((d) => d.lastClickedAt),
      sorted.map((d) => d.lastRevenueAt),
    ],
  )
}

export interface LedgerEntry {
  amount: number
  postings: number
}

/**
 * Records each posting of a conversion; returns the event ids seen for the first time. A re-post only raises
 * `postings` (the duplicate-transaction fraud signal); its amount never replaces the first one.
 */
export async function recordPostings(
  client: pg.PoolClient,
  postings: { eventId: string; accountId: string; messageId: string; clickId: string; amount: number }[],
): Promise<Set<string>> {
  if (postings.length === 0) return new Set()
  // One row per event id (a batch may carry the same posting twice), counting its postings.
  const byEvent = new Map<string, { first: (typeof postings)[number]; count: number }>()
  for (const p of postings) {
    const seen = byEvent.get(p.eventId)
    if (seen) seen.count++
    else byEvent.set(p.eventId, { first: p, count: 1 })
  }
  const sorted = [...byEvent.values()].sort((a, b) => (a.first.eventId < b.first.eventId ? -1 : 1))
  const { rows } = await client.query<{ event_id: string; inserted: boolean }>(
    `INSERT INTO conversion_ledger AS l (event_id, account_id, message_id, click_id, amount, postings)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::int[])
     ON CONFLICT (event_id) DO UPDATE SET postings = l.postings + excluded.postings
     RETURNING event_id, (xmax = 0) AS inserted`,
    [
      sorted.map((p) => p.first.eventId),
      sorted.map((p) => p.first.accountId),
      sorted.map((p) => p.first.messageId),
      sorted.map((p) => p.first.clickId),
      sorted.map((p) => p.first.amount),
      sorted.map((p) => p.count),
    ],
  )
  return new Set(rows.filter((r) => r.inserted).map((r) => r.event_id))
}

export async function loadLedger(
  db: pg.Pool | pg.PoolClient,
  eventIds: string[],
): Promise<Map<string, LedgerEntry>> {
  if (eventIds.length === 0) return new Map()
  const { rows } = await db.query<{ event_id: string; amount: string; postings: number }>(
    'SELECT event_id, amount, postings FROM conversion_ledger WHERE event_id = ANY($1::text[])',
    [[...new Set(eventIds)]],
  )
  return new Map(rows.map((r) => [r.event_id, { amount: Number(r.amount), postings: r.postings }]))
}

/** Those of these messages that have a conversion: one ledger entry or more (conversion_ledger_message_idx). */
export async function messagesWithConversions(pool: pg.Pool, messageIds: string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set()
  const { rows } = await pool.query<{ message_id: string }>(
    'SELECT DISTINCT message_id FROM conversion_ledger WHERE message_id = ANY($1::text[])',
    [[...new Set(messageIds)]],
  )
  return new Set(rows.map((r) => r.message_id))
}

/** The creative and contact context a message was sent with, when a campaign selection recorded them. */
export interface SelectionRef {
  accountId: string
  creativeId: number
  context: ContactContext
}

/** One batch lookup of the selections of the messages named (most messages have none). */
export async function loadSelections(
  pool: pg.Pool,
  messageIds: string[],
): Promise<Map<string, SelectionRef>> {
  const ids = [...new Set(messageIds)]
  if (ids.length === 0) return new Map()
  const { rows } = await pool.query<{
    message_id: string
    account_id: string
    creative_id: number
    context: ContactContext
  }>(
    'SELECT message_id, account_id, creative_id, context FROM creative_selections WHERE message_id = ANY($1::text[])',
    [ids],
  )
  return new Map(
    rows.map((r) => [
      r.message_id,
      { accountId: r.account_id, creativeId: r.creative_id, context: r.context },
    ]),
  )
}

/** Adds a batch's bandit counts (core/bandit-stats statsDeltas: summed per key and sorted) in one upsert. */
export async function applyCreativeStats(client: pg.PoolClient, deltas: StatsDelta[]): Promise<void> {
  if (deltas.length === 0) return
  await client.query(
    `INSERT INTO creative_stats AS s (account_id, creative_id, feature, value, sends, clicks, conversions, revenue)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
                          $8::numeric[])
     ON CONFLICT (account_id, creative_id, feature, value) DO UPDATE
        SET sends = s.sends + excluded.sends,
            clicks = s.clicks + excluded.clicks,
            conversions = s.conversions + excluded.conversions,
            revenue = s.revenue + excluded.revenue,
            updated_at = now()`,
    [
      deltas.map((d) => d.accountId),
      deltas.map((d) => d.creativeId),
      deltas.map((d) => d.feature),
      deltas.map((d) => d.value),
      deltas.map((d) => d.sends),
      deltas.map((d) => d.clicks),
      deltas.map((d) => d.conversions),
      deltas.map((d) => d.revenue),
    ],
  )
}
