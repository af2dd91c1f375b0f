// Properties of the creative selector over arbitrary arms and contexts (fast-check): the choice is one of the
// eligible arms, every score is finite and non-negative, a seeded source makes it deterministic; and the tempered
// model's moments, optimism and exploration behave as evidence grows.
import fc from 'fast-check'
import t from 'tap'
import {
  type ArmCounts,
  CONTEXT_FEATURES,
  CONTEXT_MODELS,
  type CreativeArm,
  SELECTION_MODES,
  seededRandom,
  selectCreative,
} from '../../core/bandit.js'
import {
  cleanCounts,
  EXPLORATION_SPREAD,
  explorationScale,
  fitTempered,
  temperedMoments,
} from '../../core/bandit-tempered.js'
import { counts } from '../harness/arm-counts.js'

const anyCounts = fc
  .record({
    sends: fc.integer({ min: -5, max: 1_000_000 }),
    ctr: fc.double({ min: 0, max: 1.2, noNaN: true }),
    cvr: fc.double({ min: 0, max: 1.2, noNaN: true }),
  })
  .map(({ sends, ctr, cvr }) => {
    const clicks = Math.round(Math.abs(sends) * ctr)
    return counts(sends, clicks, Math.round(clicks * cvr), clicks * 10)
  })
const VALUES = ['a', 'b', 'c']
const anyByContext = fc.dictionary(
  fc.constantFrom(...CONTEXT_FEATURES),
  fc.dictionary(fc.constantFrom(...VALUES), anyCounts, { maxKeys: 3 }),
  { maxKeys: 4 },
)
const anyArms = fc
  .array(
    fc.record({
      offerId: fc.constantFrom('o1', 'o2', 'o3'),
      payout: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.constant(0)),
      payoutType: fc.constantFrom('cpa' as const, 'cpc' as const),
      global: anyCounts,
      byContext: anyByContext,
    }),
    { minLength: 1, maxLength: 10 },
  )
  .map((xs) => xs.map((x, i): CreativeArm => ({ creativeId: 100 + i, ...x })))
const anyContext = fc.dictionary(fc.constantFrom(...CONTEXT_FEATURES), fc.constantFrom(...VALUES, 'z'), {
  maxKeys: 4,
})

t.test(
  'selectCreative properties: one of the arms, scores ≥ 0, every arm a candidate, seeded = deterministic',
  async () => {
    fc.assert(
      fc.property(
        anyArms,
        anyContext,
        fc.constantFrom(...SELECTION_MODES),
        fc.boolean(),
        fc.constantFrom(...CONTEXT_MODELS),
        fc.integer(),
        (arms, context, mode, contextual, model, seed) => {
          const run = () =>
            selectCreative(arms, context, { mode, contextual, model, random: seededRandom(seed) })
          const s = run()
          if (JSON.stringify(run()) !== JSON.stringify(s)) return false // deterministic for a seeded source
          const ids = arms.map((a) => a.creativeId)
          if (!ids.includes(s.creativeId)) return false
          if (s.candidates.length !== arms.length) return false
          if (!ids.every((id, i) => s.candidates[i]!.creative_id === id)) return false
          const okScore = (x: number) => Number.isFinite(x) && x >= 0
          if (
            !s.candidates.every(
              (c) => okScore(c.score) && c.ctr >= 0 && c.ctr <= 1 && c.cvr >= 0 && c.cvr <= 1,
            )
          )
            return false
          const chosen = s.candidates.find((c) => c.creative_id === s.creativeId)!
          if (chosen.score !== s.score || chosen.offer_id !== s.offerId) return false
          const eligible =
            mode === 'thompson_two_step' ? s.candidates.filter((c) => c.offer_id === s.offerId) : s.candidates
          if (eligible.some((c) => c.score > s.score)) return false
          if (mode === 'thompson_two_step') {
            const offers = s.offers!
            if (new Set(offers.map((o) => o.offer_id)).size !== new Set(arms.map((a) => a.offerId)).size)
              return false
            if (!offers.every((o) => okScore(o.score))) return false
            if (offers.some((o) => o.score > offers.find((x) => x.offer_id === s.offerId)!.score))
              return false
          }
          return true
        },
      ),
      { numRuns: 400 },
    )
  },
)

t.test(
  'tempered model properties: finite moments, optimism ≥ 0 below ½, scale in (0, EXPLORATION_SPREAD]',
  async () => {
    fc.assert(
      fc.property(anyArms, anyContext, (arms, context) => {
        const model = fitTempered(arms)
        for (const a of model.arms)
          for (const rate of a.cvr ? [a.ctr, a.cvr] : [a.ctr]) {
            const m = temperedMoments(rate, context)
            if (!Number.isFinite(m.mean) || !(m.variance >= 0) || !Number.isFinite(m.variance)) return false
            if (rate.mean < 0 && !(rate.optimism >= 0)) return false
          }
        const scale = explorationScale(model, context)
        return scale > 0 && scale <= EXPLORATION_SPREAD
      }),
      { numRuns: 300 },
    )
  },
)

/** Every count of an arm multiplied by `f` (rounded): the same rates, more evidence. */
const scaled = (a: CreativeArm, f: number): CreativeArm => {
  const s = (c: ArmCounts) =>
    counts(Math.round(c.sends * f), Math.round(c.clicks * f), Math.round(c.conversions * f))
  return {
    ...a,
    global: s(a.global),
    byContext: Object.fromEntries(
      Object.entries(a.byContext).map(([f2, values]) => [
        f2,
        Object.fromEntries(Object.entries(values ?? {}).map(([v, c]) => [v, s(c)])),
      ]),
    ),
  }
}

t.test(
  'tempered model properties: more evidence at the same rates → less exploration and optimism',
  async () => {
    fc.assert(
      fc.property(anyArms, anyContext, fc.integer({ min: 2, max: 50 }), (arms, context, f) => {
        const m1 = fitTempered(arms)
        const m2 = fitTempered(arms.map((a) => scaled(a, f)))
        if (explorationScale(m2, context) > explorationScale(m1, context) + 1e-12) return false
        for (let i = 0; i < arms.length; i++) {
          const r1 = m1.arms[i]!.ctr
          const r2 = m2.arms[i]!.ctr
          // The global posterior narrows; its optimism shrinks once there is a click and a send without one (with no
          // click at all it instead rises toward its bound, log 1 − ψ(1) = γ ≈ 0.577).
          if (r2.variance > r1.variance + 1e-12) return false
          const c = cleanCounts(arms[i]!.global)
          if (
            c.clicks >= 1 &&
            c.sends - c.clicks >= 1 &&
            Math.abs(r2.optimism) > Math.abs(r1.optimism) + 1e-9
          )
            return false
          if (Math.abs(r2.optimism) > 0.5773 || Math.abs(r1.optimism) > 0.5773) return false
        }
        return true
      }),
      { numRuns: 300 },
    )
  },
)
