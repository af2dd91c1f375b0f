// A message's lifecycle as one ordered timeline (issue 14, message detail): queued, sent, dropped, each delivery
// receipt with its reason, every click with its bot mark, conversions, and the replies its recipient sent back on
// that list before the next message reached them.
import type pg from 'pg'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { type MessageEvents, messageEvents } from '../analytics/message-events.js'
import type { ReplyKind } from '../core/reply-classifier.js'
import type { TimelineEntryView } from '../core/views/messages.js'

export interface MessageFacts {
  created_at: Date
  sent_at: Date | null
  status: string
  status_detail: string | null
  provider: string | null
  provider_error_code: string | null
  status_updated_at: Date | null
}

export interface ReplyFacts {
  id: string
  received_at: Date
  kind: ReplyKind
  body: string
}

/** Equal instants keep the lifecycle's order. */
const RANK: Record<TimelineEntryView['type'], number> = {
  queued: 0,
  dropped: 1,
  sent: 2,
  delivery: 3,
  click: 4,
  conversion: 5,
  reply: 6,
}

const TERMINAL = new Set(['delivered', 'undelivered', 'failed'])

/** The timeline of one message from its row, its ClickHouse events and its replies, oldest first. */
export function timelineOf(
  m: MessageFacts,
  events: MessageEvents,
  replies: readonly ReplyFacts[],
): TimelineEntryView[] {
  const out: TimelineEntryView[] = [{ type: 'queued', at: m.created_at.toISOString() }]
  const changed = (m.status_updated_at ?? m.created_at).toISOString()
  if (m.status === 'dropped' || m.status === 'orphaned') {
    out.push({ type: 'dropped', at: changed, status: m.status, reason: m.status_detail })
  }
  if (m.sent_at) out.push({ type: 'sent', at: m.sent_at.toISOString(), provider: m.provider })
  for (const r of events.receipts) {
    out.push({
      type: 'delivery',
      at: r.at,
      status: r.status,
      status_detail: r.status_detail || null,
      error_code: r.error_code,
    })
  }
  // A final status with no receipt behind it (a provider that refused the send outright): from the message row.
  if (TERMINAL.has(m.status) && !events.receipts.some((r) => r.status === m.status)) {
    out.push({
      type: 'delivery',
      at: changed,
      status: m.status,
      status_detail: m.status_detail,
      error_code: m.provider_error_code,
    })
  }
  for (const c of events.clicks) {
    out.push({
      type: 'click',
      at: c.at,
      human: !c.is_bot,
      bot_reason: c.bot_reason || null,
      first: c.is_first,
      kind: c.kind,
      offer_id: c.offer_id,
      country: c.country || null,
    })
  }
  for (const v of events.conversions) {
    out.push({
      type: 'conversion',
      at: v.at,
      network: v.network,
      payout: v.amount,
      conversion_type: v.conversion_type,
      source: v.source,
      credited: v.credited,
    })
  }
  for (const r of replies) {
    out.push({
      type: 'reply',
      at: r.received_at.toISOString(),
      reply_id: r.id,
      kind: r.kind,
      opt_out: r.kind === 'opt_out',
      text: r.body,
    })
  }
  return out
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => {
      const byTime = Date.parse(a.entry.at) - Date.parse(b.entry.at)
      if (byTime !== 0) return byTime
      return RANK[a.entry.type] - RANK[b.entry.type] || a.i - b.i
    })
    .map(({ entry }) => entry)
}

/** Replies the recipient sent on the message's list from its creation until the next message to them there. */
const REPLIES_SQL = `
  SELECT im.id, im.received_at, im.kind, im.body
    FROM messages m
    JOIN inbound_messages im
      ON im.account_id = m.account_id AND im.list_id = m.list_id
     AND (im.contact_id = m.contact_id OR im.from_number = m.to_number)
     AND im.received_at >= m.created_at
     AND im.received_at < COALESCE(
           (SELECT min(n.created_at) FROM messages n
             WHERE n.contact_id = m.contact_id AND n.list_id = m.list_id AND n.created_at > m.created_at),
           'infinity')
   WHERE m.account_id = $1 AND m.id = $2
   ORDER BY im.received_at, im.id
   LIMIT 100`

/** The timeline of a message of the account (by its id or its import id); null when the account has none such. */
export async function messageTimeline(
  pool: pg.Pool,
  ch: ClickHouse,
  accountId: string,
  id: string,
): Promise<TimelineEntryView[] | null> {
  const { rows } = await pool.query<MessageFacts & { id: string }>(
    `SELECT id, created_at, sent_at, status, status_detail, provider, provider_error_code, status_updated_at
       FROM messages WHERE account_id = $1 AND (id = $2 OR import_id = $2)`,
    [accountId, id],
  )
  const message = rows[0]
  if (!message) return null
  const [events, replies] = await Promise.all([
    messageEvents(ch, accountId, message.id),
    pool.query<ReplyFacts>(REPLIES_SQL, [accountId, message.id]),
  ])
  return timelineOf(message, events, replies.rows)
}
