// The processors role: one consumer group over the event topics — ClickHouse and attribution state for sends,
// clicks, revenue and link misses; message status, replies and opt-outs for deliveries and inbound messages.
import { startReportRollups } from '../analytics/rollups.js'
import type { Deps, RunningRole } from '../lib/deps.js'
import { LivePublisher } from '../services/live.js'
import { enqueueWebhookEvent } from '../services/webhooks.js'
import { BatchConsumer } from './consumer.js'
import { MessagingPipeline } from './messaging.js'
import { EventPipeline, processorGroupId } from './pipeline.js'

export async function startProcessors(deps: Deps): Promise<RunningRole> {
  const { config } = deps
  const log = deps.log.child({ role: 'processors' })
  const pg = deps.postgres.acquire()
  const clickhouse = deps.clickhouse.acquire()
  const kafka = deps.kafka.acquire()
  const queues = deps.queues.acquire()
  const live = new LivePublisher(deps.redis.acquire(), config.kafkaTopicPrefix, log)
  const events = new EventPipeline({
    pool: pg.pool,
    clickhouse,
    producer: kafka.producer,
    topicPrefix: config.kafkaTopicPrefix,
    log,
    live,
  })
  const messaging = new MessagingPipeline({
    pool: pg.pool,
    clickhouse,
    producer: kafka.producer,
    dispatch: queues.dispatch,
    customerEvents: async (event) => {
      await enqueueWebhookEvent(pg.pool, queues.webhooks, event)
    },
    config,
    log,
    live,
  })
  const handlers = new Map([...events.handlers, ...messaging.handlers])
  const consumer = new BatchConsumer(
    kafka.kafka,
    {
      groupId: processorGroupId(config.kafkaTopicPrefix),
      topics: [...handlers.keys()],
      topicPrefix: config.kafkaTopicPrefix,
      fromBeginning: true,
      handle: (batch) => {
        const handler = handlers.get(batch.topic)
        if (!handler) throw new Error(`no pipeline for topic ${batch.topic}`)
        return handler(batch)
      },
    },
    log,
  )
  await consumer.start()
  // The report rollup is recomputed from the rows this role writes, so it lives next to them.
  const rollups = startReportRollups(clickhouse, log)
  log.info({ topics: [...handlers.keys()] }, 'processors consuming')
  return {
    isHealthy: () => consumer.isHealthy(),
    async stop() {
      await consumer.stop()
      await rollups.stop()
      await Promise.all([
        deps.queues.release(),
        deps.redis.release(),
        deps.kafka.release(),
        deps.clickhouse.release(),
        deps.postgres.release(),
      ])
    },
  }
}
