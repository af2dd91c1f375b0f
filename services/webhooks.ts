// Customer (outbound) webhooks (spec §15): an account's endpoints, the events they subscribe to, and one
// delivery row per (endpoint, event) — unique, so a replayed event is never sent twice. The signing secret is
// shown once and kept encrypted (it must be read back to sign). Deliveries are made by workers/webhooks.ts.
// Endpoints live in webhook-endpoints.ts, events and deliveries in webhook-deliveries.ts (re-exported here).

export {
  AUTO_PAUSE_AFTER_FAILURES,
  attemptDelivery,
  type DeliveryTarget,
  enqueueWebhookEvent,
  loadDeliveryTarget,
  recordDeliveryFailure,
  recordDeliverySuccess,
  sendTestEvent,
  stopPausedDelivery,
  WEBHOOK_BACKOFF_TYPE,
  WEBHOOK_MAX_ATTEMPTS,
  type WebhookEvent,
} from './webhook-deliveries.js'
export {
  type CreateWebhookInput,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  MAX_WEBHOOKS_PER_ACCOUNT,
  rotateWebhookSecret,
  type UpdateWebhookInput,
  updateWebhook,
} from './webhook-endpoints.js'
export type { WebhookConfig } from './webhook-rows.js'
