// The bandit's seeded random source, samplers, Beta quantiles and posterior summaries (core/bandit).
import fc from 'fast-check'
import t from 'tap'
import {
  betaCdf,
  betaQuantile,
  posteriorSummary,
  sampleBeta,
  sampleGamma,
  sampleNormal,
  seededRandom,
} from '../../core/bandit.js'
import { counts } from '../harness/arm-counts.js'

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0
  let sq = 0
  for (let i = 0; i < n; i++) {
    const x = draw()
    sum += x
    sq += x * x
  }
  const mean = sum / n
  return { mean, variance: sq / n - mean * mean }
}

t.test('seededRandom: mulberry32, deterministic per seed, in [0, 1)', async (t) => {
  const a = seededRandom(42)
  const b = seededRandom(42)
  const c = seededRandom(43)
  const xs = Array.from({ length: 1000 }, () => a())
  t.same(
    Array.from({ length: 1000 }, () => b()),
    xs,
  )
  t.not(c(), xs[0])
  t.ok(xs.every((x) => x >= 0 && x < 1))
  // Reference value of mulberry32(1)'s first output.
  t.equal(seededRandom(1)(), 0.6270739405881613)
  const { mean, variance } = moments(seededRandom(7), 100_000)
  t.ok(Math.abs(mean - 0.5) < 0.005, `uniform mean ${mean}`)
  t.ok(Math.abs(variance - 1 / 12) < 0.002, `uniform variance ${variance}`)
})

t.test('sampleNormal and sampleGamma match their moments (shape < 1 through the boost)', async (t) => {
  const random = seededRandom(3)
  const normal = moments(() => sampleNormal(random), 100_000)
  t.ok(Math.abs(normal.mean) < 0.015, `normal mean ${normal.mean}`)
  t.ok(Math.abs(normal.variance - 1) < 0.02, `normal variance ${normal.variance}`)
  for (const shape of [0.2, 0.7, 1, 3.5, 200]) {
    const g = moments(() => sampleGamma(shape, random), 100_000)
    // Gamma(k, 1): mean k, variance k. Tolerances are ~5 standard errors.
    t.ok(Math.abs(g.mean - shape) < 5 * Math.sqrt(shape / 100_000), `gamma(${shape}) mean ${g.mean}`)
    t.ok(Math.abs(g.variance / shape - 1) < 0.06, `gamma(${shape}) variance ${g.variance}`)
  }
  t.throws(() => sampleGamma(0, random))
  t.throws(() => sampleGamma(Number.NaN, random))
})

t.test('sampleBeta: mean and variance for several shapes, including a, b < 1', async (t) => {
  const random = seededRandom(11)
  const n = 100_000
  for (const [a, b] of [
    [0.3, 0.7],
    [0.5, 0.5],
    [0.05, 0.05],
    [0.4, 6],
    [1, 1],
    [2, 5],
    [30, 300],
    [900, 40_000],
  ] as const) {
    const mean = a / (a + b)
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1))
    const m = moments(() => sampleBeta(a, b, random), n)
    t.ok(Math.abs(m.mean - mean) < 5 * Math.sqrt(variance / n), `Beta(${a}, ${b}) mean ${m.mean} vs ${mean}`)
    t.ok(Math.abs(m.variance / variance - 1) < 0.05, `Beta(${a}, ${b}) variance ${m.variance} vs ${variance}`)
  }
  // Tiny shapes put mass near 0 and 1 but never produce NaN.
  for (let i = 0; i < 10_000; i++) {
    const x = sampleBeta(0.01, 0.02, random)
    if (!(x >= 0 && x <= 1)) t.fail(`Beta(0.01, 0.02) gave ${x}`)
  }
})

t.test('betaQuantile inverts betaCdf; closed forms and known values', async (t) => {
  const close = (x: number, y: number, rel = 1e-9) => Math.abs(x - y) <= rel * Math.max(Math.abs(y), 1e-300)
  t.ok(close(betaQuantile(0.025, 2, 3), 0.06758598648854), 'Beta(2,3) 2.5%')
  t.ok(close(betaQuantile(0.975, 2, 3), 0.80587955031676), 'Beta(2,3) 97.5%')
  for (const b of [1, 3, 50, 1e6]) {
    // Beta(1, b): F(x) = 1 − (1 − x)^b.
    t.ok(close(betaQuantile(0.025, 1, b), 1 - 0.975 ** (1 / b), 1e-8), `Beta(1, ${b})`)
  }
  t.ok(close(betaQuantile(0.9, 4, 1), 0.9 ** (1 / 4)), 'Beta(4, 1)')
  t.equal(betaQuantile(0, 2, 2), 0)
  t.equal(betaQuantile(1, 2, 2), 1)
  // Shapes below 1 put quantiles within 1e-12 of 0 or 1, where a double cannot hold them to 7 digits of the CDF;
  // the posteriors' shapes are ≥ 1.
  t.ok(
    Math.abs(betaCdf(betaQuantile(0.001, 0.2, 0.2), 0.2, 0.2) - 0.001) < 1e-12,
    'Beta(0.2, 0.2) lower tail',
  )
  t.ok(close(betaQuantile(0.5, 0.2, 0.2), 0.5), 'Beta(0.2, 0.2) median')
  fc.assert(
    fc.property(
      fc.double({ min: 0.5, max: 1e5, noNaN: true }),
      fc.double({ min: 0.5, max: 1e5, noNaN: true }),
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      (a, b, p) => {
        const x = betaQuantile(p, a, b)
        return x >= 0 && x <= 1 && Math.abs(betaCdf(x, a, b) - p) < 1e-7
      },
    ),
    { numRuns: 300 },
  )
})

t.test('posteriorSummary: means, 95% intervals, rps', async (t) => {
  const none = posteriorSummary(counts(0, 0, 0), 30, 'cpa')
  t.same(none.ctr, { mean: 0.5, low: 0.025, high: 0.975 }, 'no data: the uniform prior')
  const s = posteriorSummary(counts(1000, 40, 4), 30, 'cpa')
  t.equal(s.ctr.mean, 0.0409182) // 41 / 1002, 6 significant digits
  t.equal(s.cvr.mean, 0.119048) // 5 / 42
  t.equal(s.rps, Number(((41 / 1002) * (5 / 42) * 30).toPrecision(6)))
  t.ok(s.ctr.low < s.ctr.mean && s.ctr.mean < s.ctr.high)
  t.ok(s.cvr.low < s.cvr.mean && s.cvr.mean < s.cvr.high)
  // Known interval of Beta(41, 961).
  t.equal(s.ctr.low, Number(betaQuantile(0.025, 41, 961).toPrecision(6)))

  const more = posteriorSummary(counts(100_000, 4000, 400), 30, 'cpa')
  t.ok(
    more.ctr.high - more.ctr.low < (s.ctr.high - s.ctr.low) / 5,
    'ten-fold data narrows the interval ~√10×',
  )
  t.ok(more.ctr.low < more.ctr.mean && more.ctr.mean < more.ctr.high)

  const cpc = posteriorSummary(counts(1000, 40, 4), 2, 'cpc')
  t.equal(cpc.rps, Number(((41 / 1002) * 2).toPrecision(6)), 'cpc: CTR × value, no conversion term')
  t.equal(posteriorSummary(counts(1000, 40, 0), 2, 'cpc').rps, cpc.rps, 'cpc ignores conversions')
  t.equal(
    posteriorSummary(counts(1000, 40, 4), 5, 'cpa').rps,
    Number(((41 / 1002) * (5 / 42) * 5).toPrecision(6)),
    'not floored',
  )

  // Racing events (clicks before their send, conversions without a counted click, negatives) are clamped.
  const odd = posteriorSummary(counts(10, 25, 40), 30, 'cpa')
  t.equal(odd.ctr.mean, Number((11 / 12).toPrecision(6)))
  t.equal(odd.cvr.mean, Number((11 / 12).toPrecision(6)))
  const negative = posteriorSummary(counts(-5, -1, -1), 30, 'cpa')
  t.same(negative.ctr, none.ctr)

  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (sends, ctr, cvr) => {
        const clicks = Math.floor(sends * ctr)
        const p = posteriorSummary(counts(sends, clicks, Math.floor(clicks * cvr)), 30, 'cpa')
        return [p.ctr, p.cvr].every((i) => i.low <= i.mean && i.mean <= i.high && i.low >= 0 && i.high <= 1)
      },
    ),
    { numRuns: 200 },
  )
})
