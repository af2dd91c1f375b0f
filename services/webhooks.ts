// Customer (outbound) webhooks (spec §15): an account's endpoints, the events they subscribe to, and one
// delivery row per (endpoint, event) — unique, so a replayed event is never sent twice. The signing secret is
// shown once and kept encrypted (it must be read back to sign). Deliveries are made by workers/webhooks.ts.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Config } from '../core/config.js'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import {
  type DeliveryView,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  type WebhookView,
} from '../core/views/webhooks.js'
import {
  newWebhookSecret,
  SIGNATURE_HEADER,
  signWebhook,
  standardWebhookHeaders,
} from '../core/webhook-signature.js'
import { withTransaction } from '../lib/postgres.js'
import type { WebhookJob } from '../lib/queues.js'
import { checkWebhookUrl, type PostOutcome, safePostJson } from '../lib/safe-fetch.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'

/** Bounds the fan-out of one event (each endpoint is one more outbound request per event). */
export const MAX_WEBHOOKS_PER_ACCOUNT = 20
/** Failed attempts in a row after which an endpoint is paused (`paused_reason: repeated_failures`). */
export const AUTO_PAUSE_AFTER_FAILURES = 15
/** The first try and five retries (spec §15: 1 min, 5 min, 15 min, 1 h, 2 h). */
export const WEBHOOK_MAX_ATTEMPTS = 6
/** Name of the BullMQ backoff strategy the webhook worker registers. */
export const WEBHOOK_BACKOFF_TYPE = 'webhook-schedule'
const WEBHOOK_USER_AGENT = 'Trackly-Webhooks/1'

export type WebhookConfig = Pick<Config, 'secretKey' | 'webhookAllowPrivateNetworks'>

interface EndpointRow {
  id: string
  url: string
  description: string | null
  events: WebhookEventType[]
  status: 'active' | 'paused'
  paused_reason: string | null
  consecutive_failures: number
  last_success_at: Date | null
  last_failure_at: Date | null
  created_at: Date
  updated_at: Date
}

interface DeliveryRow {
  id: string
  event_type: string
  event_id: string
  status: DeliveryView['status']
  attempts: number
  last_status_code: number | null
  last_error: string | null
  next_attempt_at: Date | null
  delivered_at: Date | null
  created_at: Date
  payload: Record<string, unknown>
}

const ENDPOINT_COLUMNS = `id, url, description, events, status, paused_reason, consecutive_failures,
  last_success_at, last_failure_at, created_at, updated_at`
const DELIVERY_COLUMNS = `id, event_type, event_id, status, attempts, last_status_code, last_error, next_attempt_at,
  delivered_at, created_at, payload`

const iso = (d: Date | null): string | null => d?.toISOString() ?? null

function toWebhook(r: EndpointRow): WebhookView {
  return {
    ...r,
    last_success_at: iso(r.last_success_at),
    last_failure_at: iso(r.last_failure_at),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }
}

function toDelivery(r: DeliveryRow): DeliveryView {
  return {
    ...r,
    next_attempt_at: iso(r.next_attempt_at),
    delivered_at: iso(r.delivered_at),
    created_at: r.created_at.toISOString(),
  }
}

const notFound = () => new AppError('not_found', 'Webhook not found')

/** Known types, each once, in a fixed order; anything else (or none) is `invalid_events`. */
function parseEvents(events: readonly string[]): WebhookEventType[] {
  const unknown = events.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e))
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_events',
      `Unknown event type "${unknown[0]}"; events are ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    )
  }
  if (events.length === 0) {
    throw new AppError('invalid_events', `events must name at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}`)
  }
  return WEBHOOK_EVENT_TYPES.filter((t) => events.includes(t))
}

/** The URL as it will be delivered to (normalised), or `invalid_webhook_url` / `webhook_url_not_allowed`. */
async function checkedUrl(raw: string, config: WebhookConfig): Promise<string> {
  const check = await checkWebhookUrl(raw.trim(), {
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
  })
  if (!check.ok) {
    const prefix = check.code === 'invalid_webhook_url' ? 'Invalid webhook URL' : 'Webhook URL not allowed'
    throw new AppError(check.code, `${prefix}: ${check.reason}`)
  }
  return check.url.href
}

/** Pending deliveries of a paused endpoint stop: they fail with `endpoint_paused`. */
async function failPendingDeliveries(db: pg.Pool | pg.PoolClient, endpointId: string): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint_paused', next_attempt_at = NULL
      WHERE endpoint_id = $1 AND status = 'pending'`,
    [endpointId],
  )
}

// ---- Endpoints (API) ----

export async function listWebhooks(
  pool: pg.Pool,
  accountId: string,
  page: { limit: number; offset: number },
): Promise<{ webhooks: WebhookView[]; total: number }> {
  const [rows, count] = await Promise.all([
    pool.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE account_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [accountId, page.limit, page.offset],
    ),
    pool.query<{ total: number }>(
      'SELECT count(*)::int AS total FROM webhook_endpoints WHERE account_id = $1',
      [accountId],
    ),
  ])
  return { webhooks: rows.rows.map(toWebhook), total: count.rows[0]?.total ?? 0 }
}

export async function getWebhook(pool: pg.Pool, accountId: string, id: string): Promise<WebhookView> {
  if (!OBJECT_ID_PATTERN.test(id)) throw notFound()
  const { rows } = await pool.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND account_id = $2`,
    [id, accountId],
  )
  if (!rows[0]) throw notFound()
  return toWebhook(rows[0])
}

export interface CreateWebhookInput {
  url: string
  events: string[]
  description?: string | undefined
}

/** Creates an endpoint; its signing secret is returned here only. */
export async function createWebhook(
  pool: pg.Pool,
  caller: ApiCaller,
  input: CreateWebhookInput,
  config: WebhookConfig,
): Promise<{ webhook: WebhookView; secret: string }> {
  const events = parseEvents(input.events)
  const url = await checkedUrl(input.url, config)
  const secret = newWebhookSecret()
  return withTransaction(pool, async (client) => {
    // Serialises creations per account, so concurrent requests cannot pass the cap together.
    await client.query('SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE', [caller.accountId])
    const { rows: count } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_endpoints WHERE account_id = $1',
      [caller.accountId],
    )
    if ((count[0]?.n ?? 0) >= MAX_WEBHOOKS_PER_ACCOUNT) {
      throw new AppError(
        'too_many_webhooks',
        `An account can have at most ${MAX_WEBHOOKS_PER_ACCOUNT} webhooks`,
      )
    }
    const { rows } = await client.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (id, account_id, url, description, events, secret_encrypted)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [
        newObjectId(),
        caller.accountId,
        url,
        input.description?.trim() || null,
        events,
        encryptSecret(secret, config.secretKey),
      ],
    )
    const webhook = toWebhook(rows[0]!)
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'webhook.created',
      target: webhook.id,
      detail: { url, events },
    })
    return { webhook, secret }
  })
}

export interface UpdateWebhookInput {
  url?: string | undefined
  events?: string[] | undefined
  description?: string | null | undefined
  status?: 'active' | 'paused' | undefined
}

/**
 * Partial update. Pausing stops the endpoint's pending deliveries; resuming clears the pause reason and the
 * failure count (else the next failure would pause it again at once).
 */
export async function updateWebhook(
  pool: pg.Pool,
  caller: ApiCaller,
  id: string,
  input: UpdateWebhookInput,
  config: WebhookConfig,
): Promise<WebhookView> {
  if (!OBJECT_ID_PATTERN.test(id)) throw notFound()
  const events = input.events === undefined ? undefined : parseEvents(input.events)
  const url = input.url === undefined ? undefined : await checkedUrl(input.url, config)
  return withTransaction(pool, async (client) => {
    const { rows: current } = await client.query<{ status: string }>(
      'SELECT status FROM webhook_endpoints WHERE id = $1 AND account_id = $2 FOR UPDATE',
      [id, caller.accountId],
    )
    if (!current[0]) throw notFound()
    const params: unknown[] = [id]
    const sets = ['updated_at = now()']
    const set = (column: string, value: unknown) => {
      params.push(value)
      sets.push(`${column} = $${params.length}`)
    }
    if (url !== undefined) set('url', url)
    if (events !== undefined) set('events', events)
    if (input.description !== undefined) set('description', input.description?.trim() || null)
    if (input.status !== undefined && input.status !== current[0].status) {
      set('status', input.status)
      set('paused_reason', input.status === 'paused' ? 'paused_by_user' : null)
      if (input.status === 'active') set('consecutive_failures', 0)
    }
    const { rows } = await client.query<EndpointRow>(
      `UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      params,
    )
    const webhook = toWebhook(rows[0]!)
    if (webhook.status === 'paused') await failPendingDeliveries(client, id)
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'webhook.updated',
      target: id,
      detail: Object.fromEntries(
        Object.entries({ url, events, description: input.description, status: input.status }).filter(
          ([, v]) => v !== undefined,
        ),
      ),
    })
    return webhook
  })
}

/** Deletes the endpoint and its delivery history; queued jobs for it find no row and do nothing. */
export async function deleteWebhook(pool: pg.Pool, caller: ApiCaller, id: string): Promise<void> {
  if (!OBJECT_ID_PATTERN.test(id)) throw notFound()
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ url: string }>(
      'SELECT url FROM webhook_endpoints WHERE id = $1 AND account_id = $2 FOR UPDATE',
      [id, caller.accountId],
    )
    if (!rows[0]) throw notFound()
    await client.query('DELETE FROM webhook_deliveries WHERE endpoint_id = $1', [id])
    await client.query('DELETE FROM webhook_endpoints WHERE id = $1', [id])
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'webhook.deleted',
      target: id,
      detail: { url: rows[0].url },
    })
  })
}

/** Replaces the signing secret at once (e.g. after a leak); the new one is returned here only. */
export async function rotateWebhookSecret(
  pool: pg.Pool,
  caller: ApiCaller,
  id: string,
  config: WebhookConfig,
): Promise<{ webhook: WebhookView; secret: string }> {
  if (!OBJECT_ID_PATTERN.test(id)) throw notFound()
  const secret = newWebhookSecret()
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<EndpointRow>(
      `UPDATE webhook_endpoints SET secret_encrypted = $3, updated_at = now()
        WHERE id = $1 AND account_id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, caller.accountId, encryptSecret(secret, config.secretKey)],
    )
    if (!rows[0]) throw notFound()
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'webhook.secret_rotated',
      target: id,
    })
    return { webhook: toWebhook(rows[0]), secret }
  })
}

export async function listDeliveries(
  pool: pg.Pool,
  accountId: string,
  endpointId: string,
  filter: { status?: DeliveryView['status'] | undefined; limit: number; offset: number },
): Promise<{ deliveries: DeliveryView[]; total: number }> {
  await getWebhook(pool, accountId, endpointId)
  const where = 'endpoint_id = $1 AND account_id = $2 AND ($3::text IS NULL OR status = $3)'
  const params = [endpointId, accountId, filter.status ?? null]
  const [rows, count] = await Promise.all([
    pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where}
        ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM webhook_deliveries WHERE ${where}`,
      params,
    ),
  ])
  return { deliveries: rows.rows.map(toDelivery), total: count.rows[0]?.total ?? 0 }
}

// ---- Events and deliveries (processors, worker) ----

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
 * Records a failed attempt: the delivery stays pending until `nextAttemptAt`, or fails when there is none. The
 * endpoint's failure count grows; at {@link AUTO_PAUSE_AFTER_FAILURES} it is paused and its pending deliveries
 * stop. Returns whether the endpoint is still active (a retry is pointless otherwise).
 */
export async function recordDeliveryFailure(
  pool: pg.Pool,
  target: DeliveryTarget,
  outcome: { status: number | null; error: string },
  nextAttemptAt: Date | null,
): Promise<{ endpointActive: boolean }> {
  return withTransaction(pool, async (client) => {
    await client.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, last_status_code = $3,
              last_error = $4, next_attempt_at = $5
        WHERE id = $1`,
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
    const active = rows[0]?.status === 'active'
    if (!active) await failPendingDeliveries(client, target.endpointId)
    return { endpointActive: active }
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
