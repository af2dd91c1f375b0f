// Dashboard sessions in Redis, keyed by the SHA-256 of their token (the cookie holds the token; a Redis dump cannot
// be replayed). A per-user set names every session of a user so that "sign out everywhere" and a password reset
// end them all. Expiry slides with use (14 days idle) under a hard cap (30 days from sign-in): core/sessions.ts.
import type { Redis } from 'ioredis'
import { SESSION_ABSOLUTE_MS, sessionTtlMs } from '../core/sessions.js'
import { hashToken, newSecretToken, TOKEN_PATTERN } from '../core/tokens.js'

interface StoredSession {
  userId: string
  /** The account the dashboard has open: the caller of the session's API requests. */
  accountId: string
  /** Every cookie-authenticated write must echo it in X-CSRF-Token (a cross-site page cannot read it). */
  csrfToken: string
  /** Sign-in time, ms since the epoch: the hard cap counts from it. */
  createdAt: number
}

export interface ActiveSession extends StoredSession {
  tokenHash: string
  /** When the session ends unless used again (idle), or at the latest (the cap). */
  expiresAt: Date
}

/**
 * Removes every session of a user but the one named in ARGV[2] (none when empty) in one step, so a sign-in racing
 * with it cannot leave one behind half-ended.
 */
const END_ALL = `
local hashes = redis.call('SMEMBERS', KEYS[1])
for _, hash in ipairs(hashes) do
  if hash ~= ARGV[2] then redis.call('DEL', ARGV[1] .. hash) end
end
redis.call('DEL', KEYS[1])
if ARGV[2] ~= '' then
  redis.call('SADD', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return #hashes
`

const parse = (raw: string): StoredSession | null => {
  try {
    const value = JSON.parse(raw) as StoredSession
    return typeof value.userId === 'string' && typeof value.createdAt === 'number' ? value : null
  } catch {
    return null
  }
}

export class SessionStore {
  private readonly sessionPrefix: string
  private readonly userPrefix: string

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.sessionPrefix = `${keyPrefix}trk:session:`
    this.userPrefix = `${keyPrefix}trk:user-sessions:`
  }

  /** A new session for a user on an account: the token (for the cookie, never stored) and the session. */
  async create(
    userId: string,
    accountId: string,
    now = Date.now(),
  ): Promise<{ token: string; session: ActiveSession }> {
    const token = newSecretToken()
    const tokenHash = hashToken(token)
    const stored: StoredSession = { userId, accountId, csrfToken: newSecretToken(), createdAt: now }
    const ttl = sessionTtlMs(now, now)
    await this.redis
      .multi()
      .set(this.sessionPrefix + tokenHash, JSON.stringify(stored), 'PX', ttl)
      .sadd(this.userPrefix + userId, tokenHash)
      .pexpire(this.userPrefix + userId, SESSION_ABSOLUTE_MS)
      .exec()
    return { token, session: { ...stored, tokenHash, expiresAt: new Date(now + ttl) } }
  }

  /** The session a cookie's token opens, its idle expiry restarted; null when unknown or ended. */
  async read(token: string | undefined, now = Date.now()): Promise<ActiveSession | null> {
    if (token === undefined || !TOKEN_PATTERN.test(token)) return null
    const tokenHash = hashToken(token)
    const raw = await this.redis.get(this.sessionPrefix + tokenHash)
    const stored = raw === null ? null : parse(raw)
    if (!stored) return null
    const ttl = sessionTtlMs(stored.createdAt, now)
    if (ttl <= 0) return null
    // Not awaited: the request need not wait for the refresh, and a lost one only shortens the idle window once.
    void this.redis.pexpire(this.sessionPrefix + tokenHash, ttl).catch(() => {})
    return { ...stored, tokenHash, expiresAt: new Date(now + ttl) }
  }

  /** Opens another account in the session (its expiry unchanged); false when the session has ended meanwhile. */
  async switchAccount(session: ActiveSession, accountId: string): Promise<boolean> {
    const stored: StoredSession = {
      userId: session.userId,
      accountId,
      csrfToken: session.csrfToken,
      createdAt: session.createdAt,
    }
    const done = await this.redis.set(
      this.sessionPrefix + session.tokenHash,
      JSON.stringify(stored),
      'KEEPTTL',
      'XX',
    )
    return done === 'OK'
  }

  /** Signs one session out. */
  async end(session: Pick<ActiveSession, 'tokenHash' | 'userId'>): Promise<void> {
    await this.redis
      .multi()
      .del(this.sessionPrefix + session.tokenHash)
      .srem(this.userPrefix + session.userId, session.tokenHash)
      .exec()
  }

  /**
   * Signs a user out everywhere (sign-out-everywhere, a password reset), or everywhere but `keep` (a password
   * changed in that session); how many sessions were listed.
   */
  async endAll(userId: string, keep?: Pick<ActiveSession, 'tokenHash'>): Promise<number> {
    const args = [this.sessionPrefix, keep?.tokenHash ?? '', SESSION_ABSOLUTE_MS]
    return (await this.redis.eval(END_ALL, 1, this.userPrefix + userId, ...args)) as number
  }
}
