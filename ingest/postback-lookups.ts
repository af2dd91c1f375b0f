// Lookups of the conversion endpoints: who owns a click's message, an account's offer by internal or external id,
// and an account's postback verification settings. All are cached and bounded in time, so a slow Postgres never
// holds a network's postback for long.
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type pg from 'pg'
import { decryptSecret } from '../core/crypto.js'
import { SHORT_CODE_PATTERN } from '../core/ids.js'
import { allowlistMatcher } from '../core/postback-auth.js'
import { cachedLookup } from './lookups.js'

/** How long one lookup may take before the endpoint gives up on it. */
export const LOOKUP_TIMEOUT_MS = 2_000
/**
 * Verification settings are re-read this often: a rotated secret or a changed allow-list takes effect within it.
 * (The shared cachedLookup keeps values for minutes in-process and an hour in Redis: right for immutable rows,
 * too long for a secret being rotated.)
 */
export const AUTH_TTL_MS = 5_000

export class LookupUnavailableError extends Error {
  override name = 'LookupUnavailableError'
}

export interface PostbackAuth {
  /** Null: the account has no secret yet. Empty string: one is set but unreadable here. Either way nothing matches. */
  secret: string | null
  /** The owner allowed postbacks that carry no secret. */
  allowUnsigned: boolean
  allowlist: string[]
  /** True when the address may post (always, for an empty allow-list). */
  allows(ip: string): boolean
}

export interface PostbackLink {
  accountId: string
  /** Null for a link minted without a message: its clicks carry `L<code>` as their message reference. */
  messageId: string | null
  offerId: string | null
}

export interface PostbackLookups {
  /** The account of a click's message reference: a message id, or `L<code>` for a link minted without a message. */
  messageOwner(messageRef: string): Promise<{ accountId: string } | null>
  /** The account's offer named by its internal id or, failing that, its external (network) id. */
  offer(accountId: string, ref: string): Promise<{ id: string } | null>
  /** A short link by its 7-character code (`link_id`): the account, message and offer of its clicks. */
  link(code: string): Promise<PostbackLink | null>
  auth(accountId: string): Promise<PostbackAuth>
}

/** `work` bounded in time; a timeout or failure is a LookupUnavailableError (the endpoint answers 503). */
export async function bounded<T>(work: Promise<T>, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LookupUnavailableError('lookup timed out')), timeoutMs)
      }),
    ])
  } catch (err) {
    throw err instanceof LookupUnavailableError ? err : new LookupUnavailableError('lookup failed')
  } finally {
    clearTimeout(timer)
  }
}

const LINK_REF = /^L([A-Za-z0-9]{7})$/

export function createPostbackLookups(
  pool: pg.Pool,
  redis: Redis,
  secretKey: string,
  opts: { authTtlMs?: number; timeoutMs?: number } = {},
): PostbackLookups {
  const timeoutMs = opts.timeoutMs ?? LOOKUP_TIMEOUT_MS
  const owner = cachedLookup(
    redis,
    'trk:pb:owner',
    async (ref) => {
      const { rows } = await pool.query<{ account_id: string }>(
        'SELECT account_id FROM messages WHERE id = $1',
        [ref],
      )
      if (rows[0]) return { accountId: rows[0].account_id }
      // Clicks on a link minted without a message carry `L<code>` as their message reference (ingest/redirect).
      const code = LINK_REF.exec(ref)?.[1]
      if (!code || !SHORT_CODE_PATTERN.test(code)) return null
      const link = await pool.query<{ account_id: string }>(
        'SELECT account_id FROM short_links WHERE code = $1 AND message_id IS NULL',
        [code],
      )
      return link.rows[0] ? { accountId: link.rows[0].account_id } : null
    },
    100_000,
  )
  const offer = cachedLookup(
    redis,
    'trk:pb:offer',
    async (key) => {
      const split = key.indexOf(':')
      const accountId = key.slice(0, split)
      const ref = key.slice(split + 1)
      // The internal id wins over an external id that happens to be equal.
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM offers
          WHERE account_id = $1 AND (id = $2 OR external_id = $2)
          ORDER BY (id = $2) DESC, created_at DESC
          LIMIT 1`,
        [accountId, ref],
      )
      return rows[0] ? { id: rows[0].id } : null
    },
    50_000,
  )

  const link = cachedLookup<PostbackLink>(
    redis,
    'trk:pb:link',
    async (code) => {
      const { rows } = await pool.query<{
        account_id: string
        message_id: string | null
        offer_id: string | null
      }>('SELECT account_id, message_id, offer_id FROM short_links WHERE code = $1', [code])
      const r = rows[0]
      return r ? { accountId: r.account_id, messageId: r.message_id, offerId: r.offer_id } : null
    },
    100_000,
  )

  const loadAuth = async (accountId: string): Promise<PostbackAuth> => {
    const { rows } = await pool.query<{
      postback_secret_enc: string | null
      postback_ip_allowlist: string[]
      postback_allow_unsigned: boolean
    }>(
      'SELECT postback_secret_enc, postback_ip_allowlist, postback_allow_unsigned FROM accounts WHERE id = $1',
      [accountId],
    )
    const row = rows[0]
    let secret: string | null = null
    if (row?.postback_secret_enc) {
      try {
        secret = decryptSecret(row.postback_secret_enc, secretKey)
      } catch {
        secret = '' // set but unreadable with this key: fail closed
      }
    }
    const allowlist = row?.postback_ip_allowlist ?? []
    return {
      secret,
      allowUnsigned: row?.postback_allow_unsigned ?? false,
      allowlist,
      allows: allowlistMatcher(allowlist),
    }
  }
  const auth = new LRUCache<string, PostbackAuth>({
    max: 20_000,
    ttl: opts.authTtlMs ?? AUTH_TTL_MS,
    fetchMethod: (accountId) => loadAuth(accountId),
    // A failed refresh keeps the last known settings rather than dropping them.
    noDeleteOnFetchRejection: true,
    allowStaleOnFetchRejection: true,
  })

  return {
    messageOwner: (ref) => bounded(owner(ref), timeoutMs),
    offer: (accountId, ref) => bounded(offer(`${accountId}:${ref}`), timeoutMs),
    link: (code) => bounded(link(code), timeoutMs),
    async auth(accountId) {
      try {
        const value = await bounded(auth.fetch(accountId), timeoutMs)
        if (value) return value
      } catch (err) {
        // Postgres slow or down: the last settings seen for the account, however old, beat no answer.
        const last = auth.peek(accountId, { allowStale: true })
        if (last) return last
        throw err
      }
      throw new LookupUnavailableError('account settings unavailable')
    },
  }
}
