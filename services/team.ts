// The team of an account (spec §18): members with their roles, and the rules that keep an account manageable
// (at least one owner, nobody removes themselves). Invitations are in invitations.ts. Every change is audited.
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import { OBJECT_ID_PATTERN } from '../core/ids.js'
import type { Role } from '../core/roles.js'
import type { InvitationView, MemberView } from '../core/views/team.js'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, type Queryable, writeAudit } from './accounts.js'
import { openInvitationsOf } from './invitations.js'

const memberNotFound = () => new AppError('not_found', 'Team member not found')

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
  return { members, invitations: await openInvitationsOf(pool, accountId) }
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
