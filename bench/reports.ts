// Report latency benchmark (DESIGN numbers: reports p95 < 300 ms over 10M events).
// Generates 10M events of ONE account (the worst case: every row matches the account filter) into a fresh embedded
// ClickHouse directory with INSERT … SELECT FROM numbers(): 6M sends over 180 days ending now, 3.2M delivery
// receipts, 600k clicks (bots, interstitial views and confirmations among them), 60k conversions (refunds and
// out-of-window ones among them), 140k subscription events, plus 1M contact attributes for cohorts. 3% of the
// sends and clicks are inserted twice, as a Kafka replay would. Then it backfills the hourly rollups (timed) and
// times each report function the API calls, over random time ranges, next to the same grouping read raw (FINAL,
// no rollup).
//   npm run bench:reports        (no services needed; BENCH_RUNS changes the runs per report, default 20)
//   BENCH_SCALE=0.1 or 10 multiplies every count (1M or 100M events, same 180 days: the growth curve);
//   BENCH_SKIP_RAW=1 leaves out the raw-only references (the custom-field one takes minutes at 100M)
//   BENCH_DIR=/path keeps the data directory (default: a temp dir, removed at the end); BENCH_REUSE=1 with it times
//   the data a previous run left there (the rollup is rebuilt)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClickHouse } from '../analytics/clickhouse.js'
import { ltvReport } from '../analytics/ltv-report.js'
import { messageReport } from '../analytics/message-report.js'
import { performanceReport } from '../analytics/performance-report.js'
import { chTime, type LtvGroup, type PerformanceGroup, ROLLED_UP_GROUPS } from '../analytics/reports.js'
import { MARGIN_SECONDS, refreshReportRollups } from '../analytics/rollups.js'
import { migrateClickHouse } from '../lib/migrate.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const ACCOUNT = 'acct_bench'
const DAYS = 180
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const SKIP_RAW = Boolean(process.env.BENCH_SKIP_RAW)
const scaled = (n: number) => Math.round(n * SCALE)
const S = scaled(6_000_000) // sends
const D = scaled(3_200_000) // delivery receipts
const K = scaled(600_000) // clicks
const V = scaled(60_000) // conversions
const E = scaled(140_000) // contact events
const C = scaled(1_000_000) // contacts
const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`)
const SPAN_MS = DAYS * 86_400_000

const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'trackly-bench-reports-'))
const ch = createClickHouse({ clickhouseDataDir: dir, clickhouseDatabase: 'default' })
const ms = (start: number) => performance.now() - start

// Deterministic per-send values: n is the send's number.
const sendTime = (n: string) => `{t0:DateTime64(3)} + toIntervalMillisecond(intDiv(${n} * ${SPAN_MS}, ${S}))`
const messageId = (n: string) =>
  `leftPad(lower(hex(toUInt32(bitAnd(${n} * 2654435761, 4294967295)))), 8, '0')`
const contactOf = (n: string) => `(${n} % ${C})`
const contactId = (c: string) => `leftPad(lower(hex(${c})), 24, '0')`
const listOf = (c: string) => `toUInt32(1 + ${c} % 4)`
const carrierOf = (c: string) => `['att', 'tmobile', 'verizon', 'uscellular', 'other'][1 + ${c} % 5]`
const dims = (
  n: string,
) => `toUInt32(1 + ${n} % 20) AS creative_id, concat('sch', toString(${n} % 10)) AS schedule_id,
  ['A', 'B', 'C'][1 + ${n} % 3] AS variant`
const clickSend = (k: string) => `(${k} * 10 + ${k} % 7)`
const clickTime = (k: string) => `${sendTime(clickSend(k))} + toIntervalSecond(30 + ${k} % 3600)`

async function generate(): Promise<void> {
  const [{ t0 }] = (await ch.query<{ t0: string }>(
    `SELECT toString(toStartOfHour(now64(3)) - toIntervalDay(${DAYS})) AS t0`,
  )) as [{ t0: string }]
  const p = { t0, account: ACCOUNT }
  const step = async (label: string, sql: string) => {
    const start = performance.now()
    await ch.command(sql, p)
    console.log(`  ${label}: ${(ms(start) / 1000).toFixed(1)} s`)
  }
  await step(
    `sends ${count(S)}`,
    `INSERT INTO sends (account_id, event_id, event_time, message_id, contact_id, list_id, to_number, provider,
       segments, cost, creative_id, schedule_id, variant, offer_ids, imported, carrier)
     SELECT {account:String}, concat('s', toString(number)), ${sendTime('number')}, ${messageId('number')},
       ${contactId(contactOf('number'))}, ${listOf(contactOf('number'))}, '+12015550100', 'simulator',
       1 + number % 2, toDecimal64(0.0079 * (1 + number % 2), 6), ${dims('number')},
       [concat('ofr', toString(number % 30))], 0, ${carrierOf(contactOf('number'))}
     FROM numbers(${S})`,
  )
  await step(
    `deliveries ${count(D)}`,
    `INSERT INTO deliveries (account_id, event_id, event_time, message_id, list_id, provider, provider_message_id,
       status, status_detail, contact_id, carrier, creative_id, schedule_id, variant, offer_ids)
     SELECT {account:String}, concat('d', toString(number)), ${sendTime('n')} + toIntervalSecond(5), ${messageId('n')},
       ${listOf(contactOf('n'))}, 'simulator', concat('pm', toString(n)),
       multiIf(number % 100 < 92, 'delivered', number % 100 < 97, 'undelivered', 'failed'), '',
       ${contactId(contactOf('n'))}, ${carrierOf(contactOf('n'))}, ${dims('n')}, [concat('ofr', toString(n % 30))]
     FROM (SELECT number, intDiv(number * 15, 8) AS n FROM numbers(${D}))`,
  )
  await step(
    `clicks ${count(K)}`,
    `INSERT INTO clicks (account_id, event_id, event_time, message_id, link_code, offer_id, contact_id, ip, user_agent,
       bot_reason, is_bot, is_first, kind, country, list_id, creative_id, schedule_id, variant, carrier)
     SELECT {account:String}, concat('k', toString(k)), ${clickTime('k')}, ${messageId('n')}, 'Abc1234',
       concat('ofr', toString(n % 30)), ${contactId(contactOf('n'))}, '203.0.113.7', 'Mozilla/5.0',
       if(k % 9 = 0, 'ua', ''), toUInt8(k % 9 = 0),
       toUInt8(k % 9 != 0 AND k % 20 != 1 AND k % 5 != 4),
       multiIf(k % 20 = 1, 'preview', k % 20 = 2, 'confirm', 'redirect'), 'US', ${listOf(contactOf('n'))},
       ${dims('n')}, ${carrierOf(contactOf('n'))}
     FROM (SELECT number AS k, ${clickSend('number')} AS n FROM numbers(${K}))`,
  )
  await step(
    `conversions ${count(V)}`,
    `INSERT INTO conversions (account_id, event_id, event_time, message_id, click_id, attributed_click_id, offer_id,
       contact_id, network, transaction_id, conversion_type, amount, source, list_id, creative_id, schedule_id, variant,
       outside_window, carrier)
     SELECT {account:String}, concat('v', toString(j)), ${clickTime('k')} + toIntervalSecond(j % 86400),
       ${messageId('n')}, concat('k', toString(k)), concat('k', toString(k)), concat('ofr', toString(n % 30)),
       ${contactId(contactOf('n'))}, 'everflow', concat('tx', toString(j)),
       if(j % 25 = 0, 'refund', 'sale'), toDecimal64(if(j % 25 = 0, -1, 1) * (5 + j % 45), 6), 'postback',
       ${listOf(contactOf('n'))}, ${dims('n')}, toUInt8(j % 50 = 7), ${carrierOf(contactOf('n'))}
     FROM (SELECT number AS j, number * 10 AS k, ${clickSend('number * 10')} AS n FROM numbers(${V}))`,
  )
  await step(
    `contact events ${count(E)}`,
    `INSERT INTO contact_events (account_id, event_id, event_time, type, contact_id, list_contact_id, list_id,
       signup_method, reason)
     SELECT {account:String}, concat('e', toString(number)),
       {t0:DateTime64(3)} + toIntervalMillisecond(intDiv(number * ${SPAN_MS}, ${E})),
       if(number % 7 < 5, 'subscribed', 'unsubscribed'), ${contactId('number * 7')}, concat('lc', toString(number)),
       ${listOf('number * 7')}, 'api', if(number % 7 < 5, '', 'message')
     FROM numbers(${E})`,
  )
  await step(
    'replayed 3% of sends and clicks',
    `INSERT INTO sends SELECT * REPLACE (now64(3) AS ingested_at) FROM sends WHERE cityHash64(event_id) % 33 = 0`,
  )
  await ch.command(
    `INSERT INTO clicks SELECT * REPLACE (now64(3) AS ingested_at) FROM clicks WHERE cityHash64(event_id) % 33 = 0`,
  )
  await step(
    `contact attributes ${count(C)}`,
    `INSERT INTO contact_attributes (account_id, list_id, contact_id, list_contact_id, signup_date, carrier,
       custom_fields, active, updated_at)
     SELECT {account:String}, ${listOf('number')}, ${contactId('number')}, concat('lc', toString(number)),
       {t0:DateTime64(3)} + toIntervalMillisecond(intDiv(number * ${SPAN_MS}, ${C})), ${carrierOf('number')},
       map('source', ['facebook', 'google', 'tiktok', 'organic'][1 + number % 4], 'plan', ['free', 'pro'][1 + number % 2]),
       1, now64(6)
     FROM numbers(${C})`,
  )
  const [counts] = await ch.query<Record<string, string>>(
    `SELECT (SELECT count() FROM sends FINAL) AS sends, (SELECT count() FROM deliveries FINAL) AS deliveries,
            (SELECT count() FROM clicks FINAL) AS clicks, (SELECT count() FROM conversions FINAL) AS conversions,
            (SELECT count() FROM contact_events FINAL) AS contact_events,
            (SELECT count() FROM sends) + (SELECT count() FROM clicks) AS raw_sends_clicks`,
  )
  const total = ['sends', 'deliveries', 'clicks', 'conversions', 'contact_events'].reduce(
    (s, k) => s + Number(counts![k]),
    0,
  )
  console.log(`  distinct events: ${total.toLocaleString('en-US')}`, counts)
}

const rand = (n: number) => Math.floor(Math.random() * n)
const now = Date.now()
const dataStart = now - SPAN_MS

/** A random range of 1–90 days (≤ 31 for hourly groupings), not aligned to hours; a third of them end now. */
function randomRange(maxDays: number): { from: Date; to: Date } {
  const days = 1 + rand(maxDays)
  const len = days * 86_400_000 - rand(3_600_000)
  const endsNow = rand(3) === 0
  const to = endsNow ? now : dataStart + len + rand(SPAN_MS - len)
  return { from: new Date(to - len), to: new Date(to) }
}

interface Timing {
  name: string
  p50: number
  p95: number
  max: number
}

async function time(name: string, fn: () => Promise<unknown>, runs = RUNS): Promise<Timing> {
  await fn() // warm-up (first query of a shape compiles its pipeline)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    samples.push(ms(start))
  }
  samples.sort((a, b) => a - b)
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!
  const t = { name, p50: q(0.5), p95: q(0.95), max: samples[samples.length - 1]! }
  console.log(
    `  ${name.padEnd(44)} p50 ${t.p50.toFixed(0).padStart(5)} ms  p95 ${t.p95.toFixed(0).padStart(5)} ms`,
  )
  return t
}

try {
  console.log(`data directory ${dir}`)
  const migrateStart = performance.now()
  const migrated = await migrateClickHouse(ch)
  if (migrated.length > 0 && process.env.BENCH_REUSE) {
    console.log(`migrated ${migrated.join(', ')} in ${(ms(migrateStart) / 1000).toFixed(1)} s`)
  }
  if (process.env.BENCH_REUSE) {
    await ch.command('TRUNCATE TABLE report_hourly')
    await ch.command('TRUNCATE TABLE report_field_hourly')
    await ch.command('TRUNCATE TABLE analytics_state')
  } else {
    const genStart = performance.now()
    await generate()
    console.log(`generated in ${(ms(genStart) / 1000).toFixed(0)} s`)
  }
  const backfillStart = performance.now()
  const refreshed = await refreshReportRollups(ch)
  console.log(
    `rollup backfill: ${refreshed.hours} hours in ${(ms(backfillStart) / 1000).toFixed(1)} s, horizon ${refreshed.horizon}`,
  )
  // A steady-state pass: one late event in an old hour, as live traffic keeps adding (after the rescan margin, so
  // the freshly generated rows no longer count as just ingested).
  await new Promise((r) => setTimeout(r, (MARGIN_SECONDS + 2) * 1000))
  await refreshReportRollups(ch)
  await ch.command(
    `INSERT INTO clicks (account_id, event_id, event_time, message_id, link_code, offer_id, contact_id, ip, user_agent,
       bot_reason, is_bot, is_first, kind) VALUES ({a:String}, 'late-1', {t:DateTime64(3)}, 'abcdefgh', 'Abc1234', 'ofr1',
       'c', '', '', '', 0, 0, 'redirect')`,
    { a: ACCOUNT, t: chTime(new Date(now - 40 * 86_400_000)) },
  )
  const incStart = performance.now()
  const inc = await refreshReportRollups(ch)
  console.log(`incremental refresh: ${inc.hours} hour(s) in ${ms(incStart).toFixed(0)} ms`)
  const [rollupRows] = await ch.query<{ n: string; f: string }>(
    `SELECT (SELECT count() FROM report_hourly FINAL) AS n, (SELECT count() FROM report_field_hourly FINAL) AS f`,
  )
  console.log(`report_hourly rows: ${rollupRows!.n}, report_field_hourly rows: ${rollupRows!.f}`)

  console.log(`\ntimings (${RUNS} runs each, random ranges of 1–90 days, a third ending now):`)
  const results: Timing[] = []
  const groups = ROLLED_UP_GROUPS
  for (const g of groups) {
    results.push(
      await time(`performance group_by=${g}`, () =>
        performanceReport(ch, ACCOUNT, { groupBy: g, ...randomRange(g === 'hour' ? 31 : 90) }),
      ),
    )
  }
  for (const field of ['source', 'plan']) {
    results.push(
      await time(`performance group_by=custom_field (${field})`, () =>
        performanceReport(ch, ACCOUNT, { groupBy: 'custom_field', field, ...randomRange(90) }),
      ),
    )
  }
  results.push(
    await time('performance group_by=custom_field, list filter', () =>
      performanceReport(ch, ACCOUNT, {
        groupBy: 'custom_field',
        field: 'source',
        ...randomRange(90),
        filters: { list: 1 + rand(4) },
      }),
    ),
  )
  const ltvGroups: LtvGroup[] = ['signup_date', 'list', 'carrier', 'custom_field']
  for (const g of ltvGroups) {
    results.push(
      await time(`ltv group_by=${g}`, () =>
        ltvReport(ch, ACCOUNT, { groupBy: g, field: 'source', ...randomRange(90) }),
      ),
    )
  }
  results.push(
    await time('message report', async () => {
      const [m] = await ch.query<{ id: string }>(`SELECT ${messageId('toUInt64({n:UInt32})')} AS id`, {
        n: rand(S),
      })
      return messageReport(ch, ACCOUNT, m!.id)
    }),
  )
  // Contacts edited since the last refresh pass: the hours they have events in are read raw until the next one.
  await ch.command(
    `INSERT INTO contact_attributes (account_id, list_id, contact_id, list_contact_id, signup_date, carrier,
       custom_fields, active, updated_at)
     SELECT account_id, list_id, contact_id, list_contact_id, signup_date, carrier,
            mapUpdate(custom_fields, map('source', 'edited')), active, now64(6)
       FROM contact_attributes FINAL WHERE account_id = {account:String} AND cityHash64(contact_id) % 10000 < 10`,
    { account: ACCOUNT },
  )
  results.push(
    await time('performance group_by=custom_field, 0.1% of contacts just edited', () =>
      performanceReport(ch, ACCOUNT, { groupBy: 'custom_field', field: 'source', ...randomRange(90) }),
    ),
  )
  const editedStart = performance.now()
  const edited = await refreshReportRollups(ch)
  console.log(`refresh after the edit: ${edited.hours} hour(s) in ${ms(editedStart).toFixed(0)} ms`)
  if (!SKIP_RAW) {
    results.push(
      await time('raw only: performance group_by=custom_field', () =>
        performanceReport(ch, ACCOUNT, {
          groupBy: 'custom_field',
          field: 'source',
          ...randomRange(90),
          horizon: new Date(0),
        }),
      ),
    )
  }
  const epoch = new Date(0)
  const rawGroups: PerformanceGroup[] = SKIP_RAW ? [] : ['date', 'offer', 'carrier']
  if (!SKIP_RAW)
    console.log('\nreference: the same groupings without the rollup (raw FINAL over the whole range):')
  for (const g of rawGroups) {
    results.push(
      await time(
        `raw only: performance group_by=${g}`,
        () => performanceReport(ch, ACCOUNT, { groupBy: g, ...randomRange(90), horizon: epoch }),
        Math.min(RUNS, 10),
      ),
    )
  }
  console.log('\n| report | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|')
  for (const r of results) {
    console.log(`| ${r.name} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.max.toFixed(0)} |`)
  }
} finally {
  await ch.close()
  if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true })
}
