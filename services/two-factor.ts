// TOTP two-factor sign-in (spec §18, issue 14): enrolment (a pending secret shown as a QR code, confirmed by a
// first code), ten single-use recovery codes stored as SHA-256, and the second-factor check of a sign-in. Secrets
// are encrypted at rest with the platform key (core/crypto); a code signs in once (its time step is recorded).

import { generateSecret, generateURI, verify } from 'otplib'
import type pg from 'pg'
import QRCode from 'qrcode'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import {
  hashRecoveryCode,
  newRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  TOTP_CODE_PATTERN,
  TOTP_ISSUER,
  TOTP_TOLERANCE_SECONDS,
} from '../core/sessions.js'
import { withTransaction } from '../lib/postgres.js'
import type { Queryable } from './accounts.js'
import { verifyPassword } from './passwords.js'

/** The time step of a valid code for `secret`, or null (not six digits, or not a code of the last/next 30 s). */
async function totpStep(secret: string, code: string): Promise<number | null> {
  if (!TOTP_CODE_PATTERN.test(code)) return null
  const result = await verify({ secret, token: code, epochTolerance: TOTP_TOLERANCE_SECONDS })
  return result.valid && 'timeStep' in result ? result.timeStep : null
}

/** Audited in every account of the user, like a password reset: their owners see it. */
async function auditUserChange(client: Queryable, userId: string, action: string): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (account_id, actor, action, target)
     SELECT account_id, $2, $3, $1 FROM account_access WHERE user_id = $1`,
    [userId, `user:${userId}`, action],
  )
}

export interface TwoFactorEnrolment {
  secret: string
  /** otpauth://totp/Trackly:<email>?secret=…&issuer=Trackly, what the QR code holds. */
  otpauth_url: string
  qr_svg: string
}

/** Starts (or restarts) enrolment: a new pending secret, in effect only once `enableTwoFactor` confirms a code. */
export async function setupTwoFactor(
  pool: pg.Pool,
  secretKey: string,
  userId: string,
): Promise<TwoFactorEnrolment> {
  const { rows } = await pool.query<{ email: string; enabled: boolean }>(
    'SELECT email, totp_secret_enc IS NOT NULL AS enabled FROM users WHERE id = $1',
    [userId],
  )
  const user = rows[0]
  if (!user) throw new AppError('unauthorized', 'Sign in first')
  if (user.enabled) {
    throw new AppError('two_factor_already_enabled', 'Two-factor authentication is on already')
  }
  const secret = generateSecret()
  await pool.query('UPDATE users SET totp_pending_enc = $2 WHERE id = $1', [
    userId,
    encryptSecret(secret, secretKey),
  ])
  const url = generateURI({ issuer: TOTP_ISSUER, label: user.email, secret })
  return { secret, otpauth_url: url, qr_svg: await QRCode.toString(url, { type: 'svg', margin: 1 }) }
}

/**
 * Turns two-factor on with a code of the pending secret, and answers ten new recovery codes (shown this once;
 * earlier ones stop working).
 */
export function enableTwoFactor(
  pool: pg.Pool,
  secretKey: string,
  userId: string,
  code: string,
): Promise<{ recovery_codes: string[] }> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ pending: string | null; enabled: boolean }>(
      `SELECT totp_pending_enc AS pending, totp_secret_enc IS NOT NULL AS enabled FROM users
        WHERE id = $1 FOR UPDATE`,
      [userId],
    )
    const user = rows[0]
    if (user?.enabled) {
      throw new AppError('two_factor_already_enabled', 'Two-factor authentication is on already')
    }
    if (!user?.pending) {
      throw new AppError('two_factor_setup_not_started', 'Start with POST /auth/two-factor/setup')
    }
    if ((await totpStep(decryptSecret(user.pending, secretKey), code.trim())) === null) {
      throw new AppError('invalid_code', 'That code is not the current one of your authenticator app')
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
    await client.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [userId])
    await client.query('INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])', [
      userId,
      codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)),
    ])
    await client.query(
      `UPDATE users SET totp_secret_enc = totp_pending_enc, totp_pending_enc = NULL, totp_enabled_at = now(),
                        totp_last_step = NULL
        WHERE id = $1`,
      [userId],
    )
    await auditUserChange(client, userId, 'user.two_factor_enabled')
    return { recovery_codes: codes }
  })
}

/** Whether `code` is an unused recovery code of the user; using it here uses it up. */
async function spendRecoveryCode(db: Queryable, userId: string, typed: string): Promise<boolean> {
  const canonical = normalizeRecoveryCode(typed)
  if (!canonical) return false
  const { rowCount } = await db.query(
    `UPDATE user_recovery_codes SET used_at = now()
      WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
    [userId, hashRecoveryCode(canonical)],
  )
  return rowCount === 1
}

export interface SecondFactor {
  totp_code?: string | undefined
  recovery_code?: string | undefined
}

/**
 * The second factor of a sign-in: an authenticator code not used before (its time step must be later than the
 * last accepted one, so an observed code cannot be replayed), or an unused recovery code (then used up).
 * Throws two_factor_required when neither was given, invalid_two_factor_code when the one given fails.
 */
export async function checkSecondFactor(
  pool: pg.Pool,
  secretKey: string,
  user: { id: string; totpSecretEnc: string },
  factor: SecondFactor,
): Promise<void> {
  const invalid = () => new AppError('invalid_two_factor_code', 'The two-factor code is not valid')
  if (factor.totp_code !== undefined && factor.totp_code.trim() !== '') {
    const step = await totpStep(decryptSecret(user.totpSecretEnc, secretKey), factor.totp_code.trim())
    if (step === null) throw invalid()
    const { rowCount } = await pool.query(
      `UPDATE users SET totp_last_step = $2
        WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [user.id, step],
    )
    if (rowCount !== 1) throw invalid()
    return
  }
  if (factor.recovery_code !== undefined && factor.recovery_code.trim() !== '') {
    if (!(await spendRecoveryCode(pool, user.id, factor.recovery_code))) throw invalid()
    return
  }
  throw new AppError('two_factor_required', 'Enter the code of your authenticator app, or a recovery code')
}

/**
 * Turns two-factor off. Takes the password and a current code (an authenticator code or, when the device is
 * lost, a recovery code), so a session left open is not enough.
 */
export async function disableTwoFactor(
  pool: pg.Pool,
  secretKey: string,
  userId: string,
  input: { password: string; code: string },
): Promise<void> {
  const { rows } = await pool.query<{ password_hash: string | null; secret: string | null }>(
    'SELECT password_hash, totp_secret_enc AS secret FROM users WHERE id = $1',
    [userId],
  )
  const user = rows[0]
  if (!user?.secret) throw new AppError('two_factor_not_enabled', 'Two-factor authentication is off')
  if (!user.password_hash || !(await verifyPassword(input.password, user.password_hash))) {
    throw new AppError('invalid_password', 'The password is not right')
  }
  const code = input.code.trim()
  const valid = TOTP_CODE_PATTERN.test(code)
    ? (await totpStep(decryptSecret(user.secret, secretKey), code)) !== null
    : await spendRecoveryCode(pool, userId, code)
  if (!valid) throw new AppError('invalid_code', 'That code is not valid')
  await withTransaction(pool, async (client) => {
    await client.query(
      `UPDATE users SET totp_secret_enc = NULL, totp_pending_enc = NULL, totp_enabled_at = NULL,
                        totp_last_step = NULL
        WHERE id = $1`,
      [userId],
    )
    await client.query('DELETE FROM user_recovery_codes WHERE user_id = $1', [userId])
    await auditUserChange(client, userId, 'user.two_factor_disabled')
  })
}
