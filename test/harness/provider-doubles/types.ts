// The types every provider double shares: forced behaviours, recorded requests, reports, inbound messages.
import type { IncomingHttpHeaders } from 'node:http'
import type { ProviderCredentials } from '../../../providers/types.js'

/** What a double does for one recipient instead of accepting the message. */
export type Behaviour = 'opted_out' | 'invalid_number' | 'rate_limited' | 'server_error' | 'slow'

export interface RecordedRequest {
  method: string
  /** The path without its query. */
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: string
  /** Form fields of a form-encoded body (the last value of a repeated key); {} otherwise. */
  form: Record<string, string>
  /** The parsed body of a JSON request; undefined otherwise. */
  json: unknown
}

/** A delivery report for a double to post. */
export interface DoubleReport<S> {
  providerMessageId: string
  /** Our message id, posted where the provider carries it (Infobip callbackData, CM reference). */
  ourMessageId?: string
  /** The provider's own status (Twilio MessageStatus, Infobip status name, CM status code, Lime status). */
  status: S
  /** The provider's error code; failing statuses get a typical one when none is given. */
  errorCode?: string
}

/** An inbound message for a double to post. Numbers are E.164 (or a short code). */
export interface DoubleInbound {
  from: string
  to: string
  body: string
  /** The provider's id of the inbound message; a fresh one when absent. */
  providerMessageId?: string
}

/** How the receiving end answered a posted webhook. */
export interface PostResult {
  status: number
  body: string
}

export interface ProviderDouble {
  /** Where the double listens: the adapters' `base_url` credential. */
  readonly baseUrl: string
  /** Credentials this double accepts, `base_url` included. */
  readonly credentials: ProviderCredentials
  /** Every well-formed send request, in order (also those answered with a forced behaviour). */
  readonly requests: RecordedRequest[]
  /** From now on, answer sends to `to` (E.164) with `behaviour`; `slow` answers successfully after delayMs. */
  respondFor(to: string, behaviour: Behaviour, options?: { delayMs?: number }): void
  postInbound(url: string, message: DoubleInbound): Promise<PostResult>
  /** Posts the last webhook again, byte for byte, as a provider does when it retries. */
  repeatLast(): Promise<PostResult>
  close(): Promise<void>
}
