// The webhook form's client-side checks (the API's createWebhook schema, then its URL and event rules), with the API's codes so that a field shows the same message whichever
// side refused it (the host policy — public addresses only — is the API's to judge: it resolves the name).
import { REQUEST_SCHEMAS } from '../api/requestSchemas.js'
import type { components } from '../api/schema.js'
import { schemaFieldErrors } from '../api/validate.js'

export type Webhook = components['schemas']['Webhook']
export type WebhookEvent = Webhook['events'][number]

export interface WebhookFormValues {
  url: string
  events: WebhookEvent[]
  description: string
}
export type WebhookField = keyof WebhookFormValues

export const EVENT_OPTIONS: ReadonlyArray<{ id: WebhookEvent; name: string }> = [
  { id: 'delivery', name: 'Delivery receipts' },
  { id: 'unsubscribe', name: 'Unsubscribes' },
  { id: 'reply', name: 'Replies' },
]

export const WEBHOOKS_KEY = ['webhooks'] as const

export const DESCRIPTION_LIMIT = REQUEST_SCHEMAS.createWebhook.properties.description.maxLength

/** The field each API code of POST/PATCH /webhooks concerns. */
export const FIELD_OF_CODE: Record<string, WebhookField> = {
  missing_url: 'url',
  invalid_webhook_url: 'url',
  webhook_url_not_allowed: 'url',
  missing_events: 'events',
  invalid_events: 'events',
}

/** Each field's problem; empty when the form may be sent. */
export function validateWebhook(values: WebhookFormValues): Partial<Record<WebhookField, string>> {
  const errors = schemaFieldErrors<WebhookField>('createWebhook', { ...values, url: values.url.trim() })
  const url = values.url.trim()
  if (!url) errors.url = 'Enter the URL that receives the events.'
  else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    errors.url = 'Enter a full URL, such as https://example.com/trackly.'
  if (values.events.length === 0) errors.events = 'Choose at least one event.'
  return errors
}
