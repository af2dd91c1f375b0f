// Every account has a postback secret (issue 12): new accounts get one at creation, and accounts from before
// migration 0013 get one here, at start-up, because the secret is stored encrypted with the platform key, which
// a SQL migration does not hold. Idempotent and safe to run from several processes at once.
import type pg from 'pg'
import { encryptSecret } from '../core/crypto.js'
import { newPostbackSecret } from '../core/postback-auth.js'

const BATCH = 1_000

/** Gives a secret to each account without one; returns how many it gave. */
export async function ensurePostbackSecrets(pool: pg.Pool, secretKey: string): Promise<number> {
  let given = 0
  for (;;) {
    const { rows } = await pool.query<{ id: string }>(
      'SELECT id FROM accounts WHERE postback_secret_enc IS NULL ORDER BY id LIMIT $1',
      [BATCH],
    )
    if (rows.length === 0) return given
    const ids = rows.map((r) => r.id)
    const secrets = ids.map(() => encryptSecret(newPostbackSecret(), secretKey))
    // A process that got there first keeps its secret: only rows still without one are written.
    const { rowCount } = await pool.query(
      `UPDATE accounts a SET postback_secret_enc = v.secret, updated_at = now()
         FROM unnest($1::text[], $2::text[]) AS v(id, secret)
        WHERE a.id = v.id AND a.postback_secret_enc IS NULL`,
      [ids, secrets],
    )
    given += rowCount ?? 0
  }
}
