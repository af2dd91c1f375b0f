// The bandit's per-batch counts (core/bandit-stats statsDeltas): one global row plus one row per context value,
// summed per key and in one lock order; the stored context keeps only known features; the selection view.
import fc from 'fast-check'
import t from 'tap'
import { CONTEXT_FEATURES } from '../../core/bandit.js'
import { cleanContext, type StatsItem, statsDeltas } from '../../core/bandit-stats.js'
import { selectionView } from '../../services/bandit.js'

const ctx = { carrier: 'verizon', line_type: 'mobile', tz_band: 'eastern', recency: '7d' }

t.test('a send counts globally and under each context value', async (t) => {
  t.same(statsDeltas([{ accountId: 'a', creativeId: 7, context: ctx, sends: 1 }]), [
    {
      accountId: 'a',
      creativeId: 7,
      feature: '',
      value: '',
      sends: 1,
      clicks: 0,
      conversions: 0,
      revenue: 0,
    },
    {
      accountId: 'a',
      creativeId: 7,
      feature: 'carrier',
      value: 'verizon',
      sends: 1,
      clicks: 0,
      conversions: 0,
      revenue: 0,
    },
    {
      accountId: 'a',
      creativeId: 7,
      feature: 'line_type',
      value: 'mobile',
      sends: 1,
      clicks: 0,
      conversions: 0,
      revenue: 0,
    },
    {
      accountId: 'a',
      creativeId: 7,
      feature: 'recency',
      value: '7d',
      sends: 1,
      clicks: 0,
      conversions: 0,
      revenue: 0,
    },
    {
      accountId: 'a',
      creativeId: 7,
      feature: 'tz_band',
      value: 'eastern',
      sends: 1,
      clicks: 0,
      conversions: 0,
      revenue: 0,
    },
  ])
})

t.test('items of one key are summed; refunds subtract revenue; empty items add no row', async (t) => {
  const rows = statsDeltas([
    { accountId: 'a', creativeId: 1, context: { carrier: 'att' }, conversions: 1, revenue: 10 },
    { accountId: 'a', creativeId: 1, context: { carrier: 'att' }, conversions: 0, revenue: -4 },
    { accountId: 'a', creativeId: 1, context: { carrier: 'tmobile' }, clicks: 1 },
    { accountId: 'a', creativeId: 2, context: { carrier: 'att' } },
  ])
  t.same(
    rows.map((r) => [r.creativeId, r.feature, r.value, r.clicks, r.conversions, r.revenue]),
    [
      [1, '', '', 1, 1, 6],
      [1, 'carrier', 'att', 0, 1, 6],
      [1, 'carrier', 'tmobile', 1, 0, 0],
    ],
  )
})

t.test('unknown features and empty values are neither stored nor counted', async (t) => {
  t.same(
    cleanContext({ carrier: '', line_type: 'mobile', colour: 'blue', recency: 3 as unknown as string }),
    {
      line_type: 'mobile',
    },
  )
  t.same(cleanContext(null), {})
  const rows = statsDeltas([{ accountId: 'a', creativeId: 1, context: { colour: 'x' } as never, sends: 1 }])
  t.same(
    rows.map((r) => r.feature),
    [''],
  )
})

const item = fc.record({
  accountId: fc.constantFrom('a', 'b'),
  creativeId: fc.integer({ min: 1, max: 3 }),
  context: fc.record(
    { carrier: fc.constantFrom('att', 'verizon'), tz_band: fc.constantFrom('eastern', 'pacific') },
    { requiredKeys: [] },
  ),
  sends: fc.integer({ min: 0, max: 1 }),
  clicks: fc.integer({ min: 0, max: 1 }),
  conversions: fc.integer({ min: 0, max: 1 }),
  revenue: fc.integer({ min: -50, max: 50 }),
}) as fc.Arbitrary<StatsItem>

t.test(
  'property: global rows hold the totals, each feature sums to at most them, keys sorted and unique',
  async () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const rows = statsDeltas(items)
        const keys = rows.map((r) => JSON.stringify([r.accountId, r.creativeId, r.feature, r.value]))
        if (new Set(keys).size !== keys.length) return false
        const sorted = [...rows].sort((x, y) =>
          x.accountId !== y.accountId
            ? x.accountId < y.accountId
              ? -1
              : 1
            : x.creativeId !== y.creativeId
              ? x.creativeId - y.creativeId
              : x.feature !== y.feature
                ? x.feature < y.feature
                  ? -1
                  : 1
                : x.value < y.value
                  ? -1
                  : 1,
        )
        if (JSON.stringify(sorted) !== JSON.stringify(rows)) return false
        for (const g of rows.filter((r) => r.feature === '')) {
          const own = items.filter((i) => i.accountId === g.accountId && i.creativeId === g.creativeId)
          if (g.sends !== own.reduce((s, i) => s + (i.sends ?? 0), 0)) return false
          if (g.revenue !== own.reduce((s, i) => s + (i.revenue ?? 0), 0)) return false
          for (const f of CONTEXT_FEATURES) {
            const perValue = rows.filter(
              (r) => r.accountId === g.accountId && r.creativeId === g.creativeId && r.feature === f,
            )
            if (perValue.reduce((s, r) => s + r.sends, 0) > g.sends) return false
          }
        }
        return true
      }),
    )
  },
)

t.test('a selection view exists only when a selection row was joined', async (t) => {
  const none = {
    sel_creative_id: null,
    sel_offer_id: null,
    sel_mode: null,
    sel_score: null,
    sel_context: null,
    sel_candidates: null,
  }
  t.equal(selectionView(none), null)
  t.same(
    selectionView({
      ...none,
      sel_creative_id: 4,
      sel_offer_id: 'o1',
      sel_mode: 'thompson_single_step',
      sel_score: '0.01250000',
      sel_context: ctx,
      sel_candidates: [{ creative_id: 4, score: 0.0125 }],
    }),
    {
      creative_id: 4,
      offer_id: 'o1',
      mode: 'thompson_single_step',
      score: 0.0125,
      context: ctx,
      candidates: [{ creative_id: 4, score: 0.0125 }],
    },
  )
})
