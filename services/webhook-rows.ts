// The rows behind customer webhooks (spec §15), shared by webhook-endpoints.ts and webhook-deliveries.ts.
import type pg from 'pg'
import type { Config } from '../core/config.js'
import { AppError } from '../core/errors.js'
import type { DeliveryView, WebhookEventType, WebhookView } from '../core/views/webhooks.js'

export type WebhookConfig = Pick<Config, 'secretKey' | 'webhookAllowPrivateNetworks'>

export interface EndpointRow {
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

export interface DeliveryRow {
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

export const ENDPOINT_COLUMNS = `id, url, description, events, status, paused_reason, consecutive_failures,
  last_success_at, last_failure_at, created_at, updated_at`
export const DELIVERY_COLUMNS = `id, event_type, event_id, status, attempts, last_status_code, last_error, next_attempt_at,
  delivered_at, created_at, payload`

const iso = (d: Date | null): string | null => d?.toISOString() ?? null

export function toWebhook(r: EndpointRow): WebhookView {
  return {
    ...r,
    last_success_at: iso(r.last_success_at),
    last_failure_at: iso(r.last_failure_at),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }
}

export function toDelivery(r: DeliveryRow): DeliveryView {
  return {
    ...r,
    next_attempt_at: iso(r.next_attempt_at),
    delivered_at: iso(r.delivered_at),
    created_at: r.created_at.toISOString(),
  }
}

export const notFound = () => new AppError('not_found', 'Webhook not found')

/** Pending deliveries of a paused endpoint stop: they fail with `endpoint_paused`. */
export async function failPendingDeliveries(db: pg.Pool | pg.PoolClient, endpointId: string): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint_paused', next_attempt_at = NULL
      WHERE endpoint_id = $1 AND status = 'pending'`,
    [endpointId],
  )
}
