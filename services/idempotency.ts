// Idempotency keys: the first request with a key claims it, and its reply is kept for 24 hours so a retry with the
// same key and body gets that reply instead of running again. api/idempotency.ts applies this to routes.
import { createHash } from 'node:crypto'
import type pg from 'pg'

/** How long a key and its reply are kept; an older row is ignored and replaced. */
export const IDEMPOTENCY_TTL_HOURS = 24
/**
 * A claim still in progress after this long belongs to a request that died (process crash) without replying or
 * releasing it; far beyond the 30 s request timeout, so a live request is never taken over.
 */
const ABANDONED_AFTER_MINUTES = 5

export interface IdempotencyRequest {
  accountId: string
  key: string
  route: string
  requestHash: string
}

/** Proof of a claim: completing or releasing it touches only the row this request created. */
export interface IdempotencyClaim extends IdempotencyRequest {
  /** The row's created_at as Postgres prints it: a JS Date would drop its microseconds and never match again. */
  claimedAt: string
}

export type ClaimResult =
  | { kind: 'claimed'; claim: IdempotencyClaim }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'in_progress' }
  | { kind: 'reused' }

/** JSON with object keys sorted at every level, so key order in the body does not change its hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function idempotencyRequestHash(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonicalJson(body)}`)
    .digest('hex')
}

/**
 * Claims the key for this request, or says what an earlier request with it left: a reply to replay, a request
 * still running, or a different request (another body or route) under the same key.
 */
export async function claimIdempotencyKey(pool: pg.Pool, req: IdempotencyRequest): Promise<ClaimResult> {
  // A row deleted between the two statements (its request failed) just means the next round can claim it.
  for (;;) {
    const { rows: claimed } = await pool.query<{ claimed_at: string }>(
      `INSERT INTO idempotency_keys (account_id, key, route, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, key) DO UPDATE
         SET route = EXCLUDED.route, request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL,
             created_at = now()
         WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
            OR (idempotency_keys.status_code IS NULL
                AND idempotency_keys.created_at < now() - make_interval(mins => $6))
       RETURNING created_at::text AS claimed_at`,
      [req.accountId, req.key, req.route, req.requestHash, IDEMPOTENCY_TTL_HOURS, ABANDONED_AFTER_MINUTES],
    )
    if (claimed[0]) return { kind: 'claimed', claim: { ...req, claimedAt: claimed[0].claimed_at } }
    const { rows } = await pool.query<{
      request_hash: string
      status_code: number | null
      response: unknown
    }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE account_id = $1 AND key = $2',
      [req.accountId, req.key],
    )
    const row = rows[0]
    if (!row) continue
    if (row.request_hash !== req.requestHash) return { kind: 'reused' }
    if (row.status_code === null) return { kind: 'in_progress' }
    return { kind: 'replay', statusCode: row.status_code, response: row.response }
  }
}

/** Keeps the reply of a claimed request for retries. */
export async function completeIdempotencyKey(
  pool: pg.Pool,
  claim: IdempotencyClaim,
  statusCode: number,
  response: unknown,
): Promise<void> {
  await pool.query(
    `UPDATE idempotency_keys SET status_code = $4, response = $5
      WHERE account_id = $1 AND key = $2 AND created_at = $3::timestamptz AND status_code IS NULL`,
    [claim.accountId, claim.key, claim.claimedAt, statusCode, JSON.stringify(response)],
  )
}

/** Gives the key up, so a retry runs the request again (after a server error or a transient refusal). */
export async function releaseIdempotencyKey(pool: pg.Pool, claim: IdempotencyClaim): Promise<void> {
  await pool.query(
    `DELETE FROM idempotency_keys
      WHERE account_id = $1 AND key = $2 AND created_at = $3::timestamptz AND status_code IS NULL`,
    [claim.accountId, claim.key, claim.claimedAt],
  )
}

/** Deletes keys past their 24 hours (for the scheduler); returns how many. */
export async function pruneIdempotencyKeys(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(
    'DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)',
    [IDEMPOTENCY_TTL_HOURS],
  )
  return rowCount ?? 0
}
