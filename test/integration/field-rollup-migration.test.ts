// ClickHouse migration 0009 on data stored before it: contact attributes copied earlier get a copy time that stays
// put (a column added with a default computes it on every read until it is written), the custom-field grouping
// reads raw until the refresher's first pass with the field rollup, and that pass rolls up every hour already
// rolled up or stored, though its rows are old to the rescan.
import t from 'tap'
import { changedContactHours } from '../../analytics/field-rollup.js'
import { performanceReport } from '../../analytics/performance-report.js'
import { chTime, ROLLUP_STATE, readRollupState } from '../../analytics/reports.js'
import { refreshReportRollups } from '../../analytics/rollups.js'
import { migrateClickHouse } from '../../lib/migrate.js'
import { migrateBefore, scratchClickHouse } from '../harness/clickhouse-before.js'
import { sendRow } from '../harness/raw-rows.js'

const ch = scratchClickHouse(t, 'field-rollup-migration')

const A = 'acc_fields'
const H = 3_600_000
const hourAgo = (n: number) => new Date(Math.floor(Date.now() / H) * H - n * H)

t.test('0009 on a populated database, then the first refresh pass', async (t) => {
  const index = await migrateBefore(ch, '0009_report_field_hourly.sql')
  t.ok(index > 0, 'the migration exists')
  const longAgo = chTime(new Date(Date.now() - 2 * H))
  // Sends in three hours two days ago, ingested long ago; two contacts with values, one without.
  await ch.insert(
    'sends',
    [0, 1, 2, 3, 4, 5].map((i) =>
      sendRow(A, `m${i}`, {
        event_time: chTime(new Date(hourAgo(48 + (i % 3)).getTime() + 60_000)),
        contact_id: `c${i % 3}`,
        ingested_at: longAgo,
      }),
    ),
  )
  await ch.insert(
    'contact_attributes',
    [0, 1, 2].map((i) => ({
      account_id: A,
      list_id: 1,
      contact_id: `c${i}`,
      list_contact_id: `lc${i}`,
      signup_date: longAgo,
      carrier: '',
      custom_fields: i === 2 ? {} : { source: i === 0 ? 'fb' : 'google' },
      active: 1,
      updated_at: longAgo,
    })),
  )
  // The previous build's refresher state: past these rows, with no attribute watermark.
  const oldState = { watermark: new Date().toISOString(), horizon: hourAgo(1).toISOString() }
  await ch.insert('analytics_state', [{ name: ROLLUP_STATE, value: JSON.stringify(oldState) }])

  t.same(await migrateClickHouse(ch), ['0009_report_field_hourly.sql'])
  const copied = async () =>
    (await ch.query<{ at: string }>('SELECT toString(max(ingested_at)) AS at FROM contact_attributes'))[0]!.at
  t.equal(await copied(), '1970-01-01 00:00:00.000000', 'rows copied before the migration: the epoch')
  await new Promise((r) => setTimeout(r, 1_100))
  t.equal(await copied(), '1970-01-01 00:00:00.000000', 'written, not computed on each read')
  await ch.insert('contact_attributes', [
    {
      account_id: 'acc_later',
      list_id: 1,
      contact_id: 'c9',
      list_contact_id: 'lc9',
      signup_date: longAgo,
      carrier: '',
      custom_fields: {},
      active: 1,
      updated_at: longAgo,
    },
  ])
  const [later] = await ch.query<{ fresh: number }>(
    `SELECT ingested_at > now64(6) - INTERVAL 1 MINUTE AS fresh FROM contact_attributes WHERE account_id = 'acc_later'`,
  )
  t.equal(Number(later!.fresh), 1, 'a row copied after the migration records its copy time')

  const range = { from: hourAgo(72), to: new Date() }
  const report = (horizon?: Date) =>
    performanceReport(ch, A, {
      groupBy: 'custom_field',
      field: 'source',
      ...range,
      ...(horizon ? { horizon } : {}),
    })
  const expected = [
    { key: null, sends: 2 },
    { key: 'fb', sends: 2 },
    { key: 'google', sends: 2 },
  ]
  t.match(await report(), expected, 'before the first pass: read raw, and right')
  t.notOk((await readRollupState(ch)).attributesAsOf)

  const pass = await refreshReportRollups(ch)
  t.ok(pass.hours >= 3, `the first pass recomputes the stored hours (${pass.hours})`)
  t.ok((await readRollupState(ch)).attributesAsOf, 'the field rollup has its watermark')
  const [rolled] = await ch.query<{ n: string }>(
    `SELECT count() AS n FROM report_field_hourly FINAL WHERE account_id = {a:String} AND sends > 0`,
    { a: A },
  )
  t.equal(Number(rolled!.n), 5, 'three hours: their totals, and a value in two of them')
  const stale = await changedContactHours(ch, A, new Date((await readRollupState(ch)).attributesAsOf!), range)
  t.same([...stale], [], 'no contact counts as copied since: every hour comes from the rollup')
  t.match(await report(), expected, 'after it: from the rollup, the same')
  t.same(await report(), await report(new Date(0)))
})
