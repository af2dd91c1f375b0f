// Dashboard sign-in (issue 14): email and password, then the second factor when the user has one; what a session
// shows (the user, their accounts and roles, the open account); and the notice emailed on a sign-in from an
// address the user has not signed in from before.
import type pg from 'pg'
import { FORGOT_PASSWORD_PATH, pageLink, signInNoticeEmail } from '../core/emails.js'
import { AppError } from '../core/errors.js'
import type { Role } from '../core/roles.js'
import { displayName } from '../core/sessions.js'
import { identityKey } from '../core/throttle.js'
import { normalizeEmail } from '../core/tokens.js'
import type { Mailer } from '../lib/mailer.js'
import { hashPassword, verifyPassword } from './passwords.js'
import type { ActiveSession } from './sessions.js'
import { checkSecondFactor, type SecondFactor } from './two-factor.js'

const invalidCredentials = () => new AppError('invalid_credentials', 'Wrong email or password')

/** Compared against when the email has no login, so an unknown email costs the same scrypt as a known one. */
let decoy: Promise<string> | undefined
const decoyHash = () => {
  decoy ??= hashPassword('no user has this password')
  return decoy
}

/**
 * The user an email and password (and second factor, when the user has two-factor on) sign in. Wrong email and
 * wrong password answer alike (invalid_credentials), after the same password hashing.
 */
export async function checkCredentials(
  pool: pg.Pool,
  secretKey: string,
  input: { email: string; password: string } & SecondFactor,
): Promise<{ userId: string; email: string }> {
  const { rows } = await pool.query<{
    id: string
    email: string
    password_hash: string | null
    totp_secret_enc: string | null
  }>(`SELECT id, email, password_hash, totp_secret_enc FROM users WHERE email = $1 AND status = 'active'`, [
    normalizeEmail(input.email),
  ])
  const user = rows[0]
  const matches = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()))
  if (!user?.password_hash || !matches) throw invalidCredentials()
  if (user.totp_secret_enc) {
    await checkSecondFactor(pool, secretKey, { id: user.id, totpSecretEnc: user.totp_secret_enc }, input)
  }
  return { userId: user.id, email: user.email }
}

export interface SessionAccount {
  id: string
  name: string
  role: Role
}

export interface SessionView {
  user: { id: string; email: string; name: string }
  accounts: SessionAccount[]
  current_account_id: string
  csrf_token: string
  two_factor_enabled: boolean
  /** The open account requires two-factor and the user has not turned it on: account routes answer 403. */
  two_factor_setup_required: boolean
  expires_at: string
}

interface UserAccounts {
  user: { id: string; email: string; name: string | null; two_factor_enabled: boolean }
  accounts: (SessionAccount & { require_two_factor: boolean })[]
}

/** An active user and the accounts they can open (not deleted ones), oldest membership first; null if inactive. */
export async function userAccounts(pool: pg.Pool, userId: string): Promise<UserAccounts | null> {
  const users = await pool.query<UserAccounts['user']>(
    `SELECT id, email, name, totp_secret_enc IS NOT NULL AS two_factor_enabled FROM users
      WHERE id = $1 AND status = 'active'`,
    [userId],
  )
  const user = users.rows[0]
  if (!user) return null
  const { rows } = await pool.query<UserAccounts['accounts'][number]>(
    `SELECT a.id, a.name, aa.role, a.require_two_factor
       FROM account_access aa JOIN accounts a ON a.id = aa.account_id
      WHERE aa.user_id = $1 AND a.status <> 'deleted'
      ORDER BY aa.created_at, a.id`,
    [userId],
  )
  return { user, accounts: rows }
}

/** The account a session opens: the one it had when the user still belongs to it, else their first. */
export const openAccountOf = (
  found: UserAccounts,
  wanted: string | undefined,
): (SessionAccount & { require_two_factor: boolean }) | undefined =>
  found.accounts.find((a) => a.id === wanted) ?? found.accounts[0]

/** What GET /auth/session answers for a session whose open account is `current` (one of `found.accounts`). */
export function sessionView(
  found: UserAccounts,
  current: SessionAccount & { require_two_factor: boolean },
  session: Pick<ActiveSession, 'csrfToken' | 'expiresAt'>,
): SessionView {
  const { user } = found
  return {
    user: { id: user.id, email: user.email, name: displayName(user.name, user.email) },
    accounts: found.accounts.map(({ id, name, role }) => ({ id, name, role })),
    current_account_id: current.id,
    csrf_token: session.csrfToken,
    two_factor_enabled: user.two_factor_enabled,
    two_factor_setup_required: current.require_two_factor && !user.two_factor_enabled,
    expires_at: session.expiresAt.toISOString(),
  }
}

/** A user who belongs to no account has nothing to open: such a sign-in is refused. */
export const noAccount = () =>
  new AppError('forbidden', 'This login belongs to no account; ask an owner to invite you again')

/**
 * Records the address a user just signed in from (hashed) and, when the user has signed in before but never from
 * it, emails a notice. Resolves once recorded; the mail goes in the background (`sending`).
 */
export async function noteSignIn(
  pool: pg.Pool,
  mailer: Mailer,
  sign: { userId: string; email: string; address: string; addressKey: string; userAgent: string | undefined },
): Promise<{ sending: Promise<void> }> {
  const { rows } = await pool.query<{ inserted: boolean; known: number }>(
    `WITH known AS (SELECT count(*)::int AS n FROM user_sign_in_addresses WHERE user_id = $1),
          seen AS (
            INSERT INTO user_sign_in_addresses (user_id, address_hash) VALUES ($1, $2)
            ON CONFLICT (user_id, address_hash) DO UPDATE SET last_seen_at = now()
            RETURNING (xmax = 0) AS inserted)
     SELECT seen.inserted, known.n AS known FROM seen, known`,
    [sign.userId, identityKey(sign.addressKey)],
  )
  const row = rows[0]
  if (!row?.inserted || row.known === 0) return { sending: Promise.resolve() }
  const content = signInNoticeEmail({
    address: sign.address,
    userAgent: sign.userAgent,
    at: new Date(),
    resetLink: pageLink(mailer.publicUrl, FORGOT_PASSWORD_PATH),
  })
  return { sending: mailer.send(sign.email, content) }
}
