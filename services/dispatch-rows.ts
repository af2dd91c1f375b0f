// The dispatch worker's view of a message row: the claimed message, the columns read into it, the batch-by-id SQL
// and the send event built from it.
import { sendableSql } from '../core/eligibility.js'
import type { SendEvent } from '../core/events.js'
import { messageCost } from '../core/pricing.js'

export interface ClaimedMessage {
  id: string
  accountId: string
  listId: number
  contactId: string
  to: string
  /** As stored: masked when the message carries a code (an OTP); then `sealedBody` is what goes out. */
  body: string
  /** The body to send, sealed (core/crypto.ts), for messages whose stored body is masked. */
  sealedBody: string | null
  segments: number
  creativeId: number | null
  scheduleId: string | null
  variant: string | null
  offerIds: string[]
  attempts: number
}

/** What dispatch and the outbox read of a message (alias `m`), with the offers of its links. */
export const MESSAGE_COLUMNS = `m.id, m.account_id, m.list_id, m.contact_id, m.to_number, m.body,
       m.metadata->>'sealed_body' AS sealed_body, m.segments, m.creative_id,
       m.schedule_id, m.variant, m.dispatch_attempts,
       ARRAY(SELECT DISTINCT s.offer_id FROM short_links s
              WHERE s.message_id = m.id AND s.offer_id IS NOT NULL) AS offer_ids`

export interface MessageRow {
  id: string
  account_id: string
  list_id: number
  contact_id: string
  to_number: string
  body: string
  sealed_body: string | null
  segments: number
  creative_id: number | null
  schedule_id: string | null
  variant: string | null
  offer_ids: string[]
  dispatch_attempts: number
}

export const toClaimed = (r: MessageRow): ClaimedMessage => ({
  id: r.id,
  accountId: r.account_id,
  listId: r.list_id,
  contactId: r.contact_id,
  to: r.to_number,
  body: r.body,
  sealedBody: r.sealed_body,
  segments: r.segments,
  creativeId: r.creative_id,
  scheduleId: r.schedule_id,
  variant: r.variant,
  offerIds: r.offer_ids,
  attempts: r.dispatch_attempts,
})

/**
 * The messages of a batch (`param`, a text[] parameter) as `m`, each read by primary key and only by it; `lock`
 * locks them. Conditions on their status belong outside: given `id = ANY(…) AND status = 'queued'` the planner may
 * pick messages_queued_idx, and right after a large send, while the statistics still say few messages are queued,
 * that reads every queued row for each batch (or for each message of it). OFFSET 0 keeps the subquery whole, so
 * no outer condition is pushed into it.
 */
export const batchById = (param: string, lock = '') =>
  `unnest(${param}::text[]) AS wanted(id)
   CROSS JOIN LATERAL (SELECT * FROM messages WHERE id = wanted.id OFFSET 0 ${lock}) m`

/** The ids of a batch whose messages are still queued (see batchById). */
export const queuedById = (param: string) =>
  `(SELECT m.id FROM ${batchById(param)} WHERE m.status = 'queued')`

/** The recipient's list membership may be sent to (core/eligibility.ts). */
export const SENDABLE = sendableSql('lc', 'm.account_id', 'm.to_number', { optional: true })

export function sendEvent(m: ClaimedMessage, provider: string, sentAt: Date, segments: number): SendEvent {
  return {
    event_id: `send_${m.id}`,
    account_id: m.accountId,
    event_time: sentAt.toISOString(),
    message_id: m.id,
    contact_id: m.contactId,
    list_id: m.listId,
    to: m.to,
    provider,
    segments,
    // List price per segment; the volume tier is applied by billing, not per message (spec §20).
    cost: messageCost(segments),
    creative_id: m.creativeId,
    schedule_id: m.scheduleId,
    variant: m.variant,
    offer_ids: m.offerIds,
    imported: false,
  }
}
