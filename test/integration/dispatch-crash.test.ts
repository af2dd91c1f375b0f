// A dispatch worker process killed (SIGKILL) while its provider calls are in flight: no message is ever handed to
// the provider twice. The claims it committed stay claimed (the scheduler's sweep fails them as
// `dispatch_interrupted`, since whether the provider took them is unknown), and a new worker sends the rest.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import t from 'tap'
import { prepare } from '../../bin/platform.js'
import { createDeps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import { repoRoot } from '../../lib/paths.js'
import { createDispatchQueue } from '../../lib/queues.js'
import { failInterruptedClaims } from '../../services/dispatch.js'
import { createSendingList } from '../../services/lists.js'
import { createTrackedMessage } from '../../services/messages.js'
import { startWorkers } from '../../workers/dispatch.js'
import { createFixture, eventually, testConfig } from '../harness/platform.js'
import { createTwilioDouble } from '../harness/provider-doubles.js'
import { readStackEnv } from '../harness/stack.js'

const config = testConfig({ roles: ['workers'] })
const deps = createDeps(config, createLogger(config))
await prepare(deps)
const fixture = await createFixture({ deps, config, stop: async () => {} }, 'https://trk.example')
const pg = deps.postgres.acquire()
t.teardown(() => deps.postgres.release())
const double = await createTwilioDouble()
t.teardown(() => double.close())

const { id: listId } = await createSendingList(
  pg.pool,
  {
    accountId: fixture.accountId,
    phoneNumber: '+18445550999',
    provider: 'twilio',
    brandName: 'Crash Test',
    // 10 messages a second, one second of burst: the first job takes about 10 and re-queues the rest.
    ratePerMinute: 600,
    credentialsJson: JSON.stringify(double.credentials),
  },
  config.secretKey,
)
const recipients = Array.from({ length: 40 }, (_, i) => `+1201555${String(3000 + i)}`)
for (const to of recipients) double.respondFor(to, 'slow', { delayMs: 6_000 })
const ids: string[] = []
for (const to of recipients) {
  const m = await createTrackedMessage(pg.pool, {
    accountId: fixture.accountId,
    listId,
    to,
    body: `Crash test for ${to}`,
    links: {},
    linkBaseUrl: 'https://trk.example',
  })
  ids.push(m.messageId)
}

const stack = readStackEnv()
const child = spawn(process.execPath, ['--import', 'tsx', 'bin/trackly.ts', 'start'], {
  cwd: repoRoot,
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    TRACKLY_ROLES: 'workers',
    DATABASE_URL: stack.DATABASE_URL,
    REDIS_URL: stack.REDIS_URL,
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: config.kafkaTopicPrefix,
    KAFKA_PARTITIONS: '2',
    TRACKLY_DATA_DIR: config.dataDir,
    API_PORT: '0',
    INGEST_PORT: '0',
    PUBLIC_WEBHOOK_BASE_URL: 'http://127.0.0.1:9',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
})
t.teardown(() => {
  if (child.exitCode === null) child.kill('SIGKILL')
})

const sendsTo = () => double.requests.map((r) => r.form.To)

t.test('a worker killed mid-batch causes no second provider call for any message', async (t) => {
  const queue = createDispatchQueue(deps.redis.acquire(), config.kafkaTopicPrefix)
  t.teardown(async () => {
    await queue.close()
    await deps.redis.release()
  })
  await queue.add('send', { messageIds: ids })
  // The calls are in flight (the double answers only after 6 s) when the process dies.
  const inFlight = await eventually(
    async () => (double.requests.length >= 5 ? double.requests.length : undefined),
    60_000,
  )
  await new Promise((r) => setTimeout(r, 300))
  child.kill('SIGKILL')
  await once(child, 'exit')
  const { rows: claimed } = await pg.pool.query<{ id: string }>(
    `SELECT id FROM messages WHERE id = ANY($1) AND status = 'queued' AND claimed_at IS NOT NULL`,
    [ids],
  )
  t.ok(claimed.length >= inFlight, `${claimed.length} claims were in flight at the kill`)

  // A fresh worker takes over: the re-queued (and the stalled) jobs run again.
  for (const to of recipients) double.respondFor(to, 'slow', { delayMs: 1 })
  const workers = await startWorkers(deps)
  t.teardown(() => workers.stop())
  const settled = await eventually(
    async () => {
      const { rows } = await pg.pool.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM messages WHERE id = ANY($1) GROUP BY status`,
        [ids],
      )
      const sent = rows.find((r) => r.status === 'sent')?.n ?? 0
      return sent + claimed.length === ids.length ? rows : undefined
    },
    60_000,
    'the rest sent',
  )
  t.ok(settled, 'every message not claimed before the kill was sent by the new worker')
  const calls = sendsTo()
  t.equal(new Set(calls).size, calls.length, 'no recipient was called twice')
  t.equal(calls.length, ids.length, 'each message reached the provider exactly once')

  // The sweep settles what the dead worker left: unknown outcome, never re-sent.
  // The sweep is global: claims of test files running alongside may be swept too, never fewer than ours.
  t.ok((await failInterruptedClaims(pg.pool, 0)) >= claimed.length)
  const { rows } = await pg.pool.query<{ status_detail: string }>(
    'SELECT status_detail FROM messages WHERE id = ANY($1::text[])',
    [claimed.map((c) => c.id)],
  )
  t.ok(rows.every((r) => r.status_detail === 'dispatch_interrupted'))
  await new Promise((r) => setTimeout(r, 1_000))
  t.equal(double.requests.length, ids.length, 'still no second call')
})
