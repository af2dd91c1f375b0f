// The processors role: one consumer group over the event topics, writing ClickHouse and attribution state.
import type { Deps, RunningRole } from '../lib/deps.js'
import { BatchConsumer } from './consumer.js'
import { EventPipeline, processorGroupId } from './pipeline.js'

export async function startProcessors(deps: Deps): Promise<RunningRole> {
  const { config } = deps
  const log = deps.log.child({ role: 'processors' })
  const pg = deps.postgres.acquire()
  const clickhouse = deps.clickhouse.acquire()
  const kafka = deps.kafka.acquire()
  const pipeline = new EventPipeline({
    pool: pg.pool,
    clickhouse,
    producer: kafka.producer,
    topicPrefix: config.kafkaTopicPrefix,
    log,
  })
  const consumer = new BatchConsumer(
    kafka.kafka,
    {
      groupId: processorGroupId(config.kafkaTopicPrefix),
      topics: pipeline.topics,
      fromBeginning: true,
      handle: (batch) => pipeline.handle(batch),
    },
    log,
  )
  await consumer.start()
  log.info({ topics: pipeline.topics }, 'processors consuming')
  return {
    isHealthy: () => consumer.isHealthy(),
    async stop() {
      await consumer.stop()
      await Promise.all([deps.kafka.release(), deps.clickhouse.release(), deps.postgres.release()])
    },
  }
}
