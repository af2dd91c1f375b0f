// Revenue reported by clients (spec §13): each accepted record becomes a `revenue` event on the same topic as
// network postbacks, so the processors attribute it (first click of its message), store it in ClickHouse and keep
// the contact's revenue totals exactly as for live conversions. Lookups are batched: a call of 1,000 records
// costs two queries and one publish.
import type pg from 'pg'
import type { Logger } from 'pino'
import { AppError, type ErrorCode } from '../core/errors.js'
import { type RevenueEvent, topicName } from '../core/events.js'
import { newObjectId } from '../core/ids.js'
import { parseRevenueRecord, roundMoney } from '../core/revenue.js'
import type { BatchingProducer } from '../lib/kafka.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

export interface EventContext {
  pool: pg.Pool
  producer: BatchingProducer
  topicPrefix: string
  accountId: string
  log: Pick<Logger, 'error' | 'warn'>
}

export interface OwnedMessage {
  id: string
  contactId: string
  listId: number
  toNumber: string
  /** False when the message's contact record is gone. */
  contactExists: boolean
  /** The offer of the message's first tracked link, if it has one. */
  linkOfferId: string | null
  /** When the message's first human click (live or imported) happened; null while it has none. */
  firstClickAt: Date | null
  sentAt: Date | null
}

/**
 * The account's messages by the ids the account knows them by (an imported send's is its record's id, import_id),
 * in one query; ids of other accounts are simply absent.
 */
export async function ownedMessages(
  db: Queryable,
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, OwnedMessage>> {
  if (ids.length === 0) return new Map()
  const { rows } = await db.query<{
    id: string
    name: string
    contact_id: string
    list_id: number
    to_number: string
    contact_exists: boolean
    link_offer_id: string | null
    first_click_at: Date | null
    sent_at: Date | null
  }>(
    `SELECT m.id, COALESCE(m.import_id, m.id) AS name, m.contact_id, m.list_id, m.to_number, m.sent_at,
            c.id IS NOT NULL AS contact_exists,
            (SELECT sl.offer_id FROM short_links sl
              WHERE sl.message_id = m.id AND sl.account_id = m.account_id AND sl.offer_id IS NOT NULL
              ORDER BY sl.created_at, sl.code LIMIT 1) AS link_offer_id,
            mc.clicked_at AS first_click_at
       FROM messages m
       LEFT JOIN contacts c ON c.id = m.contact_id
       LEFT JOIN message_clicks mc ON mc.message_id = m.id
      WHERE m.account_id = $1 AND (m.id = ANY($2::text[]) OR m.import_id = ANY($2::text[]))`,
    [accountId, [...new Set(ids)]],
  )
  return new Map(
    rows.map((r) => [
      r.name,
      {
        id: r.id,
        contactId: r.contact_id,
        listId: r.list_id,
        toNumber: r.to_number,
        contactExists: r.contact_exists,
        linkOfferId: r.link_offer_id,
        firstClickAt: r.first_click_at,
        sentAt: r.sent_at,
      },
    ]),
  )
}

/** The caller's messages and offers a batch of records names: one query each, run together. */
export function messagesAndOffers(
  ctx: Pick<EventContext, 'pool' | 'accountId'>,
  messageIds: string[],
  offerIds: string[],
) {
  return Promise.all([
    ownedMessages(ctx.pool, ctx.accountId, messageIds),
    resolveOffers(ctx.pool, ctx.accountId, offerIds),
  ])
}

/**
 * The account's offers named by internal or external id (spec §13: "external or internal"), in one query: ref →
 * internal id. An internal id wins over an external id equal to it; among offers sharing an external id, the
 * oldest. Archived offers still resolve: history and late revenue name offers that have since ended.
 */
export async function resolveOffers(
  db: Queryable,
  accountId: string,
  refs: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(refs)]
  if (unique.length === 0) return new Map()
  const { rows } = await db.query<{ id: string; external_id: string | null }>(
    `SELECT id, external_id FROM offers
      WHERE account_id = $1 AND (id = ANY($2::text[]) OR external_id = ANY($2::text[]))
      ORDER BY created_at DESC, id DESC`,
    [accountId, unique],
  )
  const out = new Map<string, string>()
  // Newest first, so the oldest offer of an external id is written last and wins; internal ids then override.
  for (const r of rows) if (r.external_id !== null) out.set(r.external_id, r.id)
  for (const r of rows) out.set(r.id, r.id)
  return out
}

/** Publishes events keyed by message id and waits for Kafka's acknowledgement of every one. */
export async function publishEvents(
  ctx: Pick<EventContext, 'producer' | 'topicPrefix'>,
  topic: 'sends' | 'clicks' | 'revenue' | 'deliveries',
  events: readonly { message_id: string }[],
): Promise<void> {
  if (events.length === 0) return
  const name = topicName(ctx.topicPrefix, topic)
  await ctx.producer.sendAll(
    events.map((e) => ({ topic: name, key: e.message_id, value: JSON.stringify(e) })),
  )
}

export type RevenueOutcome =
  | { ok: true; revenueId: string; messageId: string; revenue: number }
  | { ok: false; code: ErrorCode; error: string; messageId: string | null }

export interface RevenueBatch {
  outcomes: RevenueOutcome[]
  totalRevenue: number
}

/**
 * Validates, resolves and publishes revenue records. Records fail on their own (spec §0 bulk rules); when Kafka
 * does not take the accepted ones, nothing was recorded and the whole call fails with service_unavailable.
 */
export async function recordRevenue(
  ctx: EventContext,
  records: readonly unknown[],
  options: { imported: boolean },
  now = new Date(),
): Promise<RevenueBatch> {
  const parsed = records.map((raw) => parseRevenueRecord(raw, now))
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []))
  const [messages, offers] = await messagesAndOffers(
    ctx,
    valid.map((r) => r.messageId),
    valid.flatMap((r) => (r.offerId === null ? [] : [r.offerId])),
  )
  const events: RevenueEvent[] = []
  const outcomes = parsed.map((p, index): RevenueOutcome => {
    const given = records[index] as { message_id?: unknown } | null
    if (!p.ok) {
      const named = typeof given?.message_id === 'string' ? given.message_id : null
      return { ok: false, code: p.code, error: p.error, messageId: named }
    }
    const r = p.value
    const message = messages.get(r.messageId)
    if (!message)
      return { ok: false, code: 'message_not_found', error: 'Message not found', messageId: r.messageId }
    if (!message.contactExists)
      return {
        ok: false,
        code: 'contact_not_found',
        error: "The message's contact no longer exists",
        messageId: r.messageId,
      }
    let offerId = message.linkOfferId
    if (r.offerId !== null) {
      const resolved = offers.get(r.offerId)
      if (!resolved)
        return { ok: false, code: 'offer_not_found', error: 'Offer not found', messageId: r.messageId }
      offerId = resolved
    }
    const revenueId = newObjectId(now.getTime())
    events.push({
      event_id: `rev_${revenueId}`,
      account_id: ctx.accountId,
      event_time: r.timestamp.toISOString(),
      message_id: message.id,
      // No click is named: the processors credit the message's first human click, as for any conversion.
      click_id: '',
      network: 'api',
      transaction_id: revenueId,
      conversion_type: 'sale',
      amount: r.revenue,
      source: options.imported ? 'import' : 'api',
      ...(offerId ? { offer_id: offerId } : {}),
      attribution_type: r.attributionType,
      ...(options.imported ? { imported: true } : {}),
    })
    return { ok: true, revenueId, messageId: r.messageId, revenue: r.revenue }
  })
  try {
    await publishEvents(ctx, 'revenue', events)
  } catch (err) {
    ctx.log.error({ err, count: events.length }, 'revenue events not published')
    throw new AppError('service_unavailable', 'Revenue could not be recorded right now; retry the request')
  }
  const totalRevenue = roundMoney(outcomes.reduce((sum, o) => (o.ok ? sum + o.revenue : sum), 0))
  return { outcomes, totalRevenue }
}
