// The processors process killed (SIGKILL, not stopped) in the middle of a stream of sends, clicks and revenue:
// after a restart every number is exact — nothing lost, nothing counted twice — in ClickHouse (report rows) and in
// Postgres (contact activity, the conversion ledger), although the killed process had written part of a batch
// whose offsets it never committed.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createClickHouse } from '../../analytics/clickhouse.js'
import { type ClickEvent, type RevenueEvent, type SendEvent, topicName } from '../../core/events.js'
import { conversionEventId } from '../../core/ids.js'
import { createDeps } from '../../lib/deps.js'
import { ensureTopics } from '../../lib/kafka.js'
import { createLogger } from '../../lib/logger.js'
import { migratePostgres } from '../../lib/migrate.js'
import { repoRoot } from '../../lib/paths.js'
import { withTransaction } from '../../lib/postgres.js'
import { processorGroupId } from '../../processors/pipeline.js'
import { insertTrackedMessages } from '../../services/messages.js'
import { createFixture, eventually, issuedClickId, testConfig } from '../harness/platform.js'
import { readStackEnv } from '../harness/stack.js'

const MESSAGES = 4_000
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'

// This process never opens ClickHouse until the children are gone: chdb binds one data directory per process.
const config = testConfig()
const deps = createDeps(config, createLogger(config))
const pg = deps.postgres.acquire()
const kafka = deps.kafka.acquire()
t.teardown(async () => {
  await deps.kafka.release()
  await deps.postgres.release()
})
await migratePostgres(pg)
await ensureTopics(kafka.kafka, config)
const fixture = await createFixture(
  {
    deps: { ...deps, clickhouse: { acquire: () => undefined, release: async () => {} } } as never,
    config,
    stop: async () => {},
  },
  'https://trk.example',
)

const messageIds: string[] = []
for (let start = 0; start < MESSAGES; start += 1_000) {
  const batch = await withTransaction(pg.pool, (client) =>
    insertTrackedMessages(
      client,
      Array.from({ length: 1_000 }, (_, i) => ({
        accountId: fixture.accountId,
        listId: fixture.listId,
        to: `+1201${String(5_000_000 + start + i)}`,
        body: 'Deal {{link1}}',
        links: { link1: { offerId: fixture.offerId } },
        linkBaseUrl: 'https://trk.example',
      })),
    ),
  )
  messageIds.push(...batch.map((m) => m.messageId))
}
const contactOf = new Map(
  (
    await pg.pool.query<{ id: string; contact_id: string }>(
      'SELECT id, contact_id FROM messages WHERE id = ANY($1::text[])',
      [messageIds],
    )
  ).rows.map((r) => [r.id, r.contact_id]),
)

const topic = (k: 'sends' | 'clicks' | 'revenue') => topicName(config.kafkaTopicPrefix, k)
const at = (ms: number) => new Date(Date.UTC(2026, 10, 1) + ms).toISOString()
const records = messageIds.flatMap((id, i) => {
  const contact = contactOf.get(id)!
  const send: SendEvent = {
    event_id: `snd_${id}`,
    account_id: fixture.accountId,
    event_time: at(i),
    message_id: id,
    contact_id: contact,
    list_id: fixture.listId,
    to: '+12015550000',
    provider: 'simulator',
    segments: 1,
    cost: 0.0045,
    creative_id: null,
    schedule_id: null,
    variant: null,
    offer_ids: [fixture.offerId],
    imported: false,
  }
  const click = (n: number, ua: string, bot: string): ClickEvent => ({
    event_id: issuedClickId({ config }, id),
    account_id: fixture.accountId,
    event_time: at(i + 60_000 + n),
    message_id: id,
    link_code: 'Abc1234',
    offer_id: fixture.offerId,
    contact_id: contact,
    ip: '198.51.100.7',
    user_agent: ua,
    bot_reason: bot,
    kind: 'redirect',
  })
  const clicks = [
    click(0, 'facebookexternalhit/1.1', 'link_preview'),
    click(1, BROWSER, ''),
    click(2, BROWSER, ''),
  ]
  const sale: RevenueEvent = {
    event_id: conversionEventId('tune', `tx-${id}`),
    account_id: fixture.accountId,
    event_time: at(i + 120_000),
    message_id: id,
    click_id: clicks[2]!.event_id,
    network: 'tune',
    transaction_id: `tx-${id}`,
    conversion_type: 'sale',
    amount: 2.5,
    source: 'postback',
  }
  // The network posts the same transaction twice, the second time with another payout: counted once, first amount.
  return [
    { topic: topic('sends'), key: id, value: JSON.stringify(send) },
    ...clicks.map((c) => ({ topic: topic('clicks'), key: id, value: JSON.stringify(c) })),
    { topic: topic('revenue'), key: id, value: JSON.stringify(sale) },
    { topic: topic('revenue'), key: id, value: JSON.stringify({ ...sale, amount: 99 }) },
  ]
})
for (let i = 0; i < records.length; i += 2_000) await kafka.producer.sendAll(records.slice(i, i + 2_000))

const stack = readStackEnv()
const childDir = mkdtempSync(join(tmpdir(), 'trackly-kill-'))
function startProcessors(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/trackly.ts', 'start'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TRACKLY_ROLES: 'processors',
      DATABASE_URL: stack.DATABASE_URL,
      REDIS_URL: stack.REDIS_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: config.kafkaTopicPrefix,
      KAFKA_PARTITIONS: '2',
      TRACKLY_DATA_DIR: childDir,
      API_PORT: '0',
      INGEST_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return child
}

const groupId = processorGroupId(config.kafkaTopicPrefix)
const topics = [topic('sends'), topic('clicks'), topic('revenue')]
async function progress(): Promise<{ committed: number; total: number }> {
  let committed = 0
  let total = 0
  for (const name of topics) {
    for (const p of await kafka.admin.fetchTopicOffsets(name)) total += Number(p.high)
  }
  for (const entry of await kafka.admin.fetchOffsets({ groupId, topics })) {
    for (const p of entry.partitions) committed += Math.max(0, Number(p.offset))
  }
  return { committed, total }
}
const appliedRows = async () =>
  Number(
    (
      await pg.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM consumer_watermarks WHERE topic = ANY($1::text[]) AND applied_through >= 0`,
        [topics],
      )
    ).rows[0]!.n,
  )

t.test('a processor killed mid-stream, then restarted, loses and duplicates nothing', async (t) => {
  const first = startProcessors()
  // Kill as soon as the first batch is applied to Postgres: the stream is still being worked through.
  await eventually(async () => ((await appliedRows()) > 0 ? true : undefined), 60_000, 'first batch applied')
  first.kill('SIGKILL')
  await once(first, 'exit')
  const atKill = await progress()
  t.ok(atKill.committed < atKill.total, `killed mid-stream (${atKill.committed}/${atKill.total} committed)`)

  const second = startProcessors()
  await eventually(
    async () => {
      const p = await progress()
      return p.committed === p.total ? p : undefined
    },
    120_000,
    'restarted processor catches up',
  )
  second.kill('SIGTERM')
  await once(second, 'exit')

  const activity = (
    await pg.pool.query<{ sends: string; clicks: string; conversions: string; revenue: string }>(
      `SELECT sum(send_count) AS sends, sum(click_count) AS clicks, sum(conversion_count) AS conversions,
              sum(revenue_total) AS revenue
         FROM list_contacts WHERE list_id = $1`,
      [fixture.listId],
    )
  ).rows[0]!
  t.same(
    [Number(activity.sends), Number(activity.clicks), Number(activity.conversions), Number(activity.revenue)],
    [MESSAGES, MESSAGES, MESSAGES, MESSAGES * 2.5],
    'contact activity counted every event exactly once',
  )
  const postings = (
    await pg.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM conversion_ledger WHERE account_id = $1 AND postings = 2',
      [fixture.accountId],
    )
  ).rows[0]!
  t.equal(Number(postings.n), MESSAGES, 'every transaction recorded as posted twice')

  const ch = createClickHouse({
    clickhouseDataDir: join(childDir, 'clickhouse'),
    clickhouseDatabase: 'trackly',
  })
  t.teardown(() => ch.close())
  const account = { account: fixture.accountId }
  const [sends] = await ch.query<{ n: string }>(
    'SELECT count() AS n FROM sends FINAL WHERE account_id = {account:String}',
    account,
  )
  const [clicks] = await ch.query<{ n: string; first: string; bots: string }>(
    `SELECT count() AS n, sum(is_first) AS first, sum(is_bot) AS bots
       FROM clicks FINAL WHERE account_id = {account:String}`,
    account,
  )
  const [conversions] = await ch.query<{ n: string; revenue: number; reposted: string }>(
    `SELECT count() AS n, toFloat64(sum(amount)) AS revenue, countIf(postings = 2) AS reposted
       FROM conversions FINAL WHERE account_id = {account:String}`,
    account,
  )
  t.equal(Number(sends!.n), MESSAGES, 'sends: one row each')
  t.same(
    [Number(clicks!.n), Number(clicks!.first), Number(clicks!.bots)],
    [3 * MESSAGES, MESSAGES, MESSAGES],
    'clicks: every click, one first click per message',
  )
  t.same(
    [Number(conversions!.n), conversions!.revenue, Number(conversions!.reposted)],
    [MESSAGES, MESSAGES * 2.5, MESSAGES],
    'conversions: one per transaction, first amount, posting count kept',
  )
})
