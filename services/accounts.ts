// Accounts, their owners and API keys. Keys are shown once and stored only as a hash.
import { eq } from 'drizzle-orm'
import type pg from 'pg'
import { API_KEY_PATTERN, apiKeyDisplayPrefix, hashApiKey, newApiKey, newObjectId } from '../core/ids.js'
import { accountAccess, accounts, apiKeys, users } from '../lib/db/schema.js'
import type { Db } from '../lib/postgres.js'
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
}

export async function createAccount(db: Db, input: NewAccount): Promise<CreatedAccount> {
  const passwordHash = input.password ? await hashPassword(input.password) : null
  return db.transaction(async (tx) => {
    const accountId = newObjectId()
    await tx.insert(accounts).values({ id: accountId, name: input.name, ownerEmail: input.ownerEmail })
    const email = input.ownerEmail.toLowerCase()
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
    const userId = existing?.id ?? newObjectId()
    if (!existing) await tx.insert(users).values({ id: userId, email, passwordHash })
    await tx.insert(accountAccess).values({ accountId, userId, role: 'owner' })
    const apiKey = await insertApiKey(tx, accountId, 'Default key', userId)
    return { accountId, userId, apiKey }
  })
}

export const ROLES = ['owner', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]

async function insertApiKey(
  db: Pick<Db, 'insert'>,
  accountId: string,
  name: string,
  createdBy: string | null,
  role: Role = 'owner',
) {
  const key = newApiKey()
  await db.insert(apiKeys).values({
    id: newObjectId(),
    accountId,
    name,
    role,
    keyHash: hashApiKey(key),
    displayPrefix: apiKeyDisplayPrefix(key),
    createdBy,
  })
  return key
}

export const createApiKey = (
  db: Db,
  accountId: string,
  name: string,
  createdBy: string | null = null,
  role: Role = 'owner',
) => insertApiKey(db, accountId, name, createdBy, role)

export interface ApiCaller {
  accountId: string
  accountStatus: string
  keyId: string
  role: Role
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
    stale: boolean
  }>(
    `SELECT k.id AS key_id, a.id AS account_id, a.status, k.role,
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
    ? { accountId: row.account_id, accountStatus: row.status, keyId: row.key_id, role: row.role }
    : null
}
