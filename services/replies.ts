// Replies (spec §15 "Messages > Replies"): every inbound message of the account's lists, newest first, with what
// the classifier made of it. Scoped by account like every other read.
import type pg from 'pg'
import type { ReplyView } from '../core/views/replies.js'

export async function listReplies(
  pool: pg.Pool,
  accountId: string,
  filter: {
    listNumber?: string | undefined
    kind?: string | undefined
    contactId?: string | undefined
    limit: number
    offset: number
  },
): Promise<{ replies: ReplyView[]; total: number }> {
  const where = `im.account_id = $1 AND ($2::text IS NULL OR im.to_number = $2) AND ($3::text IS NULL OR im.kind = $3)
    AND ($4::text IS NULL OR im.contact_id = $4)`
  const params = [accountId, filter.listNumber ?? null, filter.kind ?? null, filter.contactId ?? null]
  const [rows, count] = await Promise.all([
    pool.query<{
      id: string
      from_number: string
      contact_id: string | null
      to_number: string
      body: string
      kind: ReplyView['kind']
      keyword: string | null
      received_at: Date
    }>(
      `SELECT im.id, im.from_number, im.contact_id, im.to_number, im.body, im.kind, im.keyword, im.received_at
         FROM inbound_messages im WHERE ${where}
        ORDER BY im.received_at DESC, im.id DESC LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM inbound_messages im WHERE ${where}`,
      params,
    ),
  ])
  return {
    replies: rows.rows.map((r) => ({
      id: r.id,
      from: r.from_number,
      contact_id: r.contact_id,
      list_number: r.to_number,
      body: r.body,
      kind: r.kind,
      keyword: r.keyword,
      received_at: r.received_at.toISOString(),
    })),
    total: count.rows[0]?.total ?? 0,
  }
}
