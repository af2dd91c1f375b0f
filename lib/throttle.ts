// Abuse throttles over Redis (rate-limiter-flexible): one fixed-window counter per named limit and key, shared by
// every process, counted by one atomic script (parallel requests cannot all slip under a limit). A key found over
// its limit is also remembered in this process until its window ends, so a blocked client costs no Redis round
// trip and `assertOpen` is a synchronous check on the success path.
import type { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { AppError } from '../core/errors.js'
import { retryAfterSeconds, type ThrottleLimits, type ThrottleName } from '../core/throttle.js'

/** 429 `rate_limited`; the HTTP layer sends `retryAfterSeconds` as the Retry-After header. */
export class Throttled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `Too many attempts; retry in ${retryAfterSeconds} s`)
  }
}

export class Throttle {
  private readonly limiters: Record<ThrottleName, RateLimiterRedis>
  /** `name key` → when its window ends (ms epoch); bounded, so a flood of addresses cannot grow it without limit. */
  private readonly blocked = new LRUCache<string, number>({ max: 50_000 })

  constructor(redis: Redis, keyPrefix: string, limits: ThrottleLimits) {
    this.limiters = Object.fromEntries(
      Object.entries(limits).map(([name, { points, seconds }]) => [
        name,
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${keyPrefix}trk:throttle:${name}`,
          points,
          duration: seconds,
        }),
      ]),
    ) as Record<ThrottleName, RateLimiterRedis>
  }

  /** Throws Throttled when this process already knows `key` is over `name`'s limit; no I/O. */
  assertOpen(name: ThrottleName, key: string): void {
    const until = this.blocked.get(`${name} ${key}`)
    if (until === undefined) return
    const ms = until - Date.now()
    if (ms > 0) throw new Throttled(retryAfterSeconds(ms))
    this.blocked.delete(`${name} ${key}`)
  }

  /** Gives back one attempt counted by `consume` (an attempt that turned out not to count, e.g. a success). */
  async refund(name: ThrottleName, key: string): Promise<void> {
    await this.limiters[name].reward(key, 1)
  }

  /** Counts one attempt of `key` against `name`; throws Throttled when it is over the window's limit. */
  async consume(name: ThrottleName, key: string): Promise<void> {
    this.assertOpen(name, key)
    try {
      await this.limiters[name].consume(key)
    } catch (err) {
      // The limiter rejects with its result when over the limit, and with an Error when Redis failed.
      if (!(err instanceof RateLimiterRes)) throw err
      this.blocked.set(`${name} ${key}`, Date.now() + err.msBeforeNext, {
        ttl: Math.max(1, err.msBeforeNext),
      })
      throw new Throttled(retryAfterSeconds(err.msBeforeNext))
    }
  }
}
