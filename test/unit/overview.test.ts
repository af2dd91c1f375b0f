// Pure parts of the overview: tiles summed from report rows (rates from the sums, not averaged), the previous
// range, "today" in a timezone, and zero-filled minutes.
import fc from 'fast-check'
import t from 'tap'
import { floorMinute, previousRange, tilesOf, zeroFill } from '../../analytics/overview.js'
import type { PerformanceRow } from '../../analytics/performance-report.js'
import { BASE_METRICS, type BaseCounts, deriveMetrics } from '../../analytics/reports.js'
import { localDay } from '../../services/overview.js'

const zero = Object.fromEntries(BASE_METRICS.map((m) => [m, 0])) as unknown as BaseCounts
const row = (key: string, counts: Partial<BaseCounts>): PerformanceRow => ({
  key,
  ...deriveMetrics({ ...zero, ...counts }),
})

t.test('tiles: sums of the rows, with rates derived from the sums', async (t) => {
  const tiles = tilesOf([
    row('2026-01-01', {
      sends: 100,
      delivered: 90,
      unique_clicks: 10,
      total_clicks: 14,
      bot_clicks: 3,
      conversions: 2,
      revenue: 30,
      cost: 0.45,
      opt_outs: 1,
    }),
    row('2026-01-02', {
      sends: 300,
      delivered: 290,
      unique_clicks: 10,
      total_clicks: 11,
      bot_clicks: 1,
      conversions: 1,
      revenue: 10.5,
      cost: 1.35,
      opt_outs: 3,
    }),
  ])
  t.same(tiles, {
    sends: 400,
    delivered: 380,
    delivery_rate: 0.95,
    clicks_unique: 20,
    clicks_total: 25,
    clicks_bot: 4,
    click_rate: 0.05, // 20/400, not the mean of 0.1 and 0.0333
    conversions: 3,
    revenue: 40.5,
    epc: 2.025,
    rps: 0.10125,
    cost: 1.8,
    profit: 38.7,
    opt_outs: 4,
    opt_out_rate: 0.01,
  })
  t.match(tilesOf([]), { sends: 0, click_rate: 0, epc: 0, rps: 0, opt_out_rate: 0 }, 'no division by zero')
})

t.test('tiles of any split of the rows equal the tiles of the whole (additivity)', async (t) => {
  const counts = fc.record({
    sends: fc.nat(1_000),
    delivered: fc.nat(1_000),
    unique_clicks: fc.nat(100),
    total_clicks: fc.nat(200),
    bot_clicks: fc.nat(50),
    conversions: fc.nat(20),
    revenue: fc.integer({ min: -500, max: 5_000 }),
    cost: fc.nat(100),
    opt_outs: fc.nat(10),
  })
  fc.assert(
    fc.property(fc.array(counts, { minLength: 1, maxLength: 8 }), (parts) => {
      const whole = parts.reduce<BaseCounts>(
        (s, p) => {
          for (const [k, v] of Object.entries(p)) s[k as keyof BaseCounts] += v
          return s
        },
        { ...zero },
      )
      const split = tilesOf(parts.map((p, i) => row(String(i), p)))
      const one = tilesOf([row('all', whole)])
      t.same(split, one)
    }),
    { numRuns: 200 },
  )
})

t.test('previous range: the same length, ending where the range starts', async (t) => {
  const from = new Date('2026-03-08T08:00:00.000Z')
  const to = new Date('2026-03-09T07:00:00.000Z')
  t.same(previousRange({ from, to }), {
    from: new Date('2026-03-07T09:00:00.000Z'),
    to: from,
  })
})

t.test('today in a timezone: local midnight to the next, DST days included', async (t) => {
  t.same(localDay(new Date('2026-07-01T06:59:00Z'), 'America/Los_Angeles'), {
    from: new Date('2026-06-30T07:00:00Z'),
    to: new Date('2026-07-01T07:00:00Z'),
  })
  t.same(
    localDay(new Date('2026-07-01T07:00:00Z'), 'America/Los_Angeles').from,
    new Date('2026-07-01T07:00:00Z'),
  )
  // 8 March 2026: the US springs forward, a 23-hour day.
  const spring = localDay(new Date('2026-03-08T12:00:00Z'), 'America/New_York')
  t.equal(spring.to.getTime() - spring.from.getTime(), 23 * 3_600_000)
  t.same(localDay(new Date('2026-01-01T00:30:00Z'), 'UTC').from, new Date('2026-01-01T00:00:00Z'))
})

t.test('zero-filled minutes: N buckets ending with the current minute, rows in place', async (t) => {
  const now = new Date('2026-01-01T10:05:42.123Z')
  const buckets = zeroFill(
    [
      { minute: new Date('2026-01-01T10:03:00Z'), sends: 4, clicks: 1, revenue: 12.34567 },
      { minute: new Date('2026-01-01T09:00:00Z'), sends: 9, clicks: 9, revenue: 9 }, // outside the window
    ],
    now,
    4,
  )
  t.same(
    buckets.map((b) => [b.minute, b.sends, b.clicks, b.revenue]),
    [
      ['2026-01-01T10:02:00.000Z', 0, 0, 0],
      ['2026-01-01T10:03:00.000Z', 4, 1, 12.3457],
      ['2026-01-01T10:04:00.000Z', 0, 0, 0],
      ['2026-01-01T10:05:00.000Z', 0, 0, 0],
    ],
  )
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1_440 }),
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      (minutes, at) => {
        const out = zeroFill([], at, minutes)
        return (
          out.length === minutes &&
          out[out.length - 1]!.minute === floorMinute(at).toISOString() &&
          out.every((b, i) => i === 0 || Date.parse(b.minute) - Date.parse(out[i - 1]!.minute) === 60_000)
        )
      },
    ),
    { numRuns: 100 },
  )
})
