// Invitations to an account's team (spec §18): valid 7 days, resendable, and delivered only by email. The
// token lives in the invitee's mailbox alone (stored here as a hash), so holding it proves the mailbox: a new email
// sets its password with it, an existing user joins with it and no password. Every change is audited.
import type pg from 'pg'
import { INVITATION_PATH, invitationEmail, tokenLink } from '../core/emails.js'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import type { Role } from '../core/roles.js'
import {
  expiryFrom,
  hashToken,
  INVITATION_TTL_MS,
  isEmail,
  isStrongEnoughPassword,
  newSecretToken,
  normalizeEmail,
  TOKEN_PATTERN,
  tokenState,
} from '../core/tokens.js'
import type { InvitationView } from '../core/views/team.js'
import type { Mailer } from '../lib/mailer.js'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, type Queryable, writeAudit } from './accounts.js'
import { hashPassword } from './passwords.js'

interface InvitationRow {
  id: string
  email: string
  role: Role
  expires_at: Date
  created_at: Date
}

const invitationView = (r: InvitationRow, now = new Date()): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  status: r.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending',
  expires_at: r.expires_at.toISOString(),
  created_at: r.created_at.toISOString(),
})

const invitationNotFound = () => new AppError('not_found', 'Invitation not found')

/** Invitations not accepted yet, newest first (expired ones included, so they can be resent). */
export async function openInvitationsOf(db: Queryable, accountId: string): Promise<InvitationView[]> {
  const { rows } = await db.query<InvitationRow>(
    `SELECT id, email, role, expires_at, created_at FROM invitations
      WHERE account_id = $1 AND accepted_at IS NULL ORDER BY created_at DESC, id DESC`,
    [accountId],
  )
  const now = new Date()
  return rows.map((r) => invitationView(r, now))
}

/** What an invitation email needs besides its token: the account's name and whether the email has a login. */
async function invitationContext(
  client: Queryable,
  accountId: string,
  email: string,
): Promise<{ accountName: string; existingUser: boolean }> {
  const { rows } = await client.query<{ name: string; existing_user: boolean }>(
    `SELECT name, EXISTS (SELECT 1 FROM users WHERE email = $2) AS existing_user FROM accounts WHERE id = $1`,
    [accountId, email],
  )
  const row = rows[0]
  return { accountName: row?.name ?? '', existingUser: row?.existing_user ?? false }
}

/**
 * Emails the invitation link. Called inside the transaction that stored the token's hash, so a mail that could
 * not be sent leaves nothing behind (503 `service_unavailable`); the token itself is never returned to the caller:
 * only the invitee's mailbox holds it, which is what lets an existing user accept without a password.
 */
async function sendInvitation(
  client: Queryable,
  mailer: Mailer,
  row: InvitationRow,
  accountId: string,
  token: string,
) {
  const context = await invitationContext(client, accountId, row.email)
  await mailer.send(
    row.email,
    invitationEmail({
      link: tokenLink(mailer.publicUrl, INVITATION_PATH, token),
      accountName: context.accountName,
      role: row.role,
      expiresAt: row.expires_at,
      existingUser: context.existingUser,
    }),
  )
}

/** Invites an email with a role and emails it the link. A newer invitation for the same email replaces a pending one. */
export function inviteMember(
  pool: pg.Pool,
  mailer: Mailer,
  caller: ApiCaller,
  input: { email: string; role: Role },
): Promise<InvitationView> {
  const email = normalizeEmail(input.email)
  if (!isEmail(email)) throw new AppError('invalid_email', 'email must be a valid email address')
  return withTransaction(pool, async (client) => {
    // Serialises invitations of one email to one account (two concurrent invites leave one invitation) without
    // locking the account row while the mail is sent.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `invitation:${caller.accountId}:${email}`,
    ])
    const member = await client.query(
      `SELECT 1 FROM account_access a JOIN users u ON u.id = a.user_id WHERE a.account_id = $1 AND u.email = $2`,
      [caller.accountId, email],
    )
    if (member.rowCount) throw new AppError('already_member', `${email} is already a member of this account`)
    await client.query(
      'DELETE FROM invitations WHERE account_id = $1 AND email = $2 AND accepted_at IS NULL',
      [caller.accountId, email],
    )
    const token = newSecretToken()
    const { rows } = await client.query<InvitationRow>(
      `INSERT INTO invitations (id, account_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, email, role, expires_at, created_at`,
      [
        newObjectId(),
        caller.accountId,
        email,
        input.role,
        hashToken(token),
        caller.userId,
        expiryFrom(new Date(), INVITATION_TTL_MS),
      ],
    )
    const row = rows[0] as InvitationRow
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'invitation.created',
      target: row.id,
      detail: { email, role: input.role },
    })
    await sendInvitation(client, mailer, row, caller.accountId, token)
    return invitationView(row)
  })
}

/** A new token and a new 7-day expiry, emailed; the previous link stops working. */
export function resendInvitation(
  pool: pg.Pool,
  mailer: Mailer,
  caller: ApiCaller,
  id: string,
): Promise<InvitationView> {
  if (!OBJECT_ID_PATTERN.test(id)) throw invitationNotFound()
  return withTransaction(pool, async (client) => {
    const token = newSecretToken()
    const { rows } = await client.query<InvitationRow>(
      `UPDATE invitations SET token_hash = $3, expires_at = $4
        WHERE id = $1 AND account_id = $2 AND accepted_at IS NULL
        RETURNING id, email, role, expires_at, created_at`,
      [id, caller.accountId, hashToken(token), expiryFrom(new Date(), INVITATION_TTL_MS)],
    )
    const row = rows[0]
    if (!row) throw invitationNotFound()
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'invitation.resent',
      target: id,
      detail: { email: row.email },
    })
    await sendInvitation(client, mailer, row, caller.accountId, token)
    return invitationView(row)
  })
}

export function deleteInvitation(pool: pg.Pool, caller: ApiCaller, id: string): Promise<void> {
  if (!OBJECT_ID_PATTERN.test(id)) throw invitationNotFound()
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ email: string }>(
      'DELETE FROM invitations WHERE id = $1 AND account_id = $2 AND accepted_at IS NULL RETURNING email',
      [id, caller.accountId],
    )
    if (!rows[0]) throw invitationNotFound()
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'invitation.deleted',
      target: id,
      detail: { email: rows[0].email },
    })
  })
}

interface OpenInvitation {
  id: string
  account_id: string
  account_name: string
  account_status: string
  email: string
  role: Role
  expires_at: Date
  accepted_at: Date | null
}

/** The invitation a token opens, or the error the token earns: invalid_token, token_expired, account_suspended. */
async function openInvitation(db: Queryable, token: string, lock: boolean): Promise<OpenInvitation> {
  if (!TOKEN_PATTERN.test(token))
    throw new AppError('invalid_token', 'Invalid or already used invitation token')
  const { rows } = await db.query<OpenInvitation>(
    `SELECT i.id, i.account_id, a.name AS account_name, a.status AS account_status, i.email, i.role,
            i.expires_at, i.accepted_at
       FROM invitations i JOIN accounts a ON a.id = i.account_id
      WHERE i.token_hash = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
    [hashToken(token)],
  )
  const invitation = rows[0]
  const state =
    invitation && tokenState({ expiresAt: invitation.expires_at, usedAt: invitation.accepted_at }, new Date())
  if (!invitation || state === 'used' || invitation.account_status === 'deleted') {
    throw new AppError('invalid_token', 'Invalid or already used invitation token')
  }
  if (state === 'expired')
    throw new AppError('token_expired', 'This invitation has expired; ask for a new one')
  if (invitation.account_status !== 'active') throw new AppError('account_suspended', 'Account is suspended')
  return invitation
}

/** What an invitation link offers, for the page that asks a new invitee for a password. */
export async function previewInvitation(
  pool: pg.Pool,
  token: string,
): Promise<{ email: string; role: Role; account_name: string; expires_at: string; existing_user: boolean }> {
  const i = await openInvitation(pool, token, false)
  const { rowCount } = await pool.query('SELECT 1 FROM users WHERE email = $1', [i.email])
  return {
    email: i.email,
    role: i.role,
    account_name: i.account_name,
    expires_at: i.expires_at.toISOString(),
    existing_user: Boolean(rowCount),
  }
}

export interface AcceptedInvitation {
  user_id: string
  account_id: string
  role: Role
  /** true when the invitation created the user; false when it gave an existing user access. */
  new_user: boolean
}

const passwordRequired = () =>
  new AppError(
    'missing_password',
    'This invitation creates a new login: give a password of at least 8 characters',
  )

/**
 * Accepts an invitation. The token came only by email, so holding it proves control of the invited mailbox:
 * an existing user (same email) gets access with no password asked (none is checked or changed, so the
 * inviter cannot use this route to test a password); a new email becomes a user with the given password.
 */
export async function acceptInvitation(
  pool: pg.Pool,
  input: { token: string; password?: string | undefined },
): Promise<AcceptedInvitation> {
  const invited = await openInvitation(pool, input.token, false) // fail fast before spending a password hash
  const known = await pool.query('SELECT 1 FROM users WHERE email = $1', [invited.email])
  let passwordHash: string | undefined
  if (!known.rowCount) {
    if (input.password === undefined) throw passwordRequired()
    if (!isStrongEnoughPassword(input.password)) {
      throw new AppError('weak_password', 'Password must have at least 8 characters')
    }
    passwordHash = await hashPassword(input.password)
  }
  return withTransaction(pool, async (client) => {
    const invitation = await openInvitation(client, input.token, true)
    // A concurrent acceptance may have created the user meanwhile: then this one joins it as an existing user.
    const created = passwordHash
      ? await client.query<{ id: string }>(
          `INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)
           ON CONFLICT (email) DO NOTHING RETURNING id`,
          [newObjectId(), invitation.email, passwordHash],
        )
      : undefined
    const newUser = Boolean(created?.rows[0])
    const userId =
      created?.rows[0]?.id ??
      (await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [invitation.email]))
        .rows[0]?.id
    if (!userId) throw passwordRequired()
    const access = await client.query(
      `INSERT INTO account_access (account_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [invitation.account_id, userId, invitation.role],
    )
    if (!access.rowCount) {
      throw new AppError('already_member', `${invitation.email} is already a member of this account`)
    }
    await client.query('UPDATE invitations SET accepted_at = now() WHERE id = $1', [invitation.id])
    await writeAudit(client, {
      accountId: invitation.account_id,
      actor: `user:${userId}`,
      action: 'invitation.accepted',
      target: userId,
      detail: {
        invitation_id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        new_user: newUser,
      },
    })
    return { user_id: userId, account_id: invitation.account_id, role: invitation.role, new_user: newUser }
  })
}
