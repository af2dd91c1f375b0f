// Messages and their tracked links. Each {{linkN}} in a body becomes a unique 7-character short link bound to
// the message, its contact and the offer. A message row is the idempotency key of its one provider call.
import type pg from 'pg'
import type { SendEvent } from '../core/events.js'
import { newMessageId, newObjectId, newShortCode } from '../core/ids.js'

export interface NewTrackedMessage {
  accountId: string
  listId: number
  to: string
  body: string
  /** Offer bound to each placeholder, e.g. { link1: '<offer id>' }. */
  offers: Record<string, string>
  linkBaseUrl: string
  creativeId?: number | null
}

export interface TrackedMessage {
  messageId: string
  contactId: string
  body: string
  links: { key: string; code: string; offerId: string }[]
}

const PLACEHOLDER = /\{\{(link\d+)\}\}/g

export class UnknownOfferError extends Error {
  override name = 'UnknownOfferError'
}

export async function createTrackedMessage(pool: pg.Pool, input: NewTrackedMessage): Promise<TrackedMessage> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const contactId = await upsertContact(client, input.accountId, input.listId, input.to)
    const messageId = newMessageId()
    const keys = [...new Set([...input.body.matchAll(PLACEHOLDER)].map((m) => m[1]!))]
    const offerRows = await client.query<{ id: string; tracking_url: string }>(
      `SELECT id, tracking_url FROM offers WHERE account_id = $1 AND id = ANY($2::text[]) AND status <> 'archived'`,
      [input.accountId, keys.map((k) => input.offers[k] ?? '')],
    )
    const offerUrl = new Map(offerRows.rows.map((o) => [o.id, o.tracking_url]))
    await client.query(
      `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, creative_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [messageId, input.accountId, input.listId, contactId, input.to, input.body, input.creativeId ?? null],
    )
    const links: TrackedMessage['links'] = []
    for (const key of keys) {
      const offerId = input.offers[key]
      const url = offerId ? offerUrl.get(offerId) : undefined
      if (!offerId || !url)
        throw new UnknownOfferError(`no active offer of this account is bound to {{${key}}}`)
      const code = await insertShortLink(client, {
        accountId: input.accountId,
        messageId,
        offerId,
        contactId,
        url,
      })
      links.push({ key, code, offerId })
    }
    const rendered = input.body.replace(PLACEHOLDER, (_m, key: string) => {
      const link = links.find((l) => l.key === key)!
      return `${input.linkBaseUrl}/${link.code}`
    })
    await client.query('UPDATE messages SET body = $2 WHERE id = $1', [messageId, rendered])
    await client.query('COMMIT')
    return { messageId, contactId, body: rendered, links }
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
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
    offerId: string
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
    `UPDATE messages m SET status = 'sent', sent_at = now(), provider = $2
      WHERE m.id = ANY($1::text[]) AND m.status = 'queued'
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
