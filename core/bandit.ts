// ML creative selection (spec §10): Thompson sampling over Beta posteriors of CTR and conversion rate, scored on
// sampled revenue per send, with contact-context posteriors shrunk to each creative's global posterior. Pure.

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

// ---------------------------------------------------------------------------------------------------------------
// Random variates (all from the caller's uniform source, so a seeded source replays exactly)

/** Seeded uniform [0, 1) generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal (Box–Muller; the second variate is dropped so no state outlives the call). */
export function sampleNormal(random: () => number): number {
  const u1 = 1 - random() // (0, 1]: log(0) is never taken
  const u2 = random()
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 is boosted: Gamma(a) = Gamma(a + 1) · U^(1/a). */
export function sampleGamma(shape: number, random: () => number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`sampleGamma: shape must be > 0, got ${shape}`)
  if (shape < 1) return sampleGamma(shape + 1, random) * (1 - random()) ** (1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = sampleNormal(random)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = random()
    const x2 = x * x
    if (u < 1 - 0.0331 * x2 * x2) return d * v
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
  }
}

/** log of a Gamma(shape, 1) variate, finite even when the boost U^(1/a) underflows (tiny shapes). */
function sampleLogGamma(shape: number, random: () => number): number {
  if (shape >= 1) return Math.log(sampleGamma(shape, random))
  return Math.log(sampleGamma(shape + 1, random)) + Math.log(1 - random()) / shape
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); in log space when a shape is below 1. */
export function sampleBeta(a: number, b: number, random: () => number): number {
  if (a < 1 || b < 1) {
    const lx = sampleLogGamma(a, random)
    const ly = sampleLogGamma(b, random)
    return 1 / (1 + Math.exp(ly - lx))
  }
  const x = sampleGamma(a, random)
  const y = sampleGamma(b, random)
  return x / (x + y)
}

// ---------------------------------------------------------------------------------------------------------------
// Beta distribution functions (for the credible intervals)

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0 (Lanczos, g = 7: ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  const z = x - 1
  let sum = LANCZOS[0]!
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

/** ψ(x), x > 0: recurrence up to 6, then the asymptotic series. */
export function digamma(x: number): number {
  let acc = 0
  while (x < 6) {
    acc -= 1 / x
    x += 1
  }
  const inv2 = 1 / (x * x)
  return acc + Math.log(x) - 0.5 / x - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 / 252))
}

/** ψ'(x), x > 0: recurrence up to 6, then the asymptotic series. */
export function trigamma(x: number): number {
  let acc = 0
  while (x < 6) {
    acc += 1 / (x * x)
    x += 1
  }
  const inv = 1 / x
  const inv2 = inv * inv
  return acc + inv + inv2 / 2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 / 30)))
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b)

/** Continued fraction of the incomplete beta (modified Lentz); converges fast for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  // Needs O(sqrt(max(a, b))) terms: 1e5 covers shapes up to ~1e10 (ten billion sends).
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-15) break
  }
  return h
}

/** Regularized incomplete beta I_x(a, b): the Beta(a, b) CDF at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b))
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/**
 * The p-quantile of Beta(a, b): Newton steps on the CDF (the density is its derivative), kept inside a shrinking
 * bracket and replaced by bisection whenever a step leaves it, so it is exact for small counts and large alike.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0
  if (p >= 1) return 1
  const lb = logBeta(a, b)
  let lo = 0
  let hi = 1
  const mean = a / (a + b)
  let x = mean
  for (let i = 0; i < 300; i++) {
    const f = betaCdf(x, a, b) - p
    if (f === 0) return x
    if (f < 0) lo = x
    else hi = x
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb)
    let next = x - f / density
    // A step outside the bracket (or a density of 0 or ∞ at a shape below 1) falls back to bisection.
    if (!(density > 0 && density < Number.POSITIVE_INFINITY && next > lo && next < hi)) next = (lo + hi) / 2
    if (Math.abs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * hi) return next
    x = next
  }
  return x
}

// ---------------------------------------------------------------------------------------------------------------
// Posteriors and scores

/** Counts as the posteriors see them: non-negative, clicks ≤ sends, conversions ≤ clicks (events can race). */
function clean(c: ArmCounts | undefined): { sends: number; clicks: number; conversions: number } {
  const sends = c && c.sends > 0 && Number.isFinite(c.sends) ? c.sends : 0
  const clicks = c && c.clicks > 0 ? Math.min(c.clicks, sends) : 0
  const conversions = c && c.conversions > 0 ? Math.min(c.conversions, clicks) : 0
  return { sends, clicks, conversions }
}

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

function score(
  arm: CreativeArm,
  context: ContactContext | null,
  floor: number,
  random: () => number,
): { score: number; ctr: number; cvr: number; value: number } {
  const value = scoringValue(arm, floor)
  const ctr = sampleRate(arm, 'ctr', context, random)
  const cvr = arm.payoutType === 'cpc' ? 1 : sampleRate(arm, 'cvr', context, random)
  return { score: ctr * cvr * value, ctr, cvr, value }
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
 * An offer as one arm: its creatives' counts summed, globally and for the context's values only. Its payout is the
 * first creative's (they share the offer, so they share the payout).
 */
function offerArm(arms: readonly CreativeArm[], context: ContactContext): CreativeArm {
  const first = arms[0]!
  const merged: CreativeArm = {
    creativeId: first.creativeId,
    offerId: first.offerId,
    payout: first.payout,
    payoutType: first.payoutType,
    global: zeroCounts(),
    byContext: {},
  }
  for (const arm of arms) addCounts(merged.global, arm.global)
  for (const f of CONTEXT_FEATURES) {
    const value = context[f]
    if (value === undefined) continue
    const sum = zeroCounts()
    for (const arm of arms) addCounts(sum, arm.byContext[f]?.[value])
    merged.byContext[f] = { [value]: sum }
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
  const conditionOn = options.contextual ? ctx : null

  const candidates: CandidateScore[] = new Array(arms.length)
  for (let i = 0; i < arms.length; i++) {
    const arm = arms[i]!
    const s = score(arm, conditionOn, floor, random)
    candidates[i] = { creative_id: arm.creativeId, offer_id: arm.offerId, ...s }
  }

  let offers: OfferScore[] | undefined
  let eligible: string | null = null // two-step: the chosen offer
  if (options.mode === 'thompson_two_step') {
    const byOffer = new Map<string, CreativeArm[]>()
    for (const arm of arms) {
      const list = byOffer.get(arm.offerId)
      if (list) list.push(arm)
      else byOffer.set(arm.offerId, [arm])
    }
    offers = []
    let best = -1
    for (const [offerId, members] of byOffer) {
      const s = score(offerArm(members, ctx), conditionOn, floor, random)
      offers.push({ offer_id: offerId, ...s })
      if (s.score > best) {
        best = s.score
        eligible = offerId
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

// ---------------------------------------------------------------------------------------------------------------
// Contact context

/** Provider and CSV spellings of line types, matched on lower-cased text with separators removed. */
function lineTypeBucket(raw: string | null): string {
  if (!raw) return 'unknown'
  const t = raw.toLowerCase().replace(/[\s_-]+/g, '')
  if (t === '') return 'unknown'
  if (t.includes('voip') || t === 'voiceoverip') return 'voip'
  if (/^(mobile|cell|cellphone|cellular|wireless|mobilephone|cellularphone)$/.test(t)) return 'mobile'
  if (/^(landline|fixed|fixedline|wireline|land|landlinephone)$/.test(t)) return 'landline'
  return 'unknown'
}

const ZONE_BANDS: Record<string, string> = {
  'America/New_York': 'eastern',
  'America/Detroit': 'eastern',
  'America/Toronto': 'eastern',
  'America/Montreal': 'eastern',
  'America/Nipigon': 'eastern',
  'America/Thunder_Bay': 'eastern',
  'America/Iqaluit': 'eastern',
  'America/Fort_Wayne': 'eastern',
  'America/Indianapolis': 'eastern',
  'America/Louisville': 'eastern',
  'US/Eastern': 'eastern',
  'US/Michigan': 'eastern',
  'US/East-Indiana': 'eastern',
  EST5EDT: 'eastern',
  EST: 'eastern',
  'America/Chicago': 'central',
  'America/Menominee': 'central',
  'America/Winnipeg': 'central',
  'America/Regina': 'central',
  'America/Swift_Current': 'central',
  'America/Rainy_River': 'central',
  'America/Rankin_Inlet': 'central',
  'America/Resolute': 'central',
  'America/Indiana/Knox': 'central',
  'America/Indiana/Tell_City': 'central',
  'America/Knox_IN': 'central',
  'US/Central': 'central',
  'US/Indiana-Starke': 'central',
  CST6CDT: 'central',
  'America/Denver': 'mountain',
  'America/Boise': 'mountain',
  'America/Phoenix': 'mountain',
  'America/Edmonton': 'mountain',
  'America/Cambridge_Bay': 'mountain',
  'America/Inuvik': 'mountain',
  'America/Yellowknife': 'mountain',
  'America/Creston': 'mountain',
  'America/Dawson_Creek': 'mountain',
  'America/Fort_Nelson': 'mountain',
  'America/Whitehorse': 'mountain',
  'America/Dawson': 'mountain',
  'America/Shiprock': 'mountain',
  'US/Mountain': 'mountain',
  'US/Arizona': 'mountain',
  MST7MDT: 'mountain',
  MST: 'mountain',
  'America/Los_Angeles': 'pacific',
  'America/Vancouver': 'pacific',
  'America/Tijuana': 'pacific',
  'US/Pacific': 'pacific',
  PST8PDT: 'pacific',
  'America/Anchorage': 'alaska_hawaii',
  'America/Juneau': 'alaska_hawaii',
  'America/Sitka': 'alaska_hawaii',
  'America/Yakutat': 'alaska_hawaii',
  'America/Nome': 'alaska_hawaii',
  'America/Metlakatla': 'alaska_hawaii',
  'America/Adak': 'alaska_hawaii',
  'America/Atka': 'alaska_hawaii',
  'Pacific/Honolulu': 'alaska_hawaii',
  'Pacific/Johnston': 'alaska_hawaii',
  'US/Alaska': 'alaska_hawaii',
  'US/Aleutian': 'alaska_hawaii',
  'US/Hawaii': 'alaska_hawaii',
  HST: 'alaska_hawaii',
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/

/** The US/Canada time band of an IANA zone; other zones are 'other', a missing or malformed one 'unknown'. */
function tzBand(zone: string | null): string {
  if (!zone) return 'unknown'
  const z = zone.trim()
  const band = ZONE_BANDS[z]
  if (band) return band
  // Indiana and Kentucky counties keep eastern time except the two Indiana zones listed above; North Dakota's are central.
  if (z.startsWith('America/Indiana/') || z.startsWith('America/Kentucky/')) return 'eastern'
  if (z.startsWith('America/North_Dakota/')) return 'central'
  return ZONE_NAME.test(z) ? 'other' : 'unknown'
}

const DAY_MS = 86_400_000

function recencyBucket(lastClickedAt: Date | null, now: Date): string {
  if (!lastClickedAt) return 'never'
  const age = now.getTime() - lastClickedAt.getTime()
  if (Number.isNaN(age)) return 'never'
  if (age <= 7 * DAY_MS) return 'clicked_7d'
  if (age <= 30 * DAY_MS) return 'clicked_30d'
  return 'clicked_older'
}

/** The context values a contact is selected (and counted) under. */
export function contactContext(contact: ContactFacts, now: Date): ContactContext {
  const carrier = contact.carrier?.trim().toLowerCase().replace(/\s+/g, ' ')
  return {
    carrier: carrier ? carrier : 'unknown',
    line_type: lineTypeBucket(contact.lineType),
    tz_band: tzBand(contact.timezone),
    recency: recencyBucket(contact.lastClickedAt, now),
  }
}
