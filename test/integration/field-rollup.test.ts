// The custom-field grouping served from report_field_hourly (issue 15), over real ClickHouse: settled hours come
// from the rollup and equal the raw tables, with and without the list filter and for every field; a value edited
// after its hours were rolled up shows in the very next report (those hours are read raw) and then in the rollup
// once the refresher has recomputed them; another account's values and rows never show.
import t from 'tap'
import type { ClickHouse } from '../../analytics/clickhouse.js'
import { changedContactHours } from '../../analytics/field-rollup.js'
import { type PerformanceRow, performanceReport } from '../../analytics/performance-report.js'
import { chTime, readRollupState } from '../../analytics/reports.js'
import { refreshAccountRollups, refreshReportRollups } from '../../analytics/rollups.js'
import { newObjectId } from '../../core/ids.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'
import { reportRows } from '../harness/report-rows.js'

t.setTimeout(240_000)

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const other = await createFixture(platform, platform.ingestUrl)
const ch: ClickHouse = platform.deps.clickhouse.acquire()
t.teardown(() => platform.deps.clickhouse.release())

const H = 3_600_000
const D = 24 * H
const A = fixture.accountId
const L = fixture.listId
const t0 = new Date(Math.floor((Date.now() - 10 * D) / D) * D + H)
const at = (ms: number) => chTime(new Date(t0.getTime() + ms))
const c1 = newObjectId()
const c2 = newObjectId()
const c3 = newObjectId()

/** One list contact's values as the contacts sync copies them, `copiedAgo` ms ago. */
const attributes = (account: string, contact: string, fields: Record<string, string>, copiedAgo: number) => ({
  account_id: account,
  list_id: L,
  contact_id: contact,
  list_contact_id: `lc-${contact}`,
  signup_date: at(-D),
  carrier: '',
  custom_fields: fields,
  active: 1,
  updated_at: chTime(new Date(Date.now() - copiedAgo)),
  ingested_at: chTime(new Date(Date.now() - copiedAgo)),
})

// Values copied long before the rollup's attribute watermark, as a settled account's are; c3 has no values.
await ch.insert('contact_attributes', [
  attributes(A, c1, { source: 'fb', plan: 'gold' }, 10 * 60_000),
  attributes(A, c2, { source: 'google', plan: '' }, 10 * 60_000),
  attributes(other.accountId, c1, { source: 'leak' }, 10 * 60_000),
])
const rows = reportRows({ account: A, otherAccount: other.accountId, list: L, at, contacts: { c1, c2, c3 } })
// Ingested long ago too: the refresher's own rescans of recent rows never recompute these hours by chance, so only
// the edited contact's hours (below) can bring a new value into the rollup.
const old = (table: readonly object[]) =>
  table.map((r) => ({ ...r, ingested_at: chTime(new Date(Date.now() - 10 * 60_000)) }))
await ch.insert('sends', old(rows.sends))
await ch.insert('deliveries', old(rows.deliveries))
await ch.insert('clicks', old(rows.clicks))
await ch.insert('conversions', old(rows.conversions))
await ch.insert('contact_events', old(rows.contactEvents))
for (const f of rows.foreign) await ch.insert(f.table, old(f.rows))
// A pass that starts now has the field rollup's first pass behind it (the first call may join one already under
// way); the account's hours are then computed as after a history clear, since their rows look old to the rescan.
await refreshReportRollups(ch)
await refreshReportRollups(ch)
await refreshAccountRollups(ch, A)

const wide = { from: new Date(t0.getTime() - 5 * D), to: new Date() }
const report = (field: string, o: { list?: number; raw?: boolean; from?: Date } = {}) =>
  performanceReport(ch, A, {
    groupBy: 'custom_field',
    field,
    ...wide,
    ...(o.from ? { from: o.from } : {}),
    ...(o.list === undefined ? {} : { filters: { list: o.list } }),
    ...(o.raw ? { horizon: new Date(0) } : {}),
  })
const byKey = (r: PerformanceRow[]) => Object.fromEntries(r.map((x) => [x.key ?? 'none', x]))
const staleHours = async () => {
  const state = await readRollupState(ch)
  return (await changedContactHours(ch, A, new Date(state.attributesAsOf!), wide)).get(A) ?? []
}

t.test('settled hours come from the rollup and equal the raw tables', async (t) => {
  t.ok((await readRollupState(ch)).attributesAsOf, 'the field rollup has had its first pass')
  t.same(await staleHours(), [], 'no contact copied since: nothing is read raw but the edges')
  for (const field of ['source', 'plan', 'absent']) {
    for (const list of [undefined, L, L + 1000]) {
      t.same(
        await report(field, { list }),
        await report(field, { list, raw: true }),
        `${field}, list ${list}`,
      )
    }
  }
  // An odd start: the partial first hour is read raw and added to the rollup's whole hours.
  const from = new Date(t0.getTime() + 30 * 60_000)
  t.same(
    await report('source', { from }),
    await report('source', { from, raw: true }),
    'a partial first hour',
  )
  const source = byKey(await report('source'))
  t.same(Object.keys(source).sort(), ['fb', 'google', 'none'], "another account's value never shows")
  t.match(source.fb, { sends: 2 })
  t.match(source.google, { sends: 1 })
  t.match(source.none, { sends: 1, failed: 1, opt_outs: 1 })
  t.same(Object.keys(byKey(await report('plan'))).sort(), ['gold', 'none'], 'an empty value is none')
})

t.test('the report reads report_field_hourly, and a recompute rewrites what it holds', async (t) => {
  // A row no event supports, in a settled hour: the report shows it (so it read the rollup) ... (its version is
  // now: the recompute below writes a newer one)
  await ch.insert('report_field_hourly', [
    {
      account_id: A,
      hour: chTime(t0).slice(0, 19),
      list_id: L,
      field: 'source',
      value: 'planted',
      sends: 5,
      version: String(Date.now() * 1000),
    },
  ])
  const planted = byKey(await report('source'))
  t.match(planted.planted, { sends: 5 })
  t.equal(planted.none!.sends, 1 - 5, 'none is the hour totals less the values: the planted row came off it')
  // ... and a recompute of the account's hours (as after a history clear) zeroes it again.
  await refreshAccountRollups(ch, A)
  t.same(await report('source'), await report('source', { raw: true }))
})

t.test(
  'a value edited after its hours were rolled up shows in the next report, then in the rollup',
  async (t) => {
    await ch.insert('contact_attributes', [attributes(A, c2, { source: 'tiktok', plan: 'gold' }, 0)])
    t.ok((await staleHours()).length > 0, "the contact's hours are read raw until the refresher catches up")
    const edited = byKey(await report('source'))
    t.notOk(edited.google, 'the old value is gone at once')
    t.match(edited.tiktok, { sends: 1 })
    t.same(await report('source'), await report('source', { raw: true }))
    // The refresher's own passes recompute c2's hours and move the watermark past the copy (after its margin).
    await eventually(
      async () => {
        await refreshReportRollups(ch)
        return (await staleHours()).length === 0 || undefined
      },
      120_000,
      'the copied contact no longer stale',
    )
    t.same(await report('source'), await report('source', { raw: true }), 'the rollup holds the new value')
    t.same(await report('plan'), await report('plan', { raw: true }))
    t.match(byKey(await report('plan')).gold, { sends: 3 })
  },
)

t.test(
  'a recompute of more than a day of hours (values of every contact read once) equals the raw tables',
  async (t) => {
    // 30 hours of the month before t0's, from its first hour: one chunk past the few-hours path, and no other event.
    const monthStart = new Date(Date.UTC(t0.getUTCFullYear(), t0.getUTCMonth() - 1, 1))
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...rows.sends[0]!,
      event_id: `many-${i}`,
      message_id: `many${String(i).padStart(4, '0')}`,
      contact_id: i % 2 === 0 ? c1 : c3,
      event_time: chTime(new Date(monthStart.getTime() + i * H + 60_000)),
    }))
    await ch.insert('sends', old(many))
    t.ok((await refreshAccountRollups(ch, A)) > 24, 'more than 24 hours recomputed')
    const range = { from: monthStart, to: new Date(monthStart.getTime() + 40 * H) }
    const viaRollup = await performanceReport(ch, A, { groupBy: 'custom_field', field: 'source', ...range })
    t.same(
      viaRollup,
      await performanceReport(ch, A, {
        groupBy: 'custom_field',
        field: 'source',
        ...range,
        horizon: new Date(0),
      }),
    )
    t.match(byKey(viaRollup).fb, { sends: 15 })
  },
)
