// The creative selector (core/bandit selectCreative) and contact context buckets; sampling: bandit-distributions.
import t, { type Test } from 'tap'
import {
  CONTEXT_MODELS,
  type ContactContext,
  type ContextModel,
  type CreativeArm,
  contactContext,
  DEFAULT_PAYOUT_FLOOR,
  SELECTION_MODES,
  type SelectOptions,
  seededRandom,
  selectCreative,
} from '../../core/bandit.js'
import { counts } from '../harness/arm-counts.js'

const arm = (over: Partial<CreativeArm> & { creativeId: number }): CreativeArm => ({
  offerId: 'off_1',
  payout: 30,
  payoutType: 'cpa',
  global: counts(0, 0, 0),
  byContext: {},
  ...over,
})

const opts = (seed: number, over: Partial<SelectOptions> = {}): SelectOptions => ({
  mode: 'thompson_single_step',
  contextual: false,
  random: seededRandom(seed),
  ...over,
})

t.test('selectCreative: errors and determinism', async (t) => {
  t.throws(() => selectCreative([], {}, opts(1)), /no candidate creatives/)
  const arms = [
    arm({ creativeId: 1, global: counts(500, 20, 2) }),
    arm({ creativeId: 2, global: counts(500, 25, 1), offerId: 'off_2' }),
    arm({ creativeId: 3, global: counts(10, 1, 0) }),
  ]
  for (const mode of SELECTION_MODES) {
    const a = selectCreative(arms, { carrier: 'att' }, opts(9, { mode }))
    const b = selectCreative(arms, { carrier: 'att' }, opts(9, { mode }))
    t.same(a, b, `${mode}: same seed, same selection`)
    t.equal(a.mode, mode)
    t.same(a.context, { carrier: 'att' })
  }
  const picks = new Set(Array.from({ length: 50 }, (_, s) => selectCreative(arms, {}, opts(s)).creativeId))
  t.ok(picks.size > 1, 'different seeds explore different arms')
})

t.test('selectCreative: value is the payout floored for cpa, the per-click price for cpc', async (t) => {
  const arms = [
    arm({ creativeId: 1, payout: 5, payoutType: 'cpa' }),
    arm({ creativeId: 2, payout: 45, payoutType: 'cpa' }),
    arm({ creativeId: 3, payout: 1.5, payoutType: 'cpc' }),
  ]
  const s = selectCreative(arms, {}, opts(1))
  t.same(
    s.candidates.map((c) => c.value),
    [DEFAULT_PAYOUT_FLOOR, 45, 1.5],
  )
  const lower = selectCreative(arms, {}, opts(1, { payoutFloor: 8 }))
  t.same(
    lower.candidates.map((c) => c.value),
    [8, 45, 1.5],
  )
  for (const c of s.candidates) t.equal(c.score, c.ctr * c.cvr * c.value)
  t.equal(s.candidates[2]!.cvr, 1, 'cpc drops the conversion term')

  // A low-payout offer with a slightly better posterior is scored as if it paid the floor.
  const floored = [
    arm({ creativeId: 1, payout: 2, global: counts(100_000, 5000, 500) }),
    arm({ creativeId: 2, payout: 20, global: counts(100_000, 4000, 400) }),
  ]
  const wins = Array.from({ length: 200 }, (_, i) => selectCreative(floored, {}, opts(i)).creativeId)
  t.ok(wins.filter((id) => id === 1).length > 190, 'floored $2 offer beats $20 on rates')
  const unfloored = Array.from(
    { length: 200 },
    (_, i) => selectCreative(floored, {}, opts(i, { payoutFloor: 0 })).creativeId,
  )
  t.ok(unfloored.filter((id) => id === 2).length > 190, 'without the floor the $20 offer wins')
})

t.test('selectCreative: cpc offers ignore conversions', async (t) => {
  const base = { creativeId: 1, payout: 2, payoutType: 'cpc' as const }
  const context: ContactContext = { carrier: 'att' }
  const none = [
    arm({ ...base, global: counts(1000, 50, 0), byContext: { carrier: { att: counts(300, 20, 0) } } }),
  ]
  const lots = [
    arm({ ...base, global: counts(1000, 50, 50), byContext: { carrier: { att: counts(300, 20, 20) } } }),
  ]
  for (const contextual of [false, true]) {
    const a = selectCreative(none, context, opts(5, { contextual }))
    const b = selectCreative(lots, context, opts(5, { contextual }))
    t.same(a.candidates, b.candidates, `contextual=${contextual}`)
  }
  // And for cpa the conversions matter.
  const cpaNone = selectCreative([{ ...none[0]!, payoutType: 'cpa' }], context, opts(5))
  const cpaLots = selectCreative([{ ...lots[0]!, payoutType: 'cpa' }], context, opts(5))
  t.ok(cpaLots.score > cpaNone.score)
})

t.test('selectCreative: two-step picks the best offer, then the best creative within it', async (t) => {
  // Offer A: two good creatives (5%). Offer B: the best single creative (8%) and a very poor one (0.5%) that drags
  // the offer's summed CTR down to ~2.4%.
  const arms = [
    arm({ creativeId: 1, offerId: 'A', global: counts(50_000, 2500, 250) }),
    arm({ creativeId: 2, offerId: 'A', global: counts(50_000, 2450, 245) }),
    arm({ creativeId: 3, offerId: 'B', global: counts(50_000, 4000, 400) }),
    arm({ creativeId: 4, offerId: 'B', global: counts(120_000, 600, 60) }),
  ]
  let inA = 0
  for (let seed = 0; seed < 200; seed++) {
    const two = selectCreative(arms, {}, opts(seed, { mode: 'thompson_two_step' }))
    t.equal(two.offers?.length, 2)
    const bestOffer = two.offers!.reduce((x, y) => (y.score > x.score ? y : x))
    t.equal(two.offerId, bestOffer.offer_id, 'the chosen creative is of the best-scored offer')
    const within = two.candidates.filter((c) => c.offer_id === two.offerId)
    t.equal(two.score, Math.max(...within.map((c) => c.score)), 'and the best-scored creative within it')
    if (two.offerId === 'A') inA++
    t.equal(two.candidates.length, 4, 'every creative is scored for the explanation')
    t.equal(selectCreative(arms, {}, opts(seed)).creativeId, 3, 'single step: the best creative overall')
  }
  t.equal(inA, 200, 'two-step always picks offer A')
})

/** A and B have the same global rates; A is much better on recent clickers, B on those who never clicked. */
function contextArms(): CreativeArm[] {
  return [
    arm({
      creativeId: 1,
      global: counts(20_000, 800, 80),
      byContext: {
        recency: { clicked_7d: counts(2000, 200, 20), never: counts(18_000, 600, 60) },
        carrier: { att: counts(10_000, 400, 40), verizon: counts(10_000, 400, 40) },
      },
    }),
    arm({
      creativeId: 2,
      global: counts(20_000, 800, 80),
      byContext: {
        recency: { clicked_7d: counts(2000, 40, 4), never: counts(18_000, 760, 76) },
        carrier: { att: counts(10_000, 400, 40), verizon: counts(10_000, 400, 40) },
      },
    }),
  ]
}

const share = (arms: CreativeArm[], context: ContactContext, contextual: boolean, id: number, n = 400) =>
  Array.from(
    { length: n },
    (_, i) => selectCreative(arms, context, opts(i, { contextual })).creativeId,
  ).filter((x) => x === id).length / n

t.test(
  'contextual selection prefers the creative that is better in the context, when it has data',
  async (t) => {
    const arms = contextArms()
    t.ok(share(arms, { recency: 'clicked_7d', carrier: 'att' }, true, 1) > 0.95, 'A for recent clickers')
    t.ok(share(arms, { recency: 'never', carrier: 'att' }, true, 2) > 0.6, 'B for those who never clicked')
    const free = share(arms, { recency: 'clicked_7d' }, false, 1)
    t.ok(free > 0.35 && free < 0.65, `context-free ignores the context (${free})`)

    // Plain per-feature Thompson sampling (production): no data for the value, or no feature at all, gives exactly
    // the context-free draw (global posterior). The tempered model draws from the global posterior's moments then
    // (bandit-tempered.test.ts).
    for (const context of [{ recency: 'clicked_30d' }, {}, { line_type: 'mobile' }] as ContactContext[]) {
      for (let seed = 0; seed < 20; seed++) {
        const c = selectCreative(arms, context, opts(seed, { contextual: true, model: 'per_feature' }))
        const f = selectCreative(arms, context, opts(seed, { contextual: false }))
        t.same(c.candidates, f.candidates)
      }
    }
  },
)

t.test('contextual selection shrinks sparse context values to the global rate (both models)', async (t) => {
  for (const model of CONTEXT_MODELS) await t.test(model, async (t) => shrinks(t, model))
})

async function shrinks(t: Test, model: ContextModel): Promise<void> {
  const meanCtr = (a: CreativeArm, context: ContactContext) => {
    let sum = 0
    for (let i = 0; i < 2000; i++)
      sum += selectCreative([a], context, opts(i, { contextual: true, model })).candidates[0]!.ctr
    return sum / 2000
  }
  const global = counts(20_000, 800, 80) // 4%
  // 3 clicks in 20 sends (15% raw) barely moves it: 8 pseudo-clicks at 4% weigh more.
  const sparse = meanCtr(arm({ creativeId: 1, global, byContext: { carrier: { att: counts(20, 3, 0) } } }), {
    carrier: 'att',
  })
  t.ok(sparse > 0.04 && sparse < 0.06, `sparse value ${sparse}`)
  // 5000 sends at 10% dominate the prior.
  const rich = meanCtr(
    arm({ creativeId: 1, global, byContext: { carrier: { att: counts(5000, 500, 50) } } }),
    {
      carrier: 'att',
    },
  )
  t.ok(rich > 0.09 && rich < 0.11, `rich value ${rich}`)
  // Two features combine (naive-Bayes, on the logit scale): both lift → above either alone.
  const both = meanCtr(
    arm({
      creativeId: 1,
      global,
      byContext: { carrier: { att: counts(5000, 300, 30) }, recency: { clicked_7d: counts(5000, 300, 30) } },
    }),
    { carrier: 'att', recency: 'clicked_7d' },
  )
  t.ok(both > 0.075 && both < 0.1, `combined ${both}`)
}

t.test('contactContext buckets', async (t) => {
  const now = new Date('2026-06-15T12:00:00Z')
  const day = 86_400_000
  const ctx = (over: Partial<Parameters<typeof contactContext>[0]>) =>
    contactContext({ carrier: null, lineType: null, timezone: null, lastClickedAt: null, ...over }, now)
  t.same(ctx({}), { carrier: 'unknown', line_type: 'unknown', tz_band: 'unknown', recency: 'never' })
  t.equal(ctx({ carrier: '  Verizon Wireless ' }).carrier, 'verizon wireless')
  t.equal(ctx({ carrier: 'T-MOBILE' }).carrier, 't-mobile')
  t.equal(ctx({ carrier: '   ' }).carrier, 'unknown')

  const lines: Array<[string, string]> = [
    ['CELL PHONE', 'mobile'],
    ['wireless', 'mobile'],
    ['mobile', 'mobile'],
    ['cell', 'mobile'],
    ['VOIP', 'voip'],
    ['nonFixedVoip', 'voip'],
    ['fixedVoip', 'voip'],
    ['landline', 'landline'],
    ['FIXED_LINE', 'landline'],
    ['pager', 'unknown'],
    ['', 'unknown'],
  ]
  for (const [raw, bucket] of lines) t.equal(ctx({ lineType: raw }).line_type, bucket, raw)

  const zones: Array<[string, string]> = [
    ['America/New_York', 'eastern'],
    ['America/Detroit', 'eastern'],
    ['America/Indiana/Indianapolis', 'eastern'],
    ['America/Indiana/Vevay', 'eastern'],
    ['America/Kentucky/Louisville', 'eastern'],
    ['America/Toronto', 'eastern'],
    ['US/Eastern', 'eastern'],
    ['America/Indiana/Knox', 'central'],
    ['America/Chicago', 'central'],
    ['America/North_Dakota/Center', 'central'],
    ['America/Winnipeg', 'central'],
    ['America/Denver', 'mountain'],
    ['America/Phoenix', 'mountain'],
    ['America/Boise', 'mountain'],
    ['America/Los_Angeles', 'pacific'],
    ['America/Vancouver', 'pacific'],
    ['America/Anchorage', 'alaska_hawaii'],
    ['Pacific/Honolulu', 'alaska_hawaii'],
    ['America/Adak', 'alaska_hawaii'],
    ['America/Puerto_Rico', 'other'],
    ['Europe/London', 'other'],
    ['not a zone!', 'unknown'],
    ['', 'unknown'],
  ]
  for (const [zone, band] of zones) t.equal(ctx({ timezone: zone }).tz_band, band, zone)

  const ago = (ms: number) => ctx({ lastClickedAt: new Date(now.getTime() - ms) }).recency
  t.equal(ago(0), 'clicked_7d')
  t.equal(ago(-60_000), 'clicked_7d', 'a click stamped slightly ahead of the clock is recent')
  t.equal(ago(7 * day), 'clicked_7d')
  t.equal(ago(7 * day + 1), 'clicked_30d')
  t.equal(ago(30 * day), 'clicked_30d')
  t.equal(ago(30 * day + 1), 'clicked_older')
  t.equal(ago(400 * day), 'clicked_older')
  t.equal(ctx({ lastClickedAt: new Date('nope') }).recency, 'never')
})
