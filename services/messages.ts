// Messages and their tracked links. Each {{linkN}} in a body becomes a unique 7-character short link bound to
// the message, its contact and the offer. A message row is the idempotency key of its one provider call.
import type pg from 'pg'
import type { RecipientWindowFacts } from '../core/dispatch-plan.js'
import type { SendEvent } from '../core/events.js'
import { newMessageId, newObjectId, newShortCode } from '../core/ids.js'
import { fillLinks } from '../core/message-template.js'
import { estimateSegments, type SmsEncoding } from '../core/segments.js'
import { withTransaction } from '../lib/postgres.js'

export type LinkTarget = { offerId: string } | { url: string }

export interface NewTrackedMessage {
  accountId: string
  listId: number
  to: string
  /** Body with contact macros already filled; {{linkN}} / {{urlN}} placeholders become tracked short links. */
  body: string
  /** What each placeholder points at: an offer of this account, or a plain URL. */
  links: Record<string, LinkTarget>
  /** Short links are printed as `${linkBaseUrl}/${code}`. */
  linkBaseUrl: string
  /** Chosen by the caller when the body names it ({{messageId}}); new otherwise. */
  messageId?: string
  creativeId?: number | null
  metadata?: Record<string, unknown>
}

export interface TrackedMessage {
  messageId: string
  contactId: string
  body: string
  segments: number
  encoding: SmsEncoding
  links: { key: string; code: string; offerId: string | null }[]
}

export class UnknownOfferError extends Error {
  override name = 'UnknownOfferError'
}

export function createTrackedMessage(pool: pg.Pool, input: NewTrackedMessage): Promise<TrackedMessage> {
  return withTransaction(pool, (client) => insertTrackedMessage(client, input))
}

/** Inserts a message, its contact and its short links inside the caller's transaction. */
async function insertTrackedMessage(
  client: pg.PoolClient,
  input: NewTrackedMessage,
): Promise<TrackedMessage> {
  const contactId = await upsertContact(client, input.accountId, input.listId, input.to)
  const messageId = input.messageId ?? newMessageId()
  const keys = Object.keys(input.links)
  const offerIds = keys.flatMap((k) => {
    const target = input.links[k]!
    return 'offerId' in target ? [target.offerId] : []
  })
  const offerRows = offerIds.length
    ? await client.query<{ id: string; tracking_url: string }>(
        `SELECT id, tracking_url FROM offers WHERE account_id = $1 AND id = ANY($2::text[]) AND status <> 'archived'`,
        [input.accountId, offerIds],
      )
    : { rows: [] }
  const offerUrl = new Map(offerRows.rows.map((o) => [o.id, o.tracking_url]))
  await client.query(
    `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, creative_id, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      messageId,
      input.accountId,
      input.listId,
      contactId,
      input.to,
      input.body,
      input.creativeId ?? null,
      input.metadata ?? {},
    ],
  )
  const links: TrackedMessage['links'] = []
  const shortUrls: Record<string, string> = {}
  for (const key of keys) {
    const target = input.links[key]!
    const offerId = 'offerId' in target ? target.offerId : null
    const url = offerId ? offerUrl.get(offerId) : 'url' in target ? target.url : undefined
    if (!url) throw new UnknownOfferError(`no active offer of this account is bound to {{${key}}}`)
    const code = await insertShortLink(client, {
      accountId: input.accountId,
      messageId,
      offerId,
      contactId,
      url,
    })
    links.push({ key, code, offerId })
    shortUrls[key] = `${input.linkBaseUrl}/${code}`
  }
  const rendered = fillLinks(input.body, shortUrls)
  const { segments, encoding } = estimateSegments(rendered)
  await client.query('UPDATE messages SET body = $2, segments = $3 WHERE id = $1', [
    messageId,
    rendered,
    segments,
  ])
  return { messageId, contactId, body: rendered, segments, encoding, links }
}

async function upsertContact(
  client: pg.PoolClient,
  accountId: string,
  listId: number,
  phone: string,
): Promise<string> {
  const contact = await client.query<{ id: string }>(
    `INSERT INTO contacts (id, phone_number) VALUES ($1, $2)
     ON CONFLICT (phone_number) DO UPDATE SET phone_number = EXCLUDED.phone_number RETURNING id`,
    [newObjectId(), phone],
  )
  const contactId = contact.rows[0]!.id
  await client.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (list_id, contact_id) DO NOTHING`,
    [newObjectId(), accountId, listId, contactId],
  )
  return contactId
}

/** Mints a code that is not taken yet (62^7 ≈ 3.5e12 codes, so a retry is rare and more than one rarer still). */
async function insertShortLink(
  client: pg.PoolClient,
  link: {
    accountId: string
    messageId: string | null
    offerId: string | null
    contactId: string | null
    url: string
  },
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newShortCode()
    const inserted = await client.query(
      `INSERT INTO short_links (code, account_id, message_id, offer_id, contact_id, destination_url)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
      [code, link.accountId, link.messageId, link.offerId, link.contactId, link.url],
    )
    if (inserted.rowCount === 1) return code
  }
  throw new Error('could not mint a unique short code')
}

/**
 * Claims queued messages (queued → sent happens once per row, whatever retries happen) and returns the send
 * events of those this call claimed; messages already claimed elsewhere are skipped.
 *
 * Compliance is re-checked here, at the moment of sending and in the same transaction as the claim (invariant 1):
 * a message whose list contact unsubscribed, whose number is blocked account-wide, or whose list is no longer
 * active is dropped with the spec's reason (`contact_blocked`, `inactive_list`) instead — even when the opt-out
 * arrived while it was queued.
 */
export async function claimForSending(
  pool: pg.Pool,
  messageIds: string[],
  provider: string,
): Promise<SendEvent[]> {
  const { rows } = await pool.query<{
    id: string
    account_id: string
    contact_id: string
    list_id: number
    to_number: string
    segments: number
    creative_id: number | null
    schedule_id: string | null
    variant: string | null
    sent_at: Date
    offer_ids: string[]
  }>(
    `WITH claimable AS (
       SELECT m.id,
              CASE
                WHEN sl.status <> 'active' THEN 'inactive_list'
                WHEN lc.active IS NOT TRUE THEN 'contact_blocked'
                WHEN EXISTS (SELECT 1 FROM contact_blocks b
                              WHERE b.account_id = m.account_id AND b.phone_number = m.to_number) THEN 'contact_blocked'
              END AS drop_reason
         FROM messages m
         JOIN sending_lists sl ON sl.id = m.list_id
         LEFT JOIN list_contacts lc ON lc.list_id = m.list_id AND lc.contact_id = m.contact_id
        WHERE m.id = ANY($1::text[]) AND m.status = 'queued'
          FOR UPDATE OF m
     ),
     dropped AS (
       UPDATE messages m SET status = 'dropped', status_detail = c.drop_reason
         FROM claimable c WHERE m.id = c.id AND c.drop_reason IS NOT NULL
     )
     UPDATE messages m SET status = 'sent', sent_at = now(), provider = $2
       FROM claimable c
      WHERE m.id = c.id AND c.drop_reason IS NULL
      RETURNING m.id, m.account_id, m.contact_id, m.list_id, m.to_number, m.segments, m.creative_id,
                m.schedule_id, m.variant, m.sent_at,
                ARRAY(SELECT DISTINCT s.offer_id FROM short_links s WHERE s.message_id = m.id AND s.offer_id IS NOT NULL) AS offer_ids`,
    [messageIds, provider],
  )
  return rows.map((r) => ({
    event_id: `send_${r.id}`,
    account_id: r.account_id,
    event_time: r.sent_at.toISOString(),
    message_id: r.id,
    contact_id: r.contact_id,
    list_id: r.list_id,
    to: r.to_number,
    provider,
    segments: r.segments,
    cost: 0,
    creative_id: r.creative_id,
    schedule_id: r.schedule_id,
    variant: r.variant,
    offer_ids: r.offer_ids,
    imported: false,
  }))
}

/** What decides each queued message's sending window (quiet hours), for the dispatch plan. */
export async function recipientWindows(pool: pg.Pool, messageIds: string[]): Promise<RecipientWindowFacts[]> {
  const { rows } = await pool.query<{
    id: string
    timezone: string | null
    state: string | null
    account_timezone: string | null
    exempt: boolean
  }>(
    `SELECT m.id, c.timezone, c.state, a.settings->>'timezone' AS account_timezone,
            (COALESCE((m.metadata->>'transactional')::boolean, false)
              OR a.settings->'messaging'->>'quiet_hours' = 'false') AS exempt
       FROM messages m
       JOIN contacts c ON c.id = m.contact_id
       JOIN accounts a ON a.id = m.account_id
      WHERE m.id = ANY($1::text[]) AND m.status = 'queued'`,
    [messageIds],
  )
  return rows.map((r) => ({
    messageId: r.id,
    timezone: r.timezone,
    state: r.state,
    accountTimezone: r.account_timezone,
    exempt: r.exempt,
  }))
}

/** Records that messages wait for their recipients' window (they stay queued, and are not stale before it). */
export async function holdUntil(pool: pg.Pool, messageIds: string[], sendAfter: Date): Promise<void> {
  await pool.query(`UPDATE messages SET send_after = $2 WHERE id = ANY($1::text[]) AND status = 'queued'`, [
    messageIds,
    sendAfter,
  ])
}

/** Messages grouped by their sending list, with each list's configured rate. */
export async function byListRate(
  pool: pg.Pool,
  messageIds: string[],
): Promise<Map<number, { perMinute: number; messageIds: string[] }>> {
  const { rows } = await pool.query<{ id: string; list_id: number; per_minute: number }>(
    `SELECT m.id, m.list_id, sl.send_rate_per_minute AS per_minute
       FROM messages m JOIN sending_lists sl ON sl.id = m.list_id
      WHERE m.id = ANY($1::text[]) ORDER BY m.created_at, m.id`,
    [messageIds],
  )
  const lists = new Map<number, { perMinute: number; messageIds: string[] }>()
  for (const r of rows) {
    const entry = lists.get(r.list_id) ?? { perMinute: r.per_minute, messageIds: [] }
    entry.messageIds.push(r.id)
    lists.set(r.list_id, entry)
  }
  return lists
}
