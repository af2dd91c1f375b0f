// Campaign expansion benchmark (issue 6): a scheduled blast to 1,000,000 list contacts, expanded by the executor
// (services/campaigns.ts: merged audience pages, exclusions, deterministic variant split, an ML share chosen by
// the Thompson sampler, per-page transactions with cursor and counters, dispatch jobs) — next to the reference of
// the same contacts queued by the plain audience send (services/audience-send.ts: no exclusions, no variants, no
// run state), in the same run, on the same database. Goal (DESIGN): a 1M-recipient blast queued in < 60 s.
//   npm run bench:campaign        (needs the local stack: ./trackly stack up)
//   BENCH_RECIPIENTS changes the size; BENCH_CAP_HOURS (24) the schedule's frequency cap (0 turns it off).

import { prepare } from '../bin/platform.js'
import { parseFilter } from '../core/audience-dsl.js'
import { ManualClock } from '../core/clock.js'
import { newObjectId, randomAlphanumeric } from '../core/ids.js'
import { loadConfig } from '../lib/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { createAccount } from '../services/accounts.js'
import { queueAudienceSend } from '../services/audience-send.js'
import { runDueSchedules } from '../services/campaigns.js'
import { createSendingList } from '../services/lists.js'
import { freshBenchDatabase } from './bench-database.js'

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 1_000_000)
const DB = 'trackly_bench_campaign'

const benchDb = await freshBenchDatabase(loadConfig({ ...process.env }).databaseUrl, DB)
const benchUrl = benchDb.url

const config = loadConfig(
  { ...process.env, LOG_LEVEL: 'warn', KAFKA_TOPIC_PREFIX: `bench${randomAlphanumeric(6)}.` },
  { databaseUrl: benchUrl, roles: ['scheduler'] },
)
const deps = createDeps(config, createLogger(config))
await prepare(deps)
const pool = deps.postgres.acquire().pool
const queue = deps.queues.acquire().dispatch
const seconds = (start: number) => (performance.now() - start) / 1000

const { accountId } = await createAccount(
  deps.postgres.acquire().db,
  {
    name: 'Campaign bench',
    ownerEmail: `bench-${randomAlphanumeric(8).toLowerCase()}@example.test`,
  },
  config.secretKey,
)
// Quiet hours off: the run's clock is 10:00 in New York, but the reference has no quiet-hour step either.
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
    ratePerMinute: 17_000,
  },
  config.secretKey,
)
const listId = list.id
const offerId = newObjectId()
await pool.query(
  `INSERT INTO offers (id, account_id, slug, name, tracking_url, payout) VALUES ($1, $2, 'bench', 'Bench', 'https://o.example/c', 30)`,
  [offerId, accountId],
)

let started = performance.now()
// 1M contacts with timezones, carriers and some history, written set-based (the import path is benched elsewhere).
await pool.query(
  `INSERT INTO contacts (id, account_id, phone_number, timezone, state, carrier, line_type)
   SELECT 'bc' || lpad(i::text, 22, '0'), $2, '+1' || (2012000000 + i)::text,
          (ARRAY['America/New_York','America/Chicago','America/Denver','America/Los_Angeles'])[1 + i % 4],
          (ARRAY['NY','IL','CO','CA'])[1 + i % 4],
          (ARRAY['verizon','att','tmobile','uscellular'])[1 + (i / 7) % 4], 'mobile'
     FROM generate_series(1, $1) AS i`,
  [RECIPIENTS, accountId],
)
await pool.query(
  `INSERT INTO list_contacts (id, account_id, list_id, contact_id, first_name, send_count, last_clicked_at)
   SELECT 'bl' || lpad(i::text, 22, '0'), $2, $3, 'bc' || lpad(i::text, 22, '0'), 'Pat', i % 5,
          CASE WHEN i % 3 = 0 THEN now() - make_interval(days => i % 40) END
     FROM generate_series(1, $1) AS i`,
  [RECIPIENTS, accountId, listId],
)
await pool.query('VACUUM ANALYZE contacts')
await pool.query('VACUUM ANALYZE list_contacts')
console.log(`seeded ${RECIPIENTS} contacts in ${seconds(started).toFixed(1)} s`)

const filterDoc = {
  operator: 'AND',
  conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
}
const audienceId = newObjectId()
await pool.query(`INSERT INTO audiences (id, account_id, name, filter) VALUES ($1, $2, 'Everyone', $3)`, [
  audienceId,
  accountId,
  JSON.stringify(filterDoc),
])
for (const [i, text] of [
  'Deal A {{link1}}',
  'Deal B {{link1}}',
  'Deal C {{link1}}',
  'Deal D {{link1}}',
].entries()) {
  await pool.query(
    `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type)
     VALUES ($1, $2, $3, $4, $5, 'automated')`,
    [
      accountId,
      `cr${i}`,
      `Creative ${i}`,
      text,
      JSON.stringify([{ key: 'link1', offer_id: offerId, url: null, url_params: {} }]),
    ],
  )
}
const scheduleId = newObjectId()
await pool.query(
  `INSERT INTO schedules (id, account_id, name, send_type, status, is_repeating, send_time, send_date,
                          automated_percent, audience_ids, skip_within_hours)
   VALUES ($1, $2, 'Bench blast', 'blast', 'on', false, '10:00', '2026-12-15', 20, ARRAY[$3], $4)`,
  [scheduleId, accountId, audienceId, Number(process.env.BENCH_CAP_HOURS ?? 24)],
)
for (const [position, variant] of ['A', 'B'].entries()) {
  await pool.query(
    `INSERT INTO schedule_blasts (schedule_id, position, variant_name, message, offer_links, percent_audience)
     VALUES ($1, $2, $3, $4, $5, 50)`,
    [
      scheduleId,
      position,
      variant,
      `Hi {{first_name}}, variant ${variant}: {{link1}}`,
      JSON.stringify([{ key: 'link1', offer_id: offerId, url_params: {} }]),
    ],
  )
}

started = performance.now()
const summary = await runDueSchedules({
  pool,
  queue,
  log: deps.log,
  clock: new ManualClock('2026-12-15T15:00:00Z'),
  pageSize: config.campaignPageSize,
  defaultLinkBaseUrl: 'https://trk.example',
  accountId,
})
const campaignSeconds = seconds(started)
const { rows: run } = await pool.query(
  'SELECT targeted, queued, variants, excluded FROM schedule_runs WHERE schedule_id = $1',
  [scheduleId],
)
console.log(
  `campaign run: ${summary.queued} queued in ${campaignSeconds.toFixed(1)} s (${Math.round(summary.queued / campaignSeconds)}/s)`,
  run[0],
)

const parsed = parseFilter(filterDoc)
if (!parsed.ok) throw new Error('filter')
started = performance.now()
const reference = await queueAudienceSend(pool, queue, {
  accountId,
  list: { id: listId, brandName: 'Bench', linkBaseUrl: 'https://trk.example' },
  filter: parsed.filter,
  body: 'Hi {{first_name}}: {{link1}}',
  links: { link1: { offerId } },
})
const referenceSeconds = seconds(started)
console.log(
  `reference audience send: ${reference.queued} queued in ${referenceSeconds.toFixed(1)} s (${Math.round(reference.queued / referenceSeconds)}/s)`,
)
console.log(
  JSON.stringify({
    bench: 'campaign',
    recipients: RECIPIENTS,
    campaign_seconds: Number(campaignSeconds.toFixed(1)),
    campaign_per_second: Math.round(summary.queued / campaignSeconds),
    reference_seconds: Number(referenceSeconds.toFixed(1)),
    reference_per_second: Math.round(reference.queued / referenceSeconds),
    goal_seconds: 60,
  }),
)
await queue.obliterate({ force: true })
await deps.queues.release()
await deps.postgres.release()
await deps.postgres.release()
await benchDb.drop()
process.exit(0)
