// One-time passcodes (spec §16; the spec gives only the endpoint names, so the limits here are our design): numeric
// codes, their keyed hashes, the message template, and the resend throttle. Pure; services/otp.ts stores and sends.
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto'

export const OTP_CODE_LENGTH = { min: 4, max: 10, default: 6 } as const
/** Seconds a code stays valid. */
export const OTP_EXPIRES_IN = { min: 60, max: 3600, default: 300 } as const
/** Guesses per code, the right one included; after that the code is dead and a new one must be sent. */
export const OTP_MAX_ATTEMPTS = 5
/** Platform limits page: OTP metadata is at most 1,024 bytes of JSON. */
export const OTP_METADATA_MAX_BYTES = 1024
/** Resends per (account, phone): one per interval and a cap per hour, so the API cannot be used to flood a phone. */
export const OTP_RESEND_INTERVAL_SECONDS = 30
export const OTP_SENDS_PER_HOUR = 5

export const DEFAULT_OTP_TEMPLATE = 'Your {{brand_name}} code is {{code}}. It expires in {{minutes}} minutes.'

const CODE_MACRO = /\{\{\s*code\s*\}\}/g
const MINUTES_MACRO = /\{\{\s*minutes\s*\}\}/g

/** `length` decimal digits, each drawn uniformly (leading zeros included, so every code is equally likely). */
export function generateOtpCode(length: number): string {
  if (!Number.isInteger(length) || length < OTP_CODE_LENGTH.min || length > OTP_CODE_LENGTH.max) {
    throw new RangeError(`code length must be ${OTP_CODE_LENGTH.min}–${OTP_CODE_LENGTH.max}`)
  }
  let code = ''
  for (let i = 0; i < length; i++) code += String(randomInt(10))
  return code
}

/**
 * The HMAC key for codes, derived from the secret key (64 hex) with HKDF so it never doubles as the key that
 * encrypts credentials.
 */
export function otpHashKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'hex'), '', 'trackly otp code hash v1', 32))
}

/** HMAC-SHA256 of `otpId:code` (hex). Binding the id means one stored hash cannot be replayed for another OTP. */
export function hashOtpCode(key: Buffer, otpId: string, code: string): string {
  return createHmac('sha256', key).update(`${otpId}:${code}`).digest('hex')
}

/** Compares hashes in constant time, so response timing tells nothing about how close a guess was. */
export function otpCodeMatches(key: Buffer, otpId: string, code: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex')
  const actual = Buffer.from(hashOtpCode(key, otpId, code), 'hex')
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** A template must print the code somewhere. */
export function otpTemplateHasCode(template: string): boolean {
  return template.match(CODE_MACRO) !== null
}

/**
 * Fills {{code}} and {{minutes}} (whole minutes, rounded down so the text never promises more time than there
 * is); the other macros ({{brand_name}}, …) are left for the send path, which knows the list.
 */
export function renderOtpTemplate(template: string, code: string, expiresInSeconds: number): string {
  const minutes = String(Math.max(1, Math.floor(expiresInSeconds / 60)))
  return template.replace(CODE_MACRO, code).replace(MINUTES_MACRO, minutes)
}

/**
 * The body as stored and shown: every occurrence of the code replaced by as many `*` (a GSM-7 character, so the
 * stored copy counts as many SMS segments as the body that went out).
 */
export function maskOtpCode(body: string, code: string): string {
  return code === '' ? body : body.split(code).join('*'.repeat(code.length))
}

/**
 * Seconds until the next code may be sent to a phone, given when earlier codes to it were sent (the last hour's
 * are enough) and the current time; 0 when a send is allowed now.
 */
export function otpRetryAfterSeconds(sentAt: Date[], now: Date): number {
  const times = sentAt.map((d) => d.getTime()).sort((a, b) => b - a)
  const waits = [0]
  if (times.length > 0) waits.push(times[0]! + OTP_RESEND_INTERVAL_SECONDS * 1000 - now.getTime())
  const hourAgo = now.getTime() - 3600_000
  const inLastHour = times.filter((t) => t > hourAgo)
  if (inLastHour.length >= OTP_SENDS_PER_HOUR) {
    // The send that frees a slot is the one that leaves the window first: the oldest of the most recent five.
    waits.push(inLastHour[OTP_SENDS_PER_HOUR - 1]! + 3600_000 - now.getTime())
  }
  return Math.max(0, Math.ceil(Math.max(...waits) / 1000))
}
