// ClickHouse migration 0006 on data stored before it: clicks and conversions get their send's carrier, and nothing
// else about them changes (one row per event, the same attribution, the same ingested_at, so the report rollups
// see no new events).
import t from 'tap'
import { clickHouseMigrations, migrateClickHouse } from '../../lib/migrate.js'
import { migrateBefore, scratchClickHouse } from '../harness/clickhouse-before.js'
import { clickRow, conversionRow, sendRow } from '../harness/raw-rows.js'

const ch = scratchClickHouse(t, 'event-carrier')

const A = 'acc_carrier'
const OTHER = 'acc_other'
const ingested = '2026-11-02 10:00:05.000'

const send = (account: string, message: string, carrier: string) => sendRow(account, message, { carrier })
const click = (account: string, event: string, message: string, isFirst: 0 | 1) =>
  clickRow(account, event, message, { is_first: isFirst, ingested_at: ingested })
const conversion = (account: string, event: string, message: string) =>
  conversionRow(account, event, message, { ingested_at: ingested })

t.test('rows stored before the migration take their send carrier and keep everything else', async (t) => {
  const carrierIndex = await migrateBefore(ch, '0006_event_carrier.sql')
  t.ok(carrierIndex > 0, 'the migration exists')
  await ch.insert('sends', [send(A, 'm1', 'att'), send(A, 'm2', ''), send(OTHER, 'm3', 'verizon')])
  await ch.insert('clicks', [
    click(A, 'k1', 'm1', 1),
    click(A, 'k2', 'm1', 0),
    click(A, 'k3', 'm2', 1),
    click(A, 'k4', 'L-link', 1), // a link-level click: no send
    click(OTHER, 'k5', 'm3', 1),
  ])
  await ch.insert('conversions', [conversion(A, 'v1', 'm1'), conversion(OTHER, 'v2', 'm3')])

  t.same(
    await migrateClickHouse(ch),
    clickHouseMigrations()
      .slice(carrierIndex)
      .map((m) => m.file),
  )

  const clicks = await ch.query<{ event_id: string; carrier: string; is_first: number; ingested_at: string }>(
    `SELECT event_id, toString(carrier) AS carrier, is_first, toString(ingested_at) AS ingested_at
       FROM clicks FINAL ORDER BY event_id`,
  )
  t.same(
    clicks.map((c) => [c.event_id, c.carrier, Number(c.is_first)]),
    [
      ['k1', 'att', 1],
      ['k2', 'att', 0],
      ['k3', '', 1],
      ['k4', '', 1],
      ['k5', 'verizon', 1],
    ],
    "each click has its own send's carrier (its account's), one row per event",
  )
  t.ok(
    clicks.every((c) => c.ingested_at === ingested),
    'ingested_at is kept: the rollups see nothing new',
  )
  const conversions = await ch.query<{
    event_id: string
    carrier: string
    attributed_click_id: string
    amount: number
    postings: number
    seconds_from_click: number
  }>(
    `SELECT event_id, toString(carrier) AS carrier, attributed_click_id, toFloat64(amount) AS amount, postings,
            seconds_from_click
       FROM conversions FINAL ORDER BY event_id`,
  )
  t.same(
    conversions.map((c) => [
      c.event_id,
      c.carrier,
      c.attributed_click_id,
      Number(c.amount),
      Number(c.postings),
      Number(c.seconds_from_click),
    ]),
    [
      ['v1', 'att', 'first-m1', 12.5, 2, 30],
      ['v2', 'verizon', 'first-m3', 12.5, 2, 30],
    ],
  )
  t.same(await migrateClickHouse(ch), [], 'applied once')
})
