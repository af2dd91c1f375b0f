// ML creative selection (spec §10): Thompson sampling over Beta posteriors of CTR and conversion rate, scored on
// sampled revenue per send, with contact-context posteriors shrunk to each creative's global posterior. Pure.
// A contextual selection draws from those posteriors by plain Thompson sampling (sampleRate below: production) or,
// with `model: 'tempered'`, as bandit-tempered does (with optimism and a spread that shrinks as the context's sends
// grow; tried for issue 15 and not adopted: level with this one on the seeds it was not tuned on). The shapes live
// in bandit-types, the variates and Beta functions in bandit-distributions, the contact context in bandit-context;
// re-exported here so callers import the selector from one module. bandit-logistic holds a logistic model over
// joint-context counts, used only for arms that carry such counts (byCell): production stores none, as that model
// did not beat the per-feature one in bench:bandit (BENCHMARKS.md, issue 15).
import * as distributions from './bandit-distributions.js'
import * as logistic from './bandit-logistic.js'
import * as tempered from './bandit-tempered.js'
import type {
  ArmCounts,
  CandidateScore,
  ContactContext,
  ContextModel,
  CreativeArm,
  Interval,
  OfferScore,
  PosteriorSummary,
  Selection,
  SelectOptions,
} from './bandit-types.js'
import {
  CONTEXT_FEATURES,
  CONTEXT_PRIOR_EVENTS,
  DEFAULT_PAYOUT_FLOOR,
  SELECTION_MODES,
} from './bandit-types.js'

export { contactContext } from './bandit-context.js'

// Local references to the hot functions: some loaders (tsx's CommonJS interop) turn each imported name into a
// getter call, which cost a third of the selection time.
const { betaQuantile, digamma, sampleBeta, sampleNormal, trigamma } = distributions
const { contextIndices, fittedArms, sampleRateLogistic } = logistic
const { cleanCounts: clean, explorationScale, sampleTemperedRate, temperedModel } = tempered

export {
  betaCdf,
  betaQuantile,
  digamma,
  logGamma,
  sampleBeta,
  sampleGamma,
  sampleNormal,
  seededRandom,
  trigamma,
} from './bandit-distributions.js'
export { CELL_FEATURE, cellKey } from './bandit-logistic.js'
export * from './bandit-types.js'

// ---------------------------------------------------------------------------------------------------------------
// Posteriors and scores

const logit = (p: number) => {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12)
  return Math.log(q / (1 - q))
}

/**
 * One sample of a rate (CTR or conversion rate) of an arm for a context. Context-free: the global Beta(1 + k,
 * 1 + n − k). Contextual (naive-Bayes style, since only per-feature counts exist): the global sample on the logit
 * scale plus, for each feature of the context with data, a sampled offset of that value's posterior (shrunk to the
 * global mean) from the global rate. The offset is drawn as a normal on the logit scale with the exact moments of a
 * Beta's logit (mean ψ(a) − ψ(b), variance ψ'(a) + ψ'(b)); its mean is taken relative to the prior's own mean logit,
 * so a value with little data adds nothing on average, and its variance is that of the value's posterior less the
 * global posterior's (the variance of a subset's estimate minus the full estimate's), because the value's counts are
 * part of the global counts: sampling each value's full posterior would count the global uncertainty once per
 * feature and over-explore.
 */
function sampleRate(
  arm: CreativeArm,
  kind: 'ctr' | 'cvr',
  context: ContactContext | null,
  random: () => number,
): number {
  const g = clean(arm.global)
  const trials = kind === 'ctr' ? g.sends : g.clicks
  const successes = kind === 'ctr' ? g.clicks : g.conversions
  const a0 = 1 + successes
  const b0 = 1 + trials - successes
  const globalSample = sampleBeta(a0, b0, random)
  if (!context) return globalSample
  const p = a0 / (a0 + b0)
  const m = CONTEXT_PRIOR_EVENTS / Math.min(p, 1 - p)
  const priorA = m * p
  const priorB = m * (1 - p)
  let ref = 0 // E[logit] under the prior
  let globalVariance = 0 // of the global posterior's logit
  let l = 0
  let used = false
  for (const f of CONTEXT_FEATURES) {
    const value = context[f]
    if (value === undefined) continue
    const counts = arm.byContext[f]?.[value]
    if (!counts) continue
    const c = clean(counts)
    const n = kind === 'ctr' ? c.sends : c.clicks
    if (n === 0) continue
    const k = kind === 'ctr' ? c.clicks : c.conversions
    if (!used) {
      ref = digamma(priorA) - digamma(priorB)
      globalVariance = trigamma(a0) + trigamma(b0)
      l = logit(globalSample)
      used = true
    }
    const a = priorA + k
    const b = priorB + n - k
    const variance = trigamma(a) + trigamma(b) - globalVariance
    l += digamma(a) - digamma(b) - ref + (variance > 0 ? Math.sqrt(variance) * sampleNormal(random) : 0)
  }
  return used ? 1 / (1 + Math.exp(-l)) : globalSample
}

const scoringValue = (arm: CreativeArm, floor: number): number => {
  const payout = Number.isFinite(arm.payout) && arm.payout > 0 ? arm.payout : 0
  // The floor is on a conversion payout; a per-click price floored to $20 would outrank every cpa offer.
  return arm.payoutType === 'cpc' ? payout : Math.max(payout, floor)
}

/** A scorer of one arm: the sampled rates under the model the arm is fitted with (or the per-feature one). */
type Scorer = (arm: CreativeArm, i: number) => { score: number; ctr: number; cvr: number; value: number }

function perFeatureScorer(context: ContactContext | null, floor: number, random: () => number): Scorer {
  return (arm) => {
    const value = scoringValue(arm, floor)
    const ctr = sampleRate(arm, 'ctr', context, random)
    const cvr = arm.payoutType === 'cpc' ? 1 : sampleRate(arm, 'cvr', context, random)
    return { score: ctr * cvr * value, ctr, cvr, value }
  }
}

/** `model: 'tempered'` (bandit-tempered): the per-feature posteriors, drawn with optimism and a tempered spread. */
function temperedScorer(
  arms: readonly CreativeArm[],
  context: ContactContext,
  floor: number,
  random: () => number,
): Scorer {
  const model = temperedModel(arms)
  const scale = explorationScale(model, context)
  const normal = () => sampleNormal(random)
  return (arm, i) => {
    const m = model.arms[i]!
    const value = scoringValue(arm, floor)
    const ctr = sampleTemperedRate(m.ctr, context, scale, normal)
    const cvr = m.cvr ? sampleTemperedRate(m.cvr, context, scale, normal) : 1
    return { score: ctr * cvr * value, ctr, cvr, value }
  }
}

/** Logistic Thompson sampling for the arms with joint-context counts; `model` for the others. */
function contextualScorer(
  arms: readonly CreativeArm[],
  context: ContactContext,
  floor: number,
  random: () => number,
  model: ContextModel,
): Scorer {
  const fallback =
    model === 'per_feature'
      ? perFeatureScorer(context, floor, random)
      : temperedScorer(arms, context, floor, random)
  const fitted = fittedArms(arms)
  if (fitted.models.every((m) => m === null)) return fallback
  const indices = contextIndices(fitted, context)
  const normal = () => sampleNormal(random)
  return (arm, i) => {
    const model = fitted.models[i]
    if (!model) return fallback(arm, i)
    const value = scoringValue(arm, floor)
    const ctr = sampleRateLogistic(model.ctr, indices, normal)
    const cvr = model.cvr ? sampleRateLogistic(model.cvr, indices, normal) : 1
    return { score: ctr * cvr * value, ctr, cvr, value }
  }
}

const addCounts = (into: ArmCounts, c: ArmCounts | undefined): void => {
  if (!c) return
  const k = clean(c)
  into.sends += k.sends
  into.clicks += k.clicks
  into.conversions += k.conversions
  into.revenue += Number.isFinite(c.revenue) ? c.revenue : 0
}

/** Counts of an arm nobody was sent yet. */
export const zeroCounts = (): ArmCounts => ({ sends: 0, clicks: 0, conversions: 0, revenue: 0 })

/**
 * An offer as one arm: its creatives' counts summed (globally, per context value and per cell). Its payout is the
 * first creative's (they share the offer, so they share the payout).
 */
function offerArm(arms: readonly CreativeArm[]): CreativeArm {
  const first = arms[0]!
  const merged: CreativeArm = {
    creativeId: first.creativeId,
    offerId: first.offerId,
    payout: first.payout,
    payoutType: first.payoutType,
    global: zeroCounts(),
    byContext: {},
  }
  for (const arm of arms) {
    addCounts(merged.global, arm.global)
    for (const f of CONTEXT_FEATURES) {
      const values = arm.byContext[f]
      if (!values) continue
      const into = merged.byContext[f] ?? {}
      merged.byContext[f] = into
      for (const [v, c] of Object.entries(values)) addCounts(countsAt(into, v), c)
    }
    if (arm.byCell) {
      const into = merged.byCell ?? {}
      merged.byCell = into
      for (const [key, c] of Object.entries(arm.byCell)) addCounts(countsAt(into, key), c)
    }
  }
  return merged
}

function countsAt(counts: Record<string, ArmCounts>, key: string): ArmCounts {
  const c = counts[key] ?? zeroCounts()
  counts[key] = c
  return c
}

const offerArmsCache = new WeakMap<readonly CreativeArm[], CreativeArm[]>()

/** Two-step mode: one merged arm per offer, in first-seen order, built once per arms array. */
function offerArms(arms: readonly CreativeArm[]): CreativeArm[] {
  let merged = offerArmsCache.get(arms)
  if (!merged) {
    const byOffer = new Map<string, CreativeArm[]>()
    for (const arm of arms) {
      const list = byOffer.get(arm.offerId)
      if (list) list.push(arm)
      else byOffer.set(arm.offerId, [arm])
    }
    merged = [...byOffer.values()].map(offerArm)
    offerArmsCache.set(arms, merged)
  }
  return merged
}

export function selectCreative(
  arms: readonly CreativeArm[],
  context: ContactContext,
  options: SelectOptions,
): Selection {
  if (arms.length === 0)
    throw new Error('selectCreative: no candidate creatives (no active automated creative)')
  if (!SELECTION_MODES.includes(options.mode)) throw new Error(`selectCreative: unknown mode ${options.mode}`)
  const floor = options.payoutFloor ?? DEFAULT_PAYOUT_FLOOR
  const { random } = options
  const ctx: ContactContext = {}
  for (const f of CONTEXT_FEATURES) {
    const v = context[f]
    if (typeof v === 'string') ctx[f] = v
  }
  const scorerFor = (of: readonly CreativeArm[]): Scorer =>
    options.contextual
      ? contextualScorer(of, ctx, floor, random, options.model ?? 'per_feature')
      : perFeatureScorer(null, floor, random)

  const candidates: CandidateScore[] = new Array(arms.length)
  const scoreArm = scorerFor(arms)
  for (let i = 0; i < arms.length; i++) {
    const arm = arms[i]!
    candidates[i] = { creative_id: arm.creativeId, offer_id: arm.offerId, ...scoreArm(arm, i) }
  }

  let offers: OfferScore[] | undefined
  let eligible: string | null = null // two-step: the chosen offer
  if (options.mode === 'thompson_two_step') {
    const merged = offerArms(arms)
    const scoreOffer = scorerFor(merged)
    offers = []
    let best = -1
    for (let i = 0; i < merged.length; i++) {
      const s = scoreOffer(merged[i]!, i)
      offers.push({ offer_id: merged[i]!.offerId, ...s })
      if (s.score > best) {
        best = s.score
        eligible = merged[i]!.offerId
      }
    }
  }

  let chosen = -1
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!
    if (eligible !== null && c.offer_id !== eligible) continue
    if (chosen < 0 || c.score > candidates[chosen]!.score) chosen = i
  }
  const winner = candidates[chosen]!
  const selection: Selection = {
    creativeId: winner.creative_id,
    offerId: winner.offer_id,
    score: winner.score,
    mode: options.mode,
    context: ctx,
    candidates,
  }
  if (offers) selection.offers = offers
  return selection
}

const round6 = (x: number): number => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6)))

function interval(successes: number, trials: number): Interval {
  const a = 1 + successes
  const b = 1 + trials - successes
  return {
    mean: round6(a / (a + b)),
    low: round6(betaQuantile(0.025, a, b)),
    high: round6(betaQuantile(0.975, a, b)),
  }
}

/**
 * Posterior means and equal-tailed 95% credible intervals of CTR and conversion rate (uniform priors), and the
 * posterior mean revenue per send at `value` (not floored: this is what the creative is expected to earn).
 */
export function posteriorSummary(
  counts: ArmCounts,
  value: number,
  payoutType: 'cpa' | 'cpc',
): PosteriorSummary {
  const c = clean(counts)
  const ctr = interval(c.clicks, c.sends)
  const cvr = interval(c.conversions, c.clicks)
  const v = Number.isFinite(value) ? value : 0
  const ctrMean = (1 + c.clicks) / (2 + c.sends)
  const cvrMean = (1 + c.conversions) / (2 + c.clicks)
  return { ctr, cvr, rps: round6(payoutType === 'cpc' ? ctrMean * v : ctrMean * cvrMean * v) }
}
