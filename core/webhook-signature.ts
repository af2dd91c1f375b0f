// Customer webhook signatures (spec §15), Stripe-like: `X-Trackly-Signature: t=<unix seconds>,v1=<hex>`, where
// the hex is HMAC-SHA256(secret, "<t>.<raw body>"). Signing the timestamp with the body lets a receiver refuse
// replays outside a tolerance window; a header may carry several v1 values, and a receiver accepts any match.
// Beside it, the Standard Webhooks trio (`webhook-id`, `webhook-timestamp`, `webhook-signature`), signed with the
// same `whsec_` secret — whose 32 alphanumerics are also valid base64 of 24 bytes, the key that scheme uses
// (Stripe's scheme keys with the whole string instead).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { randomAlphanumeric } from './ids.js'

export const SIGNATURE_HEADER = 'X-Trackly-Signature'
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9]{32}$/
export const DEFAULT_TOLERANCE_SECONDS = 300

/** `whsec_` + 32 alphanumerics (190 bits). */
export function newWebhookSecret(): string {
  return `whsec_${randomAlphanumeric(32)}`
}

const unixSeconds = (now: Date | number): number =>
  Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000)

/** Hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

/**
 * The Standard Webhooks headers for one delivery: `id` is stable across retries (the receiver's idempotency key),
 * the signature `v1,<base64 HMAC-SHA256 of "<id>.<t>.<body>">` keyed by the secret's base64-decoded bytes.
 */
export function standardWebhookHeaders(
  secret: string,
  id: string,
  body: string,
  now: Date | number = Date.now(),
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  const t = unixSeconds(now)
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${t}.${body}`, 'utf8').digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(t), 'webhook-signature': `v1,${signature}` }
}

/** The `X-Trackly-Signature` value for `body` sent at `now`. */
export function signWebhook(secret: string, body: string, now: Date | number = Date.now()): string {
  const t = unixSeconds(now)
  return `t=${t},v1=${computeSignature(secret, t, body)}`
}

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'malformed_header' | 'timestamp_out_of_tolerance' | 'no_matching_signature' }

/** The timestamp and every v1 value of a header; undefined when it has no single integer `t` or no v1. */
function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined
      timestamp = Number(value)
    } else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(value)
    }
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures }
}

/**
 * Checks a received signature against the raw body (the exact bytes received, before any JSON parsing).
 * Compares in constant time and refuses timestamps more than `toleranceSeconds` away from `now`.
 */
export function verifyWebhook(
  secret: string,
  header: string,
  body: string,
  options: { toleranceSeconds?: number; now?: Date | number } = {},
): VerifyResult {
  const parsed = parseSignatureHeader(header)
  if (!parsed) return { ok: false, reason: 'malformed_header' }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (Math.abs(unixSeconds(options.now ?? Date.now()) - parsed.timestamp) > tolerance) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' }
  }
  const expected = Buffer.from(computeSignature(secret, parsed.timestamp, body), 'hex')
  // Every candidate is compared (no early exit), so timing does not reveal which one matched.
  let matched = false
  for (const candidate of parsed.signatures) {
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true
  }
  return matched ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'no_matching_signature' }
}
