// Passwords and their reset tokens. Passwords are hashed with scrypt (memory-hard; N=2^15, r=8 → 32 MiB per
// hash) and compared in constant time.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type pg from 'pg'
import { PASSWORD_RESET_PATH, passwordResetEmail, tokenLink } from '../core/emails.js'
import { AppError } from '../core/errors.js'
import {
  expiryFrom,
  hashToken,
  isStrongEnoughPassword,
  newSecretToken,
  normalizeEmail,
  PASSWORD_RESET_TTL_MS,
  TOKEN_PATTERN,
  tokenState,
} from '../core/tokens.js'
import type { Mailer } from '../lib/mailer.js'
import { withTransaction } from '../lib/postgres.js'

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>
const N = 32768
const R = 8
const P = 1
const KEY_LENGTH = 32
const MAX_MEMORY = 64 * 1024 * 1024

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEMORY })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  })
  return timingSafeEqual(actual, expected)
}

/**
 * Starts a password reset: a token valid 1 h (spec §18), stored hashed. Returns null when no active user has
 * this email; callers answer the same either way so the endpoint reveals no accounts.
 */
export async function createPasswordReset(
  pool: pg.Pool,
  email: string,
): Promise<{ token: string; userId: string; expiresAt: Date } | null> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM users WHERE email = $1 AND status = 'active'`,
    [normalizeEmail(email)],
  )
  const userId = rows[0]?.id
  if (!userId) return null
  const token = newSecretToken()
  const expiresAt = expiryFrom(new Date(), PASSWORD_RESET_TTL_MS)
  await pool.query('INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(token),
    userId,
    expiresAt,
  ])
  return { token, userId, expiresAt }
}

/**
 * Starts a password reset and emails its link. Resolves once the token is stored, with the mail still being sent
 * (`sending`), so the caller answers alike, and about as fast, whether or not the email has a user.
 */
export async function requestPasswordReset(
  pool: pg.Pool,
  mailer: Mailer,
  email: string,
): Promise<{ sending: Promise<void> }> {
  const reset = await createPasswordReset(pool, email)
  if (!reset) return { sending: Promise.resolve() }
  const content = passwordResetEmail({
    link: tokenLink(mailer.publicUrl, PASSWORD_RESET_PATH, reset.token),
    expiresAt: reset.expiresAt,
  })
  return { sending: mailer.send(normalizeEmail(email), content) }
}

/** Reads an open reset token without using it: the email it resets and until when, for the page that asks. */
export async function previewPasswordReset(
  pool: pg.Pool,
  token: string,
): Promise<{ email: string; expires_at: string }> {
  const reset = await openReset(pool, token)
  return { email: reset.email, expires_at: reset.expires_at.toISOString() }
}

interface OpenReset {
  user_id: string
  email: string
  expires_at: Date
  used_at: Date | null
}

/** The reset a token opens, or invalid_token (unknown or used) / token_expired. */
async function openReset(pool: pg.Pool, token: string): Promise<OpenReset> {
  const invalid = () => new AppError('invalid_token', 'Invalid or already used reset token')
  if (!TOKEN_PATTERN.test(token)) throw invalid()
  const { rows } = await pool.query<OpenReset>(
    `SELECT r.user_id, u.email, r.expires_at, r.used_at
       FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1`,
    [hashToken(token)],
  )
  const reset = rows[0]
  const state = reset && tokenState({ expiresAt: reset.expires_at, usedAt: reset.used_at }, new Date())
  if (!reset || state === 'used') throw invalid()
  if (state === 'expired')
    throw new AppError('token_expired', 'This reset link has expired; request a new one')
  return reset
}

/**
 * Sets a new password with a reset token. The token is single-use: claiming it and every other open token of
 * the user happens in one statement, so two concurrent confirmations cannot both succeed. Answers the user, whose
 * sessions the caller ends.
 */
export async function confirmPasswordReset(
  pool: pg.Pool,
  token: string,
  password: string,
): Promise<{ userId: string }> {
  const reset = await openReset(pool, token)
  const tokenHash = hashToken(token)
  const invalid = () => new AppError('invalid_token', 'Invalid or already used reset token')
  if (!isStrongEnoughPassword(password))
    throw new AppError('weak_password', 'Password must have at least 8 characters')
  const passwordHash = await hashPassword(password)
  await withTransaction(pool, async (client) => {
    const claimed = await client.query(
      'UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()',
      [tokenHash],
    )
    if (!claimed.rowCount) throw invalid()
    // Any other link sent before is void once the password changed.
    await client.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [
      reset.user_id,
    ])
    await client.query('UPDATE users SET password_hash = $2 WHERE id = $1', [reset.user_id, passwordHash])
    await client.query(
      `INSERT INTO audit_log (account_id, actor, action, target)
       SELECT account_id, $2, 'user.password_reset', $1 FROM account_access WHERE user_id = $1`,
      [reset.user_id, `user:${reset.user_id}`],
    )
  })
  return { userId: reset.user_id }
}

/**
 * Changes a signed-in user's password: the current one is checked first (400 `invalid_password`), the new one
 * follows the password rule (400 `weak_password`), and open reset links stop working. The caller ends the user's
 * other sessions.
 */
export async function changePassword(
  pool: pg.Pool,
  userId: string,
  input: { current_password: string; password: string },
): Promise<void> {
  const { rows } = await pool.query<{ password_hash: string | null }>(
    'SELECT password_hash FROM users WHERE id = $1',
    [userId],
  )
  const stored = rows[0]?.password_hash
  if (!stored || !(await verifyPassword(input.current_password, stored))) {
    throw new AppError('invalid_password', 'The current password is not right')
  }
  if (!isStrongEnoughPassword(input.password))
    throw new AppError('weak_password', 'Password must have at least 8 characters')
  const passwordHash = await hashPassword(input.password)
  await withTransaction(pool, async (client) => {
    await client.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash])
    await client.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [
      userId,
    ])
    await client.query(
      `INSERT INTO audit_log (account_id, actor, action, target)
       SELECT account_id, $2, 'user.password_changed', $1 FROM account_access WHERE user_id = $1`,
      [userId, `user:${userId}`],
    )
  })
}
