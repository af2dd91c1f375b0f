// What the dispatch worker reads and writes in Postgres. The message row is the source of truth and the
// idempotency key of its one provider call: a message is claimed (committed) before the provider is called, and a
// claimed message is never claimed again — unless the provider answered that it certainly did not take it.
import type pg from 'pg'
import type { RecipientWindowFacts } from '../core/dispatch-plan.js'
import type { ContactEvent, SendEvent } from '../core/events.js'
import type { ProviderName, SendResult } from '../providers/types.js'
import { unsubscribeMembers } from './contacts.js'
import {
  batchById,
  type ClaimedMessage,
  MESSAGE_COLUMNS,
  type MessageRow,
  queuedById,
  SENDABLE,
  sendEvent,
  toClaimed,
} from './dispatch-rows.js'

export type { ClaimedMessage } from './dispatch-rows.js'
export { type SendingContext, sendingContexts } from './sending-context.js'

/** Spec §2 duplicate guard: an identical message to the same recipient within this window is dropped. */
export const DUPLICATE_WINDOW_MINUTES = 5
/** A retryable provider refusal is retried this many times in all before the message fails. */
export const MAX_DISPATCH_ATTEMPTS = 5
/** A claim older than this whose provider call never reported back (worker killed mid-call) is failed. */
export const INTERRUPTED_CLAIM_MINUTES = 10

/**
 * Claims queued messages for one provider call each, re-checking compliance at the moment of sending in the same
 * statement (invariant 1). Messages that must not go out are dropped with the spec's reason instead:
 * `inactive_list`, `webhook_not_configured` (a BYOC list whose webhooks never reached us), `contact_blocked`
 * (unsubscribed from the list or blocked account-wide; a raw send with `skip_contact_validation` goes anyway and
 * is recorded as `compliance_bypassed`), and `duplicate` (an identical message to the same number within
 * DUPLICATE_WINDOW_MINUTES, unless `skip_duplicate_check`). Rows locked by another worker are skipped.
 */
export async function claimForDispatch(pool: pg.Pool, messageIds: string[]): Promise<ClaimedMessage[]> {
  const { rows } = await pool.query<MessageRow>(
    `WITH candidates AS (
       SELECT m.id,
              CASE
                WHEN sl.status <> 'active' THEN 'inactive_list'
                WHEN sl.byoc AND sl.webhook_verified_at IS NULL THEN 'webhook_not_configured'
                WHEN (m.send_flags->>'skip_contact_validation')::boolean IS NOT TRUE
                     AND NOT ${SENDABLE} THEN 'contact_blocked'
                WHEN m.content_hash IS NOT NULL
                     AND (m.send_flags->>'skip_duplicate_check')::boolean IS NOT TRUE
                     -- The hash names the list (so the account), recipient and body: matching it alone keeps
                     -- the planner on messages_content_hash_idx.
                     AND EXISTS (SELECT 1 FROM messages o
                                  WHERE o.content_hash = m.content_hash AND o.id <> m.id
                                    AND o.status NOT IN ('dropped', 'failed')
                                    AND o.created_at >= m.created_at - make_interval(mins => $2)
                                    AND (o.created_at, o.id) < (m.created_at, m.id)) THEN 'duplicate'
              END AS drop_reason,
              NOT ${SENDABLE} AS not_sendable
         -- Every row of the batch is locked (one already sent too, until this statement commits); the status is
         -- checked on the locked, newest version.
         FROM ${batchById('$1', 'FOR UPDATE SKIP LOCKED')}
         JOIN sending_lists sl ON sl.id = m.list_id
         LEFT JOIN list_contacts lc ON lc.list_id = m.list_id AND lc.contact_id = m.contact_id
        WHERE m.status = 'queued' AND m.claimed_at IS NULL
     ),
     dropped AS (
       UPDATE messages m SET status = 'dropped', status_detail = c.drop_reason, status_updated_at = now(),
              metadata = m.metadata - 'sealed_body'
         FROM candidates c WHERE m.id = c.id AND c.drop_reason IS NOT NULL
     )
     UPDATE messages m SET claimed_at = now(), dispatch_attempts = m.dispatch_attempts + 1,
            compliance_bypassed = c.not_sendable
       FROM candidates c
      WHERE m.id = c.id AND c.drop_reason IS NULL
      RETURNING ${MESSAGE_COLUMNS}`,
    [messageIds, DUPLICATE_WINDOW_MINUTES],
  )
  return rows.map(toClaimed)
}

export interface DispatchResult {
  message: ClaimedMessage
  result: SendResult
}

export interface RecordedResults {
  /** Send events of the messages the provider accepted. */
  sent: SendEvent[]
  /** Contacts the provider's answer unsubscribed (opted out at the carrier, or a number that cannot get SMS). */
  unsubscribed: ContactEvent[]
  /** Messages the provider refused for now, released to be claimed again after a delay. */
  retry: string[]
}

/**
 * Writes what the providers answered: accepted → `sent` (never over a status a fast receipt already moved
 * forward), retryable → released for another claim (or `failed` once MAX_DISPATCH_ATTEMPTS are spent),
 * failed → `failed` with the provider's code, and the contact marked (opted out at the carrier → unsubscribed
 * with reason `message`; a number that cannot receive SMS → invalid, unsubscribed as `invalid_contact`).
 */
export async function recordDispatchResults(
  pool: pg.Pool,
  provider: ProviderName,
  results: DispatchResult[],
): Promise<RecordedResults> {
  const accepted = results.flatMap(({ message, result }) =>
    result.outcome === 'accepted' ? [{ message, result }] : [],
  )
  const sent: SendEvent[] = []
  const unsubscribed: ContactEvent[] = []
  if (accepted.length > 0) {
    // The send event goes to the outbox in the same statement; publishing it to Kafka takes it out.
    const { rows } = await pool.query<{ id: string; sent_at: Date; segments: number }>(
      `WITH sent AS (
         UPDATE messages m SET status = CASE WHEN m.status = 'queued' THEN 'sent' ELSE m.status END,
                sent_at = COALESCE(m.sent_at, now()), provider = $2, provider_message_id = v.provider_message_id,
                segments = COALESCE(v.segments, m.segments), status_updated_at = now(),
                metadata = m.metadata - 'sealed_body'
           FROM unnest($1::text[], $3::text[], $4::int[]) AS v(id, provider_message_id, segments)
          WHERE m.id = v.id
          RETURNING m.id, m.sent_at, m.segments
       ),
       outbox AS (
         INSERT INTO send_outbox (message_id, sent_at) SELECT id, sent_at FROM sent
         ON CONFLICT (message_id) DO NOTHING
       )
       SELECT id, sent_at, segments FROM sent`,
      [
        accepted.map((a) => a.message.id),
        provider,
        accepted.map((a) => (a.result.outcome === 'accepted' ? a.result.providerMessageId : '')),
        accepted.map((a) => (a.result.outcome === 'accepted' ? (a.result.segments ?? null) : null)),
      ],
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const { message } of accepted) {
      const row = byId.get(message.id)
      if (row) sent.push(sendEvent(message, provider, row.sent_at, row.segments))
    }
  }

  const retryable = results.filter((r) => r.result.outcome === 'retryable')
  const retry: string[] = []
  if (retryable.length > 0) {
    const { rows } = await pool.query<{ id: string; released: boolean }>(
      `UPDATE messages m
          SET claimed_at = CASE WHEN m.dispatch_attempts < $3 THEN NULL ELSE m.claimed_at END,
              status = CASE WHEN m.dispatch_attempts < $3 THEN m.status ELSE 'failed' END,
              status_detail = CASE WHEN m.dispatch_attempts < $3 THEN m.status_detail ELSE 'provider_unavailable' END,
              provider_error_code = v.code, provider = $2, status_updated_at = now(),
              metadata = CASE WHEN m.dispatch_attempts < $3 THEN m.metadata ELSE m.metadata - 'sealed_body' END
         FROM unnest($1::text[], $4::text[]) AS v(id, code), ${queuedById('$1')} AS q
        WHERE m.id = v.id AND q.id = v.id
        RETURNING m.id, m.claimed_at IS NULL AS released`,
      [
        retryable.map((r) => r.message.id),
        provider,
        MAX_DISPATCH_ATTEMPTS,
        retryable.map((r) => (r.result.outcome === 'retryable' ? r.result.code : '')),
      ],
    )
    retry.push(...rows.filter((r) => r.released).map((r) => r.id))
  }

  const failed = results.flatMap(({ message, result }) =>
    result.outcome === 'failed' ? [{ message, result }] : [],
  )
  if (failed.length > 0) {
    await pool.query(
      `UPDATE messages m SET status = 'failed', status_detail = v.detail, provider_error_code = v.code,
              provider = $2, status_updated_at = now(), metadata = m.metadata - 'sealed_body'
         FROM unnest($1::text[], $3::text[], $4::text[]) AS v(id, code, detail)
        WHERE m.id = v.id AND m.status IN ('queued', 'sent')`,
      [
        failed.map((f) => f.message.id),
        provider,
        failed.map((f) => f.result.code),
        failed.map((f) =>
          f.result.recipientOptedOut
            ? 'recipient_opted_out'
            : f.result.invalidRecipient
              ? 'invalid_phone'
              : 'provider_rejected',
        ),
      ],
    )
    const optedOut = failed.filter((f) => f.result.recipientOptedOut).map((f) => f.message)
    const invalid = failed.filter((f) => f.result.invalidRecipient).map((f) => f.message)
    if (optedOut.length > 0) unsubscribed.push(...(await unsubscribeMembers(pool, optedOut, 'message')))
    if (invalid.length > 0) {
      // The sending account's own record: the provider told this account, and another account's record of the
      // number stays as it was.
      await pool.query(
        `UPDATE contacts SET is_valid = false, validation_status = 'invalid' WHERE id = ANY($1::text[])`,
        [invalid.map((m) => m.contactId)],
      )
      unsubscribed.push(...(await unsubscribeMembers(pool, invalid, 'invalid_contact')))
    }
  }
  return { sent, retry, unsubscribed }
}

/**
 * Takes send events that are in Kafka out of the outbox, so the sweep does not publish them again. The outbox is a
 * narrow table of its own: marking the wide, much-indexed messages row instead cost a new version of it with an
 * entry in each of its indexes.
 */
export async function markSendEventsPublished(pool: pg.Pool, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return
  await pool.query(`DELETE FROM send_outbox WHERE message_id = ANY($1::text[])`, [messageIds])
}

/**
 * Outbox sweep: send events of messages marked sent whose publication was not confirmed (the worker died between
 * the Postgres write and Kafka's acknowledgement). Their event ids are stable, so publishing twice is harmless.
 */
export async function unpublishedSendEvents(
  pool: pg.Pool,
  olderThanSeconds = 60,
  limit = 5_000,
): Promise<SendEvent[]> {
  const { rows } = await pool.query<MessageRow & { provider: string; sent_at: Date }>(
    `SELECT ${MESSAGE_COLUMNS}, m.provider, m.sent_at
       FROM send_outbox o JOIN messages m ON m.id = o.message_id
      WHERE o.sent_at < now() - make_interval(secs => $1)
      ORDER BY o.sent_at LIMIT $2`,
    [olderThanSeconds, limit],
  )
  return rows.map((r) => sendEvent(toClaimed(r), r.provider, r.sent_at, r.segments))
}

/**
 * Claims whose provider call never reported back (the worker died between claim and answer) become `failed` with
 * `dispatch_interrupted`: whether the provider took the message is unknown, and calling it again could send twice.
 */
export async function failInterruptedClaims(
  pool: pg.Pool,
  olderThanMinutes = INTERRUPTED_CLAIM_MINUTES,
): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE messages SET status = 'failed', status_detail = 'dispatch_interrupted', status_updated_at = now()
      WHERE status = 'queued' AND claimed_at < now() - make_interval(mins => $1)`,
    [olderThanMinutes],
  )
  return rowCount ?? 0
}

/** What dispatch decides before claiming a message: its sending window (quiet hours) and its list's rate. */
export interface DispatchFacts extends RecipientWindowFacts {
  listId: number
  /** The list's configured rate. */
  perMinute: number
  /** A raw send with `skip_rate_limit`: not counted against the rate. */
  unlimited: boolean
}

/** The facts of each message of the batch still queued and unclaimed, oldest first, in one read. */
export async function dispatchFacts(pool: pg.Pool, messageIds: string[]): Promise<DispatchFacts[]> {
  const { rows } = await pool.query<{
    id: string
    timezone: string | null
    state: string | null
    account_timezone: string | null
    exempt: boolean
    list_id: number
    per_minute: number
    unlimited: boolean
  }>(
    `SELECT m.id, c.timezone, c.state, a.settings->>'timezone' AS account_timezone,
            (COALESCE((m.metadata->>'transactional')::boolean, false)
              OR a.settings->'messaging'->>'quiet_hours' = 'false') AS exempt,
            m.list_id, sl.send_rate_per_minute AS per_minute,
            COALESCE((m.send_flags->>'skip_rate_limit')::boolean, false) AS unlimited
       FROM ${batchById('$1')}
       JOIN contacts c ON c.id = m.contact_id
       JOIN accounts a ON a.id = m.account_id
       JOIN sending_lists sl ON sl.id = m.list_id
      WHERE m.status = 'queued' AND m.claimed_at IS NULL
      ORDER BY m.created_at, m.id`,
    [messageIds],
  )
  return rows.map((r) => ({
    messageId: r.id,
    timezone: r.timezone,
    state: r.state,
    accountTimezone: r.account_timezone,
    exempt: r.exempt,
    listId: r.list_id,
    perMinute: r.per_minute,
    unlimited: r.unlimited,
  }))
}

/** Records that messages wait for their recipients' window (they stay queued, and are not stale before it). */
export async function holdUntil(pool: pg.Pool, messageIds: string[], sendAfter: Date): Promise<void> {
  await pool.query(`UPDATE messages m SET send_after = $2 FROM ${queuedById('$1')} AS q WHERE m.id = q.id`, [
    messageIds,
    sendAfter,
  ])
}
