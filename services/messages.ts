// Messages and their tracked links. Each {{linkN}} in a body becomes a unique 7-character short link bound to
// the message, its contact and the offer. A message row is the idempotency key of its one provider call.
import { createHash } from 'node:crypto'
import type pg from 'pg'
import { newMessageId, newObjectId, newShortCode } from '../core/ids.js'
import { fillLinks } from '../core/message-template.js'
import type { LineType } from '../core/phone.js'
import { estimateSegments, type SmsEncoding } from '../core/segments.js'
import type { MessageSummaryView, MessageView } from '../core/views/messages.js'
import { withTransaction } from '../lib/postgres.js'
import { type SelectionColumns, selectionColumns, selectionView } from './bandit.js'
import { upsertContactRecords } from './contact-records.js'

export type LinkTarget = { offerId: string } | { url: string }

export interface NewTrackedMessage {
  accountId: string
  listId: number
  to: string
  /** Body with contact macros already filled; {{linkN}} / {{urlN}} placeholders become tracked short links. */
  body: string
  /**
   * When `body` is a masked copy (an OTP code): the body to send, sealed (core/crypto.ts). Kept in the row's
   * metadata as `sealed_body`, opened only by the dispatcher, removed once the message is sent or has failed.
   */
  sealedBody?: string
  /** What each placeholder points at: an offer of this account, or a plain URL. */
  links: Record<string, LinkTarget>
  /** Short links are printed as `${linkBaseUrl}/${code}`. */
  linkBaseUrl: string
  /** Chosen by the caller when the body names it ({{messageId}}); new otherwise. */
  messageId?: string
  creativeId?: number | null
  metadata?: Record<string, unknown>
  /** Raw-send skip flags (spec §3), checked by the dispatcher. */
  sendFlags?: Record<string, boolean>
  /** Set when the recipient is already a contact on the list (audience sends): no contact upsert is needed. */
  contactId?: string
  /** The numbering plan's line type of `to` when the caller has parsed it (a new contact's starting value). */
  planLineType?: LineType
  /** A campaign message: its schedule, occurrence (one message per contact per occurrence) and variant. */
  scheduleId?: string
  scheduleOccurrence?: string
  variant?: string
  /** Not to be sent before this instant (a local-time send time, or the end of the recipient's quiet hours). */
  sendAfter?: Date | null
  /** The journey enrollment a journey message was sent for. */
  journeyEnrollmentId?: string
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
  return withTransaction(pool, async (client) => (await insertTrackedMessages(client, [input]))[0]!)
}

/** Inserts one message inside the caller's transaction. */
export async function insertTrackedMessage(
  client: pg.PoolClient,
  input: NewTrackedMessage,
): Promise<TrackedMessage> {
  return (await insertTrackedMessages(client, [input]))[0]!
}

/** A short code collided with an existing one; the caller's transaction is retried with fresh codes. */
class ShortCodeCollision extends Error {}

/**
 * Inserts messages of one account, their contacts (global record with area-code facts, and list membership)
 * and their short links with a handful of set-based statements, whatever the number of messages: a bulk send of
 * 1,000 costs about as many round trips as one message. Throws UnknownOfferError when a placeholder names no
 * active offer of the account.
 */
export async function insertTrackedMessages(
  client: pg.PoolClient,
  inputs: readonly NewTrackedMessage[],
): Promise<TrackedMessage[]> {
  if (inputs.length === 0) return []
  const accountId = inputs[0]!.accountId
  const contactIds = await upsertContacts(client, accountId, inputs)
  const offerIds = [
    ...new Set(
      inputs.flatMap((i) => Object.values(i.links).flatMap((t) => ('offerId' in t ? [t.offerId] : []))),
    ),
  ]
  const offerRows = offerIds.length
    ? await client.query<{ id: string; tracking_url: string }>(
        `SELECT id, tracking_url FROM offers WHERE account_id = $1 AND id = ANY($2::text[]) AND status <> 'archived'`,
        [accountId, offerIds],
      )
    : { rows: [] }
  const offerUrl = new Map(offerRows.rows.map((o) => [o.id, o.tracking_url]))
  for (let attempt = 0; ; attempt++) {
    await client.query('SAVEPOINT tracked_messages')
    try {
      const out = await insertWithCodes(client, inputs, contactIds, offerUrl)
      await client.query('RELEASE SAVEPOINT tracked_messages')
      return out
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT tracked_messages')
      if (!(err instanceof ShortCodeCollision) || attempt >= 3) throw err
    }
  }
}

async function insertWithCodes(
  client: pg.PoolClient,
  inputs: readonly NewTrackedMessage[],
  contactIds: Map<string, string>,
  offerUrl: Map<string, string>,
): Promise<TrackedMessage[]> {
  const out: TrackedMessage[] = []
  const links = {
    code: [] as string[],
    message: [] as string[],
    offer: [] as (string | null)[],
    contact: [] as string[],
    url: [] as string[],
  }
  for (const input of inputs) {
    const messageId = input.messageId ?? newMessageId()
    const contactId = contactIds.get(input.to)!
    const minted: TrackedMessage['links'] = []
    const shortUrls: Record<string, string> = {}
    for (const [key, target] of Object.entries(input.links)) {
      const offerId = 'offerId' in target ? target.offerId : null
      const url = offerId ? offerUrl.get(offerId) : 'url' in target ? target.url : undefined
      if (!url) throw new UnknownOfferError(`no active offer of this account is bound to {{${key}}}`)
      const code = newShortCode()
      links.code.push(code)
      links.message.push(messageId)
      links.offer.push(offerId)
      links.contact.push(contactId)
      links.url.push(url)
      minted.push({ key, code, offerId })
      shortUrls[key] = `${input.linkBaseUrl}/${code}`
    }
    const body = fillLinks(input.body, shortUrls)
    const { segments, encoding } = estimateSegments(body)
    out.push({ messageId, contactId, body, segments, encoding, links: minted })
  }
  await client.query(
    `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, segments, creative_id, metadata,
                           content_hash, send_flags, schedule_id, schedule_occurrence, variant, send_after,
                           journey_enrollment_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[],
                          $8::int[], $9::jsonb[], $10::text[], $11::jsonb[], $12::text[], $13::text[], $14::text[],
                          $15::timestamptz[], $16::text[])`,
    [
      out.map((m) => m.messageId),
      inputs.map((i) => i.accountId),
      inputs.map((i) => i.listId),
      out.map((m) => m.contactId),
      inputs.map((i) => i.to),
      out.map((m) => m.body),
      out.map((m) => m.segments),
      inputs.map((i) => i.creativeId ?? null),
      // `sealed_body` is set here only: a caller's metadata can never supply one.
      inputs.map((i) => JSON.stringify({ ...i.metadata, sealed_body: i.sealedBody })),
      inputs.map((i) => contentHash(i.listId, i.to, i.body)),
      inputs.map((i) => JSON.stringify(i.sendFlags ?? {})),
      inputs.map((i) => i.scheduleId ?? null),
      inputs.map((i) => i.scheduleOccurrence ?? null),
      inputs.map((i) => i.variant ?? null),
      inputs.map((i) => i.sendAfter ?? null),
      inputs.map((i) => i.journeyEnrollmentId ?? null),
    ],
  )
  if (links.code.length > 0) {
    const inserted = await client.query(
      `INSERT INTO short_links (code, account_id, message_id, offer_id, contact_id, destination_url)
       SELECT v.code, $1, v.message_id, v.offer_id, v.contact_id, v.url
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS v(code, message_id, offer_id, contact_id, url)
       ON CONFLICT (code) DO NOTHING`,
      [inputs[0]!.accountId, links.code, links.message, links.offer, links.contact, links.url],
    )
    // 62^7 ≈ 3.5e12 codes: a collision is rare, and then the whole batch is minted again.
    if (inserted.rowCount !== links.code.length) throw new ShortCodeCollision()
  }
  return out
}

/** The duplicate guard's key: the same body (before its links are minted) from the same list to the same number. */
export function contentHash(listId: number, to: string, body: string): string {
  return createHash('sha256').update(`${listId}\n${to}\n${body}`).digest('base64url')
}

/** The account's contact records and their list memberships; returns contact id by number. */
async function upsertContacts(
  client: pg.PoolClient,
  accountId: string,
  all: readonly NewTrackedMessage[],
): Promise<Map<string, string>> {
  const known = new Map(all.flatMap((i) => (i.contactId ? [[i.to, i.contactId] as const] : [])))
  const inputs = all.filter((i) => !i.contactId)
  if (inputs.length === 0) return known
  const records = await upsertContactRecords(
    client,
    accountId,
    inputs.map((i) => ({ phoneNumber: i.to, planLineType: i.planLineType })),
  )
  const byPhone = new Map([...known, ...[...records].map(([phone, r]) => [phone, r.id] as const)])
  const memberships = [...new Map(inputs.map((i) => [`${i.listId}|${i.to}`, i])).values()]
  await client.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id)
     SELECT v.id, $1, v.list_id, v.contact_id FROM unnest($2::text[], $3::int[], $4::text[]) AS v(id, list_id, contact_id)
     ORDER BY v.list_id, v.contact_id
     ON CONFLICT (list_id, contact_id) DO NOTHING`,
    [
      accountId,
      memberships.map(() => newObjectId()),
      memberships.map((m) => m.listId),
      memberships.map((m) => byPhone.get(m.to)!),
    ],
  )
  return byPhone
}

export async function getMessage(pool: pg.Pool, accountId: string, id: string): Promise<MessageView | null> {
  type Timestamps = 'created_at' | 'sent_at' | 'status_updated_at'
  const { rows } = await pool.query<
    Omit<MessageView, 'to' | Timestamps | 'selection'> &
      SelectionColumns & {
        to_number: string
        created_at: Date
        sent_at: Date | null
        status_updated_at: Date | null
      }
  >(
    `SELECT COALESCE(m.import_id, m.id) AS id, m.to_number, sl.phone_number AS list_number, m.body, m.segments,
            m.status, m.status_detail,
            m.provider, m.provider_message_id, m.provider_error_code, m.compliance_bypassed, m.send_flags,
            m.created_at, m.sent_at, m.status_updated_at, ${selectionColumns('cs')}
       FROM messages m JOIN sending_lists sl ON sl.id = m.list_id
       LEFT JOIN creative_selections cs ON cs.message_id = m.id AND cs.account_id = m.account_id
      WHERE m.account_id = $1 AND (m.id = $2 OR m.import_id = $2)`,
    [accountId, id],
  )
  const r = rows[0]
  if (!r) return null
  const {
    to_number,
    created_at,
    sent_at,
    status_updated_at,
    sel_creative_id,
    sel_offer_id,
    sel_mode,
    sel_score,
    sel_context,
    sel_candidates,
    ...rest
  } = r
  return {
    ...rest,
    selection: selectionView({
      sel_creative_id,
      sel_offer_id,
      sel_mode,
      sel_score,
      sel_context,
      sel_candidates,
    }),
    to: to_number,
    created_at: created_at.toISOString(),
    sent_at: sent_at?.toISOString() ?? null,
    status_updated_at: status_updated_at?.toISOString() ?? null,
  }
}

/**
 * GET /messages: the account's messages, or one contact's (by its id, or by the number they went to), newest
 * first. The indexes on (account_id, created_at) and (contact_id, created_at) serve them; a number resolves to the
 * account's contact first.
 */
export async function listMessages(
  pool: pg.Pool,
  accountId: string,
  filter: { contactId?: string | undefined; to?: string | undefined; limit: number; offset: number },
): Promise<{ messages: MessageSummaryView[]; total: number }> {
  const params: unknown[] = [accountId]
  let where = 'm.account_id = $1'
  if (filter.contactId !== undefined) {
    params.push(filter.contactId)
    where += ' AND m.contact_id = $2'
  } else if (filter.to !== undefined) {
    params.push(filter.to)
    where +=
      ' AND m.contact_id = (SELECT c.id FROM contacts c WHERE c.account_id = $1 AND c.phone_number = $2)'
  }
  const [{ rows }, { rows: counted }] = await Promise.all([
    pool.query<
      Omit<MessageSummaryView, 'to' | 'created_at' | 'sent_at'> & {
        to_number: string
        created_at: Date
        sent_at: Date | null
      }
    >(
      `SELECT COALESCE(m.import_id, m.id) AS id, m.contact_id, m.to_number, sl.phone_number AS list_number, m.body,
              m.segments, m.status, m.status_detail, m.created_at, m.sent_at
         FROM messages m JOIN sending_lists sl ON sl.id = m.list_id
        WHERE ${where}
        ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM messages m WHERE ${where}`, params),
  ])
  return {
    total: counted[0]?.total ?? 0,
    messages: rows.map(({ to_number, created_at, sent_at, ...rest }) => ({
      ...rest,
      to: to_number,
      created_at: created_at.toISOString(),
      sent_at: sent_at?.toISOString() ?? null,
    })),
  }
}
