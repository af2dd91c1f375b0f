// The Kafka producer on a thread of its own (lib/producer-thread.ts), which ingest publishes clicks through: every
// record it acknowledges is in Kafka, with the request id of the request that produced it; with no broker it
// refuses at once (so the journal keeps the record); closing waits for what is in flight; afterwards it refuses.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { topicName } from '../../core/events.js'
import { createKafka, ensureTopics, ProducerUnavailableError } from '../../lib/kafka.js'
import { createLogger } from '../../lib/logger.js'
import { ThreadedProducer } from '../../lib/producer-thread.js'
import { REQUEST_ID_HEADER, withRequestId } from '../../lib/request-context.js'
import { eventually, testConfig } from '../harness/platform.js'

const config = testConfig()
const log = createLogger(config)
const kafka = createKafka(config, log)
await ensureTopics(kafka, config)
const topic = topicName(config.kafkaTopicPrefix, 'clicks')
const admin = kafka.admin()
await admin.connect()
t.teardown(() => admin.disconnect())
const inKafka = async () => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0)

async function healthy(producer: ThreadedProducer) {
  await producer.start()
  await eventually(async () => producer.isHealthy() || undefined, 30_000, 'the producer thread connected')
}

t.test('every acknowledged record is in Kafka, with its request id', async (t) => {
  const producer = new ThreadedProducer(config, log)
  t.teardown(() => producer.close())
  await healthy(producer)
  const before = await inKafka()
  const sends = Array.from({ length: 2_000 }, (_, i) =>
    producer.send({ topic, key: `k${i % 7}`, value: JSON.stringify({ i }) }),
  )
  const requestId = randomUUID()
  sends.push(
    withRequestId(requestId, () => producer.send({ topic, key: 'tagged', value: '{"tagged":true}' })),
  )
  t.equal(producer.pendingCount, 2_001, 'all waiting for their answer')
  await Promise.all(sends)
  t.equal(producer.pendingCount, 0, 'every answer came back')
  t.equal((await inKafka()) - before, 2_001, 'each acknowledged record is in the topic')

  const consumer = kafka.consumer({ groupId: `producer-thread-${randomUUID()}` })
  t.teardown(() => consumer.disconnect())
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  let header: string | undefined
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() === 'tagged') header = message.headers?.[REQUEST_ID_HEADER]?.toString()
    },
  })
  await eventually(async () => header, 30_000, 'the tagged record read back')
  t.equal(
    header,
    requestId,
    "the record carries the id of the request that produced it, set on the caller's thread",
  )
})

t.test('with no broker it refuses at once, so the caller keeps the record', async (t) => {
  const producer = new ThreadedProducer({ ...config, kafkaBrokers: ['127.0.0.1:1'] }, log)
  t.teardown(() => producer.close())
  await producer.start()
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.notOk(producer.isHealthy(), 'not healthy')
  const started = performance.now()
  await t.rejects(producer.send({ topic, key: 'k', value: '{}' }), ProducerUnavailableError)
  t.ok(performance.now() - started < 50, 'refused without waiting for the broker')
  t.equal(producer.pendingCount, 0)
})

t.test('closing waits for the records in flight; afterwards it refuses', async (t) => {
  const producer = new ThreadedProducer(config, log)
  await healthy(producer)
  const before = await inKafka()
  const settled: string[] = []
  const sends = Array.from({ length: 500 }, (_, i) =>
    producer.send({ topic, key: `c${i}`, value: '{}' }).then(
      () => settled.push('ack'),
      () => settled.push('refused'),
    ),
  )
  await producer.close()
  await Promise.all(sends)
  t.equal(settled.filter((s) => s === 'ack').length, 500, 'every record sent before close was acknowledged')
  t.equal((await inKafka()) - before, 500, 'and is in Kafka')
  t.notOk(producer.isHealthy(), 'closed')
  await t.rejects(producer.send({ topic, key: 'late', value: '{}' }), ProducerUnavailableError)
})
