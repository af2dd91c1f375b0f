// ClickHouse migrations 0007 and 0008 on data stored before them: the raw event tables are rebuilt ordered by hour
// first, with every event kept once (the newest row of an event credited again), ingested_at unchanged, the
// materialized view on sends still feeding message_dims, and reads by message served by the bloom filter instead of
// the sort key; then every receipt takes its send's contact and dimensions.
import t from 'tap'
import { clickHouseMigrations, migrateClickHouse } from '../../lib/migrate.js'
import { migrateBefore, scratchClickHouse } from '../harness/clickhouse-before.js'
import { clickRow, conversionRow, sendRow } from '../harness/raw-rows.js'

const ch = scratchClickHouse(t, 'raw-layout')

const A = 'acc_layout'
const OTHER = 'acc_other'
const ingested = '2026-11-02 10:00:05.000'
const RAW = ['sends', 'deliveries', 'clicks', 'conversions'] as const

const send = (account: string, message: string, time: string) =>
  sendRow(account, message, { event_time: time, ingested_at: ingested, carrier: 'att' })
const delivery = (account: string, message: string, status: string, time: string) => ({
  account_id: account,
  event_id: `d-${message}-${status}`,
  event_time: time,
  message_id: message,
  list_id: 1,
  provider: 'simulator',
  provider_message_id: `p-${message}`,
  status,
  status_detail: '',
  error_code: null,
  ingested_at: ingested,
})
const click = (account: string, event: string, message: string, time: string) =>
  clickRow(account, event, message, { event_time: time, ingested_at: ingested, carrier: 'att' })
const conversion = (account: string, event: string, message: string, attributed: string, at: string) =>
  conversionRow(account, event, message, {
    event_time: '2026-11-02 12:30:00.000',
    attributed_click_id: attributed,
    ingested_at: at,
    postings: 1,
    carrier: 'att',
  })

t.test(
  'the raw tables are rebuilt hour first, every event kept once with the row FINAL returned',
  async (t) => {
    const layoutIndex = await migrateBefore(ch, '0007_raw_events_by_hour.sql')
    t.ok(layoutIndex > 0, 'the migration exists')
    // Two months, several hours; a replayed send (a second block with the same event) and a conversion credited
    // again to another click (same event, newer row).
    await ch.insert('sends', [
      send(A, 'm1', '2026-10-31 23:59:00.000'),
      send(A, 'm2', '2026-11-02 10:00:00.000'),
      sendRow(OTHER, 'm3', { ingested_at: ingested, carrier: 'verizon', creative_id: 9, offer_ids: ['o9'] }),
    ])
    await ch.insert('sends', [
      send(A, 'm2', '2026-11-02 10:00:00.000'),
      send(A, 'm4', '2026-11-02 11:00:00.000'),
    ])
    await ch.insert('deliveries', [
      delivery(A, 'm1', 'delivered', '2026-11-01 00:00:10.000'),
      delivery(A, 'm2', 'delivered', '2026-11-02 10:00:10.000'),
      delivery(OTHER, 'm3', 'failed', '2026-11-02 10:00:10.000'),
      delivery(A, 'nosend', 'delivered', '2026-11-02 10:00:10.000'),
    ])
    await ch.insert('clicks', [
      click(A, 'c1', 'm1', '2026-11-01 08:00:00.000'),
      click(A, 'c2', 'm2', '2026-11-02 11:15:00.000'),
    ])
    await ch.insert('conversions', [conversion(A, 'v1', 'm2', 'c-old', ingested)])
    await ch.insert('conversions', [conversion(A, 'v1', 'm2', 'c2', '2026-11-02 12:31:00.000')])

    const before = await snapshot()
    t.same(
      before.conversions,
      [['v1', 'c2', '2026-11-02 12:31:00.000']],
      'before: FINAL returns the newer credit',
    )

    t.same(
      await migrateClickHouse(ch),
      clickHouseMigrations()
        .slice(layoutIndex)
        .map((m) => m.file),
    )

    const keys = await ch.query<{ name: string; sorting_key: string }>(
      `SELECT name, sorting_key FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}
      ORDER BY name`,
      { names: [...RAW] },
    )
    t.same(
      keys.map((k) => [k.name, k.sorting_key]),
      [...RAW].sort().map((name) => [name, 'account_id, toStartOfHour(event_time), message_id, event_id']),
    )
    const leftovers = await ch.query<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE '%_by_hour'",
    )
    t.same(leftovers, [], 'the copies are gone')
    t.same(await snapshot(), before, 'every event kept, with the same values and ingested_at')
    const copies = await ch.query<{ n: string }>('SELECT count() AS n FROM conversions')
    t.equal(Number(copies[0]!.n), 1, 'one row per event: the stale credit was not copied')

    // Migration 0008: each receipt takes its own account's send's contact and dimensions; one without a send keeps none.
    const receipts = await ch.query<Record<string, unknown>>(
      `SELECT event_id, contact_id, toString(carrier) AS carrier, creative_id, offer_ids, toString(ingested_at) AS at
       FROM deliveries FINAL ORDER BY event_id`,
    )
    t.same(receipts, [
      {
        event_id: 'd-m1-delivered',
        contact_id: 'k-m1',
        carrier: 'att',
        creative_id: 3,
        offer_ids: ['o1'],
        at: ingested,
      },
      {
        event_id: 'd-m2-delivered',
        contact_id: 'k-m2',
        carrier: 'att',
        creative_id: 3,
        offer_ids: ['o1'],
        at: ingested,
      },
      {
        event_id: 'd-m3-failed',
        contact_id: 'k-m3',
        carrier: 'verizon',
        creative_id: 9,
        offer_ids: ['o9'],
        at: ingested,
      },
      {
        event_id: 'd-nosend-delivered',
        contact_id: '',
        carrier: '',
        creative_id: null,
        offer_ids: [],
        at: ingested,
      },
    ])

    // The view on sends feeds message_dims from the new table.
    await ch.insert('sends', [send(A, 'm5', '2026-11-03 09:00:00.000')])
    const dims = await ch.query<{ message_id: string }>(
      "SELECT message_id FROM message_dims FINAL WHERE account_id = {a:String} AND message_id = 'm5'",
      { a: A },
    )
    t.equal(dims.length, 1, 'a send stored after the migration reaches message_dims')

    // A read by message uses the bloom filter (the sort key no longer narrows it).
    const plan = await ch.query<{ explain: string }>(
      `EXPLAIN indexes = 1 SELECT count() FROM clicks FINAL
      WHERE account_id = {a:String} AND message_id = {m:String}`,
      { a: A, m: 'm2' },
    )
    t.match(plan.map((p) => p.explain).join('\n'), /message_id_bloom/)
    t.same(await migrateClickHouse(ch), [], 'applied once')
  },
)

/** Every raw event as FINAL returns it, per table, in a stable order. */
async function snapshot(): Promise<Record<string, string[][]>> {
  const read = async (sql: string) =>
    (await ch.query<Record<string, string>>(sql)).map((r) => Object.values(r).map(String))
  return {
    sends: await read(
      'SELECT account_id, event_id, toString(event_time), toString(ingested_at) FROM sends FINAL ORDER BY event_id',
    ),
    deliveries: await read(
      'SELECT account_id, event_id, toString(status), toString(ingested_at) FROM deliveries FINAL ORDER BY event_id',
    ),
    clicks: await read(
      'SELECT account_id, event_id, message_id, toString(ingested_at) FROM clicks FINAL ORDER BY event_id',
    ),
    conversions: await read(
      'SELECT event_id, attributed_click_id, toString(ingested_at) FROM conversions FINAL ORDER BY event_id',
    ),
  }
}
