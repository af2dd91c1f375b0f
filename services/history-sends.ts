// History import of sends (spec §14): their lists, contacts and memberships, the message rows and their events.
import type pg from 'pg'
import type { DeliveryEvent, SendEvent } from '../core/events.js'
import {
  type HistorySend,
  importedDeliveryEventId,
  importedSendEventId,
  parseHistorySend,
  recordId,
} from '../core/history.js'
import { newMessageId, newObjectId } from '../core/ids.js'
import { withTransaction } from '../lib/postgres.js'
import { upsertContactRecords } from './contact-records.js'
import {
  type HistoryContext,
  type HistoryReply,
  initialOutcome,
  type Outcome,
  reply,
  SAVE_ERROR,
} from './history-reply.js'
import { publishEvents } from './revenue.js'

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
