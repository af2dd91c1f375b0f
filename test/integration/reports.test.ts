// Reports over real ClickHouse and Postgres: metric definitions on hand-made event rows (bots, interstitial views,
// confirmations, refunds, out-of-window conversions, receipts, opt-outs), the rollup equal to the raw tables for
// every grouping, replays and re-attribution changing nothing, LTV cohorts, CSV, validation, tenant isolation;
// and one send and click through the real pipeline into the performance report.
import t from 'tap'
import type { ClickHouse } from '../../analytics/clickhouse.js'
import {
  type PerformanceRow,
  performanceReport,
  performanceTotals,
} from '../../analytics/performance-report.js'
import { chTime, type PerformanceGroup, ROLLED_UP_GROUPS } from '../../analytics/reports.js'
import { refreshReportRollups } from '../../analytics/rollups.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'
import { reportRows } from '../harness/report-rows.js'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const other = await createFixture(platform, platform.ingestUrl)
const ch: ClickHouse = platform.deps.clickhouse.acquire()
const { pool } = platform.deps.postgres.acquire()
t.teardown(async () => {
  await platform.deps.clickhouse.release()
  await platform.deps.postgres.release()
})

const H = 3_600_000
const D = 24 * H
const A = fixture.accountId
const L = fixture.listId
const day0 = new Date(Math.floor((Date.now() - 10 * D) / D) * D)
const t0 = new Date(day0.getTime() + H) // 01:00 UTC ten days ago: well before the rollup horizon
const at = (ms: number) => chTime(new Date(t0.getTime() + ms))
const date = (d: Date) => d.toISOString().slice(0, 10)
const M = 60_000

// Contacts in Postgres (cohorts and custom fields come from there).
const contact = async (carrier: string | null, signup: Date, fields: Record<string, string>) => {
  const id = newObjectId()
  await pool.query('INSERT INTO contacts (id, account_id, phone_number, carrier) VALUES ($1, $2, $3, $4)', [
    id,
    A,
    `+1999${randomAlphanumeric(9)}`,
    carrier,
  ])
  await pool.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id, signup_date, custom_fields)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [newObjectId(), A, L, id, signup, JSON.stringify(fields)],
  )
  return id
}
const c1 = await contact('att', new Date(t0.getTime() - 2 * D), { source: 'fb, "x"' })
const c2 = await contact('tmobile', new Date(t0.getTime() - 20 * D), { source: 'google' })
const c3 = await contact(null, new Date(t0.getTime() - D), {})

const { send, sends, deliveries, clicks, conversions, contactEvents, foreign } = reportRows({
  account: A,
  otherAccount: other.accountId,
  list: L,
  at,
  contacts: { c1, c2, c3 },
})

/**
 * The platform's own refresher may be mid-pass, and a call joins a pass under way: a second call runs a pass that
 * starts after the writes above, so they are rolled up.
 */
async function settle(): Promise<void> {
  await refreshReportRollups(ch)
  await refreshReportRollups(ch)
}

async function insertAll(): Promise<void> {
  await ch.insert('sends', sends)
  await ch.insert('deliveries', deliveries)
  await ch.insert('clicks', clicks)
  await ch.insert('conversions', conversions)
  await ch.insert('contact_events', contactEvents)
  for (const f of foreign) await ch.insert(f.table, f.rows)
  // The platform's refresher may have settled these (past) hours before the rows existed: a pass that starts after
  // the inserts rolls them up (the first call may join a pass already under way).
  await settle()
}
await insertAll()

const api = async (path: string, key = fixture.apiKey) => {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, { headers: { 'x-api-key': key } })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, headers: res.headers, body: body as any, text }
}
const range = `from=${encodeURIComponent(new Date(t0.getTime() - 30 * D).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}`
const byKey = (rows: PerformanceRow[]) => Object.fromEntries(rows.map((r) => [r.key ?? 'none', r]))
const GROUPS = ROLLED_UP_GROUPS
const wide = { from: new Date(t0.getTime() - 30 * D), to: new Date() }
const rawOnly = (g: PerformanceGroup) =>
  performanceReport(ch, A, { groupBy: g, ...wide, horizon: new Date(0) })

t.test('metric definitions by date (raw tables)', async (t) => {
  const r = await api(`/reports/performance?group_by=date&${range}`)
  t.equal(r.status, 200)
  const rows = byKey(r.body.rows)
  t.same(Object.keys(rows).sort(), [
    date(t0),
    date(new Date(t0.getTime() + D)),
    date(new Date(t0.getTime() + 9 * D)),
  ])
  t.match(rows[date(t0)], {
    sends: 3,
    segments: 4,
    cost: 0.04,
    delivered: 2,
    failed: 1,
    undelivered: 0,
    total_clicks: 4, // k1–k4: every hit of the link; the Continue press (k5) is counted as confirmed
    human_clicks: 3,
    bot_clicks: 1,
    preview_clicks: 1,
    confirmed_clicks: 1,
    clicks: 2, // first human clicks: k1 and the confirmation k5
    conversions: 2, // v1, v2; the refund is a reversal, v4 is outside the click window
    reversals: 1,
    revenue: 11, // 10 + 5 − 4
    profit: 10.96,
    opt_outs: 1,
    click_rate: 0.666667,
    conversion_rate: 1,
    rps: 3.666667,
    epc: 5.5,
    delivery_rate: 0.666667,
    failure_rate: 0.333333,
    opt_out_rate: 0.333333,
    profit_per_send: 3.653333,
  })
  t.match(rows[date(new Date(t0.getTime() + D))], { sends: 1, undelivered: 1, failure_rate: 1, revenue: 0 })
  t.match(rows[date(new Date(t0.getTime() + 9 * D))], { sends: 0, conversions: 1, revenue: 7 })
})

t.test('groupings by offer, carrier, creative, variant and list', async (t) => {
  const offer = byKey((await api(`/reports/performance?group_by=offer&${range}`)).body.rows)
  t.match(offer.o1, { sends: 2, delivered: 2, clicks: 2, conversions: 2, revenue: 11, opt_outs: null })
  t.match(offer.o2, {
    sends: 3,
    delivered: 1,
    failed: 1,
    undelivered: 1,
    clicks: 0,
    conversions: 1,
    revenue: 7,
  })
  const carrier = byKey((await api(`/reports/performance?group_by=carrier&${range}`)).body.rows)
  t.match(carrier.att, { sends: 3, total_clicks: 3, bot_clicks: 1, clicks: 1, revenue: 13, reversals: 1 })
  t.match(carrier.tmobile, { sends: 1, total_clicks: 1, confirmed_clicks: 1, clicks: 1, revenue: 5 })
  const creative = byKey((await api(`/reports/performance?group_by=creative&${range}`)).body.rows)
  t.match(creative['11'], { sends: 2, delivered: 2, clicks: 2, revenue: 11 })
  t.match(creative['12'], { sends: 2, failed: 1, undelivered: 1, revenue: 7 })
  const variant = byKey((await api(`/reports/performance?group_by=variant&${range}`)).body.rows)
  t.match(variant.A, { sends: 1, clicks: 1, revenue: 6 })
  t.match(variant.B, { sends: 1, clicks: 1, revenue: 5 })
  t.match(variant.none, { sends: 2, revenue: 7 })
  const list = byKey((await api(`/reports/performance?group_by=list&${range}`)).body.rows)
  t.match(list[String(L)], { sends: 4, opt_outs: 1, revenue: 18 })
})

t.test('the rollup gives the numbers of the raw tables, and a replay changes none', async (t) => {
  const raw = Object.fromEntries(await Promise.all(GROUPS.map(async (g) => [g, await rawOnly(g)])))
  await settle()
  const [{ n }] = (await ch.query<{ n: string }>(
    'SELECT count() AS n FROM report_hourly FINAL WHERE account_id = {a:String}',
    { a: A },
  )) as [{ n: string }]
  t.ok(Number(n) > 0, 'rollup rows exist')
  for (const g of GROUPS) {
    const viaRollup = await performanceReport(ch, A, { groupBy: g, ...wide })
    t.same(viaRollup, raw[g], `${g}: rollup + raw edges = raw`)
  }
  // A Kafka replay re-inserts every row; the refresh (in insertAll) recomputes those hours.
  await insertAll()
  for (const g of GROUPS) {
    t.same(await performanceReport(ch, A, { groupBy: g, ...wide }), raw[g], `${g}: unchanged after replay`)
    t.same(await rawOnly(g), raw[g], `${g}: raw unchanged after replay`)
  }
  // An unaligned range uses rollup hours and raw edges; it still equals the raw answer.
  const edge = { from: new Date(t0.getTime() + 11 * M), to: new Date(t0.getTime() + D + 30 * M) }
  t.same(
    await performanceReport(ch, A, { groupBy: 'hour', ...edge }),
    await performanceReport(ch, A, { groupBy: 'hour', ...edge, horizon: new Date(0) }),
  )
})

t.test('a re-attributed conversion moves in the rollup without leaving its old group behind', async (t) => {
  // The processors write each batch with a deduplication token (in a full run the scheduler's sweeps feed this
  // platform's processors at random moments). A token that outlived its insert made the write-back below a
  // "duplicate" of the re-attribution, silently dropped, and the emptied group stayed.
  const batch = { ...send('tok1', 'rpttok01', c1, 0, {}), account_id: `batch-${randomAlphanumeric(8)}` }
  await ch.insert('sends', [batch], `sends:0:${randomAlphanumeric(8)}`)
  await ch.insert('conversions', [{ ...conversions[0]!, offer_id: 'o9', creative_id: 99 }])
  await settle()
  const offer = byKey(await performanceReport(ch, A, { groupBy: 'offer', ...wide }))
  t.match(offer.o9, { conversions: 1, revenue: 10 })
  t.match(offer.o1, { conversions: 1, revenue: 1 })
  t.same(await performanceReport(ch, A, { groupBy: 'creative', ...wide }), await rawOnly('creative'))
  await ch.insert('conversions', [conversions[0]!]) // back to the original credit
  await settle()
  t.same(await performanceReport(ch, A, { groupBy: 'offer', ...wide }), await rawOnly('offer'))
  t.notOk(
    byKey(await performanceReport(ch, A, { groupBy: 'offer', ...wide })).o9,
    'the emptied group is gone',
  )
})

t.test('filters narrow the report; totals count the selection once', async (t) => {
  const report = async (query: string) => {
    const r = await api(`/reports/performance?${query}&${range}`)
    t.equal(r.status, 200, query)
    return r.body as { rows: PerformanceRow[]; totals: Omit<PerformanceRow, 'key'> }
  }
  const byOffer = await report('group_by=offer')
  t.equal(
    byOffer.rows.reduce((n, r) => n + r.sends, 0),
    5,
    'by offer, s2 (two offers) is in two rows',
  )
  t.match(byOffer.totals, { sends: 4, revenue: 18, opt_outs: 1 }, '…and once in the totals')
  const byDate = await report('group_by=date')
  t.equal(
    byDate.totals.sends,
    byDate.rows.reduce((n, r) => n + r.sends, 0),
    'by date the totals are the sum',
  )
  t.equal(byDate.totals.revenue, 18)

  const o1ByCreative = await report('group_by=creative&offer_id=o1')
  t.same(
    o1ByCreative.rows.map((r) => r.key),
    ['11'],
    'only the creative whose messages carried o1',
  )
  t.match(byKey(o1ByCreative.rows)['11'], { sends: 2, delivered: 2, clicks: 2, revenue: 11 })
  t.match(o1ByCreative.totals, { sends: 2, revenue: 11, opt_outs: null }, 'opt-outs have no offer')
  const att = await report('group_by=date&carrier=att')
  t.match(att.totals, { sends: 3, revenue: 13 })
  t.match(byKey(att.rows)[date(t0)], { sends: 2, revenue: 6 })
  t.same(
    (await report('group_by=offer&offer_id=o2')).rows.map((r) => r.key),
    ['o2'],
    'grouped by offer, the filter keeps that offer’s row only (not the other offer of a two-offer send)',
  )
  const schA = await report('group_by=variant&schedule_id=schA&creative_id=11')
  t.same(schA.rows.map((r) => r.key).sort(), ['A', 'B'])
  const onList = await report(`group_by=date&list_id=${L}`)
  t.equal(onList.totals.opt_outs, 1, 'a list filter keeps opt-outs')
  t.same((await report(`group_by=date&list_id=${L + 100000}`)).rows, [], 'another list: nothing')
  t.same((await report('group_by=date&offer_id=nobody')).rows, [], 'an unknown offer: nothing, no error')

  // Through the rollup (settled by the test above) and straight from the raw tables: the same numbers.
  const filterSets = [{ offer: 'o2' }, { carrier: 'att' }, { creative: 11, variant: 'A' }, { list: L }]
  for (const filters of filterSets) {
    for (const g of [...GROUPS, 'offer' as const]) {
      t.same(
        await performanceReport(ch, A, { groupBy: g, ...wide, filters }),
        await performanceReport(ch, A, { groupBy: g, ...wide, filters, horizon: new Date(0) }),
        `${g} with ${JSON.stringify(filters)}: rollup = raw`,
      )
    }
    // Grouped by a custom field, the facts keep only the list and the filtered dimensions: the rows still add up
    // to the selection's totals (every contact has one value, or none).
    const byValue = await performanceReport(ch, A, {
      groupBy: 'custom_field',
      field: 'source',
      ...wide,
      filters,
    })
    const totals = await performanceTotals(ch, A, { groupBy: 'date', ...wide, filters })
    for (const m of ['sends', 'delivered', 'failed', 'total_clicks', 'conversions', 'revenue'] as const) {
      t.equal(
        byValue.reduce((sum, r) => sum + r[m], 0),
        totals[m],
        `custom field with ${JSON.stringify(filters)}: ${m} add up to the totals`,
      )
    }
  }
  const bad = await api(`/reports/performance?group_by=date&creative_id=abc&${range}`)
  t.equal(bad.status, 400)
  t.equal(bad.body.code, 'invalid_creative_id', 'a typed 400, not a 5xx')
})

t.test('custom-field grouping and CSV export', async (t) => {
  const r = await api(`/reports/performance?group_by=custom_field&field=source&${range}`)
  t.equal(r.status, 200)
  const rows = byKey(r.body.rows)
  t.match(rows['fb, "x"'], { sends: 2, clicks: 1, revenue: 13 })
  t.match(rows.google, { sends: 1, clicks: 1, revenue: 5 })
  t.match(rows.none, { sends: 1, failed: 1, opt_outs: 1 })
  const csv = await api(`/reports/performance?group_by=custom_field&field=source&format=csv&${range}`)
  t.equal(csv.status, 200)
  t.match(csv.headers.get('content-type'), /^text\/csv/)
  const lines = csv.text.trimEnd().split('\r\n')
  t.equal(
    lines[0],
    'key,sends,segments,cost,delivered,failed,undelivered,clicks,human_clicks,confirmed_clicks,conversions,reversals,revenue,profit,opt_outs,click_rate,conversion_rate,rps,epc,delivery_rate,failure_rate,opt_out_rate,profit_per_send',
  )
  t.notMatch(lines[0], /bot_clicks|total_clicks|preview/, 'bot and filtered clicks are left out of exports')
  t.ok(
    lines.some((l) => l.startsWith('"fb, ""x""",2,')),
    'a value with a comma and quotes is escaped',
  )
  t.equal(lines.length, 4)
})

t.test('LTV cohorts by signup from Postgres', async (t) => {
  const ltvRange = `from=${encodeURIComponent(new Date(t0.getTime() - 30 * D).toISOString())}&to=${encodeURIComponent(t0.toISOString())}`
  const list = await api(`/reports/ltv?group_by=list&${ltvRange}`)
  t.equal(list.status, 200)
  t.same(list.body.rows, [
    {
      key: String(L),
      contacts: 3,
      converters: 2,
      revenue_7d: 6, // c1: sale 10 and refund −4 two days after signup
      revenue_14d: 13, // c1: + 7 eleven days after signup
      revenue_30d: 18, // c2: 5 twenty days after signup
      revenue_60d: 18,
      revenue_lifetime: 18,
      ltv_7d: 2,
      ltv_14d: 4.333333,
      ltv_30d: 6,
      ltv_60d: 6,
      ltv_lifetime: 6,
    },
  ])
  const carrier = byKey((await api(`/reports/ltv?group_by=carrier&${ltvRange}`)).body.rows)
  t.match(carrier, {
    att: { contacts: 1, revenue_lifetime: 13 },
    tmobile: { contacts: 1, revenue_7d: 0, revenue_30d: 5 },
    none: { contacts: 1, revenue_lifetime: 0 },
  })
  const signup = (await api(`/reports/ltv?group_by=signup_date&${ltvRange}`)).body.rows
  t.equal(signup.length, 3)
  const field = byKey((await api(`/reports/ltv?group_by=custom_field&field=source&${ltvRange}`)).body.rows)
  t.match(field.google, { contacts: 1, revenue_lifetime: 5 })
  // A contact edited in Postgres shows in the next report (attributes are copied incrementally).
  await pool.query(
    `UPDATE list_contacts SET custom_fields = '{"source":"tiktok"}', updated_at = now() WHERE contact_id = $1`,
    [c2],
  )
  await new Promise((r) => setTimeout(r, 2_100))
  const edited = byKey((await api(`/reports/ltv?group_by=custom_field&field=source&${ltvRange}`)).body.rows)
  t.match(edited.tiktok, { contacts: 1, revenue_lifetime: 5 })
  t.notOk(edited.google)
  const csv = await api(`/reports/ltv?group_by=list&format=csv&${ltvRange}`)
  t.equal(
    csv.text,
    `key,contacts,converters,revenue_7d,revenue_14d,revenue_30d,revenue_60d,revenue_lifetime,ltv_7d,ltv_14d,ltv_30d,ltv_60d,ltv_lifetime\r\n${L},3,2,6,13,18,18,18,2,4.333333,6,6,6\r\n`,
  )
})

t.test('bad parameters answer 400 with a stable code', async (t) => {
  const cases: [string, string][] = [
    ['/reports/performance?group_by=planet', 'invalid_group_by'],
    ['/reports/performance?group_by=custom_field', 'invalid_group_by'],
    ['/reports/ltv?group_by=custom_field', 'invalid_group_by'],
    ['/reports/ltv?group_by=offer', 'invalid_group_by'],
    ['/reports/performance?group_by=date&from=yesterday', 'invalid_time_range'],
    ['/reports/performance?group_by=date&from=2026-02-30', 'invalid_time_range'],
    ['/reports/performance?group_by=date&from=2026-03-02&to=2026-03-01', 'invalid_time_range'],
    ['/reports/performance?group_by=date&from=2024-01-01&to=2026-01-01', 'invalid_time_range'],
    ['/reports/performance?group_by=hour&from=2026-01-01&to=2026-03-01', 'invalid_time_range'],
    ['/reports/ltv?from=2026-01-01T00:00:00+25:00', 'invalid_time_range'],
  ]
  for (const [path, code] of cases) {
    const r = await api(path)
    t.equal(r.status, 400, path)
    t.equal(r.body.code, code, path)
  }
})

t.test('another account sees none of these rows', async (t) => {
  const rows = (await api(`/reports/performance?group_by=date&${range}`, other.apiKey)).body.rows
  t.same(
    rows.map((r: PerformanceRow) => [r.sends, r.total_clicks]),
    [[1, 1]],
    "only the other account's own send and click",
  )
  t.same((await api(`/reports/ltv?group_by=list&${range}`, other.apiKey)).body.rows, [])
  const noKey = await fetch(`${platform.apiUrl}/api/v2/reports/performance?group_by=date`)
  t.equal(noKey.status, 401)
})

t.test('a send and a click through the real pipeline reach the performance report', async (t) => {
  const fresh = await createFixture(platform, platform.ingestUrl)
  const message = await fresh.createMessage()
  const queue = dispatchQueue(t, platform)
  await queue.add('send', { messageIds: [message.messageId] })
  // A click before the send is a scanner's (too_fast_after_send): click once the message is out.
  await eventually(async () => {
    const { rows } = await platform.deps.postgres
      .acquire()
      .pool.query('SELECT 1 FROM messages WHERE id = $1 AND sent_at IS NOT NULL', [message.messageId])
      .finally(() => platform.deps.postgres.release())
    return rows.length === 1 ? true : undefined
  })
  const res = await fetch(`${platform.ingestUrl}/${message.links[0]!.code}`, {
    redirect: 'manual',
    headers: {
      'user-agent':
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
    },
  })
  t.equal(res.status, 302)
  const row = await eventually(
    async () => {
      const r = await api(`/reports/performance?group_by=offer`, fresh.apiKey)
      const o = r.body.rows?.find((x: PerformanceRow) => x.key === fresh.offerId)
      return o && o.sends === 1 && o.clicks === 1 ? o : undefined
    },
    30_000,
    'send and click in the performance report',
  )
  t.match(row, { sends: 1, total_clicks: 1, human_clicks: 1, clicks: 1, click_rate: 1 })
})
