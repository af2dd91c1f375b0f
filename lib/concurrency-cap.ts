// At most N holders of a key at once, across every process sharing the Redis: a sorted set of holders scored by
// when their lease ends. One script prunes expired leases and admits or refuses atomically, on Redis's clock, so
// parallel requests in several API copies cannot all slip under the cap, and a process that dies holding a slot
// frees it when the lease ends.
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'

const ACQUIRE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return { 0, tonumber(first[2]) - now }
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return { 1, 0 }
`

const RENEW = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1
`

export interface Slot {
  release(): Promise<void>
  /** Holds the slot `leaseMs` longer from now: a long-lived holder (a live stream) renews before its lease ends. */
  renew(leaseMs: number): Promise<void>
}

export type Admission = { slot: Slot } | { slot: null; retryAfterMs: number }

export class ConcurrencyCap {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** A slot of `key` if fewer than `limit` are held; it is freed by release() or when `leaseMs` have passed. */
  async tryAcquire(key: string, limit: number, leaseMs: number): Promise<Admission> {
    const redisKey = `${this.keyPrefix}${key}`
    const holder = randomUUID()
    const [admitted, waitMs] = (await this.redis.eval(
      ACQUIRE,
      1,
      redisKey,
      String(limit),
      String(leaseMs),
      holder,
    )) as [number, number]
    if (admitted !== 1) return { slot: null, retryAfterMs: Math.max(0, waitMs) }
    return {
      slot: {
        release: async () => {
          await this.redis.zrem(redisKey, holder)
        },
        renew: async (ms: number) => {
          await this.redis.eval(RENEW, 1, redisKey, String(ms), holder)
        },
      },
    }
  }
}
