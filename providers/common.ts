// What the real-provider adapters share: one HTTP call with its failure classified the way SendResult needs
// (never connected → retryable, anything after the request may have been written → never retried), credential
// checks, and the small readers the webhook formats have in common.
import { isE164Format } from '../core/phone.js'
import {
  type CredentialCheck,
  type ProviderCredentials,
  ProviderCredentialsError,
  type SendResult,
  WebhookPayloadError,
  type WebhookRequest,
} from './types.js'

export interface ProviderReply {
  status: number
  body: string
}

type Failed = Extract<SendResult, { outcome: 'failed' }>

export const failed = (
  code: string,
  description: string,
  flags: Pick<Failed, 'recipientOptedOut' | 'invalidRecipient'> = {},
): SendResult => ({ outcome: 'failed', code, description, ...flags })

export const retryable = (code: string, description: string): SendResult => ({
  outcome: 'retryable',
  code,
  description,
})

/** A 5xx or an unreadable answer: the provider may have taken the message, so it is never sent again. */
export const unknownOutcome = (description: string): SendResult =>
  failed('provider_unknown_outcome', description)

// Errors raised before a connection existed, so the request cannot have reached the provider.
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

function neverConnected(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined
  const code = (cause as { code?: unknown }).code
  if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return code
  // Happy-eyeballs connects (several addresses) fail with an AggregateError of one error per address.
  const errors = (cause as { errors?: unknown }).errors
  if (Array.isArray(errors) && errors.length > 0) {
    const codes = errors.map(neverConnected)
    if (codes.every((c) => c !== undefined)) return codes[0]
  }
  return undefined
}

/** Maps what `fetch` threw to a send result: timeout → failed, never connected → retryable, else unknown. */
export function fetchFailure(provider: string, err: unknown, timeoutMs: number): SendResult {
  const name = err instanceof Error ? err.name : ''
  if (name === 'TimeoutError') {
    return failed('provider_timeout', `${provider} did not answer within ${timeoutMs} ms`)
  }
  const code = neverConnected((err as { cause?: unknown } | null)?.cause)
  if (code) return retryable('provider_unreachable', `${provider} could not be reached (${code})`)
  const cause = (err as { cause?: unknown } | null)?.cause
  const detail = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err)
  return unknownOutcome(`${provider} request failed: ${detail}`)
}

/**
 * One request to a provider, never following redirects (a redirected POST could be replayed elsewhere). Either
 * the provider's answer or, when there is none, the send result that stands for it.
 */
export async function callProvider(
  provider: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<{ reply: ProviderReply } | { result: SendResult }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    })
    return { reply: { status: res.status, body: await res.text() } }
  } catch (err) {
    return { result: fetchFailure(provider, err, timeoutMs) }
  }
}

/**
 * The request of a credentials check (an account or balance read): the provider's answer, or why there is none.
 * Redirects are not followed, so the credentials go to the configured host only.
 */
export async function probeProvider(
  provider: string,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<ProviderReply | { unreachable: string }> {
  try {
    const res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) })
    return { status: res.status, body: await res.text() }
  } catch (err) {
    const name = err instanceof Error ? err.name : ''
    return {
      unreachable:
        name === 'TimeoutError'
          ? `${provider} did not answer within ${timeoutMs} ms`
          : `${provider} could not be reached`,
    }
  }
}

/** A credentials check from a probe: 2xx is good, 401/403 a refusal, anything else unverified. */
export function probeVerdict(
  provider: string,
  reply: ProviderReply | { unreachable: string },
  detail: (body: string) => string = () => '',
): CredentialCheck {
  if ('unreachable' in reply) return { ok: false, reason: reply.unreachable }
  if (reply.status >= 200 && reply.status < 300) return { ok: true }
  const why = detail(reply.body)
  if (reply.status === 401 || reply.status === 403) {
    return { ok: false, reason: `${provider} refused these credentials${why ? ` (${why})` : ''}` }
  }
  return { ok: false, reason: `${provider} answered HTTP ${reply.status}${why ? ` (${why})` : ''}` }
}

/** The adapter's reading of the credentials, or the failed check when a field the provider needs is missing. */
export function readForCheck<T extends object>(read: () => T): T | { ok: false; reason: string } {
  try {
    return read()
  } catch (err) {
    if (err instanceof ProviderCredentialsError) return { ok: false, reason: err.message }
    throw err
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A JSON body, or undefined when it is not JSON. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Strings as they are, numbers as their decimal text (providers send ids and codes as either); else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A required non-empty string or number field of a webhook payload. */
export function requiredText(o: Record<string, unknown>, key: string, where: string): string {
  const value = text(o[key])
  if (value === undefined || value === '') throw new WebhookPayloadError(`${where}: ${key} is missing`)
  return value
}

// --- credentials ---

export function credentialString(credentials: ProviderCredentials, provider: string, field: string): string {
  const value = credentials[field]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ProviderCredentialsError(`${provider} credentials need ${field}`)
  }
  return value
}

export function optionalCredentialString(
  credentials: ProviderCredentials,
  provider: string,
  field: string,
): string | undefined {
  const value = credentials[field]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string')
    throw new ProviderCredentialsError(`${provider} credentials: ${field} must be a string`)
  return value
}

/** An http(s) base URL without its trailing slash; `fallback` when the field is absent. */
export function credentialBaseUrl(
  credentials: ProviderCredentials,
  provider: string,
  fallback?: string,
): string {
  const value =
    fallback === undefined
      ? credentialString(credentials, provider, 'base_url')
      : (optionalCredentialString(credentials, provider, 'base_url') ?? fallback)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ProviderCredentialsError(`${provider} credentials: base_url is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ProviderCredentialsError(`${provider} credentials: base_url must be http(s)`)
  }
  return value.replace(/\/+$/, '')
}

// --- webhook bodies ---

const bodyText = (request: WebhookRequest): string => request.rawBody.toString('utf8')

/** A JSON object body; anything else is not the provider's format. */
export function jsonObject(request: WebhookRequest, where: string): Record<string, unknown> {
  const parsed = tryJson(bodyText(request))
  if (!isRecord(parsed)) throw new WebhookPayloadError(`${where}: expected a JSON object`)
  return parsed
}

/** A form-encoded body with a repeated key kept as an array (Twilio signs every value). */
export function formParams(request: WebhookRequest): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {}
  for (const [key, value] of new URLSearchParams(bodyText(request))) {
    const seen = params[key]
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return params
}

/** The first value of a form field. */
export const formField = (params: Record<string, string | string[]>, key: string): string | undefined => {
  const value = params[key]
  return Array.isArray(value) ? value[0] : value
}

/** A header, case-insensitively; the first value when it was repeated. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? value[0] : value
  }
  return undefined
}

/** A query parameter of the URL the provider called (our message id rides on the status URL as `m`). */
export function queryParam(request: WebhookRequest, name: string): string | null {
  try {
    return new URL(request.url).searchParams.get(name)
  } catch {
    return null
  }
}

// --- numbers and times ---

const SHORT_CODE = /^\d{3,6}$/

/**
 * A number as international providers write it (`+…`, `00…` or bare international digits) in E.164; short codes
 * (3–6 digits) stay as they are, since they have no E.164 form.
 */
export function internationalNumber(raw: unknown, where: string): string {
  const value = text(raw)?.replace(/[\s().-]/g, '')
  if (!value) throw new WebhookPayloadError(`${where}: number is missing`)
  if (SHORT_CODE.test(value)) return value
  const e164 = value.startsWith('+') ? value : `+${value.startsWith('00') ? value.slice(2) : value}`
  if (!isE164Format(e164)) throw new WebhookPayloadError(`${where}: ${value} is not a phone number`)
  return e164
}

/**
 * A provider timestamp as ISO 8601, or null when it is absent or unreadable. Offsets without a colon
 * (`+0000`, Infobip) are accepted; a time without any zone is read as UTC (`assumeUtc`, CM's timeUtc).
 */
export function providerTime(raw: unknown, assumeUtc = false): string | null {
  const value = text(raw)?.trim()
  if (!value) return null
  let normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  if (assumeUtc && /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(normalised)) normalised += 'Z'
  const ms = Date.parse(normalised)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}
