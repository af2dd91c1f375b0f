import { Redis } from 'ioredis'
import type { Config } from '../core/config.js'

export function createRedis(config: Pick<Config, 'redisUrl'>): Redis {
  // maxRetriesPerRequest null: required by BullMQ, and commands wait for a reconnect instead of failing fast.
  return new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    lazyConnect: false,
    enableReadyCheck: true,
  })
}
