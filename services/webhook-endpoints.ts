// Customer webhook endpoints (spec §15) as the API manages them, and each endpoint's delivery history.
import type pg from 'pg'
import { encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import {
  type DeliveryView,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  type WebhookView,
} from '../core/views/webhooks.js'
import { newWebhookSecret } from '../core/webhook-signature.js'
import { withTransaction } from '../lib/postgres.js'
import { checkWebhookUrl } from '../lib/safe-fetch.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'
import {
  DELIVERY_COLUMNS,
  type DeliveryRow,
  ENDPOINT_COLUMNS,
  type EndpointRow,
  failPendingDeliveries,
  notFound,
  toDelivery,
  toWebhook,
  type WebhookConfig,
} from './webhook-rows.js'

/** Bounds the fan-out of one event (each endpoint is one more outbound request per event). */
export const MAX_WEBHOOKS_PER_ACCOUNT = 20

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
