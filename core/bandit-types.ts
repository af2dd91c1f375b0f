// The bandit's shapes (spec §10): modes, context features, arm counts, selections and their explanations.

export const SELECTION_MODES = ['thompson_single_step', 'thompson_two_step'] as const
export type SelectionMode = (typeof SELECTION_MODES)[number]

/** Context features the posteriors are conditioned on (each kept per creative as counts per value). */
export const CONTEXT_FEATURES = ['carrier', 'line_type', 'tz_band', 'recency'] as const
export type ContextFeature = (typeof CONTEXT_FEATURES)[number]
export type ContactContext = Partial<Record<ContextFeature, string>>

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
}

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
