// Tempered optimistic Thompson sampling over the per-feature posteriors (spec §10, issue 15). Pure. Tried for
// issue 15 and NOT adopted: selectCreative uses it only with `model: 'tempered'`. In bench:bandit it got 92.2% of
// the oracle on seeds 1–5 (the seeds its two constants were chosen on, among ~25 settings), but 87.9% and 88.7% on
// seeds 6–10 and 11–15, level with plain Thompson sampling there (88.2%, 88.0%): BENCHMARKS.md.
//
// The posteriors are the per-feature model's (core/bandit.ts sampleRate), on the counts production keeps
// (creative_stats: per creative globally and per context feature value): a rate's logit for a context is the global
// posterior's mean logit plus, for each feature of the context with data, the offset of that value's posterior
// (shrunk to the global rate) from the global one, and its variance the global one plus each value's excess. What
// differs is how a selection draws from them:
// - optimism: each used feature adds logit(mean rate) − E[logit rate] of the global posterior, about 1/(2·(1 + k))
//   for k successes (clicks, or conversions for the conversion rate). It vanishes as the creative's events grow, so
//   it steers the draws toward creatives whose rates rest on few events (mostly the conversion rates of the less
//   sent cpa creatives);
// - tempered spread: the logit is drawn from a normal with the posterior's mean and variance, its sd scaled by
//   EXPLORATION_SPREAD / sqrt(1 + n / EXPLORATION_DECAY_SENDS), where n estimates the sends so far to contacts of the
//   context (the features taken as independent), so the choice for a frequent context becomes nearly greedy once
//   thousands of its contacts have been sent, while a rare context keeps exploring.
// The model is fitted once per arms array (production reuses one for ~30 s of selections): a selection is then a
// few map lookups and one normal variate per creative and rate.
import { digamma, trigamma } from './bandit-distributions.js'
import type { ArmCounts, ContactContext, CreativeArm } from './bandit-types.js'
import { CONTEXT_FEATURES, CONTEXT_PRIOR_EVENTS, oncePerArms } from './bandit-types.js'

/** The sampled sd's scale for a context nobody was sent yet (1 = the posterior's own). */
export const EXPLORATION_SPREAD = 0.7
/** Estimated sends to a context at which the sampled sd is 1/√2 of EXPLORATION_SPREAD (1/√5 at 4×, …). */
export const EXPLORATION_DECAY_SENDS = 250

/** Counts as the posteriors see them: non-negative, clicks ≤ sends, conversions ≤ clicks (events can race). */
export function cleanCounts(c: ArmCounts | undefined): {
  sends: number
  clicks: number
  conversions: number
} {
  const sends = c && c.sends > 0 && Number.isFinite(c.sends) ? c.sends : 0
  const clicks = c && c.clicks > 0 ? Math.min(c.clicks, sends) : 0
  const conversions = c && c.conversions > 0 ? Math.min(c.conversions, clicks) : 0
  return { sends, clicks, conversions }
}

/** One rate (CTR or conversion rate) of one arm. */
export interface TemperedRate {
  /** The global posterior's mean logit and its variance. */
  mean: number
  variance: number
  /** Added to the mean for each feature of the context with an entry: logit(mean rate) − mean logit, ≥ 0 for rates ≤ ½. */
  optimism: number
  /** Per CONTEXT_FEATURES index: value → [offset of the mean logit, added variance]. */
  values: Array<Map<string, readonly [number, number]>>
}

export interface TemperedArm {
  ctr: TemperedRate
  /** null for a cpc arm (no conversion term). */
  cvr: TemperedRate | null
}

export interface TemperedModel {
  arms: TemperedArm[]
  /** Per CONTEXT_FEATURES index: value → sends over all arms. */
  sends: Array<Map<string, number>>
  totalSends: number
}

/**
 * One rate of an arm, with an entry for every value any arm was sent to (`seen`): a value this arm was never sent
 * to has its prior as posterior (offset 0, the prior's excess variance), so it is explored rather than ignored.
 */
function rateOf(
  arm: CreativeArm,
  kind: 'ctr' | 'cvr',
  seen: ReadonlyArray<Map<string, number>>,
): TemperedRate {
  const trialsSuccesses = (c: ReturnType<typeof cleanCounts>): [number, number] =>
    kind === 'ctr' ? [c.sends, c.clicks] : [c.clicks, c.conversions]
  const [trials, successes] = trialsSuccesses(cleanCounts(arm.global))
  const a0 = 1 + successes
  const b0 = 1 + trials - successes
  const mean = digamma(a0) - digamma(b0)
  const variance = trigamma(a0) + trigamma(b0)
  // The value's prior: CONTEXT_PRIOR_EVENTS pseudo-events of the rarer outcome at the global mean rate.
  const p = a0 / (a0 + b0)
  const m = CONTEXT_PRIOR_EVENTS / Math.min(p, 1 - p)
  const priorA = m * p
  const priorB = m * (1 - p)
  const ref = digamma(priorA) - digamma(priorB)
  const values = CONTEXT_FEATURES.map((f, fi) => {
    const out = new Map<string, readonly [number, number]>()
    const own = arm.byContext[f] ?? {}
    for (const [value, sends] of seen[fi]!) {
      if (sends === 0) continue
      const [n, k] = trialsSuccesses(cleanCounts(Object.hasOwn(own, value) ? own[value] : undefined))
      const a = priorA + k
      const b = priorB + n - k
      const excess = trigamma(a) + trigamma(b) - variance
      out.set(value, [digamma(a) - digamma(b) - ref, Math.max(excess, 0)])
    }
    return out
  })
  return { mean, variance, optimism: Math.log(a0 / b0) - mean, values }
}

/** The model of an arms array: each arm's rates and the sends per context value over all arms. */
export function fitTempered(arms: readonly CreativeArm[]): TemperedModel {
  const sends = CONTEXT_FEATURES.map(() => new Map<string, number>())
  let totalSends = 0
  for (const arm of arms) {
    totalSends += cleanCounts(arm.global).sends
    for (let fi = 0; fi < CONTEXT_FEATURES.length; fi++) {
      const into = sends[fi]!
      for (const [v, c] of Object.entries(arm.byContext[CONTEXT_FEATURES[fi]!] ?? {}))
        into.set(v, (into.get(v) ?? 0) + cleanCounts(c).sends)
    }
  }
  return {
    arms: arms.map((arm) => ({
      ctr: rateOf(arm, 'ctr', sends),
      cvr: arm.payoutType === 'cpc' ? null : rateOf(arm, 'cvr', sends),
    })),
    sends,
    totalSends,
  }
}

/** fitTempered, once per arms array. */
export const temperedModel = oncePerArms(fitTempered)

/** Estimated sends so far to contacts of this context: all sends × each of its values' share (independence). */
export function contextSends(model: TemperedModel, context: ContactContext): number {
  let n = model.totalSends
  if (n === 0) return 0
  for (let fi = 0; fi < CONTEXT_FEATURES.length; fi++) {
    const v = context[CONTEXT_FEATURES[fi]!]
    if (v === undefined) continue
    n *= (model.sends[fi]!.get(v) ?? 0) / model.totalSends
  }
  return n
}

/** The scale of the sampled sd for a context: EXPLORATION_SPREAD, shrinking as the context's sends grow. */
export function explorationScale(model: TemperedModel, context: ContactContext): number {
  return EXPLORATION_SPREAD / Math.sqrt(1 + contextSends(model, context) / EXPLORATION_DECAY_SENDS)
}

/** Centre (posterior mean logit plus the optimism) and variance of a rate's logit for a context. */
export function temperedMoments(
  rate: TemperedRate,
  context: ContactContext,
): { mean: number; variance: number } {
  let mean = rate.mean
  let variance = rate.variance
  for (let fi = 0; fi < CONTEXT_FEATURES.length; fi++) {
    const v = context[CONTEXT_FEATURES[fi]!]
    if (v === undefined) continue
    const e = rate.values[fi]!.get(v)
    if (!e) continue
    mean += e[0] + rate.optimism
    variance += e[1]
  }
  return { mean, variance }
}

/** One draw of a rate for a context: the sigmoid of its centre plus `scale` × its sd × a standard normal. */
export function sampleTemperedRate(
  rate: TemperedRate,
  context: ContactContext,
  scale: number,
  normal: () => number,
): number {
  const { mean, variance } = temperedMoments(rate, context)
  return 1 / (1 + Math.exp(-(mean + scale * Math.sqrt(variance) * normal())))
}
