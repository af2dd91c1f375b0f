// One-time secrets of the team and password flows (spec §18): invitation and password-reset tokens, their
// lifetimes, and the password rule. Tokens are stored only as hashes and compared by hash.
import { createHash, randomBytes } from 'node:crypto'

/** Invitations expire after 7 days (spec §18). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** Password reset links last 1 hour (spec §18). */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000
/** Passwords have at least 8 characters (spec §18). */
export const MIN_PASSWORD_LENGTH = 8
/** Upper bound so a request cannot make scrypt hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024

/** 32 random bytes (256 bits), base64url: 43 characters, safe in a URL query. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export function newSecretToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Tokens carry 256 bits of entropy, so a fast hash is enough; the database never holds a usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export const expiryFrom = (now: Date, ttlMs: number): Date => new Date(now.getTime() + ttlMs)

export type TokenState = 'valid' | 'expired' | 'used'

/** Used wins over expired: a consumed token is gone, whatever its age. */
export function tokenState(token: { expiresAt: Date; usedAt: Date | null }, now: Date): TokenState {
  if (token.usedAt) return 'used'
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid'
}

/** Length counted in code points, so an emoji is one character as the user sees it. */
export function isStrongEnoughPassword(password: string): boolean {
  return [...password].length >= MIN_PASSWORD_LENGTH
}

/** Emails compare case-insensitively and without surrounding blanks. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const isEmail = (email: string): boolean => email.length <= 254 && EMAIL_PATTERN.test(email)
