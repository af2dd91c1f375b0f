// The overview and the per-minute series over the real stack (issue 14): messages sent on the simulator, clicks
// over HTTP through ingest (humans, a repeat, a link previewer), conversion postbacks and a STOP reply give known
// tiles, equal to the performance report's totals for the same range; another account's traffic changes nothing;
// the previous range, today in the account's timezone, zero-filled minutes and validation.
import t from 'tap'
import type { Tiles } from '../../analytics/overview.js'
import type { PerformanceRow } from '../../analytics/performance-report.js'
import { chTime } from '../../analytics/reports.js'
import { randomAlphanumeric } from '../../core/ids.js'
import { localDay } from '../../services/overview.js'
import { PREVIEW_UA, trafficFor } from '../harness/live.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

t.setTimeout(240_000)

const platform = await startTestPlatform(t, { simulatorReceiptDelayMs: 50 })
const { pool } = platform.deps.postgres.acquire()
const ch = platform.deps.clickhouse.acquire()
t.teardown(async () => {
  await platform.deps.postgres.release()
  await platform.deps.clickhouse.release()
})
const a = await createFixture(platform, platform.ingestUrl)
const b = await createFixture(platform, platform.ingestUrl)
await pool.query(
  `UPDATE accounts SET settings = settings || '{"timezone":"America/Los_Angeles"}' WHERE id = $1`,
  [a.accountId],
)
const trafficA = await trafficFor(t, platform, a, pool)
const trafficB = await trafficFor(t, platform, b, pool)

const get = async (path: string, key: string) => {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, { headers: { 'x-api-key': key } })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, body: (await res.json()) as any }
}

const H = 3_600_000
const started = new Date()
const from = new Date(started.getTime() - H).toISOString()
const to = new Date(started.getTime() + H).toISOString()
const range = `from=${from}&to=${to}`
const overviewOf = async (key: string) => (await get(`/reports/overview?${range}`, key)).body

// A: four messages; three people click (one twice), a link previewer fetches the fourth; two conversions; the
// third recipient replies STOP (which sends the one confirmation: a fifth send).
const messages = await trafficA.send(4)
const clicks = []
for (const m of messages.slice(0, 3)) clicks.push(await trafficA.click(m))
await trafficA.click(messages[0]!)
await trafficA.click(messages[3]!, PREVIEW_UA)
const statuses = [
  await trafficA.convert(clicks[0]!.clickId!, 12.5),
  await trafficA.convert(clicks[1]!.clickId!, 7.25),
]
const stopper = (
  await pool.query<{ to_number: string }>('SELECT to_number FROM messages WHERE id = $1', [
    messages[2]!.messageId,
  ])
).rows[0]!.to_number
statuses.push(await trafficA.reply(stopper, 'STOP'))
if (statuses.some((s) => s !== 200)) throw new Error(`postbacks and the reply answered ${statuses}`)

const expected = {
  sends: 5,
  delivered: 5,
  delivery_rate: 1,
  clicks_unique: 3,
  clicks_total: 5,
  clicks_bot: 1,
  click_rate: 0.6,
  conversions: 2,
  revenue: 19.75,
  epc: 6.583333,
  rps: 3.95,
  opt_outs: 1,
  opt_out_rate: 0.2,
}
const tilesA: Tiles = await eventually(
  async () => {
    const tiles = (await overviewOf(a.apiKey)).current as Tiles
    return Object.entries(expected).every(([k, v]) => tiles[k as keyof Tiles] === v) ? tiles : undefined
  },
  60_000,
  'the overview of the known traffic',
).catch(async (err) => {
  throw new Error(`${err.message}: ${JSON.stringify((await overviewOf(a.apiKey)).current)}`)
})

t.test('tiles count the known traffic with the performance report’s definitions', async (t) => {
  t.match(tilesA, expected)
  t.ok(tilesA.cost > 0, 'segment cost')
  t.equal(tilesA.profit, Math.round((tilesA.revenue - tilesA.cost) * 1e4) / 1e4)
  const report = await get(`/reports/performance?group_by=date&${range}`, a.apiKey)
  const rows = report.body.rows as PerformanceRow[]
  const sum = (k: keyof PerformanceRow) => rows.reduce((s, r) => s + Number(r[k] ?? 0), 0)
  t.equal(tilesA.sends, sum('sends'))
  t.equal(tilesA.clicks_unique, sum('clicks'))
  t.equal(tilesA.clicks_total, sum('total_clicks'))
  t.equal(tilesA.clicks_bot, sum('bot_clicks'))
  t.equal(tilesA.conversions, sum('conversions'))
  t.equal(tilesA.revenue, sum('revenue'))
  t.equal(tilesA.cost, Math.round(sum('cost') * 1e4) / 1e4)
  t.equal(tilesA.opt_outs, sum('opt_outs'))
})

t.test('another account’s traffic changes nothing', async (t) => {
  const [m1, m2] = await trafficB.send(2)
  const click = await trafficB.click(m1!)
  await trafficB.click(m2!)
  t.equal(await trafficB.convert(click.clickId!, 40), 200)
  await eventually(
    async () => {
      const tiles = (await overviewOf(b.apiKey)).current as Tiles
      return tiles.sends === 2 && tiles.clicks_unique === 2 && tiles.revenue === 40 ? true : undefined
    },
    30_000,
    "B's traffic in B's overview",
  )
  t.same((await overviewOf(a.apiKey)).current, tilesA, "A's tiles are unchanged")
  const series = (await get('/reports/timeseries?minutes=30', a.apiKey)).body.buckets
  const total = (k: 'sends' | 'clicks' | 'revenue') => series.reduce((s: number, x: never) => s + x[k], 0)
  t.same([total('sends'), total('clicks'), total('revenue')], [5, 3, 19.75], "A's series without B's traffic")
})

t.test('the previous range is the equal-length range just before', async (t) => {
  // One send and one human click two hours ago, written straight to ClickHouse.
  const at = chTime(new Date(started.getTime() - 2 * H))
  const id = `prv${randomAlphanumeric(5)}`
  await ch.insert('sends', [
    {
      account_id: a.accountId,
      event_id: `s-${id}`,
      event_time: at,
      message_id: id,
      contact_id: 'c1',
      list_id: a.listId,
      to_number: '+12015550100',
      provider: 'simulator',
      segments: 1,
      cost: 0.01,
      creative_id: null,
      schedule_id: null,
      variant: null,
      offer_ids: [],
      imported: 0,
      carrier: '',
    },
  ])
  await ch.insert('clicks', [
    {
      account_id: a.accountId,
      event_id: `k-${id}`,
      event_time: at,
      message_id: id,
      link_code: 'Prv1234',
      offer_id: a.offerId,
      contact_id: 'c1',
      ip: '203.0.113.9',
      user_agent: 'Mozilla/5.0',
      bot_reason: '',
      is_bot: 0,
      is_first: 1,
      kind: 'redirect',
    },
  ])
  // Rows of an hour the rollup already covers are folded into it at its next refresh (within seconds).
  const body = await eventually(
    async () => {
      const o = await overviewOf(a.apiKey)
      return o.previous.sends === 1 ? o : undefined
    },
    30_000,
    'the earlier rows in the previous range',
  )
  t.same(body.range, { from, to })
  t.same(body.previous_range, {
    from: new Date(started.getTime() - 3 * H).toISOString(),
    to: from,
  })
  t.match(body.previous, {
    sends: 1,
    clicks_unique: 1,
    clicks_total: 1,
    click_rate: 1,
    revenue: 0,
    opt_outs: 0,
  })
  t.same(body.current, tilesA, 'the current range is untouched')
})

t.test('without a range: today in the account’s timezone, beside yesterday', async (t) => {
  const res = await get('/reports/overview', a.apiKey)
  t.equal(res.status, 200)
  t.equal(res.body.timezone, 'America/Los_Angeles')
  const today = localDay(new Date(), 'America/Los_Angeles')
  t.same(res.body.range, { from: today.from.toISOString(), to: today.to.toISOString() })
  const length = today.to.getTime() - today.from.getTime()
  t.same(res.body.previous_range, {
    from: new Date(today.from.getTime() - length).toISOString(),
    to: today.from.toISOString(),
  })
  t.equal(
    new Date(res.body.range.from).getUTCHours() % 24 !== 0,
    true,
    'Los Angeles midnight is not UTC midnight',
  )
  const other = await get('/reports/overview', b.apiKey)
  t.equal(other.body.timezone, 'America/New_York', 'the default zone (spec §19 fallback)')
})

t.test('the per-minute series: zero-filled minutes up to now', async (t) => {
  const res = await get('/reports/timeseries?minutes=5', a.apiKey)
  t.equal(res.status, 200)
  const buckets = res.body.buckets as { minute: string; sends: number; clicks: number; revenue: number }[]
  t.equal(buckets.length, 5)
  const now = Math.floor(Date.now() / 60_000) * 60_000
  t.ok(Math.abs(Date.parse(buckets[4]!.minute) - now) <= 60_000, 'the last bucket is the current minute')
  for (let i = 1; i < buckets.length; i++) {
    t.equal(Date.parse(buckets[i]!.minute) - Date.parse(buckets[i - 1]!.minute), 60_000)
  }
  const all = (await get('/reports/timeseries', a.apiKey)).body.buckets as typeof buckets
  t.equal(all.length, 180, 'default: three hours')
  const busy = all.filter((x) => x.sends > 0 || x.clicks > 0 || x.revenue !== 0)
  t.ok(busy.length >= 1 && busy.length < all.length, 'minutes without events are zeros')
  t.same(
    [all.reduce((s, x) => s + x.sends, 0), all.reduce((s, x) => s + x.clicks, 0)],
    [6, 4],
    'the known traffic and the send and click of two hours ago are all within three hours',
  )
})

t.test('bad input answers coded 400s', async (t) => {
  for (const [path, code] of [
    ['/reports/timeseries?minutes=0', 'invalid_minutes'],
    ['/reports/timeseries?minutes=1441', 'invalid_minutes'],
    ['/reports/timeseries?minutes=abc', 'invalid_minutes'],
    [`/reports/overview?from=${to}&to=${from}`, 'invalid_time_range'],
    ['/reports/overview?from=yesterday', 'invalid_time_range'],
    ['/reports/overview?from=2020-01-01&to=2022-01-01', 'invalid_time_range'],
  ] as const) {
    const res = await get(path, a.apiKey)
    t.equal(res.status, 400, path)
    t.ok(res.body.code === code || res.body.code === 'validation_error', `${path}: ${res.body.code}`)
  }
})
