// Dashboard sessions and two-factor sign-in, the pure parts: how long a session lives, the cookie that carries it,
// the CSRF comparison, TOTP code shape and the one-time recovery codes. services/sessions.ts keeps sessions in Redis.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** The cookie holding the session token (32 random bytes, base64url); the server keeps only its SHA-256. */
export const SESSION_COOKIE = 'trackly_session'
/** A session unused this long ends (sliding: every authenticated request restarts it). */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000
/** However active, a session ends this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000

/** How much longer a session created at `createdAtMs` lives after a request at `nowMs`; ≤ 0: it has ended. */
export function sessionTtlMs(createdAtMs: number, nowMs: number): number {
  return Math.min(SESSION_IDLE_MS, createdAtMs + SESSION_ABSOLUTE_MS - nowMs)
}

export interface SessionCookieOptions {
  httpOnly: true
  sameSite: 'lax'
  path: '/'
  secure: boolean
}

/**
 * HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), the whole site, and Secure when the
 * dashboard is served over https. No Max-Age: the server ends the session; the browser may drop it at exit.
 */
export const sessionCookieOptions = (publicUrl: string): SessionCookieOptions => ({
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: publicUrl.startsWith('https:'),
})

/** Equal CSRF tokens, compared in constant time (a mismatch reveals nothing about where it differs). */
export function csrfTokensMatch(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false
  const a = Buffer.from(sent)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Authenticator apps show six digits. */
export const TOTP_CODE_PATTERN = /^\d{6}$/
/** Codes of the previous and next 30-second step are accepted too (clock drift, typing time). */
export const TOTP_TOLERANCE_SECONDS = 30
/** How the authenticator app names the login. */
export const TOTP_ISSUER = 'Trackly'

export const RECOVERY_CODE_COUNT = 10
/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
const RECOVERY_PATTERN = /^[0-9a-hjkmnp-tv-z]{16}$/

/** 80 random bits as 16 characters, shown in groups of four: `7k2m-…`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let text = ''
  for (let i = 15; i >= 0; i--) text += RECOVERY_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return text.match(/.{4}/g)!.join('-')
}

/** The code as typed (any case, blanks and dashes, I/L for 1, O for 0) in canonical form; undefined if not a code. */
export function normalizeRecoveryCode(typed: string): string | undefined {
  const text = typed.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0')
  return RECOVERY_PATTERN.test(text) ? text : undefined
}

/** 80 random bits cannot be searched offline, so a fast hash suffices (and lets a code be looked up by it). */
export const hashRecoveryCode = (canonical: string): string =>
  createHash('sha256').update(canonical).digest('hex')

/** The name the dashboard shows: the user's own, else the part of the email before the @. */
export const displayName = (name: string | null, email: string): string =>
  name?.trim() || email.split('@')[0] || email
