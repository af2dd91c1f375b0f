// The bandit's shapes (spec §10): modes, context features, arm counts, selections and their explanations.

export const SELECTION_MODES = ['thompson_single_step', 'thompson_two_step'] as const
export type SelectionMode = (typeof SELECTION_MODES)[number]

/** Context features the posteriors are conditioned on (each kept per creative as counts per value). */
export const CONTEXT_FEATURES = ['carrier', 'line_type', 'tz_band', 'recency'] as const
export type ContextFeature = (typeof CONTEXT_FEATURES)[number]
export type ContactContext = Partial<Record<ContextFeature, string>>

/**
 * Prior strength of a context value's posterior, in pseudo-events of the rarer outcome at the creative's global
 * rate: m = KAPPA / min(p, 1 − p) pseudo-trials. Counting events rather than sends keeps the same confidence at a
 * 1% and an 8% CTR (and for conversions, whose trials are clicks). With 8 pseudo-events the prior's sd on the logit
 * scale is ~1/sqrt(8) ≈ 0.35: before data says otherwise a context value is believed to move the rate by at most
 * ~×2 (95%), and 8 real clicks (or conversions) in a value already weigh as much as the global rate, so a value with
 * a few hundred sends can move the choice while a handful of lucky clicks cannot. bench:bandit is flat for 4–16
 * (differences within seed noise); 8 sits in the middle.
 */
export const CONTEXT_PRIOR_EVENTS = 8

/** Spec §10: low payouts are floored for scoring (the page appears to say $20). */
export const DEFAULT_PAYOUT_FLOOR = 20

export interface ArmCounts {
  sends: number
  /** First human clicks of the sends. */
  clicks: number
  /** Attributed conversions of those clicks. */
  conversions: number
  revenue: number
}

export interface CreativeArm {
  creativeId: number
  /** The offer of the creative's first link (two-step mode picks the offer first). */
  offerId: string
  payout: number
  /** cpc offers drop the conversion term. */
  payoutType: 'cpa' | 'cpc'
  global: ArmCounts
  /** Counts per context feature value, e.g. byContext.carrier['verizon']. */
  byContext: Partial<Record<ContextFeature, Record<string, ArmCounts>>>
  /**
   * Counts per joint context (bandit-logistic cellKey, e.g. '["verizon","mobile","eastern","clicked_7d"]'): what the
   * logistic model is fitted on. Absent (counts from before cells were kept) = the per-feature model.
   */
  byCell?: Record<string, ArmCounts>
}

export interface SelectOptions {
  mode: SelectionMode
  /** Condition on the contact's context (shrunk to the global posterior); false = context-free Thompson sampling. */
  contextual: boolean
  /** Uniform [0, 1) source; seeded in tests and simulations. */
  random: () => number
  payoutFloor?: number
  /**
   * How a contextual selection draws from the per-feature posteriors (arms with joint-context counts use the
   * logistic model whatever this says): 'per_feature' (default, production: plain Thompson sampling) or 'tempered'
   * (with optimism and a spread that shrinks as the context's sends grow, bandit-tempered; tried for issue 15, not
   * adopted: BENCHMARKS.md).
   */
  model?: ContextModel
}

export const CONTEXT_MODELS = ['per_feature', 'tempered'] as const
export type ContextModel = (typeof CONTEXT_MODELS)[number]

export interface CandidateScore {
  creative_id: number
  offer_id: string
  /** Sampled revenue per send. */
  score: number
  /** The sampled CTR and conversion rate the score was built from, and the value used. */
  ctr: number
  /** 1 for a cpc offer: the conversion term is dropped. */
  cvr: number
  value: number
}

/** Two-step mode: an offer's sampled score, from the counts of its creatives summed. */
export interface OfferScore {
  offer_id: string
  score: number
  ctr: number
  cvr: number
  value: number
}

export interface Selection {
  creativeId: number
  offerId: string
  score: number
  mode: SelectionMode
  context: ContactContext
  /** Every arm's sampled score (in two-step mode too: the chosen creative is the best of the chosen offer's). */
  candidates: CandidateScore[]
  /** Two-step mode only: each offer's sampled score; the chosen offer is the best of these. */
  offers?: OfferScore[]
}

export interface Interval {
  mean: number
  low: number
  high: number
}

export interface PosteriorSummary {
  ctr: Interval
  cvr: Interval
  /** Posterior mean revenue per send at the given value. */
  rps: number
}

export interface ContactFacts {
  carrier: string | null
  lineType: string | null
  timezone: string | null
  lastClickedAt: Date | null
}

/**
 * `fit`, run once per arms array: production reuses one array for ~30 s of selections, so a model derived from the
 * counts (a fit, the offers' merged arms) is built once per counts refresh, not per selection.
 */
export function oncePerArms<T extends object>(
  fit: (arms: readonly CreativeArm[]) => T,
): (arms: readonly CreativeArm[]) => T {
  const cache = new WeakMap<readonly CreativeArm[], T>()
  return (arms) => {
    let m = cache.get(arms)
    if (!m) {
      m = fit(arms)
      cache.set(arms, m)
    }
    return m
  }
}
