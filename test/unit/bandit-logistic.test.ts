import fc from 'fast-check'
import t from 'tap'
import {
  type ArmCounts,
  type ContactContext,
  type CreativeArm,
  cellKey,
  seededRandom,
  selectCreative,
} from '../../core/bandit.js'
import {
  contextIndices,
  fitArms,
  fittedArms,
  logitMoments,
  MIN_CELL_COVERAGE,
  type RateModel,
  sampleRateLogistic,
} from '../../core/bandit-logistic.js'
import { counts } from '../harness/arm-counts.js'

const CARRIERS = ['verizon', 'att']
const RECENCY = ['never', 'clicked_7d']
const ctx = (carrier: string, recency: string): ContactContext => ({
  carrier,
  line_type: 'mobile',
  tz_band: 'eastern',
  recency,
})

/** An arm with counts in the four (carrier × recency) cells drawn from `rate(carrier, recency)`, exactly. */
function armFrom(
  creativeId: number,
  rate: (carrier: string, recency: string) => { ctr: number; cvr: number },
  sendsPerCell: number,
  over: Partial<CreativeArm> = {},
): CreativeArm {
  const byCell: Record<string, ArmCounts> = {}
  const global = counts(0, 0, 0)
  for (const c of CARRIERS)
    for (const r of RECENCY) {
      const { ctr, cvr } = rate(c, r)
      const clicks = Math.round(sendsPerCell * ctr)
      const row = counts(sendsPerCell, clicks, Math.round(clicks * cvr))
      byCell[cellKey(ctx(c, r))] = row
      global.sends += row.sends
      global.clicks += row.clicks
      global.conversions += row.conversions
    }
  return {
    creativeId,
    offerId: 'off_1',
    payout: 30,
    payoutType: 'cpa',
    global,
    byContext: {},
    byCell,
    ...over,
  }
}

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l))
const meanRate = (model: RateModel, indices: number[]) => sigmoid(logitMoments(model, indices).mean)

t.test('cellKey: the values in feature order, null where absent', async (t) => {
  t.equal(
    cellKey({ recency: 'never', carrier: 'att', tz_band: 'pacific', line_type: 'voip' }),
    '["att","voip","pacific","never"]',
  )
  t.equal(cellKey({ carrier: 'att' }), '["att",null,null,null]')
  t.equal(cellKey({}), '[null,null,null,null]')
})

t.test('the fit recovers the rates of each cell from large counts', async (t) => {
  const rate = (c: string, r: string) => ({
    ctr: 0.02 * (c === 'verizon' ? 0.5 : 1) * (r === 'clicked_7d' ? 2.5 : 1),
    cvr: 0.1 * (r === 'clicked_7d' ? 1.5 : 1),
  })
  const arms = [armFrom(1, rate, 1_000_000)]
  const fitted = fitArms(arms)
  const model = fitted.models[0]!
  for (const c of CARRIERS)
    for (const r of RECENCY) {
      const idx = contextIndices(fitted, ctx(c, r))
      const truth = rate(c, r)
      t.ok(Math.abs(meanRate(model.ctr, idx) / truth.ctr - 1) < 0.01, `ctr ${c} ${r}`)
      t.ok(Math.abs(meanRate(model.cvr!, idx) / truth.cvr - 1) < 0.02, `cvr ${c} ${r}`)
    }
})

t.test('posterior updates: more data, a narrower posterior around the data', async (t) => {
  const rate = () => ({ ctr: 0.05, cvr: 0.2 })
  let previous = Number.POSITIVE_INFINITY
  for (const n of [0, 100, 1_000, 10_000, 100_000]) {
    const fitted = fitArms([armFrom(1, rate, n)])
    const idx = contextIndices(fitted, ctx('att', 'never'))
    const { mean, variance } = logitMoments(fitted.models[0]!.ctr, idx)
    t.ok(variance < previous, `variance shrinks at ${n} sends per cell`)
    previous = variance
    if (n >= 10_000) t.ok(Math.abs(sigmoid(mean) - 0.05) < 0.005, `mean near the rate at ${n}`)
  }
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50_000 }),
      fc.double({ min: 0.001, max: 0.5, noNaN: true }),
      (n, p) => {
        const small = fitArms([armFrom(1, () => ({ ctr: p, cvr: 0.1 }), n)])
        const large = fitArms([armFrom(1, () => ({ ctr: p, cvr: 0.1 }), n * 4)])
        const v = (f: ReturnType<typeof fitArms>) =>
          logitMoments(f.models[0]!.ctr, contextIndices(f, ctx('verizon', 'clicked_7d'))).variance
        return v(large) < v(small) && Number.isFinite(v(large))
      },
    ),
    { numRuns: 40 },
  )
})

t.test('a creative learns a context effect from the creatives sharing it (hierarchical prior)', async (t) => {
  const engaged = (_c: string, r: string) => ({ ctr: 0.02 * (r === 'clicked_7d' ? 3 : 1), cvr: 0.1 })
  const teachers = [armFrom(1, engaged, 50_000), armFrom(2, engaged, 50_000)]
  // The newcomer was only ever sent to contacts who never clicked.
  const newcomer: CreativeArm = {
    creativeId: 3,
    offerId: 'off_1',
    payout: 30,
    payoutType: 'cpa',
    global: counts(20_000, 400, 40),
    byContext: {},
    byCell: {
      [cellKey(ctx('att', 'never'))]: counts(10_000, 200, 20),
      [cellKey(ctx('verizon', 'never'))]: counts(10_000, 200, 20),
    },
  }
  const fitted = fitArms([...teachers, newcomer])
  const recent = contextIndices(fitted, ctx('att', 'clicked_7d'))
  const never = contextIndices(fitted, ctx('att', 'never'))
  const lift = meanRate(fitted.models[2]!.ctr, recent) / meanRate(fitted.models[2]!.ctr, never)
  t.ok(
    lift > 2.5 && lift < 3.5,
    `the newcomer's recent-clicker lift comes from the others (${lift.toFixed(2)})`,
  )
  const alone = fitArms([newcomer])
  const liftAlone =
    meanRate(alone.models[0]!.ctr, contextIndices(alone, ctx('att', 'clicked_7d'))) /
    meanRate(alone.models[0]!.ctr, contextIndices(alone, ctx('att', 'never')))
  t.ok(Math.abs(liftAlone - 1) < 0.05, 'alone, it has no evidence of a lift')
})

t.test('logitMoments: an unseen value adds its prior variance, an absent feature nothing', async (t) => {
  const fitted = fitArms([armFrom(1, () => ({ ctr: 0.05, cvr: 0.1 }), 10_000)])
  const model = fitted.models[0]!.ctr
  const seen = contextIndices(fitted, ctx('att', 'never'))
  const unseen = contextIndices(fitted, { ...ctx('att', 'never'), carrier: 'never-seen-carrier' })
  const absent = contextIndices(fitted, { line_type: 'mobile', tz_band: 'eastern', recency: 'never' })
  t.equal(unseen.filter((i) => i === 0).length, 1)
  t.equal(absent.length, 3)
  t.ok(logitMoments(model, unseen).variance > logitMoments(model, seen).variance + 1)
  t.ok(logitMoments(model, absent).variance < logitMoments(model, unseen).variance)
  const random = seededRandom(3)
  const normal = () => {
    const u1 = 1 - random()
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random())
  }
  let sum = 0
  for (let i = 0; i < 4_000; i++) sum += sampleRateLogistic(model, seen, normal)
  t.ok(Math.abs(sum / 4_000 - 0.05) < 0.002, 'draws centre on the posterior')
})

t.test('selection: the arm best for the contact, per context, with its sampled explanation', async (t) => {
  // A wins on recent clickers, B on the others (same offer and payout).
  const a = armFrom(1, (_c, r) => ({ ctr: r === 'clicked_7d' ? 0.08 : 0.02, cvr: 0.1 }), 20_000)
  const b = armFrom(2, () => ({ ctr: 0.04, cvr: 0.1 }), 20_000)
  const cpc = armFrom(3, () => ({ ctr: 0.01, cvr: 0 }), 20_000, {
    offerId: 'off_2',
    payoutType: 'cpc',
    payout: 1,
  })
  const arms = [a, b, cpc]
  const random = seededRandom(11)
  const wins = { recent: 0, never: 0 }
  for (let i = 0; i < 200; i++) {
    const recent = selectCreative(arms, ctx('att', 'clicked_7d'), {
      mode: 'thompson_single_step',
      contextual: true,
      random,
    })
    if (recent.creativeId === 1) wins.recent++
    const never = selectCreative(arms, ctx('att', 'never'), {
      mode: 'thompson_single_step',
      contextual: true,
      random,
    })
    if (never.creativeId === 2) wins.never++
    for (const s of [recent, never]) {
      t.equal(s.candidates.length, 3)
      for (const c of s.candidates) {
        t.ok(c.ctr > 0 && c.ctr < 1 && c.cvr > 0 && c.cvr <= 1)
        t.equal(c.score, c.ctr * c.cvr * c.value)
      }
      t.equal(s.candidates[2]!.cvr, 1, 'cpc: no conversion term')
      t.equal(s.candidates[2]!.value, 1, 'cpc: the per-click price')
      t.equal(s.score, Math.max(...s.candidates.map((c) => c.score)))
    }
  }
  t.ok(wins.recent > 190, `A for recent clickers (${wins.recent}/200)`)
  t.ok(wins.never > 190, `B for the others (${wins.never}/200)`)
})

t.test('two-step with cells: the creative comes from the offer that won', async (t) => {
  const loan = armFrom(1, () => ({ ctr: 0.04, cvr: 0.1 }), 20_000, { offerId: 'loan', payout: 45 })
  const ins = armFrom(2, () => ({ ctr: 0.04, cvr: 0.1 }), 20_000, { offerId: 'ins', payout: 20 })
  const ins2 = armFrom(3, () => ({ ctr: 0.03, cvr: 0.1 }), 20_000, { offerId: 'ins', payout: 20 })
  const random = seededRandom(5)
  for (let i = 0; i < 50; i++) {
    const s = selectCreative([loan, ins, ins2], ctx('att', 'never'), {
      mode: 'thompson_two_step',
      contextual: true,
      random,
    })
    const best = s.offers!.reduce((x, y) => (y.score > x.score ? y : x))
    t.equal(s.offerId, best.offer_id)
    t.equal(s.offers!.length, 2)
  }
})

t.test('arms without cell counts (or too few) keep the per-feature model', async (t) => {
  const a = armFrom(1, () => ({ ctr: 0.05, cvr: 0.1 }), 1_000)
  const withoutCells: CreativeArm = { ...a, byCell: undefined }
  const fewCells: CreativeArm = {
    ...a,
    global: counts(Math.ceil(a.global.sends / MIN_CELL_COVERAGE) + 1, 0, 0),
  }
  t.same(
    fitArms([withoutCells, fewCells]).models.map((m) => m === null),
    [true, true],
  )
  const opts = (seed: number) => ({
    mode: 'thompson_single_step' as const,
    contextual: true,
    random: seededRandom(seed),
  })
  const plain = selectCreative(
    [withoutCells, { ...withoutCells, creativeId: 2 }],
    ctx('att', 'never'),
    opts(4),
  )
  const again = selectCreative(
    [{ ...withoutCells }, { ...withoutCells, creativeId: 2 }],
    ctx('att', 'never'),
    opts(4),
  )
  t.same(plain, again, 'the same draws as before cells existed')
})

t.test('the fit is cached per arms array', async (t) => {
  const arms = [armFrom(1, () => ({ ctr: 0.05, cvr: 0.1 }), 1_000)]
  t.equal(fittedArms(arms), fittedArms(arms))
  t.not(fittedArms([...arms]), fittedArms(arms))
})

const countsArb = fc
  .record({
    sends: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(-3, Number.NaN, 0.5)),
    clicks: fc.integer({ min: -2, max: 5_000 }),
    conversions: fc.integer({ min: -2, max: 500 }),
    revenue: fc.constant(0),
  })
  .map((c) => c as ArmCounts)
const contextArb = fc.record(
  {
    carrier: fc.constantFrom('verizon', 'att', 'other', 'x|y"z'),
    line_type: fc.constantFrom('mobile', 'voip'),
    tz_band: fc.constantFrom('eastern', 'pacific'),
    recency: fc.constantFrom('never', 'clicked_7d'),
  },
  { requiredKeys: [] },
)

t.test('selection properties over arbitrary (even inconsistent) cell counts', async () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          cells: fc.array(fc.tuple(contextArb, countsArb), { maxLength: 6 }),
          global: countsArb,
          payoutType: fc.constantFrom<'cpa' | 'cpc'>('cpa', 'cpc'),
          offer: fc.constantFrom('o1', 'o2'),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      contextArb,
      fc.constantFrom('thompson_single_step' as const, 'thompson_two_step' as const),
      fc.integer(),
      (specs, context, mode, seed) => {
        const arms: CreativeArm[] = specs.map((s, i) => ({
          creativeId: i + 1,
          offerId: s.offer,
          payout: 25,
          payoutType: s.payoutType,
          global: s.global,
          byContext: {},
          byCell: Object.fromEntries(s.cells.map(([c, n]) => [cellKey(c), n])),
        }))
        const s = selectCreative(arms, context, { mode, contextual: true, random: seededRandom(seed) })
        return (
          arms.some((a) => a.creativeId === s.creativeId) &&
          s.candidates.length === arms.length &&
          s.candidates.every(
            (c) =>
              Number.isFinite(c.score) &&
              c.score >= 0 &&
              c.ctr >= 0 &&
              c.ctr <= 1 &&
              c.cvr >= 0 &&
              c.cvr <= 1,
          )
        )
      },
    ),
    { numRuns: 150 },
  )
})
