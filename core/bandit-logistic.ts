// Logistic Thompson sampling over joint-context counts (spec §10; Chapelle & Li 2011, Laplace approximation). Pure.
//
// Each rate (CTR over sends, conversion rate over clicks) of a creative is logit p = b + Σ_f w[f, value], fitted on
// its counts per joint context (one row per (carrier, line type, tz band, recency) cell), so a value's effect is
// estimated with the other features held fixed: the per-feature counts cannot separate them once the selector has
// sent each creative to a skewed mix of contacts. Two levels, empirical Bayes: context effects are first fitted
// once across the creatives that share them (every creative for CTR, the offer's creatives for conversion, which
// happens on the offer's page), each creative with its own intercept; a creative's own effects are then fitted
// shrunk toward those shared effects, so a creative needs evidence to differ from the others and learns from their
// sends until it has it. Selection samples the context's logit from the Laplace posterior N(x·μ, xᵀΣx): a scalar
// per creative and rate, a few dozen multiplications.
import type { ArmCounts, ContactContext, CreativeArm } from './bandit-types.js'
import { CONTEXT_FEATURES, oncePerArms } from './bandit-types.js'

/** creative_stats feature of the joint-context rows (value: cellKey). */
export const CELL_FEATURE = 'cell'

/** The joint-context key of a context: its feature values in CONTEXT_FEATURES order, null where absent. */
export const cellKey = (context: ContactContext): string =>
  JSON.stringify(CONTEXT_FEATURES.map((f) => context[f] ?? null))

/** Prior sd (logit scale) of a shared context effect: a value moves a rate by up to ~×7 (95%) before data. */
export const SHARED_EFFECT_SD = 1
/** Prior sd of a creative's own deviation from the shared CTR effect: up to ~×2.7 (95%) before data. */
export const CREATIVE_EFFECT_SD = 0.5
/**
 * Prior sd of a creative's own deviation from its offer's conversion effect: small, because the conversion happens
 * on the offer's page: the copy changes who clicks, much less how the page converts a given contact.
 */
export const CREATIVE_CVR_EFFECT_SD = 0.15
/** Prior sd of a creative's base rate around its group's (weak: creatives differ a lot in who clicks). */
export const INTERCEPT_SD = 2
/** The logistic model is used when the cells hold at least this share of the creative's sends. */
export const MIN_CELL_COVERAGE = 0.5

/** Laplace posterior of one rate: mean and covariance over [intercept, effect per vocabulary value]. */
export interface RateModel {
  mean: Float64Array
  /** Row-major (1 + V)². */
  cov: Float64Array
}

export interface ArmModel {
  ctr: RateModel
  /** null for a cpc creative (no conversion term). */
  cvr: RateModel | null
}

export interface FittedArms {
  /** `${feature}\u0000${value}` → coefficient index (1…V). */
  vocab: Map<string, number>
  /** Per arm (same order); null: the arm has no (or too few) cell counts and uses the per-feature model. */
  models: Array<ArmModel | null>
}

interface Observation {
  /** Coefficient indices of the cell's values (1…V). */
  x: Int32Array
  trials: number
  successes: number
}

const clampCounts = (c: ArmCounts | undefined) => {
  const sends = c && c.sends > 0 && Number.isFinite(c.sends) ? c.sends : 0
  const clicks = c && c.clicks > 0 ? Math.min(c.clicks, sends) : 0
  const conversions = c && c.conversions > 0 ? Math.min(c.conversions, clicks) : 0
  return { sends, clicks, conversions }
}

const vocabKey = (feature: string, value: string) => `${feature}\u0000${value}`

function parseCell(key: string): Array<string | null> | null {
  try {
    const v: unknown = JSON.parse(key)
    if (!Array.isArray(v) || v.length !== CONTEXT_FEATURES.length) return null
    return v.map((x) => (typeof x === 'string' && x !== '' ? x : null))
  } catch {
    return null
  }
}

const usesCells = (arm: CreativeArm): boolean => {
  if (!arm.byCell) return false
  let sends = 0
  for (const c of Object.values(arm.byCell)) sends += clampCounts(c).sends
  return sends >= MIN_CELL_COVERAGE * clampCounts(arm.global).sends
}

const sigmoid = (l: number) => 1 / (1 + Math.exp(-l))
const logit = (p: number) => Math.log(p / (1 - p))

// ---------------------------------------------------------------------------------------------------------------
// Dense symmetric positive-definite algebra (n is 1 + the number of context values: tens)

/** In-place lower Cholesky factor of a row-major n×n SPD matrix; false if it is not positive definite. */
function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2
    if (!(d > 0)) return false
    const l = Math.sqrt(d)
    a[j * n + j] = l
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!
      a[i * n + j] = s / l
    }
  }
  return true
}

/** Solves L Lᵀ x = b in place of b. */
function cholSolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!
    b[i] = s / l[i * n + i]!
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!
    b[i] = s / l[i * n + i]!
  }
}

function cholInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n)
  const col = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    col.fill(0)
    col[j] = 1
    cholSolve(l, n, col)
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!
  }
  return inv
}

/**
 * MAP of a logistic model with a Gaussian prior (independent coordinates) by Newton's method; returns the mode and
 * the Laplace covariance (inverse Hessian of the negative log posterior at the mode). Each observation's linear
 * predictor is θ[rowIndex] + Σ θ[x[i]] + offset (indices into θ).
 */
function fitLogistic(
  n: number,
  priorMean: Float64Array,
  priorPrecision: Float64Array,
  obs: ReadonlyArray<{ row: number; x: Int32Array; offset: number; trials: number; successes: number }>,
): { mean: Float64Array; cov: Float64Array } {
  const theta = Float64Array.from(priorMean)
  const h = new Float64Array(n * n)
  const g = new Float64Array(n)
  const idx = new Int32Array(CONTEXT_FEATURES.length + 1)
  const hessian = (): void => {
    h.fill(0)
    g.fill(0)
    for (let i = 0; i < n; i++) {
      h[i * n + i] = priorPrecision[i]!
      g[i] = -priorPrecision[i]! * (theta[i]! - priorMean[i]!)
    }
    for (const o of obs) {
      idx[0] = o.row
      let m = 1
      let eta = theta[o.row]! + o.offset
      for (const j of o.x) {
        idx[m++] = j
        eta += theta[j]!
      }
      const p = sigmoid(eta)
      const resid = o.successes - o.trials * p
      const weight = o.trials * p * (1 - p)
      for (let a = 0; a < m; a++) {
        const ia = idx[a]!
        g[ia] = g[ia]! + resid
        for (let b = 0; b < m; b++) h[ia * n + idx[b]!] = h[ia * n + idx[b]!]! + weight
      }
    }
  }
  for (let iter = 0; iter < 30; iter++) {
    hessian()
    if (!cholesky(h, n)) break
    cholSolve(h, n, g)
    // Newton on a strictly concave log posterior; long first steps (from the prior mean) are capped for stability.
    let big = 0
    for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(g[i]!))
    const scale = big > 2 ? 2 / big : 1
    for (let i = 0; i < n; i++) theta[i] = theta[i]! + scale * g[i]!
    if (big < 1e-7) break
  }
  hessian()
  if (!cholesky(h, n)) {
    // Not reachable with positive prior precisions; the prior alone is the fallback.
    const cov = new Float64Array(n * n)
    for (let i = 0; i < n; i++) cov[i * n + i] = 1 / priorPrecision[i]!
    return { mean: theta, cov }
  }
  return { mean: theta, cov: cholInverse(h, n) }
}

// ---------------------------------------------------------------------------------------------------------------
// Fitting

type Kind = 'ctr' | 'cvr'

/** An arm's cells, parsed once per fit: the coefficient indices of each cell's values and its counts. */
interface Cell {
  x: Int32Array
  sends: number
  clicks: number
  conversions: number
}

function parseCells(arm: CreativeArm, vocab: Map<string, number>): Cell[] {
  const out: Cell[] = []
  for (const key in arm.byCell ?? {}) {
    const values = parseCell(key)
    if (!values) continue
    const c = clampCounts(arm.byCell![key])
    if (c.sends === 0) continue
    const x: number[] = []
    for (let f = 0; f < values.length; f++) {
      const v = values[f]
      if (v === null || v === undefined) continue
      const k = vocabKey(CONTEXT_FEATURES[f]!, v)
      let j = vocab.get(k)
      if (j === undefined) {
        j = vocab.size + 1
        vocab.set(k, j)
      }
      x.push(j)
    }
    out.push({ x: Int32Array.from(x), ...c })
  }
  return out
}

function observations(cells: readonly Cell[], kind: Kind): Observation[] {
  const out: Observation[] = []
  for (const c of cells) {
    const trials = kind === 'ctr' ? c.sends : c.clicks
    if (trials > 0) out.push({ x: c.x, trials, successes: kind === 'ctr' ? c.clicks : c.conversions })
  }
  return out
}

/** Fits one rate for a group of arms that share context effects; returns each arm's posterior (same order). */
function fitGroup(group: readonly Cell[][], kind: Kind, V: number): RateModel[] {
  const deviationSd = kind === 'ctr' ? CREATIVE_EFFECT_SD : CREATIVE_CVR_EFFECT_SD
  const G = group.length
  const data = group.map((cells) => observations(cells, kind))
  let trials = 0
  let successes = 0
  for (const d of data)
    for (const o of d) {
      trials += o.trials
      successes += o.successes
    }
  const pooled = logit((successes + 1) / (trials + 2))
  // Level 1: an intercept per arm (indices 0…G−1) and shared effects (G…G+V−1).
  const n1 = G + V
  const mean1 = new Float64Array(n1)
  const prec1 = new Float64Array(n1)
  for (let i = 0; i < G; i++) {
    mean1[i] = pooled
    prec1[i] = 1 / INTERCEPT_SD ** 2
  }
  for (let i = G; i < n1; i++) prec1[i] = 1 / SHARED_EFFECT_SD ** 2
  const obs1 = data.flatMap((d, i) =>
    d.map((o) => ({
      trials: o.trials,
      successes: o.successes,
      row: i,
      x: o.x.map((j) => G + j - 1),
      offset: 0,
    })),
  )
  const shared = fitLogistic(n1, mean1, prec1, obs1)
  let groupIntercept = 0
  for (let i = 0; i < G; i++) groupIntercept += shared.mean[i]! / G
  // Level 2, per arm: its intercept (0) and its deviations from the shared effects (1…V), with the shared effects
  // as a fixed offset. Their own uncertainty is left out on purpose: it is common to the arms, so it cancels when
  // they are compared, and sampling it independently per arm would only add noise to the comparison.
  return data.map((d) => {
    const n2 = 1 + V
    const mean2 = new Float64Array(n2)
    const prec2 = new Float64Array(n2)
    mean2[0] = groupIntercept
    prec2[0] = 1 / INTERCEPT_SD ** 2
    for (let j = 1; j < n2; j++) prec2[j] = 1 / deviationSd ** 2
    const obs2 = d.map((o) => {
      let offset = 0
      for (const j of o.x) offset += shared.mean[G + j - 1]!
      return { trials: o.trials, successes: o.successes, x: o.x, row: 0, offset }
    })
    const own = fitLogistic(n2, mean2, prec2, obs2)
    for (let j = 1; j < n2; j++) own.mean[j] = own.mean[j]! + shared.mean[G + j - 1]!
    return own
  })
}

/** Fits every arm that has cell counts; arms are treated as immutable (the fit is cached per arms array). */
export function fitArms(arms: readonly CreativeArm[]): FittedArms {
  const vocab = new Map<string, number>()
  const cells = arms.map((arm) => (usesCells(arm) ? parseCells(arm, vocab) : null))
  const V = vocab.size
  const models: Array<ArmModel | null> = arms.map(() => null)
  const ctrGroup = arms.map((_, i) => i).filter((i) => cells[i] !== null)
  const ctr = fitGroup(
    ctrGroup.map((i) => cells[i]!),
    'ctr',
    V,
  )
  ctrGroup.forEach((i, j) => {
    models[i] = { ctr: ctr[j]!, cvr: null }
  })
  const byOffer = new Map<string, number[]>()
  for (const i of ctrGroup) {
    if (arms[i]!.payoutType === 'cpc') continue
    const list = byOffer.get(arms[i]!.offerId)
    if (list) list.push(i)
    else byOffer.set(arms[i]!.offerId, [i])
  }
  for (const members of byOffer.values()) {
    const cvr = fitGroup(
      members.map((i) => cells[i]!),
      'cvr',
      V,
    )
    members.forEach((i, j) => {
      models[i]!.cvr = cvr[j]!
    })
  }
  return { vocab, models }
}

/** fitArms, once per arms array (production reuses one array for ~30 s of selections). */
export const fittedArms = oncePerArms(fitArms)

// ---------------------------------------------------------------------------------------------------------------
// Sampling

/**
 * The coefficient indices of a context's values: ≥ 1 for a value in the vocabulary, 0 for a value never seen
 * (its effect is its prior: mean 0, variance shared + own), absent features left out.
 */
export function contextIndices(fitted: FittedArms, context: ContactContext): number[] {
  const out: number[] = []
  for (const f of CONTEXT_FEATURES) {
    const v = context[f]
    if (v === undefined) continue
    out.push(fitted.vocab.get(vocabKey(f, v)) ?? 0)
  }
  return out
}

const UNSEEN_VARIANCE = SHARED_EFFECT_SD ** 2 + CREATIVE_EFFECT_SD ** 2

/** Posterior mean and variance of the context's logit under a rate model. */
export function logitMoments(
  model: RateModel,
  indices: readonly number[],
): { mean: number; variance: number } {
  const n = model.mean.length
  let mean = model.mean[0]!
  let variance = model.cov[0]!
  for (const i of indices) {
    if (i === 0) {
      variance += UNSEEN_VARIANCE
      continue
    }
    mean += model.mean[i]!
    variance += 2 * model.cov[i]! // cov(intercept, i)
    for (const j of indices) if (j !== 0) variance += model.cov[i * n + j]!
  }
  return { mean, variance: Math.max(variance, 0) }
}

/** One Thompson draw of the rate for the context: sigmoid of a normal logit sample. */
export function sampleRateLogistic(
  model: RateModel,
  indices: readonly number[],
  normal: () => number,
): number {
  const { mean, variance } = logitMoments(model, indices)
  return sigmoid(mean + Math.sqrt(variance) * normal())
}
