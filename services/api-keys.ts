// API keys of an account (spec §1): listed without secrets, created (the key shown once), revoked at once.
import { drizzle } from 'drizzle-orm/node-postgres'
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import { OBJECT_ID_PATTERN } from '../core/ids.js'
import type { Role } from '../core/roles.js'
import type { ApiKeyView, CreatedApiKeyView } from '../core/views/keys.js'
import * as schema from '../lib/db/schema.js'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, insertApiKey, writeAudit } from './accounts.js'

/** Active keys, newest first; revoked keys are gone from the list as they are from authentication. */
export async function listApiKeys(pool: pg.Pool, accountId: string): Promise<ApiKeyView[]> {
  const { rows } = await pool.query<{
    id: string
    name: string
    prefix: string
    role: Role
    created_at: Date
    last_used_at: Date | null
    created_by: string | null
  }>(
    `SELECT id, name, display_prefix AS prefix, role, created_at, last_used_at, created_by
       FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL
      ORDER BY created_at DESC, id DESC`,
    [accountId],
  )
  return rows.map((r) => ({
    ...r,
    created_at: r.created_at.toISOString(),
    last_used_at: r.last_used_at?.toISOString() ?? null,
  }))
}

export interface CreatedApiKey {
  key: CreatedApiKeyView
  apiKey: string
}

export function createAccountApiKey(
  pool: pg.Pool,
  caller: ApiCaller,
  input: { name: string; role: Role },
): Promise<CreatedApiKey> {
  return withTransaction(pool, async (client) => {
    const issued = await insertApiKey(
      drizzle(client, { schema }),
      caller.accountId,
      input.name,
      caller.userId,
      input.role,
    )
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'api_key.created',
      target: issued.id,
      detail: { name: input.name, role: input.role, prefix: issued.prefix },
    })
    return {
      key: {
        id: issued.id,
        name: input.name,
        prefix: issued.prefix,
        role: input.role,
        created_at: issued.createdAt.toISOString(),
      },
      apiKey: issued.key,
    }
  })
}

/**
 * Revokes a key; authentication reads `revoked_at` on every request, so the key is refused from the next one.
 * The account's last owner key cannot be revoked: without it nobody could manage keys or the team any more.
 */
export function revokeApiKey(pool: pg.Pool, caller: ApiCaller, keyId: string): Promise<void> {
  return withTransaction(pool, async (client) => {
    if (!OBJECT_ID_PATTERN.test(keyId)) throw new AppError('not_found', 'API key not found')
    // Locks the account's active keys so two revocations cannot both pass the last-owner-key check.
    const { rows } = await client.query<{ id: string; role: Role; name: string }>(
      `SELECT id, role, name FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL ORDER BY id FOR UPDATE`,
      [caller.accountId],
    )
    const key = rows.find((r) => r.id === keyId)
    if (!key) throw new AppError('not_found', 'API key not found')
    if (key.role === 'owner' && rows.filter((r) => r.role === 'owner').length === 1) {
      throw new AppError(
        'last_owner_key',
        'This is the account’s last owner key; create another owner key first',
      )
    }
    await client.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [keyId])
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'api_key.revoked',
      target: keyId,
      detail: { name: key.name, role: key.role },
    })
  })
}
