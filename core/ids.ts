// Identifier formats of the product (spec §0): API keys, message ids, short-link codes, 24-hex object ids,
// and Trackly click ids, which embed their message id so a conversion routes to its message without a lookup.
import { createHash, randomBytes, randomFillSync, randomInt } from 'node:crypto'

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

// Random bytes are drawn from a pool refilled 4 KiB at a time: one call into the CSPRNG per ~170 click ids
// instead of one per id (the redirect path mints one per click).
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  return pool[poolOffset++]!
}

/** Uniform random string over [A-Za-z0-9] (rejection sampling, no modulo bias). */
export function randomAlphanumeric(length: number): string {
  let out = ''
  while (out.length < length) {
    const byte = randomByte()
    if (byte < 248) out += ALPHANUMERIC[byte % 62]
  }
  return out
}

export const API_KEY_PATTERN = /^trk_[A-Za-z0-9]{32}$/
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9]{8}$/
export const SHORT_CODE_PATTERN = /^[A-Za-z0-9]{7}$/
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/
export const CLICK_ID_PATTERN = /^[A-Za-z0-9]{20}$/

export function newApiKey(): string {
  return `trk_${randomAlphanumeric(32)}`
}

/** API keys carry 190 bits of entropy, so a fast hash is safe (unlike passwords) and keeps auth at one indexed lookup. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function apiKeyDisplayPrefix(key: string): string {
  return key.slice(0, 8)
}

export const newMessageId = (): string => randomAlphanumeric(8)
export const newShortCode = (): string => randomAlphanumeric(7)

let objectIdCounter = randomInt(0xffffff)
const processRandom = randomBytes(5).toString('hex')

/** Mongo-style 24-hex id: seconds timestamp, per-process random, counter. Sorts by creation time. */
export function newObjectId(now = Date.now()): string {
  objectIdCounter = (objectIdCounter + 1) % 0x1000000
  const ts = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0')
  return `${ts}${processRandom}${objectIdCounter.toString(16).padStart(6, '0')}`
}

/** The attribution unit of a link: its message, or `L<code>` for a link minted without one (links API). */
export const linkMessageRef = (code: string, messageId: string | null): string => messageId ?? `L${code}`

/** A click id is its message id followed by 12 random characters. */
export function newClickId(messageId: string): string {
  return `${messageId}${randomAlphanumeric(12)}`
}

export function messageIdOfClickId(clickId: string): string | undefined {
  return CLICK_ID_PATTERN.test(clickId) ? clickId.slice(0, 8) : undefined
}

/**
 * Stable id for a network conversion, so the same transaction posted twice is one event. A refund or chargeback
 * usually reuses its sale's transaction id, so reversals get ids of their own (the sale must not collapse into them).
 */
export function conversionEventId(network: string, transactionId: string, conversionType = 'sale'): string {
  const reversal =
    conversionType === 'refund' || conversionType === 'chargeback' ? `\u0000${conversionType}` : ''
  return `cv_${createHash('sha256').update(`${network}\u0000${transactionId}${reversal}`).digest('hex').slice(0, 32)}`
}
