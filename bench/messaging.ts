// Messaging benchmark (issue 4), three phases against the real Postgres, Redis and Kafka of the local stack, in a
// database of its own (trackly_bench_messaging, dropped at the end) and topic/queue prefixes of its own:
//   1. queue: 1,000,000 recipients through POST /api/v2/send/bulk over HTTP (1,000 calls of 1,000 messages, each
//      with a {{first_name}} macro and a tracked {{link1}}), timed until every call answered; then the same
//      1,000,000, now contacts of the list, as one audience send (services/audience-send.ts).
//   2. dispatch: 100,000 of them dispatched by the BullMQ workers to the simulator provider, next to two references
//      in the same run: the same number of jobs with the same payloads processed by an empty handler on the same
//      BullMQ + Redis, and the next 100,000 messages only claimed and marked sent by the worker's own two Postgres
//      statements (the Postgres ceiling), in the same batches and concurrency. Then the time of each named step.
//   3. rate: 20,000 messages on a list limited to 60,000/min, dispatched by two worker instances; the messages
//      handed to the provider per 1 s and 10 s window (by claim time, taken right after the rate grant and just
//      before the provider call) are compared with the token bucket's bound (rate × window + one second of burst).
//   npm run bench:messaging        (needs the local stack: ./trackly stack up)
//   BENCH_RECIPIENTS, BENCH_DISPATCH, BENCH_RATE_MESSAGES change the sizes; BENCH_FILLFACTOR sets messages' fillfactor.

import { Queue, Worker } from 'bullmq'
import { addressOf, startPlatform } from '../bin/platform.js'
import { parseFilter } from '../core/audience-dsl.js'
import { newObjectId, randomAlphanumeric } from '../core/ids.js'
import { loadConfig } from '../lib/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { dispatchStepDuration } from '../lib/metrics.js'
import { createAccount } from '../services/accounts.js'
import { queueAudienceSend } from '../services/audience-send.js'
import { claimForDispatch, recordDispatchResults } from '../services/dispatch.js'
import { createSendingList } from '../services/lists.js'
import { startWorkers } from '../workers/dispatch.js'
import { freshBenchDatabase } from './bench-database.js'

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000_000)
const DISPATCH = Number(process.env.BENCH_DISPATCH ?? 100_000)
const RATE_MESSAGES = Number(process.env.BENCH_RATE_MESSAGES ?? 20_000)
const BATCH = 1_000
const CONCURRENCY = 4
const DB = 'trackly_bench_messaging'

const benchDb = await freshBenchDatabase(loadConfig({ ...process.env }).databaseUrl, DB)
const benchUrl = benchDb.url

const prefix = `bench${randomAlphanumeric(6)}.`
const config = loadConfig(
  { ...process.env, LOG_LEVEL: 'warn', API_PORT: '0', INGEST_PORT: '0', KAFKA_TOPIC_PREFIX: prefix },
  { databaseUrl: benchUrl, roles: ['api'] },
)
const deps = createDeps(config, createLogger(config))
const platform = await startPlatform(config, deps)
const pool = deps.postgres.acquire().pool
// The messages table's pages written n% full (BENCHMARKS.md: room for HOT claims, tried and not adopted).
const FILLFACTOR = Number(process.env.BENCH_FILLFACTOR ?? 0)
if (Number.isInteger(FILLFACTOR) && FILLFACTOR >= 10 && FILLFACTOR <= 100) {
  await pool.query(`ALTER TABLE messages SET (fillfactor = ${FILLFACTOR})`)
}
const seconds = (start: number) => (performance.now() - start) / 1000
/** Resolves once every message of `ids` is sent (polled every 100 ms). */
async function allSent(ids: string[]): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::text[]) AND status = 'sent'`,
      [ids],
    )
    if (rows[0]!.n === ids.length) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** How many of the updates of messages so far were HOT (no index touched), and the table's size. */
async function printMessageUpdates(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_000)) // table statistics are flushed about once a second
  const { rows } = await pool.query<{ updates: string; hot: string; heap: string; indexes: string }>(
    `SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot, pg_size_pretty(pg_relation_size('messages')) AS heap,
            pg_size_pretty(pg_indexes_size('messages')) AS indexes
       FROM pg_stat_user_tables WHERE relname = 'messages'`,
  )
  const r = rows[0]!
  console.log(`messages: ${r.updates} updates, ${r.hot} of them HOT; heap ${r.heap}, indexes ${r.indexes}`)
}

/** Where dispatch's time went: per named step of a job, its calls and total seconds (4 jobs run at once). */
async function printStepTimes(wallSeconds: number): Promise<void> {
  const sums = new Map<string, { sum: number; count: number }>()
  for (const v of (await dispatchStepDuration.get()).values) {
    const entry = sums.get(String(v.labels.step)) ?? { sum: 0, count: 0 }
    if (v.metricName?.endsWith('_sum')) entry.sum = v.value
    if (v.metricName?.endsWith('_count')) entry.count = v.value
    sums.set(String(v.labels.step), entry)
  }
  console.log(`  per step (wall ${wallSeconds.toFixed(1)} s): step, calls, total s, mean ms`)
  for (const [step, { sum, count }] of [...sums].sort((a, b) => b[1].sum - a[1].sum))
    console.log(
      `    ${step.padEnd(16)} ${String(count).padStart(6)} ${sum.toFixed(2).padStart(8)} ${((sum / Math.max(1, count)) * 1000).toFixed(1).padStart(8)}`,
    )
}

try {
  const { accountId, apiKey } = await createAccount(
    deps.postgres.acquire().db,
    {
      name: 'Bench',
      ownerEmail: 'bench@example.test',
    },
    config.secretKey,
  )
  await pool.query(`UPDATE accounts SET settings = '{"messaging":{"quiet_hours":false}}' WHERE id = $1`, [
    accountId,
  ])
  const list = await createSendingList(
    pool,
    {
      accountId,
      phoneNumber: '+18005550100',
      provider: 'simulator',
      brandName: 'Bench',
      shortenerDomain: 'trk.example',
      ratePerMinute: 10_000_000,
      credentialsJson: JSON.stringify({ delivery_receipts: false }),
    },
    config.secretKey,
  )
  const offerId = newObjectId()
  await pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, payout)
     VALUES ($1, $2, 'ofr_bench', 'Bench offer', 'https://offers.example.com/o?aff=1', 'everflow', 10)`,
    [offerId, accountId],
  )

  // Phase 1: queue 1M recipients over HTTP.
  const apiUrl = `${addressOf(platform.api)}/api/v2/send/bulk`
  const calls = Math.ceil(RECIPIENTS / BATCH)
  let nextCall = 0
  let queued = 0
  const callTimes: number[] = []
  const queueStart = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextCall < calls) {
        const call = nextCall++
        const messages = Array.from({ length: Math.min(BATCH, RECIPIENTS - call * BATCH) }, (_, i) => ({
          to: `+1201${String(2_000_000 + call * BATCH + i)}`,
          body: 'Hi {{first_name}}, today only: {{link1}} Reply STOP to opt out',
          contact_data: { first_name: 'Sam' },
          offer_links: [{ key: 'link1', offer_id: offerId }],
        }))
        const t0 = performance.now()
        const res = await fetch(apiUrl, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ list_number: '+18005550100', messages }),
        })
        const reply = (await res.json()) as { queued_count: number; error_count: number }
        if (res.status !== 200 || reply.error_count > 0)
          throw new Error(`bulk call ${call}: ${JSON.stringify(reply)}`)
        callTimes.push(performance.now() - t0)
        queued += reply.queued_count
      }
    }),
  )
  const queueSeconds = seconds(queueStart)
  callTimes.sort((a, b) => a - b)
  const count = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE status = 'queued'`,
  )
  console.log(
    `queue: ${queued.toLocaleString()} recipients in ${queueSeconds.toFixed(1)} s ` +
      `(${Math.round(queued / queueSeconds).toLocaleString()}/s; per 1,000-message call p50 ${callTimes[Math.floor(callTimes.length / 2)]!.toFixed(0)} ms, ` +
      `p99 ${callTimes[Math.floor(callTimes.length * 0.99)]!.toFixed(0)} ms); ${count.rows[0]!.n.toLocaleString()} queued rows`,
  )
  // Phase 1b: the same recipients again, as an audience of the list (the path campaigns take).
  const everyone = parseFilter({
    conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
  })
  if (!everyone.ok) throw new Error('filter')
  const audienceStart = performance.now()
  const { queued: audienceQueued } = await queueAudienceSend(pool, deps.queues.acquire().dispatch, {
    accountId,
    list: { id: list.id, brandName: 'Bench', linkBaseUrl: 'https://trk.example' },
    filter: everyone.filter,
    body: 'Hi {{first_name}}, today only: {{link1}} Reply STOP to opt out',
    links: { link1: { offerId } },
  })
  await deps.queues.release()
  const audienceSeconds = seconds(audienceStart)
  console.log(
    `audience: ${audienceQueued.toLocaleString()} recipients in ${audienceSeconds.toFixed(1)} s ` +
      `(${Math.round(audienceQueued / audienceSeconds).toLocaleString()}/s)`,
  )
  // The API queued one job per call; this benchmark drives dispatch itself.
  await deps.queues.acquire().dispatch.obliterate({ force: true })
  await deps.queues.release()

  if (DISPATCH === 0) process.exit(0) // queue-only run (profiling)
  // Phase 2: dispatch throughput next to empty jobs on the same BullMQ + Redis.
  const { rows: dispatchRows } = await pool.query<{ id: string }>(
    'SELECT id FROM messages ORDER BY created_at, id LIMIT $1',
    [2 * DISPATCH],
  )
  const inBatches = (ids: string[]) =>
    Array.from({ length: Math.ceil(ids.length / BATCH) }, (_, i) => ids.slice(i * BATCH, (i + 1) * BATCH))
  const dispatchIds = dispatchRows.slice(0, DISPATCH).map((r) => r.id)
  const jobs = inBatches(dispatchIds)

  // Reference 2, the Postgres ceiling: the next DISPATCH messages, in the same batches and concurrency, only
  // claimed and marked sent (the worker's claim and result statements; no queue, rate, provider or Kafka).
  const ceilingIds = dispatchRows.slice(DISPATCH).map((r) => r.id)
  const ceilingBatches = inBatches(ceilingIds)
  let nextCeiling = 0
  const ceilingStart = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextCeiling < ceilingBatches.length) {
        const claimed = await claimForDispatch(pool, ceilingBatches[nextCeiling++]!)
        const accepted = claimed.map((message) => ({
          message,
          result: { outcome: 'accepted' as const, providerMessageId: `sim_${message.id}` },
        }))
        await recordDispatchResults(pool, 'simulator', accepted)
      }
    }),
  )
  const ceilingSeconds = seconds(ceilingStart)
  await allSent(ceilingIds)
  const redis = deps.redis.acquire()
  const reference = new Queue(`${prefix}reference`, { connection: redis })
  await reference.addBulk(jobs.map((messageIds) => ({ name: 'send', data: { messageIds } })))
  let referenceDone = 0
  const referenceStart = performance.now()
  const referenceConnection = redis.duplicate()
  const referenceWorker = new Worker(`${prefix}reference`, async () => {}, {
    connection: referenceConnection,
    concurrency: CONCURRENCY,
  })
  await new Promise<void>((resolve) =>
    referenceWorker.on('completed', () => {
      if (++referenceDone === jobs.length) resolve()
    }),
  )
  const referenceSeconds = seconds(referenceStart)
  await referenceWorker.close()
  await referenceConnection.quit()
  await reference.obliterate({ force: true })
  await reference.close()

  // Released in `finally`.
  const dispatchQueue = deps.queues.acquire().dispatch
  await dispatchQueue.addBulk(jobs.map((messageIds) => ({ name: 'send', data: { messageIds } })))
  const dispatchStart = performance.now()
  const workers = await startWorkers(deps)
  await allSent(dispatchIds)
  const dispatchSeconds = seconds(dispatchStart)
  await printMessageUpdates()
  await workers.stop()
  const referenceRate = dispatchIds.length / referenceSeconds
  const dispatchRate = dispatchIds.length / dispatchSeconds
  const ceilingRate = ceilingIds.length / ceilingSeconds
  console.log(
    `dispatch: ${dispatchIds.length.toLocaleString()} messages in ${dispatchSeconds.toFixed(1)} s = ${Math.round(dispatchRate).toLocaleString()} msg/s; ` +
      `empty jobs (same ${jobs.length} jobs of ${BATCH} ids): ${referenceSeconds.toFixed(2)} s = ${Math.round(referenceRate).toLocaleString()} msg/s; ` +
      `ratio ${(dispatchRate / referenceRate).toFixed(3)}; ` +
      `Postgres claim + sent update alone (${ceilingBatches.length} batches, ${CONCURRENCY} at once): ` +
      `${ceilingSeconds.toFixed(1)} s = ${Math.round(ceilingRate).toLocaleString()} msg/s, ratio ${(dispatchRate / ceilingRate).toFixed(2)}`,
  )
  await printStepTimes(dispatchSeconds)

  // Phase 3: a list limited to 60,000/min, two workers.
  const perMinute = 60_000
  await pool.query('UPDATE sending_lists SET send_rate_per_minute = $2 WHERE id = $1', [list.id, perMinute])
  const { rows: rateRows } = await pool.query<{ id: string }>(
    `SELECT id FROM messages WHERE status = 'queued' ORDER BY created_at, id LIMIT $1`,
    [RATE_MESSAGES],
  )
  const rateIds = rateRows.map((r) => r.id)
  await dispatchQueue.addBulk(
    Array.from({ length: Math.ceil(rateIds.length / BATCH) }, (_, i) => ({
      name: 'send',
      data: { messageIds: rateIds.slice(i * BATCH, (i + 1) * BATCH) },
    })),
  )
  const rateStart = performance.now()
  const pair = [await startWorkers(deps), await startWorkers(deps)]
  await allSent(rateIds)
  const rateSeconds = seconds(rateStart)
  await Promise.all(pair.map((w) => w.stop()))
  const windows = async (ms: number) =>
    (
      await pool.query<{ max: number }>(
        `SELECT max(n)::int AS max FROM (
           SELECT count(*) OVER (ORDER BY claimed_at RANGE BETWEEN CURRENT ROW AND make_interval(secs => $2) FOLLOWING) AS n
             FROM messages WHERE id = ANY($1::text[])) w`,
        [rateIds, ms / 1000 - 0.001],
      )
    ).rows[0]!.max
  const perSecond = perMinute / 60
  const [max1, max10] = [await windows(1_000), await windows(10_000)]
  console.log(
    `rate: ${rateIds.length.toLocaleString()} messages at ${perMinute.toLocaleString()}/min by two workers in ${rateSeconds.toFixed(1)} s ` +
      `(${Math.round(rateIds.length / rateSeconds).toLocaleString()}/s, limit ${perSecond}/s); ` +
      `max in any 1 s window ${max1} (bound ${perSecond * 2}), any 10 s window ${max10} (bound ${perSecond * 11}); ` +
      `${max1 <= perSecond * 2 && max10 <= perSecond * 11 ? 'held' : 'EXCEEDED'}`,
  )
} finally {
  await platform.stop()
  await deps.queues.release()
  await deps.postgres.release()
  await deps.redis.release()
  await benchDb.drop()
}
