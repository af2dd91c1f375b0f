// Cache-first lookups for the hot path: an in-process LRU over Redis over Postgres. Concurrent misses for one
// key share a single fetch; unknown keys are remembered briefly so a 404 flood does not reach Postgres.
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type pg from 'pg'
import { type BotFilterMode, effectiveBotFilterMode } from '../core/bots.js'
import { linkMessageRef } from '../core/ids.js'
import { clickIdParamFor } from '../core/tracking.js'

export interface ResolvedLink {
  code: string
  accountId: string
  messageId: string | null
  /** What its clicks are attributed to (core/ids linkMessageRef), computed once per cached link. */
  messageRef: string
  /** Null for a plain-URL link minted by the links API: it redirects without a click id. */
  offerId: string | null
  contactId: string
  /** Fills `{{contact.phone}}`: the linked contact's number, or the contactPhone a link was minted with. */
  contactPhone: string | null
  destinationUrl: string
  clickIdParam: string
  /** Effective bot-filter mode: the offer's override, else the offer's filter_bots (filter), else the account's. */
  botFilterMode: BotFilterMode
  /** The account's blocked countries (ISO alpha-2, upper case). */
  blockedCountries: string[]
  /** When the message was handed to its provider (epoch ms); null before that and for links without a message. */
  sentAtMs: number | null
  /** The message is with its provider right now (claimed, not yet recorded as sent). */
  sending: boolean
}

const NOT_FOUND = Symbol('not-found')
type Cached<T> = T | typeof NOT_FOUND

const REDIS_TIMEOUT_MS = 20
const REDIS_TTL_SECONDS = 3_600

/** How long a looked-up value is kept in-process and in Redis. */
export interface CacheTtl {
  memoryMs: number
  redisSeconds: number
}
const DEFAULT_TTL: CacheTtl = { memoryMs: 5 * 60_000, redisSeconds: REDIS_TTL_SECONDS }

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
  /** Per-value lifetimes, for values that change (default: minutes in-process, an hour in Redis). */
  ttlOf: (value: T) => CacheTtl = () => DEFAULT_TTL,
): (key: string) => Promise<T | null> {
  const lru = new LRUCache<string, Cached<T>>({
    max,
    ttl: DEFAULT_TTL.memoryMs,
    fetchMethod: async (key, _stale, { options }) => {
      const hit = await redisGet(redis, `${namespace}:${key}`)
      if (hit) {
        const value = JSON.parse(hit) as T
        options.ttl = ttlOf(value).memoryMs
        return value
      }
      const loaded = await load(key)
      if (!loaded) return NOT_FOUND
      const ttl = ttlOf(loaded)
      options.ttl = ttl.memoryMs
      redis.set(`${namespace}:${key}`, JSON.stringify(loaded), 'EX', ttl.redisSeconds).catch(() => {})
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

/**
 * Link rows are re-read at least every LINK_TTL: a changed bot-filter mode or blocked-country list reaches
 * redirects within twice that at worst (a value read from Redis just before it expires, then kept in-process).
 */
export const LINK_TTL: CacheTtl = { memoryMs: 30_000, redisSeconds: 30 }
/**
 * A link whose message is not sent yet is re-read every couple of seconds, so its send time (the
 * too_fast_after_send rule) is seen soon after the provider takes the message, not a cache lifetime later.
 */
export const UNSENT_LINK_TTL: CacheTtl = { memoryMs: 2_000, redisSeconds: 2 }

const blockedCountries = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((c): c is string => typeof c === 'string') : []

export function createLookups(pool: pg.Pool, redis: Redis): Lookups {
  return {
    // v2: rows carry the bot-filter fields; entries cached in the older shape are never read.
    link: cachedLookup(
      redis,
      'trk:link:v3',
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
          offer_bot_filter_mode: string | null
          offer_filter_bots: boolean | null
          account_bot_filter_mode: string | null
          blocked_countries: unknown
          sent_at: Date | null
          sending: boolean | null
        }>(
          `SELECT s.account_id, s.message_id, s.offer_id, s.contact_id, s.destination_url,
                  COALESCE(c.phone_number, s.metadata->>'contact_phone') AS contact_phone,
                  o.external_platform, o.click_id_param,
                  o.bot_filter_mode AS offer_bot_filter_mode, o.filter_bots AS offer_filter_bots,
                  a.bot_filter_mode AS account_bot_filter_mode, a.settings->'blocked_countries' AS blocked_countries,
                  m.sent_at, (m.claimed_at IS NOT NULL AND m.sent_at IS NULL) AS sending
             FROM short_links s
             LEFT JOIN accounts a ON a.id = s.account_id
             LEFT JOIN offers o ON o.id = s.offer_id
             LEFT JOIN contacts c ON c.id = s.contact_id
             LEFT JOIN messages m ON m.id = s.message_id
            WHERE s.code = $1`,
          [code],
        )
        const r = rows[0]
        if (!r) return null
        return {
          code,
          accountId: r.account_id,
          messageId: r.message_id,
          messageRef: linkMessageRef(code, r.message_id),
          offerId: r.offer_id,
          contactId: r.contact_id ?? '',
          contactPhone: r.contact_phone,
          destinationUrl: r.destination_url,
          clickIdParam: clickIdParamFor(r.external_platform, r.click_id_param),
          botFilterMode: effectiveBotFilterMode(
            r.offer_bot_filter_mode,
            r.offer_filter_bots,
            r.account_bot_filter_mode,
          ),
          blockedCountries: blockedCountries(r.blocked_countries),
          sentAtMs: r.sent_at ? r.sent_at.getTime() : null,
          sending: r.sending === true,
        }
      },
      100_000,
      (link) => (link.messageId && link.sentAtMs === null ? UNSENT_LINK_TTL : LINK_TTL),
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
