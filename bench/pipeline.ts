// Event-pipeline benchmark (issue 5), against the real Postgres, Redis and Kafka of the local stack and an embedded
// ClickHouse of its own, in a database of its own (trackly_bench_pipeline, dropped at the end):
//   1. throughput: BENCH_MESSAGES messages exist in Postgres; their events — one send, a link-preview click and a
//      human click each, a conversion for every fourth — are loaded into Kafka first. The processors role then
//      drains them into ClickHouse and Postgres (enrichment, first-click claims, contact activity, conversion
//      ledger), timed from start to every offset committed. Reference in the same run: a bare kafkajs consumer
//      that reads the same records and does nothing with them.
//   2. freshness: BENCH_CLICK_RATE clicks/s through the real ingest redirect for BENCH_CLICK_SECONDS seconds, with
//      the processors running; each click's delay from the redirect's answer to the moment a report query over
//      the clicks table first returns it (polled every 25 ms).
//   npm run bench:pipeline        (needs the local stack: ./trackly stack up)

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { refreshReportRollups } from '../analytics/rollups.js'
import { addressOf, prepare, startPlatform } from '../bin/platform.js'
import { type ClickEvent, type RevenueEvent, type SendEvent, topicName } from '../core/events.js'
import { clickIdKey, conversionEventId, newClickId, newObjectId, randomAlphanumeric } from '../core/ids.js'
import { loadConfig } from '../lib/config.js'
import { createDeps } from '../lib/deps.js'
import { createKafka } from '../lib/kafka.js'
import { createLogger } from '../lib/logger.js'
import { batchDuration, pipelineStepDuration } from '../lib/metrics.js'
import { withTransaction } from '../lib/postgres.js'
import { processorGroupId } from '../processors/pipeline.js'
import { createAccount } from '../services/accounts.js'
import { createSendingList } from '../services/lists.js'
import { insertTrackedMessages } from '../services/messages.js'
import { freshBenchDatabase } from './bench-database.js'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 250_000)
const CLICK_RATE = Number(process.env.BENCH_CLICK_RATE ?? 100)
const CLICK_SECONDS = Number(process.env.BENCH_CLICK_SECONDS ?? 20)
const DB = 'trackly_bench_pipeline'
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'

const benchDb = await freshBenchDatabase(loadConfig({ ...process.env }).databaseUrl, DB)
const benchUrl = benchDb.url

const prefix = `benchp${randomAlphanumeric(6)}.`
const config = loadConfig(
  {
    ...process.env,
    LOG_LEVEL: 'warn',
    API_PORT: '0',
    INGEST_PORT: '0',
    KAFKA_TOPIC_PREFIX: prefix,
    TRACKLY_DATA_DIR: mkdtempSync(join(tmpdir(), 'trackly-bench-pipeline-')),
  },
  { databaseUrl: benchUrl, roles: ['processors'] },
)
const deps = createDeps(config, createLogger(config))
const clickKey = clickIdKey(config.secretKey)
await prepare(deps)
const pool = deps.postgres.acquire().pool
const kafka = deps.kafka.acquire()
const seconds = (start: number) => (performance.now() - start) / 1000
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
const topics = (['sends', 'clicks', 'revenue'] as const).map((k) => topicName(prefix, k))

async function totalOffsets(): Promise<number> {
  let total = 0
  for (const name of topics)
    for (const p of await kafka.admin.fetchTopicOffsets(name)) total += Number(p.high)
  return total
}
async function committedOffsets(groupId: string): Promise<number> {
  let committed = 0
  for (const entry of await kafka.admin.fetchOffsets({ groupId, topics })) {
    for (const p of entry.partitions) committed += Math.max(0, Number(p.offset))
  }
  return committed
}

/**
 * Where phase 1's time went: per named step, its calls and total seconds (steps of one batch overlap, and up to
 * four partitions run at once, so the totals add up to more than the wall time), and the batches per topic.
 */
async function printStepTimes(wallSeconds: number): Promise<void> {
  const sums = new Map<string, { sum: number; count: number }>()
  for (const v of (await pipelineStepDuration.get()).values) {
    const step = String(v.labels.step)
    const entry = sums.get(step) ?? { sum: 0, count: 0 }
    if (v.metricName?.endsWith('_sum')) entry.sum = v.value
    if (v.metricName?.endsWith('_count')) entry.count = v.value
    sums.set(step, entry)
  }
  console.log(`  per step (wall ${wallSeconds.toFixed(1)} s): step, calls, total s, mean ms`)
  for (const [step, { sum, count }] of [...sums].sort((a, b) => b[1].sum - a[1].sum))
    console.log(
      `    ${step.padEnd(34)} ${String(count).padStart(6)} ${sum.toFixed(2).padStart(8)} ${((sum / Math.max(1, count)) * 1000).toFixed(1).padStart(8)}`,
    )
  const batches = (await batchDuration.get()).values.filter((v) => v.metricName?.endsWith('_count'))
  console.log(`  batches: ${batches.map((v) => `${v.labels.topic} ${v.value}`).join(', ')}`)
}

try {
  const { accountId } = await createAccount(
    deps.postgres.acquire().db,
    {
      name: 'Bench',
      ownerEmail: 'bench@example.test',
    },
    config.secretKey,
  )
  const list = await createSendingList(
    pool,
    {
      accountId,
      phoneNumber: '+18005550100',
      provider: 'simulator',
      brandName: 'Bench',
      shortenerDomain: 'trk.example',
    },
    config.secretKey,
  )
  const offerId = newObjectId()
  await pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, payout)
     VALUES ($1, $2, 'ofr_bench', 'Bench offer', 'https://offers.example.com/o?aff=1', 'everflow', 10)`,
    [offerId, accountId],
  )

  let started = performance.now()
  const messages: { id: string; code: string; contactId: string }[] = []
  for (let start = 0; start < MESSAGES; start += 5_000) {
    const created = await withTransaction(pool, (client) =>
      insertTrackedMessages(
        client,
        Array.from({ length: Math.min(5_000, MESSAGES - start) }, (_, i) => ({
          accountId,
          listId: list.id,
          to: `+1201${String(2_000_000 + start + i)}`,
          body: 'Deal {{link1}}',
          links: { link1: { offerId } },
          linkBaseUrl: 'https://trk.example',
        })),
      ),
    )
    const contacts = await pool.query<{ id: string; contact_id: string }>(
      'SELECT id, contact_id FROM messages WHERE id = ANY($1::text[])',
      [created.map((m) => m.messageId)],
    )
    const contactOf = new Map(contacts.rows.map((r) => [r.id, r.contact_id]))
    for (const m of created)
      messages.push({ id: m.messageId, code: m.links[0]!.code, contactId: contactOf.get(m.messageId)! })
  }
  console.log(`setup: ${MESSAGES.toLocaleString()} messages in Postgres in ${seconds(started).toFixed(1)} s`)

  // Phase 1: load the events into Kafka, then drain them.
  started = performance.now()
  const t0 = Date.UTC(2026, 10, 1)
  const at = (ms: number) => new Date(t0 + ms).toISOString()
  let events = 0
  for (let i = 0; i < messages.length; i += 2_000) {
    const records = messages.slice(i, i + 2_000).flatMap((m, j) => {
      const n = i + j
      const send: SendEvent = {
        event_id: `snd_${m.id}`,
        account_id: accountId,
        event_time: at(n),
        message_id: m.id,
        contact_id: m.contactId,
        list_id: list.id,
        to: '+12015550000',
        provider: 'simulator',
        segments: 1,
        cost: 0.0045,
        creative_id: null,
        schedule_id: null,
        variant: null,
        offer_ids: [offerId],
        imported: false,
      }
      const click = (offset: number, ua: string, bot: string): ClickEvent => ({
        event_id: newClickId(clickKey, m.id),
        account_id: accountId,
        event_time: at(n + offset),
        message_id: m.id,
        link_code: m.code,
        offer_id: offerId,
        contact_id: m.contactId,
        ip: '198.51.100.7',
        user_agent: ua,
        bot_reason: bot,
        kind: 'redirect',
      })
      const human = click(60_000, BROWSER, '')
      const out = [
        { topic: topicName(prefix, 'sends'), key: m.id, value: JSON.stringify(send) },
        {
          topic: topicName(prefix, 'clicks'),
          key: m.id,
          value: JSON.stringify(click(1_000, 'WhatsApp/2.23', 'link_preview')),
        },
        { topic: topicName(prefix, 'clicks'), key: m.id, value: JSON.stringify(human) },
      ]
      if (n % 4 === 0) {
        const sale: RevenueEvent = {
          event_id: conversionEventId('everflow', `tx-${m.id}`),
          account_id: accountId,
          event_time: at(n + 600_000),
          message_id: m.id,
          click_id: human.event_id,
          network: 'everflow',
          transaction_id: `tx-${m.id}`,
          conversion_type: 'sale',
          amount: 10,
          source: 'postback',
        }
        out.push({ topic: topicName(prefix, 'revenue'), key: m.id, value: JSON.stringify(sale) })
      }
      return out
    })
    events += records.length
    await kafka.producer.sendAll(records)
  }
  console.log(`loaded ${events.toLocaleString()} events into Kafka in ${seconds(started).toFixed(1)} s`)
  const total = await totalOffsets()

  // Reference: a bare consumer reading the same records.
  const bareKafka = createKafka(config, deps.log, 'bench-bare')
  const bare = bareKafka.consumer({ groupId: `${prefix}bare`, maxBytesPerPartition: 4 * 1024 * 1024 })
  await bare.connect()
  await bare.subscribe({ topics, fromBeginning: true })
  let bareRead = 0
  let bareDone: () => void = () => {}
  const bareFinished = new Promise<void>((r) => {
    bareDone = r
  })
  started = performance.now()
  await bare.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch }) => {
      bareRead += batch.messages.length
      if (bareRead >= total) bareDone()
    },
  })
  await bareFinished
  const bareSeconds = seconds(started)
  await bare.disconnect()

  // The processors.
  started = performance.now()
  const platform = await startPlatform({ ...config, roles: ['processors'] }, deps)
  const groupId = processorGroupId(prefix)
  while ((await committedOffsets(groupId)) < total) await new Promise((r) => setTimeout(r, 100))
  const drainSeconds = seconds(started)
  await platform.stop()

  const ch = deps.clickhouse.acquire()
  const [counts] = await ch.query<{ sends: string; clicks: string; conversions: string }>(
    `SELECT (SELECT count() FROM sends FINAL WHERE account_id = {a:String}) AS sends,
            (SELECT count() FROM clicks FINAL WHERE account_id = {a:String}) AS clicks,
            (SELECT count() FROM conversions FINAL WHERE account_id = {a:String}) AS conversions`,
    { a: accountId },
  )
  const activity = await pool.query<{ sends: string; clicks: string }>(
    'SELECT sum(send_count) AS sends, sum(click_count) AS clicks FROM list_contacts WHERE list_id = $1',
    [list.id],
  )
  await deps.clickhouse.release()
  console.log(
    `\nthroughput: ${total.toLocaleString()} events — processors ${drainSeconds.toFixed(1)} s = ` +
      `${Math.round(total / drainSeconds).toLocaleString()} events/s; bare consumer ${bareSeconds.toFixed(1)} s = ` +
      `${Math.round(total / bareSeconds).toLocaleString()} events/s; ratio ${(bareSeconds / drainSeconds).toFixed(2)}`,
  )
  console.log(
    `  written: ClickHouse sends ${counts!.sends}, clicks ${counts!.clicks}, conversions ${counts!.conversions}; ` +
      `contact activity sends ${activity.rows[0]!.sends}, first clicks ${activity.rows[0]!.clicks}`,
  )

  await printStepTimes(drainSeconds)

  // Phase 2: freshness through the real redirect, in steady state: the report rollup first catches up with the
  // backlog phase 1 wrote (past hours), as it would between bursts, so the measurement is of live clicks alone.
  started = performance.now()
  const rolled = await refreshReportRollups(deps.clickhouse.acquire())
  await deps.clickhouse.release()
  console.log(`\nrollup catch-up after phase 1: ${rolled.hours} hours in ${seconds(started).toFixed(1)} s`)
  const live = await startPlatform({ ...config, roles: ['ingest', 'processors'] }, deps)
  const ingestUrl = addressOf(live.ingest)!
  const chLive = deps.clickhouse.acquire()
  const answeredAt = new Map<string, number>()
  const delays: number[] = []
  const seen = new Set<string>()
  let polling = true
  let phaseEnd = Number.POSITIVE_INFINITY
  const since = new Date(Date.now() - 1_000).toISOString().replace('T', ' ').replace('Z', '')
  const poller = (async () => {
    while (polling || delays.length < answeredAt.size) {
      const rows = await chLive.query<{ event_id: string }>(
        `SELECT event_id FROM clicks WHERE account_id = {a:String} AND ingested_at >= {since:DateTime64(3)}`,
        { a: accountId, since },
      )
      const now = performance.now()
      for (const r of rows) {
        const t = answeredAt.get(r.event_id)
        if (t !== undefined && !seen.has(r.event_id)) {
          delays.push(now - t)
          seen.add(r.event_id)
        }
      }
      if (!polling && now - phaseEnd > 30_000) break
      await new Promise((r) => setTimeout(r, 25))
    }
  })()
  const clicks = CLICK_RATE * CLICK_SECONDS
  const phaseStart = performance.now()
  const inflight: Promise<void>[] = []
  for (let i = 0; i < clicks; i++) {
    const due = phaseStart + (i * 1000) / CLICK_RATE
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const m = messages[(i * 7919) % messages.length]!
    inflight.push(
      fetch(`${ingestUrl}/${m.code}`, { redirect: 'manual', headers: { 'user-agent': BROWSER } }).then(
        (res) => {
          const clickId = new URL(res.headers.get('location')!).searchParams.get('sub1')!
          answeredAt.set(clickId, performance.now())
        },
      ),
    )
  }
  await Promise.all(inflight)
  phaseEnd = performance.now()
  polling = false
  await poller
  await deps.clickhouse.release()
  await live.stop()
  delays.sort((a, b) => a - b)
  console.log(
    `\nfreshness: ${clicks} clicks at ${CLICK_RATE}/s, ${delays.length} seen in ClickHouse; redirect → report ` +
      `p50 ${pct(delays, 0.5).toFixed(0)} ms, p95 ${pct(delays, 0.95).toFixed(0)} ms, max ${delays[delays.length - 1]!.toFixed(0)} ms`,
  )
} finally {
  await deps.kafka.release()
  await deps.postgres.release()
  await benchDb.drop()
}
process.exit(0)
