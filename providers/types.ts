// The contract every SMS provider adapter meets. An adapter speaks one provider's real HTTP wire format
// (reference/wire-formats.md §1–4): it sends one message, and turns that provider's delivery-report and inbound
// webhooks into our normalised shapes. Adapters hold no state; credentials come per call (per sending list).
import type { DeliveryStatus } from '../core/events.js'
import { LIST_PROVIDERS } from '../core/views/lists.js'

export const PROVIDER_NAMES = LIST_PROVIDERS
export type ProviderName = (typeof PROVIDER_NAMES)[number]

/** A list's provider credentials, decrypted (JSON object as stored in sending_lists.credentials_encrypted). */
export type ProviderCredentials = Record<string, unknown>

export interface OutboundSms {
  /** Our 8-character message id; echoed back by providers that carry a reference (CM, Infobip callbackData). */
  messageId: string
  /** The sending list's number (E.164). */
  from: string
  /** Recipient (E.164). */
  to: string
  body: string
  /** Where this provider should post the delivery report (`…/webhooks/<provider>/<listId>/status?token=…`). */
  statusUrl: string
}

export type SendResult =
  | { outcome: 'accepted'; providerMessageId: string; segments?: number }
  /**
   * The provider certainly did not take the message (HTTP 429, connection refused, a documented transient
   * code): it may be sent again later.
   */
  | { outcome: 'retryable'; code: string; description: string }
  /**
   * Never retried: the provider refused for good (invalid number, opted-out recipient such as Twilio 21610), or
   * the outcome is unknown (timeout after the request was written, 5xx) — a second call could send twice.
   */
  | {
      outcome: 'failed'
      code: string
      description: string
      /** The recipient opted out at the provider/carrier (Twilio 21610): unsubscribe them. */
      recipientOptedOut?: boolean
      /** The number cannot receive SMS (invalid, landline, unknown subscriber): mark the contact invalid. */
      invalidRecipient?: boolean
    }

/** A webhook request as it reached ingest. */
export interface WebhookRequest {
  /** The full public URL the provider called (scheme, host, path and query), as it signs it. */
  url: string
  headers: Record<string, string | string[] | undefined>
  /** The raw body bytes, exactly as received. */
  rawBody: Buffer
}

export interface DeliveryReport {
  providerMessageId: string
  /** Our message id when the provider echoes it back (CM reference, Infobip callbackData, Twilio callback URL). */
  messageId: string | null
  status: DeliveryStatus
  /** The provider's own status or error name, e.g. DELIVERED_TO_HANDSET, REJECTED_SPAM, undelivered. */
  statusDetail: string
  errorCode: string | null
  /** When the provider says it happened (ISO 8601), if it says. */
  doneAt: string | null
}

export interface InboundSms {
  providerMessageId: string
  /** Sender, E.164. */
  from: string
  /** Our list number, E.164. */
  to: string
  body: string
  /** ISO 8601. */
  receivedAt: string
}

/** The payload did not have the provider's shape: ingest answers 400 with `invalid_webhook_payload`. */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError'
}

/** The credentials of a list do not have what this provider needs. */
export class ProviderCredentialsError extends Error {
  override name = 'ProviderCredentialsError'
}

/** The outcome of `validateCredentials`. */
export type CredentialCheck = { ok: true } | { ok: false; reason: string }

/** What to answer the provider after a webhook was accepted (Twilio wants TwiML for inbound). */
export interface WebhookAck {
  contentType: string
  body: string
}

export interface ProviderAdapter {
  name: ProviderName
  /** The credential keys `checkCredentials` reads, for operators (`trackly create-list --help`). */
  credentialKeys: { required: readonly string[]; optional: readonly string[] }
  /** Throws ProviderCredentialsError when required fields are missing. */
  checkCredentials(credentials: ProviderCredentials): void
  /**
   * One cheap authenticated call that sends nothing (an account or balance read), so a list's credentials are
   * known to work before they are saved. Never throws for the provider's answer: a refusal or no answer is a
   * failed check with its reason in words.
   */
  validateCredentials(
    credentials: ProviderCredentials,
    options: { timeoutMs: number },
  ): Promise<CredentialCheck>
  send(
    credentials: ProviderCredentials,
    sms: OutboundSms,
    options: { timeoutMs: number },
  ): Promise<SendResult>
  /**
   * Provider-specific authenticity check beyond the list's URL token (Twilio: X-Twilio-Signature). True when the
   * provider has no signature scheme of its own.
   */
  verifySignature(credentials: ProviderCredentials, request: WebhookRequest): boolean
  /** Throws WebhookPayloadError when the body is not this provider's delivery-report format. */
  parseDeliveryReports(request: WebhookRequest): DeliveryReport[]
  /** Throws WebhookPayloadError when the body is not this provider's inbound format. */
  parseInbound(request: WebhookRequest): InboundSms[]
  inboundAck: WebhookAck
}
