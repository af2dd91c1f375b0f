// The real entry point as a child process: it starts every role, answers traffic, and on SIGTERM drains —
// HTTP stops, the producer flushes, the consumer commits only what it wrote, workers finish — then exits 0.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import t from 'tap'
import { createClickHouse } from '../../analytics/clickhouse.js'
import { topicName } from '../../core/events.js'
import { createDeps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import { repoRoot } from '../../lib/paths.js'
import { createDispatchQueue } from '../../lib/queues.js'
import { processorGroupId } from '../../processors/pipeline.js'
import { createFixture, testConfig } from '../harness/platform.js'
import { readStackEnv } from '../harness/stack.js'

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

const [apiPort, ingestPort] = [await freePort(), await freePort()]
const config = testConfig({ apiPort, ingestPort })
const deps = createDeps(config, createLogger(config))
const fixture = await createFixture({ deps, config, stop: async () => {} }, `http://127.0.0.1:${ingestPort}`)
const message = await fixture.createMessage()
const dispatched = await Promise.all([
  fixture.createMessage(),
  fixture.createMessage(),
  fixture.createMessage(),
])
const stack = readStackEnv()

const child = spawn(process.execPath, ['--import', 'tsx', 'bin/trackly.ts', 'start'], {
  cwd: repoRoot,
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: stack.DATABASE_URL,
    REDIS_URL: stack.REDIS_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: config.kafkaTopicPrefix,
    KAFKA_PARTITIONS: '2',
    TRACKLY_DATA_DIR: config.dataDir,
    API_PORT: String(apiPort),
    INGEST_PORT: String(ingestPort),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
})
let output = ''
child.stdout.on('data', (d) => {
  output += d
})
child.stderr.on('data', (d) => {
  output += d
})
t.teardown(() => {
  if (child.exitCode === null) child.kill('SIGKILL')
})

t.test('starts every role and answers', async (t) => {
  const deadline = Date.now() + 60_000
  while (!output.includes('"msg":"trackly started"') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100))
  t.match(output, /"msg":"trackly started"/)
  const ready = await fetch(`http://127.0.0.1:${apiPort}/readyz`)
  t.equal(ready.status, 200)
})

const CLICKS = 40

t.test('clicks answered before SIGTERM are all durable, and the process exits 0', async (t) => {
  const responses = await Promise.all(
    Array.from({ length: CLICKS }, () =>
      fetch(`http://127.0.0.1:${ingestPort}/${message.links[0]!.code}`, {
        redirect: 'manual',
        headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' },
      }),
    ),
  )
  t.ok(
    responses.every((r) => r.status === 302),
    'every click redirected',
  )
  await new Promise((r) => setTimeout(r, 1_500))
  // A dispatch job queued just before SIGTERM: the worker either finishes it or leaves it queued, never half-done.
  const queue = createDispatchQueue(deps.redis.acquire(), config.kafkaTopicPrefix)
  t.teardown(async () => {
    await queue.close()
    await deps.redis.release()
  })
  await queue.add('send', { messageIds: dispatched.map((m) => m.messageId) })
  child.kill('SIGTERM')
  const [code] = (await once(child, 'exit')) as [number | null]
  t.equal(code, 0, 'clean exit')
  t.match(output, /"msg":"stopped"/)

  const { kafka } = deps.kafka.acquire()
  t.teardown(() => deps.kafka.release())
  const admin = kafka.admin()
  await admin.connect()
  const topic = topicName(config.kafkaTopicPrefix, 'clicks')
  const ends = await admin.fetchTopicOffsets(topic)
  const [committed] = await admin.fetchOffsets({
    groupId: processorGroupId(config.kafkaTopicPrefix),
    topics: [topic],
  })
  await admin.disconnect()
  const produced = ends.reduce((n, p) => n + Number(p.high), 0)
  const committedCount = committed!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)
  t.equal(produced, CLICKS, 'every answered click reached Kafka')

  // The child is gone, so this process may open its ClickHouse directory: every committed click was written.
  const ch = createClickHouse(config)
  t.teardown(() => ch.close())
  const [row] = await ch.query<{ n: string }>(
    'SELECT count() AS n FROM clicks FINAL WHERE message_id = {m:String}',
    {
      m: message.messageId,
    },
  )
  t.equal(Number(row!.n), committedCount, 'offsets were committed only for written clicks')
  t.equal(committedCount, CLICKS, 'the consumer finished and committed before exiting')

  const pg = deps.postgres.acquire()
  t.teardown(() => deps.postgres.release())
  const { rows } = await pg.pool.query<{ id: string; status: string }>(
    'SELECT id, status FROM messages WHERE id = ANY($1::text[])',
    [dispatched.map((m) => m.messageId)],
  )
  const sent = rows.filter((r) => ['sent', 'delivered'].includes(r.status)).map((r) => r.id)
  const admin2 = kafka.admin()
  await admin2.connect()
  const sendsTopic = topicName(config.kafkaTopicPrefix, 'sends')
  const sendEvents = (await admin2.fetchTopicOffsets(sendsTopic)).reduce((n, p) => n + Number(p.high), 0)
  await admin2.disconnect()
  t.equal(sendEvents, sent.length, 'every message marked sent has its send event, and no other has one')
  const waiting = await queue.getJobCounts('waiting', 'active', 'completed')
  t.ok(
    sent.length === dispatched.length
      ? waiting.completed === 1
      : (waiting.waiting ?? 0) + (waiting.active ?? 0) === 1,
    `the job either completed or is still queued (sent ${sent.length}, counts ${JSON.stringify(waiting)})`,
  )
})
