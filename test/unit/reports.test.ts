// Pure parts of the reports: metric definitions, time ranges, the rollup/raw split, CSV, rollup chunks.
import fc from 'fast-check'
import t from 'tap'
import { hourRuns } from '../../analytics/field-report.js'
import {
  BASE_METRICS,
  type BaseCounts,
  csvField,
  deriveMetrics,
  parseIsoUtc,
  parseTimeRange,
  planRange,
  toCsv,
} from '../../analytics/reports.js'
import { chunkHours } from '../../analytics/rollups.js'
import { parseCsv } from '../../core/csv.js'

const zero = Object.fromEntries(BASE_METRICS.map((m) => [m, 0])) as unknown as BaseCounts

t.test('metric definitions (spec §22)', async (t) => {
  const m = deriveMetrics({
    ...zero,
    sends: 200,
    segments: 300,
    cost: 3,
    delivered: 180,
    undelivered: 6,
    failed: 4,
    total_clicks: 40,
    human_clicks: 30,
    bot_clicks: 10,
    confirmed_clicks: 5,
    unique_clicks: 20,
    conversions: 4,
    reversals: 1,
    revenue: 50,
    opt_outs: 2,
  })
  t.match(m, {
    clicks: 20,
    click_rate: 0.1, // clicks / sends
    conversion_rate: 0.2, // conversions / clicks
    rps: 0.25, // revenue / sends
    epc: 2.5, // revenue / clicks
    delivery_rate: 0.9,
    failure_rate: 0.05, // (failed + undelivered) / sends
    opt_out_rate: 0.01,
    profit: 47,
    profit_per_send: 0.235,
  })
  t.same(deriveMetrics(zero).click_rate, 0, 'no sends: rates are 0, never NaN')
  t.same(
    deriveMetrics({ ...zero, opt_outs: 3 }, false).opt_outs,
    null,
    'opt-outs null where they do not apply',
  )
  t.equal(deriveMetrics({ ...zero, revenue: 0.1 + 0.2 }).revenue, 0.3, 'money is rounded')
})

t.test('ISO timestamps: no zone is UTC; impossible dates are refused', async (t) => {
  t.equal(parseIsoUtc('2026-03-01')?.toISOString(), '2026-03-01T00:00:00.000Z')
  t.equal(parseIsoUtc('2026-03-01T10:20')?.toISOString(), '2026-03-01T10:20:00.000Z')
  t.equal(parseIsoUtc('2026-03-01T10:20:30.5+02:00')?.toISOString(), '2026-03-01T08:20:30.500Z')
  t.equal(parseIsoUtc('2026-03-01 10:20:30Z')?.toISOString(), '2026-03-01T10:20:30.000Z')
  for (const bad of [
    '2026-02-30',
    '2026-13-01',
    '2026-03-01T24:00',
    'yesterday',
    '1700000000',
    '2026-03-01T00:00+25:00',
  ]) {
    t.equal(parseIsoUtc(bad), null, bad)
  }
})

t.test('time ranges: default 30 days, ordered, bounded', async (t) => {
  const now = new Date('2026-06-15T12:00:00Z')
  const d = parseTimeRange(undefined, undefined, { now })
  t.equal(d.to.toISOString(), now.toISOString())
  t.equal(d.from.toISOString(), '2026-05-16T12:00:00.000Z')
  t.throws(() => parseTimeRange('2026-06-02', '2026-06-01'), { code: 'invalid_time_range' })
  t.throws(() => parseTimeRange('2026-06-01', '2026-06-01'), { code: 'invalid_time_range' })
  t.throws(() => parseTimeRange('2025-01-01', '2026-06-01'), { code: 'invalid_time_range' })
  t.throws(() => parseTimeRange('x', '2026-06-01'), { code: 'invalid_time_range' })
  t.throws(() => parseTimeRange('2026-01-01', '2026-03-01', { maxDays: 31 }), { code: 'invalid_time_range' })
  t.ok(parseTimeRange('2025-06-01', '2026-06-01'))
})

t.test('a range splits into rollup hours and raw edges that cover it exactly once', async (t) => {
  const H = 3_600_000
  const at = (s: string) => new Date(s)
  t.same(
    planRange(
      { from: at('2026-01-01T10:30:00Z'), to: at('2026-01-02T05:10:00Z') },
      at('2026-02-01T00:00:00Z'),
    ),
    {
      rollup: { from: at('2026-01-01T11:00:00Z'), to: at('2026-01-02T05:00:00Z') },
      raw: [
        { from: at('2026-01-01T10:30:00Z'), to: at('2026-01-01T11:00:00Z') },
        { from: at('2026-01-02T05:00:00Z'), to: at('2026-01-02T05:10:00Z') },
      ],
    },
  )
  t.same(
    planRange(
      { from: at('2026-01-01T10:30:00Z'), to: at('2026-01-01T10:50:00Z') },
      at('2026-02-01T00:00:00Z'),
    ),
    { rollup: null, raw: [{ from: at('2026-01-01T10:30:00Z'), to: at('2026-01-01T10:50:00Z') }] },
    'within one hour: raw only',
  )
  const start = Date.UTC(2026, 0, 1)
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 40 * 24 * H }),
      fc.integer({ min: 1, max: 20 * 24 * H }),
      fc.integer({ min: 0, max: 80 * 24 * H }),
      (f, len, hz) => {
        const range = { from: new Date(start + f), to: new Date(start + f + len) }
        const plan = planRange(range, new Date(start + hz))
        const pieces = [...(plan.rollup ? [plan.rollup] : []), ...plan.raw].sort(
          (a, b) => a.from.getTime() - b.from.getTime(),
        )
        // Contiguous, non-overlapping, covering [from, to); rollup hours whole and before the horizon.
        let cursor = range.from.getTime()
        for (const p of pieces) {
          if (p.from.getTime() !== cursor || p.to.getTime() <= p.from.getTime()) return false
          cursor = p.to.getTime()
        }
        if (cursor !== range.to.getTime()) return false
        if (!plan.rollup) return true
        return (
          plan.rollup.from.getTime() % H === 0 &&
          plan.rollup.to.getTime() % H === 0 &&
          plan.rollup.to.getTime() <= start + hz
        )
      },
    ),
  )
})

t.test('CSV: RFC 4180 escaping, formulas neutralised, numbers untouched', async (t) => {
  t.equal(csvField('a,b'), '"a,b"')
  t.equal(csvField('say "hi"'), '"say ""hi"""')
  t.equal(csvField('two\nlines'), '"two\nlines"')
  t.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`)
  t.equal(csvField('+1 555'), "'+1 555")
  t.equal(csvField(-4.5), '-4.5', 'negative numbers stay numbers')
  t.equal(csvField(null), '')
  t.equal(toCsv(['key', 'n'], [{ key: 'x', n: 1 }]), 'key,n\r\nx,1\r\n')
  fc.assert(
    fc.property(
      fc.array(fc.record({ key: fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s)), n: fc.integer() }), {
        minLength: 1,
      }),
      (rows) => {
        const parsed = parseCsv(toCsv(['key', 'n'], rows))
        return (
          parsed.length >= 1 &&
          JSON.stringify(parsed[0]) === JSON.stringify(['key', 'n']) &&
          // parseCsv skips blank lines: compare the rows it kept with the non-blank ones written.
          JSON.stringify(parsed.slice(1)) ===
            JSON.stringify(rows.map((r) => [r.key, String(r.n)]).filter((r) => r.join('') !== ''))
        )
      },
    ),
  )
})

t.test('rollup chunks stay within one month (one raw partition)', async (t) => {
  t.same(chunkHours(['2026-01-31 22:00:00', '2026-01-31 23:00:00', '2026-02-01 00:00:00']), [
    ['2026-01-31 22:00:00', '2026-01-31 23:00:00'],
    ['2026-02-01 00:00:00'],
  ])
  t.same(chunkHours([]), [])
})

t.test('stale hours as raw windows: adjacent hours merged, in order', async (t) => {
  const w = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) })
  t.same(
    hourRuns(['2026-01-01 05:00:00', '2026-01-01 03:00:00', '2026-01-01 04:00:00', '2026-01-02 00:00:00']),
    [w('2026-01-01T03:00:00Z', '2026-01-01T06:00:00Z'), w('2026-01-02T00:00:00Z', '2026-01-02T01:00:00Z')],
  )
  t.same(hourRuns([]), [])
})
