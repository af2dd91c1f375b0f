// Single use of a signed token across every ingest process: the first claim of a key in Redis wins and records
// what it was used for; later claims learn that value. One round trip (SET NX GET, Redis 7), bounded in time.
import type { Redis } from 'ioredis'

export type Claim =
  /** This request is the token's first use. */
  | { state: 'first' }
  /** Used before; `holder` is the value the first use stored. */
  | { state: 'used'; holder: string }
  /** Redis did not answer in time: the caller decides (a redirect must not wait on it). */
  | { state: 'unknown' }

const CLAIM_TIMEOUT_MS = 50

export async function claimOnce(redis: Redis, key: string, value: string, ttlMs: number): Promise<Claim> {
  let timer: NodeJS.Timeout | undefined
  try {
    const previous = await Promise.race([
      redis.call('SET', key, value, 'PX', String(Math.max(1, Math.ceil(ttlMs))), 'NX', 'GET') as Promise<
        string | null
      >,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), CLAIM_TIMEOUT_MS)
      }),
    ])
    if (previous === undefined) return { state: 'unknown' }
    return previous === null ? { state: 'first' } : { state: 'used', holder: previous }
  } catch {
    return { state: 'unknown' }
  } finally {
    clearTimeout(timer)
  }
}
