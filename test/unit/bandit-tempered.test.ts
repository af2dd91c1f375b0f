import t from 'tap'
import {
  type ContactContext,
  type CreativeArm,
  digamma,
  seededRandom,
  selectCreative,
  trigamma,
} from '../../core/bandit.js'
import {
  cleanCounts,
  contextSends,
  EXPLORATION_DECAY_SENDS,
  EXPLORATION_SPREAD,
  explorationScale,
  fitTempered,
  temperedModel,
  temperedMoments,
} from '../../core/bandit-tempered.js'
import { counts } from '../harness/arm-counts.js'

/** A $30 cpa creative of offer off_1 with these counts. */
const arm = (
  creativeId: number,
  global = counts(0, 0, 0),
  byContext: CreativeArm['byContext'] = {},
): CreativeArm => ({ creativeId, offerId: 'off_1', payout: 30, payoutType: 'cpa', global, byContext })

t.test('cleanCounts: non-negative, clicks ≤ sends, conversions ≤ clicks', async (t) => {
  t.same(cleanCounts(undefined), { sends: 0, clicks: 0, conversions: 0 })
  t.same(cleanCounts(counts(-3, 2, 1)), { sends: 0, clicks: 0, conversions: 0 })
  t.same(cleanCounts(counts(10, 12, 20)), { sends: 10, clicks: 10, conversions: 10 })
  t.same(cleanCounts(counts(Number.NaN, 1, 0)), { sends: 0, clicks: 0, conversions: 0 })
})

t.test(
  'moments: the global posterior without context data, each value adding offset + optimism',
  async (t) => {
    const a = arm(1, counts(10_000, 400, 40), {
      carrier: { att: counts(5000, 300, 30), verizon: counts(5000, 100, 10) },
    })
    const rate = fitTempered([a]).arms[0]!.ctr
    const a0 = 401
    const b0 = 9601
    t.ok(Math.abs(rate.mean - (digamma(a0) - digamma(b0))) < 1e-12, 'mean logit of Beta(1 + k, 1 + n − k)')
    t.ok(Math.abs(rate.variance - (trigamma(a0) + trigamma(b0))) < 1e-12)
    t.ok(Math.abs(rate.optimism - (Math.log(a0 / b0) - rate.mean)) < 1e-12)
    t.ok(rate.optimism > 0 && rate.optimism < 0.01, `optimism ${rate.optimism}`)
    // No feature, or a value nobody was sent: the global moments.
    for (const context of [{}, { carrier: 'tmobile' }, { recency: 'never' }] as ContactContext[])
      t.same(temperedMoments(rate, context), { mean: rate.mean, variance: rate.variance })
    const att = temperedMoments(rate, { carrier: 'att' })
    const verizon = temperedMoments(rate, { carrier: 'verizon' })
    t.ok(att.mean > rate.mean && verizon.mean < rate.mean, 'att above the global rate, verizon below')
    t.ok(Math.abs(1 / (1 + Math.exp(-att.mean)) - 0.06) < 0.003, `att ≈ 6% (${att.mean})`)
    t.ok(att.variance > rate.variance, 'a value adds its excess variance')
  },
)

t.test('a value one arm was never sent is its prior: explored, not ignored', async (t) => {
  const sent = arm(1, counts(1000, 40, 4), { carrier: { att: counts(1000, 40, 4) } })
  const fresh = arm(2, counts(1000, 40, 4), { carrier: { verizon: counts(1000, 40, 4) } })
  const model = fitTempered([sent, fresh])
  const m = temperedMoments(model.arms[1]!.ctr, { carrier: 'att' })
  const rate = model.arms[1]!.ctr
  t.ok(Math.abs(m.mean - (rate.mean + rate.optimism)) < 1e-9, 'offset 0 (the prior is the global rate)')
  t.ok(m.variance > rate.variance, 'with the prior’s excess variance')
  t.equal(model.arms[0]!.cvr !== null, true)
  t.equal(fitTempered([{ ...sent, payoutType: 'cpc' }]).arms[0]!.cvr, null, 'cpc: no conversion term')
})

t.test('context sends: all sends × each value’s share; the scale shrinks with them', async (t) => {
  const a = arm(1, counts(1000, 40, 4), {
    carrier: { att: counts(600, 20, 2), verizon: counts(400, 20, 2) },
    recency: { never: counts(750, 20, 2), clicked_7d: counts(250, 20, 2) },
  })
  const model = fitTempered([a, { ...a, creativeId: 2 }])
  t.equal(model.totalSends, 2000)
  t.ok(Math.abs(contextSends(model, { carrier: 'att', recency: 'clicked_7d' }) - 2000 * 0.6 * 0.25) < 1e-9)
  t.equal(contextSends(model, {}), 2000)
  t.equal(contextSends(model, { carrier: 'tmobile' }), 0)
  t.equal(contextSends(fitTempered([arm(1)]), { carrier: 'att' }), 0)
  t.equal(
    explorationScale(model, { carrier: 'tmobile' }),
    EXPLORATION_SPREAD,
    'an unseen context: the full spread',
  )
  const n = contextSends(model, { carrier: 'att' })
  t.ok(
    Math.abs(
      explorationScale(model, { carrier: 'att' }) -
        EXPLORATION_SPREAD / Math.sqrt(1 + n / EXPLORATION_DECAY_SENDS),
    ) < 1e-12,
  )
})

t.test('the model is fitted once per arms array', async (t) => {
  const arms = [arm(1, counts(100, 5, 1))]
  t.equal(temperedModel(arms), temperedModel(arms))
  t.not(temperedModel(arms), temperedModel([...arms]))
})

t.test('selection: the best arm for the context wins, and exploration fades with evidence', async (t) => {
  // A is better on recent clickers, B on those who never clicked; both have the same global rate.
  // f × the counts: the same rates, f times the evidence.
  const arms = (f: number) => {
    const c = (n: number, k: number, v: number) => counts(n * f, k * f, v * f)
    return [
      arm(1, c(2000, 80, 8), { recency: { clicked_7d: c(200, 20, 2), never: c(1800, 60, 6) } }),
      arm(2, c(2000, 80, 8), { recency: { clicked_7d: c(200, 4, 0), never: c(1800, 76, 8) } }),
    ]
  }
  const share = (a: CreativeArm[], context: ContactContext, id: number) =>
    Array.from(
      { length: 400 },
      (_, i) =>
        selectCreative(a, context, {
          mode: 'thompson_single_step',
          contextual: true,
          model: 'tempered',
          random: seededRandom(i),
        }).creativeId,
    ).filter((x) => x === id).length / 400
  const small = arms(1)
  const large = arms(20)
  t.ok(share(small, { recency: 'clicked_7d' }, 1) > 0.9, 'A for recent clickers')
  t.ok(share(large, { recency: 'clicked_7d' }, 1) === 1, 'only A once the evidence is large')
  const neverSmall = share(small, { recency: 'never' }, 2)
  const neverLarge = share(large, { recency: 'never' }, 2)
  t.ok(
    neverSmall > 0.5 && neverLarge >= neverSmall,
    `B for never-clicked, more surely with more data (${neverSmall} → ${neverLarge})`,
  )
})
