// Accounts, their owners and API keys. Keys are shown once and stored only as a hash.
import { eq } from 'drizzle-orm'
import type pg from 'pg'
import { encryptSecret } from '../core/crypto.js'
import { API_KEY_PATTERN, apiKeyDisplayPrefix, hashApiKey, newApiKey, newObjectId } from '../core/ids.js'
import { newPostbackSecret } from '../core/postback-auth.js'
import type { Role } from '../core/roles.js'
import { accountAccess, accounts, apiKeys, users } from '../lib/db/schema.js'
import { type Db, withTransaction } from '../lib/postgres.js'
import { hashPassword } from './passwords.js'

export interface NewAccount {
  name: string
  ownerEmail: string
  password?: string
}

export interface CreatedAccount {
  accountId: string
  userId: string
  apiKey: string
  /** The secret its conversion postbacks must carry (also shown to owners in the postback settings). */
  postbackSecret: string
}

/** `secretKey` encrypts the account's postback secret at rest (core/crypto). */
export async function createAccount(db: Db, input: NewAccount, secretKey: string): Promise<CreatedAccount> {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  const postbackSecret = newPostbackSecret()
  const postbackSecretEnc = encryptSecret(postbackSecret, secretKey)
  return db.transaction(async (tx) => {
    const accountId = newObjectId()
    await tx
      .insert(accounts)
      .values({ id: accountId, name: input.name, ownerEmail: input.ownerEmail, postbackSecretEnc })
    const email = input.ownerEmail.toLowerCase()
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
    const userId = existing?.id ?? newObjectId()
    if (!existing) await tx.insert(users).values({ id: userId, email, passwordHash })
    await tx.insert(accountAccess).values({ accountId, userId, role: 'owner' })
    const { key: apiKey } = await insertApiKey(tx, accountId, 'Default key', userId)
    return { accountId, userId, apiKey, postbackSecret }
  })
}

export interface IssuedApiKey {
  id: string
  /** The key itself: returned once, never stored. */
  key: string
  prefix: string
  createdAt: Date
}

export async function insertApiKey(
  db: Pick<Db, 'insert'>,
  accountId: string,
  name: string,
  createdBy: string | null,
  role: Role = 'owner',
): Promise<IssuedApiKey> {
  const key = newApiKey()
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: newObjectId(),
      accountId,
      name,
      role,
      keyHash: hashApiKey(key),
      displayPrefix: apiKeyDisplayPrefix(key),
      createdBy,
    })
    .returning({ id: apiKeys.id, prefix: apiKeys.displayPrefix, createdAt: apiKeys.createdAt })
  if (!row) throw new Error('api key insert returned no row')
  return { ...row, key }
}

export const createApiKey = async (
  db: Db,
  accountId: string,
  name: string,
  createdBy: string | null = null,
  role: Role = 'owner',
): Promise<string> => (await insertApiKey(db, accountId, name, createdBy, role)).key

export const ACCOUNT_STATUSES = ['active', 'suspended', 'deleted'] as const
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number]

/** Operator action (CLI): takes effect on the account's very next request, since auth reads the status each time. */
export function setAccountStatus(pool: pg.Pool, accountId: string, status: AccountStatus): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ status: string }>(
      'SELECT status FROM accounts WHERE id = $1 FOR UPDATE',
      [accountId],
    )
    const previous = rows[0]?.status
    if (previous === undefined) return false
    await client.query('UPDATE accounts SET status = $2, updated_at = now() WHERE id = $1', [
      accountId,
      status,
    ])
    await writeAudit(client, {
      accountId,
      actor: 'operator',
      action: `account.${status}`,
      target: accountId,
      detail: { from: previous, to: status },
    })
    return true
  })
}

export interface ApiCaller {
  accountId: string
  accountStatus: string
  /** The API key the request carried; null when a signed-in user's session authenticated it. */
  keyId: string | null
  /** The key's role, or the signed-in user's role on the account. */
  role: Role
  /** The user who created the key (null for keys made outside a user, e.g. by an operator), or the signed-in user. */
  userId: string | null
}

/**
 * Resolves an API key to its account. Runs on every request with no cache, so a suspension or a revoked key
 * takes effect at once; `last_used_at` is written at most once a minute per key.
 */
export async function authenticateApiKey(pool: pg.Pool, key: string): Promise<ApiCaller | null> {
  if (!API_KEY_PATTERN.test(key)) return null
  const { rows } = await pool.query<{
    key_id: string
    account_id: string
    status: string
    role: Role
    created_by: string | null
    stale: boolean
  }>(
    `SELECT k.id AS key_id, a.id AS account_id, a.status, k.role, k.created_by,
            (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
       FROM api_keys k JOIN accounts a ON a.id = k.account_id
      WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [hashApiKey(key)],
  )
  const row = rows[0]
  if (row?.stale) {
    // Off the request path: a lost update only delays the "last used" display by a minute.
    void pool.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.key_id]).catch(() => {})
  }
  return row
    ? {
        accountId: row.account_id,
        accountStatus: row.status,
        keyId: row.key_id,
        role: row.role,
        userId: row.created_by,
      }
    : null
}

/** A signed-in user on the account their session has open, and what the account asks of their login. */
export interface SessionCaller extends ApiCaller {
  userId: string
  /** The account requires two-factor and this user has not turned it on. */
  twoFactorSetupRequired: boolean
}

/**
 * The user's membership of an account, read on every request like a key (a removal, a role change or a
 * suspension takes effect at once); null when the user is not (or no longer) a member, or not active.
 */
export async function sessionCaller(
  pool: pg.Pool,
  userId: string,
  accountId: string,
): Promise<SessionCaller | null> {
  const { rows } = await pool.query<{ status: string; role: Role; setup_required: boolean }>(
    `SELECT a.status, aa.role, (a.require_two_factor AND u.totp_secret_enc IS NULL) AS setup_required
       FROM account_access aa JOIN accounts a ON a.id = aa.account_id JOIN users u ON u.id = aa.user_id
      WHERE aa.user_id = $1 AND aa.account_id = $2 AND u.status = 'active'`,
    [userId, accountId],
  )
  const row = rows[0]
  return row
    ? {
        accountId,
        accountStatus: row.status,
        keyId: null,
        role: row.role,
        userId,
        twoFactorSetupRequired: row.setup_required,
      }
    : null
}

/** Anything that runs a parameterised query: the pool or a client inside a transaction. */
export interface Queryable {
  query: pg.Pool['query']
}

export interface AuditEntry {
  accountId: string
  /** `key:<api key id>`, `user:<user id>` or `operator` (CLI). */
  actor: string
  action: string
  target: string | null
  detail?: Record<string, unknown>
}

/** Team and key actions are audited (spec §18); written in the same transaction as the action. */
export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (account_id, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)',
    [entry.accountId, entry.actor, entry.action, entry.target, entry.detail ?? {}],
  )
}

/** Who an audit entry names: the key, or the signed-in user when a session made the change. */
export const actorOf = (caller: Pick<ApiCaller, 'keyId' | 'userId'>): string =>
  caller.keyId ? `key:${caller.keyId}` : `user:${caller.userId}`
