// The team of an account (spec §18): members with their roles, invitations that expire after 7 days, and the
// rules that keep an account manageable (at least one owner, nobody removes themselves). Every change is audited.
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
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
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, type Queryable, type Role, writeAudit } from './accounts.js'
import { hashPassword, verifyPassword } from './passwords.js'

export interface MemberView {
  user_id: string
  email: string
  role: Role
  status: string
  created_at: string
}

export interface InvitationView {
  id: string
  email: string
  role: Role
  /** pending, or expired (then it can be resent). */
  status: 'pending' | 'expired'
  expires_at: string
  created_at: string
}

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

const memberNotFound = () => new AppError('not_found', 'Team member not found')
const invitationNotFound = () => new AppError('not_found', 'Invitation not found')

async function membersOf(db: Queryable, accountId: string, userId?: string): Promise<MemberView[]> {
  const { rows } = await db.query<{
    user_id: string
    email: string
    role: Role
    status: string
    created_at: Date
  }>(
    `SELECT u.id AS user_id, u.email, a.role, u.status, a.created_at
       FROM account_access a JOIN users u ON u.id = a.user_id
      WHERE a.account_id = $1 AND ($2::text IS NULL OR a.user_id = $2)
      ORDER BY a.created_at, u.id`,
    [accountId, userId ?? null],
  )
  return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }))
}

/** Members, and the invitations not accepted yet (expired ones included, so they can be resent). */
export async function listTeam(
  pool: pg.Pool,
  accountId: string,
): Promise<{ members: MemberView[]; invitations: InvitationView[] }> {
  const members = await membersOf(pool, accountId)
  const { rows } = await pool.query<InvitationRow>(
    `SELECT id, email, role, expires_at, created_at FROM invitations
      WHERE account_id = $1 AND accepted_at IS NULL ORDER BY created_at DESC, id DESC`,
    [accountId],
  )
  const now = new Date()
  return { members, invitations: rows.map((r) => invitationView(r, now)) }
}

export interface IssuedInvitation {
  invitation: InvitationView
  /** Shown once: only its hash is stored. */
  token: string
}

/** Invites an email with a role. A newer invitation for the same email replaces a pending one. */
export function inviteMember(
  pool: pg.Pool,
  caller: ApiCaller,
  input: { email: string; role: Role },
): Promise<IssuedInvitation> {
  const email = normalizeEmail(input.email)
  if (!isEmail(email)) throw new AppError('invalid_email', 'email must be a valid email address')
  return withTransaction(pool, async (client) => {
    // Serialises invitations of one account, so two concurrent invites of one email leave one invitation.
    await client.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [caller.accountId])
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
    return { invitation: invitationView(row), token }
  })
}

/** A new token and a new 7-day expiry; the previous link stops working. */
export function resendInvitation(pool: pg.Pool, caller: ApiCaller, id: string): Promise<IssuedInvitation> {
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
    return { invitation: invitationView(row), token }
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

/** What an invitation link offers, for the page that asks the invitee for a password. */
export async function previewInvitation(
  pool: pg.Pool,
  token: string,
): Promise<{ email: string; role: Role; account_name: string; expires_at: string }> {
  const i = await openInvitation(pool, token, false)
  return {
    email: i.email,
    role: i.role,
    account_name: i.account_name,
    expires_at: i.expires_at.toISOString(),
  }
}

export interface AcceptedInvitation {
  user_id: string
  account_id: string
  role: Role
  /** true when the invitation created the user; false when it gave an existing user access. */
  new_user: boolean
}

/**
 * Accepts an invitation: creates the user with the given password, or gives an existing user (same email)
 * access. An existing user must confirm with their own password: the link is handed to whoever invited them,
 * so it must never set the password of a login that already exists.
 */
export async function acceptInvitation(
  pool: pg.Pool,
  input: { token: string; password: string },
): Promise<AcceptedInvitation> {
  await openInvitation(pool, input.token, false) // fail fast before spending a password hash
  if (!isStrongEnoughPassword(input.password)) {
    throw new AppError('weak_password', 'Password must have at least 8 characters')
  }
  const passwordHash = await hashPassword(input.password)
  return withTransaction(pool, async (client) => {
    const invitation = await openInvitation(client, input.token, true)
    const { rows: existing } = await client.query<{ id: string; password_hash: string | null }>(
      'SELECT id, password_hash FROM users WHERE email = $1 FOR UPDATE',
      [invitation.email],
    )
    let userId = existing[0]?.id
    if (existing[0]) {
      const stored = existing[0].password_hash
      if (stored && !(await verifyPassword(input.password, stored))) {
        throw new AppError(
          'invalid_password',
          'A user with this email exists; give that user’s current password',
        )
      }
    } else {
      userId = newObjectId()
      await client.query('INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)', [
        userId,
        invitation.email,
        passwordHash,
      ])
    }
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
      target: userId as string,
      detail: { invitation_id: invitation.id, email: invitation.email, role: invitation.role },
    })
    return {
      user_id: userId as string,
      account_id: invitation.account_id,
      role: invitation.role,
      new_user: !existing[0],
    }
  })
}

/** The account's access rows, locked: role changes and removals of one account run one at a time. */
async function lockedAccess(client: pg.PoolClient, accountId: string) {
  const { rows } = await client.query<{ user_id: string; role: Role }>(
    'SELECT user_id, role FROM account_access WHERE account_id = $1 ORDER BY user_id FOR UPDATE',
    [accountId],
  )
  return rows
}

/**
 * Changes a member's role. The account keeps at least one owner. Keys the member created are capped at the
 * new role, so a demoted owner cannot keep managing keys and team through an older key.
 */
export function changeMemberRole(
  pool: pg.Pool,
  caller: ApiCaller,
  userId: string,
  role: Role,
): Promise<MemberView> {
  if (!OBJECT_ID_PATTERN.test(userId)) throw memberNotFound()
  return withTransaction(pool, async (client) => {
    const access = await lockedAccess(client, caller.accountId)
    const target = access.find((a) => a.user_id === userId)
    if (!target) throw memberNotFound()
    if (target.role !== role) {
      if (target.role === 'owner' && access.filter((a) => a.role === 'owner').length === 1) {
        throw new AppError(
          'last_owner',
          'An account needs at least one owner; make another member owner first',
        )
      }
      await client.query('UPDATE account_access SET role = $3 WHERE account_id = $1 AND user_id = $2', [
        caller.accountId,
        userId,
        role,
      ])
      const capped = await capKeysOf(client, caller.accountId, userId, role)
      await writeAudit(client, {
        accountId: caller.accountId,
        actor: actorOf(caller),
        action: 'member.role_changed',
        target: userId,
        detail: { from: target.role, to: role, keys_capped: capped },
      })
    }
    const [member] = await membersOf(client, caller.accountId, userId)
    return member as MemberView
  })
}

const RANK_SQL = `CASE role WHEN 'owner' THEN 2 WHEN 'member' THEN 1 ELSE 0 END`

/** Lowers the member's active keys to at most `role`; refuses to leave the account without an owner key. */
async function capKeysOf(
  client: pg.PoolClient,
  accountId: string,
  userId: string,
  role: Role,
): Promise<number> {
  const rank = { owner: 2, member: 1, viewer: 0 }[role]
  const capped = await client.query(
    `UPDATE api_keys SET role = $4 WHERE account_id = $1 AND created_by = $2 AND revoked_at IS NULL
        AND ${RANK_SQL} > $3`,
    [accountId, userId, rank, role],
  )
  await ensureOwnerKeyRemains(client, accountId)
  return capped.rowCount ?? 0
}

async function ensureOwnerKeyRemains(client: pg.PoolClient, accountId: string): Promise<void> {
  const { rowCount } = await client.query(
    `SELECT 1 FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL AND role = 'owner' LIMIT 1`,
    [accountId],
  )
  if (!rowCount) {
    throw new AppError(
      'last_owner_key',
      'This change would leave the account without an owner API key; create an owner key for another owner first',
    )
  }
}

/** Removes a member's access and revokes the keys they created. Nobody removes themselves or the last owner. */
export function removeMember(pool: pg.Pool, caller: ApiCaller, userId: string): Promise<void> {
  if (!OBJECT_ID_PATTERN.test(userId)) throw memberNotFound()
  return withTransaction(pool, async (client) => {
    const access = await lockedAccess(client, caller.accountId)
    const target = access.find((a) => a.user_id === userId)
    if (!target) throw memberNotFound()
    if (userId === caller.userId) {
      throw new AppError('cannot_remove_self', 'You cannot remove yourself; another owner can')
    }
    if (target.role === 'owner' && access.filter((a) => a.role === 'owner').length === 1) {
      throw new AppError('last_owner', 'An account needs at least one owner')
    }
    await client.query('DELETE FROM account_access WHERE account_id = $1 AND user_id = $2', [
      caller.accountId,
      userId,
    ])
    const revoked = await client.query(
      'UPDATE api_keys SET revoked_at = now() WHERE account_id = $1 AND created_by = $2 AND revoked_at IS NULL',
      [caller.accountId, userId],
    )
    await ensureOwnerKeyRemains(client, caller.accountId)
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'member.removed',
      target: userId,
      detail: { role: target.role, keys_revoked: revoked.rowCount ?? 0 },
    })
  })
}
