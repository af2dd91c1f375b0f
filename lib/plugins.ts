// One named Fastify plugin per outside dependency: each decorates the instance and releases it in onClose.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import type { ClickHouse } from '../analytics/clickhouse.js'
import type { KafkaClients, Queues, Shared } from './deps.js'
import type { Mailer } from './mailer.js'
import type { Postgres } from './postgres.js'

declare module 'fastify' {
  interface FastifyInstance {
    pg: Postgres
    redis: Redis
    kafka: KafkaClients
    clickhouse: ClickHouse
    queues: Queues
    mailer: Mailer
  }
}

type Decorated = 'pg' | 'redis' | 'kafka' | 'clickhouse' | 'queues' | 'mailer'

function dependencyPlugin<T>(name: string, property: Decorated) {
  return fp<{ shared: Shared<T> }>(
    async (app: FastifyInstance, { shared }) => {
      app.decorate(property, shared.acquire() as never)
      app.addHook('onClose', () => shared.release())
    },
    { name, fastify: '5.x' },
  )
}

export const postgresPlugin = dependencyPlugin<Postgres>('trackly-postgres', 'pg')
export const redisPlugin = dependencyPlugin<Redis>('trackly-redis', 'redis')
export const kafkaPlugin = dependencyPlugin<KafkaClients>('trackly-kafka', 'kafka')
export const clickhousePlugin = dependencyPlugin<ClickHouse>('trackly-clickhouse', 'clickhouse')
export const queuesPlugin = dependencyPlugin<Queues>('trackly-queues', 'queues')
export const mailerPlugin = dependencyPlugin<Mailer>('trackly-mailer', 'mailer')
