// Customer webhook events and deliveries (spec §15): fan-out, signed attempts and outcomes, test events.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import { decryptSecret } from '../core/crypto.js'
import { newObjectId } from '../core/ids.js'
import type { DeliveryView, WebhookEventType } from '../core/views/webhooks.js'
import { SIGNATURE_HEADER, signWebhook, standardWebhookHeaders } from '../core/webhook-signature.js'
import { withTransaction } from '../lib/postgres.js'
import type { WebhookJob } from '../lib/queues.js'
import { type PostOutcome, safePostJson } from '../lib/safe-fetch.js'
import { getWebhook } from './webhook-endpoints.js'
import {
  DELIVERY_COLUMNS,
  type DeliveryRow,
  failPendingDeliveries,
  toDelivery,
  type WebhookConfig,
} from './webhook-rows.js'

/** Failed attempts in a row after which an endpoint is paused (`paused_reason: repeated_failures`). */
export const AUTO_PAUSE_AFTER_FAILURES = 15
/** The first try and five retries (spec §15: 1 min, 5 min, 15 min, 1 h, 2 h). */
export const WEBHOOK_MAX_ATTEMPTS = 6
/** Name of the BullMQ backoff strategy the webhook worker registers. */
export const WEBHOOK_BACKOFF_TYPE = 'webhook-schedule'
const WEBHOOK_USER_AGENT = 'Trackly-Webhooks/1'

export interface WebhookEvent {
  accountId: string
  type: WebhookEventType
  /** Stable id of the event: the same id enqueued again is not delivered again. */
  eventId: string
  /** The event's `data` (spec §15 payloads; see docs/webhooks.md). */
  payload: Record<string, unknown>
}

/**
 * One delivery per active endpoint of the account subscribed to the event's type, each with a BullMQ job whose
 * id is the delivery id. A replayed event inserts nothing; its still-pending deliveries are queued again, which
 * BullMQ ignores while their job exists and the worker ignores once the delivery is settled, so a job lost
 * between the commit and the queue (Redis down) is restored by the replay. Returns the queued delivery ids.
 */
export async function enqueueWebhookEvent(
  pool: pg.Pool,
  queue: Queue<WebhookJob>,
  event: WebhookEvent,
): Promise<string[]> {
  const { rows: endpoints } = await pool.query<{ id: string }>(
    `SELECT id FROM webhook_endpoints WHERE account_id = $1 AND status = 'active' AND $2 = ANY(events)`,
    [event.accountId, event.type],
  )
  if (endpoints.length === 0) return []
  const endpointIds = endpoints.map((e) => e.id)
  // The second SELECT reads the statement's snapshot, so it sees only deliveries that existed before it.
  const { rows } = await pool.query<{ id: string }>(
    `WITH inserted AS (
       INSERT INTO webhook_deliveries (id, endpoint_id, account_id, event_type, event_id, payload)
       SELECT d.id, d.endpoint_id, $1, $2, $3, $4::jsonb FROM unnest($5::text[], $6::text[]) AS d(id, endpoint_id)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id)
     SELECT id FROM inserted
     UNION
     SELECT id FROM webhook_deliveries WHERE endpoint_id = ANY($6::text[]) AND event_id = $3 AND status = 'pending'`,
    [
      event.accountId,
      event.type,
      event.eventId,
      JSON.stringify(event.payload),
      endpointIds.map(() => newObjectId()),
      endpointIds,
    ],
  )
  if (rows.length === 0) return []
  await queue.addBulk(
    rows.map(({ id }) => ({
      name: event.type,
      data: { deliveryId: id },
      opts: { jobId: id, attempts: WEBHOOK_MAX_ATTEMPTS, backoff: { type: WEBHOOK_BACKOFF_TYPE } },
    })),
  )
  return rows.map((r) => r.id)
}

/** What the worker needs to make one attempt. */
export interface DeliveryTarget {
  id: string
  endpointId: string
  eventType: string
  status: DeliveryView['status']
  payload: Record<string, unknown>
  createdAt: Date
  url: string
  secretEncrypted: string
  endpointStatus: string
}

export async function loadDeliveryTarget(
  pool: pg.Pool,
  deliveryId: string,
): Promise<DeliveryTarget | undefined> {
  const { rows } = await pool.query<DeliveryTarget>(
    `SELECT d.id, d.endpoint_id AS "endpointId", d.event_type AS "eventType", d.status, d.payload,
            d.created_at AS "createdAt", e.url, e.secret_encrypted AS "secretEncrypted", e.status AS "endpointStatus"
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.id = $1`,
    [deliveryId],
  )
  return rows[0]
}

/** The POSTed JSON: the delivery id (the receiver's idempotency key), the type, and the event's data. */
function webhookBody(target: Pick<DeliveryTarget, 'id' | 'eventType' | 'createdAt' | 'payload'>): string {
  return JSON.stringify({
    id: target.id,
    type: target.eventType,
    created_at: target.createdAt.toISOString(),
    data: target.payload,
  })
}

/** One signed POST of a delivery under the SSRF policy. */
export function attemptDelivery(target: DeliveryTarget, config: WebhookConfig): Promise<PostOutcome> {
  const body = webhookBody(target)
  const secret = decryptSecret(target.secretEncrypted, config.secretKey)
  const now = Date.now()
  return safePostJson(target.url, body, {
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
    headers: {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      [SIGNATURE_HEADER]: signWebhook(secret, body, now),
      ...standardWebhookHeaders(secret, target.id, body, now),
      'x-trackly-event': target.eventType,
      'x-trackly-delivery': target.id,
    },
  })
}

export async function recordDeliverySuccess(
  pool: pg.Pool,
  target: DeliveryTarget,
  statusCode: number,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(
      `UPDATE webhook_deliveries SET status = 'succeeded', attempts = attempts + 1, last_status_code = $2,
              last_error = NULL, next_attempt_at = NULL, delivered_at = now()
        WHERE id = $1`,
      [target.id, statusCode],
    )
    await client.query(
      'UPDATE webhook_endpoints SET consecutive_failures = 0, last_success_at = now() WHERE id = $1',
      [target.endpointId],
    )
  })
}

/**
 * Records a failed attempt: the delivery stays pending until `nextAttemptAt`, or fails when there is none. A
 * delivery stopped while its attempt was in flight (its endpoint paused) stays stopped: the attempt is counted,
 * its reason kept. The endpoint's failure count grows; at {@link AUTO_PAUSE_AFTER_FAILURES} it is paused and its
 * pending deliveries stop. Returns whether the delivery still waits for a next attempt.
 */
export async function recordDeliveryFailure(
  pool: pg.Pool,
  target: DeliveryTarget,
  outcome: { status: number | null; error: string },
  nextAttemptAt: Date | null,
): Promise<{ pending: boolean }> {
  return withTransaction(pool, async (client) => {
    const { rows: delivery } = await client.query<{ status: string }>(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $3,
              status = CASE WHEN status = 'pending' THEN $2 ELSE status END,
              last_error = CASE WHEN status = 'pending' THEN $4 ELSE last_error END,
              next_attempt_at = CASE WHEN status = 'pending' THEN $5::timestamptz END
        WHERE id = $1
        RETURNING status`,
      [
        target.id,
        nextAttemptAt ? 'pending' : 'failed',
        outcome.status,
        outcome.error.slice(0, 200),
        nextAttemptAt,
      ],
    )
    const { rows } = await client.query<{ status: string }>(
      `UPDATE webhook_endpoints
          SET consecutive_failures = consecutive_failures + 1, last_failure_at = now(),
              status = CASE WHEN consecutive_failures + 1 >= $2 THEN 'paused' ELSE status END,
              paused_reason = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $2
                                   THEN 'repeated_failures' ELSE paused_reason END,
              updated_at = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $2
                                THEN now() ELSE updated_at END
        WHERE id = $1
        RETURNING status`,
      [target.endpointId, AUTO_PAUSE_AFTER_FAILURES],
    )
    if (rows[0]?.status !== 'active') {
      await failPendingDeliveries(client, target.endpointId)
      return { pending: false }
    }
    return { pending: delivery[0]?.status === 'pending' }
  })
}

/** A delivery whose endpoint is paused when its turn comes: it fails with the others, without a request. */
export const stopPausedDelivery = (pool: pg.Pool, target: DeliveryTarget): Promise<void> =>
  failPendingDeliveries(pool, target.endpointId)

/**
 * `POST /webhooks/:id/test`: one signed `test` event sent now, whatever the endpoint's status (so a paused
 * endpoint can be checked before it is resumed). Recorded in the delivery history; never retried and never
 * counted toward the endpoint's failures.
 */
export async function sendTestEvent(
  pool: pg.Pool,
  accountId: string,
  endpointId: string,
  config: WebhookConfig,
): Promise<DeliveryView> {
  await getWebhook(pool, accountId, endpointId)
  const id = newObjectId()
  const payload = { message: 'Test event from Trackly', timestamp: new Date().toISOString() }
  await pool.query(
    `INSERT INTO webhook_deliveries (id, endpoint_id, account_id, event_type, event_id, payload)
     VALUES ($1, $2, $3, 'test', $4, $5::jsonb)`,
    [id, endpointId, accountId, `test_${id}`, JSON.stringify(payload)],
  )
  const target = (await loadDeliveryTarget(pool, id))!
  const outcome = await attemptDelivery(target, config)
  const { rows } = await pool.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = $2, attempts = 1, last_status_code = $3, last_error = $4,
            delivered_at = CASE WHEN $2 = 'succeeded' THEN now() END
      WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`,
    [
      id,
      outcome.ok ? 'succeeded' : 'failed',
      outcome.status,
      outcome.ok ? null : outcome.error.slice(0, 200),
    ],
  )
  return toDelivery(rows[0]!)
}
