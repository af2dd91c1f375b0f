// Identifier formats of the product (spec §0): API keys, message ids, short-link codes, 24-hex object ids,
// and Trackly click ids, which embed their message id so a conversion routes to its message without a lookup, and
// a MAC so a postback naming an invented one is refused without a lookup either.
import { createHash, createHmac, randomBytes, randomFillSync, randomInt, timingSafeEqual } from 'node:crypto'

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
/** A click id: message reference (8), random (12), then the MAC (12) on live ids; imported ids have no MAC. */
export const CLICK_ID_PATTERN = /^[A-Za-z0-9]{20}(?:[A-Za-z0-9]{12})?$/

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

const CLICK_ID_BODY = 20
const CLICK_ID_MAC = 12

/** The HMAC key of click ids, derived from the platform secret so it needs no configuration of its own. */
export function clickIdKey(secretKeyHex: string): Buffer {
  return createHmac('sha256', Buffer.from(secretKeyHex, 'hex')).update('trackly:click-id:v1').digest()
}

/** 12 base62 digits (~71 bits) of the HMAC of the id's body: short enough for any network's sub-id field. */
function clickIdMac(key: Buffer, body: string): string {
  let n = BigInt(`0x${createHmac('sha256', key).update(body).digest('hex')}`)
  let out = ''
  for (let i = 0; i < CLICK_ID_MAC; i++) {
    out += ALPHANUMERIC[Number(n % 62n)]
    n /= 62n
  }
  return out
}

/** A live click id: its message reference, 12 random characters and their MAC (32 alphanumerics). */
export function newClickId(key: Buffer, messageRef: string): string {
  const body = `${messageRef}${randomAlphanumeric(12)}`
  return `${body}${clickIdMac(key, body)}`
}

/** Whether Trackly issued this click id: its MAC matches, compared in constant time. */
export function clickIdIsAuthentic(key: Buffer, clickId: string): boolean {
  if (clickId.length !== CLICK_ID_BODY + CLICK_ID_MAC || !CLICK_ID_PATTERN.test(clickId)) return false
  const expected = Buffer.from(clickIdMac(key, clickId.slice(0, CLICK_ID_BODY)))
  return timingSafeEqual(expected, Buffer.from(clickId.slice(CLICK_ID_BODY)))
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
