// Cache-first lookups for the hot path: an in-process LRU over Redis over Postgres. Concurrent misses for one
// key share a single fetch; unknown keys are remembered briefly so a 404 flood does not reach Postgres.
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type pg from 'pg'
import { clickIdParamFor } from '../core/tracking.js'

export interface ResolvedLink {
  code: string
  accountId: string
  messageId: string | null
  /** Null for a plain-URL link minted by the links API: it redirects without a click id. */
  offerId: string | null
  contactId: string
  /** Fills `{{contact.phone}}`: the linked contact's number, or the contactPhone a link was minted with. */
  contactPhone: string | null
  destinationUrl: string
  clickIdParam: string
}

const NOT_FOUND = Symbol('not-found')
type Cached<T> = T | typeof NOT_FOUND

const REDIS_TIMEOUT_MS = 20
const REDIS_TTL_SECONDS = 3_600

/** A Redis read bounded in time: a slow Redis degrades to the Postgres path instead of stalling the redirect. */
export async function redisGet(redis: Redis, key: string): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      redis.get(key),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), REDIS_TIMEOUT_MS)
      }),
    ])
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

export function cachedLookup<T extends object>(
  redis: Redis,
  namespace: string,
  load: (key: string) => Promise<T | null>,
  max: number,
): (key: string) => Promise<T | null> {
  const lru = new LRUCache<string, Cached<T>>({
    max,
    ttl: 5 * 60_000,
    fetchMethod: async (key) => {
      const hit = await redisGet(redis, `${namespace}:${key}`)
      if (hit) return JSON.parse(hit) as T
      const loaded = await load(key)
      if (!loaded) return NOT_FOUND
      redis.set(`${namespace}:${key}`, JSON.stringify(loaded), 'EX', REDIS_TTL_SECONDS).catch(() => {})
      return loaded
    },
  })
  return async (key) => {
    const value = await lru.fetch(key, { ttl: undefined })
    if (value === NOT_FOUND) {
      lru.set(key, NOT_FOUND, { ttl: 30_000 })
      return null
    }
    return value ?? null
  }
}

export interface Lookups {
  link(code: string): Promise<ResolvedLink | null>
  /** The account a message belongs to (postbacks name a message through their click id). */
  messageAccount(messageId: string): Promise<{ accountId: string } | null>
}

export function createLookups(pool: pg.Pool, redis: Redis): Lookups {
  return {
    link: cachedLookup(
      redis,
      'trk:link',
      async (code) => {
        const { rows } = await pool.query<{
          account_id: string
          message_id: string | null
          offer_id: string | null
          contact_id: string | null
          contact_phone: string | null
          destination_url: string
          external_platform: string | null
          click_id_param: string | null
        }>(
          `SELECT s.account_id, s.message_id, s.offer_id, s.contact_id, s.destination_url,
                  COALESCE(c.phone_number, s.metadata->>'contact_phone') AS contact_phone,
                  o.external_platform, o.click_id_param
             FROM short_links s
             LEFT JOIN offers o ON o.id = s.offer_id
             LEFT JOIN contacts c ON c.id = s.contact_id
            WHERE s.code = $1`,
          [code],
        )
        const r = rows[0]
        if (!r) return null
        return {
          code,
          accountId: r.account_id,
          messageId: r.message_id,
          offerId: r.offer_id,
          contactId: r.contact_id ?? '',
          contactPhone: r.contact_phone,
          destinationUrl: r.destination_url,
          clickIdParam: clickIdParamFor(r.external_platform, r.click_id_param),
        }
      },
      100_000,
    ),
    messageAccount: cachedLookup(
      redis,
      'trk:msg',
      async (id) => {
        const { rows } = await pool.query<{ account_id: string }>(
          'SELECT account_id FROM messages WHERE id = $1',
          [id],
        )
        return rows[0] ? { accountId: rows[0].account_id } : null
      },
      100_000,
    ),
  }
}
