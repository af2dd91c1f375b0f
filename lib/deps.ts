// The outside dependencies of a process. Each is created on first use and closed when its last user
// (a Fastify app, the processors, the workers) releases it, so roles can share one process or run alone.
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Admin, Kafka } from 'kafkajs'
import type { Logger } from 'pino'
import { type ClickHouse, createClickHouse } from '../analytics/clickhouse.js'
import type { Config } from '../core/config.js'
import { BatchingProducer, createKafka } from './kafka.js'
import { createMailer, type Mailer } from './mailer.js'
import { reportQueueDepth } from './metrics.js'
import { createPostgres, type Postgres } from './postgres.js'
import {
  createDispatchQueue,
  createJourneyQueue,
  createWebhookQueue,
  type DispatchJob,
  type JourneyJob,
  type WebhookJob,
} from './queues.js'
import { createRedis } from './redis.js'

export class Shared<T> {
  private value: T | undefined
  private users = 0

  constructor(
    readonly name: string,
    private readonly create: () => T,
    private readonly destroy: (value: T) => Promise<void>,
  ) {}

  acquire(): T {
    this.value ??= this.create()
    this.users++
    return this.value
  }

  async release(): Promise<void> {
    if (this.users === 0) return
    this.users--
    if (this.users > 0 || this.value === undefined) return
    const value = this.value
    this.value = undefined
    await this.destroy(value)
  }
}

/** A non-HTTP role running in this process. */
export interface RunningRole {
  isHealthy(): boolean
  /** Finishes work in progress, then releases the role's dependencies. */
  stop(): Promise<void>
}

export interface KafkaClients {
  kafka: Kafka
  producer: BatchingProducer
  admin: Admin
}

/** BullMQ queues the API and scheduler add jobs to. */
export interface Queues {
  dispatch: Queue<DispatchJob>
  webhooks: Queue<WebhookJob>
  /** Welcome-journey step jobs (workers/journeys.ts). */
  journeys: Queue<JourneyJob>
  close(): Promise<void>
}

function createQueues(config: Config): Queues {
  const connection = createRedis(config)
  const dispatch = createDispatchQueue(connection, config.kafkaTopicPrefix)
  const webhooks = createWebhookQueue(connection, config.kafkaTopicPrefix)
  const journeys = createJourneyQueue(connection, config.kafkaTopicPrefix)
  const unreport = [
    reportQueueDepth('dispatch', dispatch),
    reportQueueDepth('webhooks', webhooks),
    reportQueueDepth('journeys', journeys),
  ]
  return {
    dispatch,
    webhooks,
    journeys,
    async close() {
      for (const stop of unreport) stop()
      await Promise.all([dispatch.close(), webhooks.close(), journeys.close()])
      await connection.quit().catch(() => connection.disconnect())
    },
  }
}

export interface Deps {
  config: Config
  log: Logger
  postgres: Shared<Postgres>
  redis: Shared<Redis>
  kafka: Shared<KafkaClients>
  clickhouse: Shared<ClickHouse>
  queues: Shared<Queues>
  mailer: Shared<Mailer>
}

export function createDeps(config: Config, log: Logger): Deps {
  return {
    config,
    log,
    postgres: new Shared(
      'postgres',
      () => createPostgres(config, 20),
      (p) => p.close(),
    ),
    redis: new Shared(
      'redis',
      () => createRedis(config),
      async (r) => {
        await r.quit().catch(() => r.disconnect())
      },
    ),
    kafka: new Shared(
      'kafka',
      () => {
        const kafka = createKafka(config, log)
        const producer = new BatchingProducer(
          kafka,
          {
            lingerMs: config.producerLingerMs,
            maxBatch: config.producerMaxBatch,
            maxPending: config.producerMaxPending,
          },
          log.child({ component: 'producer' }),
        )
        void producer.start()
        return { kafka, producer, admin: kafka.admin() }
      },
      async ({ producer, admin }) => {
        await producer.close()
        await admin.disconnect().catch(() => {})
      },
    ),
    clickhouse: new Shared(
      'clickhouse',
      () => createClickHouse(config),
      (c) => c.close(),
    ),
    queues: new Shared(
      'queues',
      () => createQueues(config),
      (q) => q.close(),
    ),
    mailer: new Shared(
      'mailer',
      () => createMailer(config),
      async (m) => m.close(),
    ),
  }
}
