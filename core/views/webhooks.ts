// A customer webhook endpoint and its deliveries as the API answers them (spec §15): one TypeBox schema per
// shape, which the routes serialise and document and whose static type the service returns.
import Type, { type Static } from 'typebox'
import { Nullable } from './nullable.js'

/** The events an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['delivery', 'unsubscribe', 'reply'] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

const Stamp = Type.String({ format: 'date-time' })

export const WebhookView = Type.Object({
  id: Type.String({ description: '24-hex id' }),
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Type.Array(Type.Enum([...WEBHOOK_EVENT_TYPES])),
  status: Type.Enum(['active', 'paused']),
  paused_reason: Nullable(
    Type.String({ description: '`paused_by_user`, or `repeated_failures` when paused automatically' }),
  ),
  consecutive_failures: Type.Integer({ description: 'Failed attempts since the last success' }),
  last_success_at: Nullable(Stamp),
  last_failure_at: Nullable(Stamp),
  created_at: Stamp,
  updated_at: Stamp,
})
export type WebhookView = Static<typeof WebhookView>

export const DeliveryView = Type.Object({
  id: Type.String({ description: 'Also the `id` of the POSTed body and the `X-Trackly-Delivery` header' }),
  event_type: Type.String(),
  event_id: Type.String(),
  status: Type.Enum(['pending', 'succeeded', 'failed']),
  attempts: Type.Integer(),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Stamp),
  delivered_at: Nullable(Stamp),
  created_at: Stamp,
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'The `data` of the POSTed body' }),
})
export type DeliveryView = Static<typeof DeliveryView>
