// Per-sending-list throughput limits shared by every dispatch worker (spec §4: default 17,000/min, lower for
// 10DLC and toll-free). A token bucket per list lives in Redis and is updated by one Lua script, so a grant is
// atomic across workers and uses Redis's clock. The bucket holds at most one second of tokens: bursts never
// exceed the per-second share of the list's rate.
import type { Redis } from 'ioredis'

const TOKEN_BUCKET = `
local key = KEYS[1]
local per_ms = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local granted = math.min(requested, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', key, 'tokens', tokens, 'ts', now)
redis.call('PEXPIRE', key, 120000)
local wait = 0
if granted < requested then wait = math.ceil((1 - (tokens - math.floor(tokens))) / per_ms) end
return { granted, wait }
`

export interface Grant {
  granted: number
  /** When fewer were granted than asked: milliseconds until the next token. */
  retryAfterMs: number
}

export class ListRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Takes up to `requested` sends from the list's budget of `perMinute`; never more than it allows. */
  async take(listId: number, perMinute: number, requested: number): Promise<Grant> {
    const perMs = perMinute / 60_000
    const capacity = Math.max(1, Math.floor(perMinute / 60))
    const [granted, wait] = (await this.redis.eval(
      TOKEN_BUCKET,
      1,
      `${this.prefix}trk:rate:list:${listId}`,
      String(perMs),
      String(capacity),
      String(requested),
    )) as [number, number]
    return { granted, retryAfterMs: wait }
  }
}
