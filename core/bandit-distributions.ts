// Random variates and Beta distribution functions for the bandit (spec §10). Pure.

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
