// The tables of bench/bandit.ts: mean ± sd over the seeds, each policy's row and label, and the markdown tables.
import {
  CHECKPOINTS,
  FIRST_SEED,
  POLICIES,
  type Policy,
  type RunResult,
  SEEDS,
  SENDS,
  WINDOW,
} from './bandit-simulation.js'

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const sd = (xs: number[]) => {
  if (xs.length < 2) return 0
  const m = mean(xs)
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1))
}
export const stat = (xs: number[]) => ({
  mean: mean(xs),
  sd: sd(xs),
  min: Math.min(...xs),
  max: Math.max(...xs),
})
type Stat = ReturnType<typeof stat>
const money = (s: Stat) => `${s.mean.toFixed(4)} ± ${s.sd.toFixed(4)}`
export const pct = (s: Stat) =>
  `${(100 * s.mean).toFixed(1)}% ± ${(100 * s.sd).toFixed(1)} (${(100 * s.min).toFixed(1)}–${(100 * s.max).toFixed(1)})`

/** Each policy's row of the tables and of the JSON line: its runs over the seeds, and their shares of the oracle's. */
export function policyRows(perSeed: Record<Policy, RunResult[]>) {
  return POLICIES.map((policy) => {
    const runs = perSeed[policy]
    const ofOracle = (pick: (r: RunResult) => number) =>
      stat(runs.map((r, j) => pick(r) / pick(perSeed.oracle[j]!)))
    return {
      policy,
      expected_rps_all: stat(runs.map((r) => r.expectedAll)),
      expected_rps_last: stat(runs.map((r) => r.expectedLast)),
      pct_oracle_all: ofOracle((r) => r.expectedAll),
      pct_oracle_last: ofOracle((r) => r.expectedLast),
      realized_rps_all: stat(runs.map((r) => r.realizedAll)),
      realized_rps_last: stat(runs.map((r) => r.realizedLast)),
      realized_pct_oracle_last: ofOracle((r) => r.realizedLast),
      regret: CHECKPOINTS.map((_, j) => stat(runs.map((r) => r.regret[j]!))),
    }
  })
}
export type PolicyRow = ReturnType<typeof policyRows>[number]

export const label: Record<Policy, string> = {
  uniform: 'uniform A/B split',
  thompson: 'Thompson, context-free (single step)',
  contextual_per_feature: 'Thompson, per-feature contextual, production (single step)',
  contextual_per_feature_two_step: 'Thompson, per-feature contextual, production (two step)',
  contextual: 'Thompson, logistic contextual (single step)',
  contextual_two_step: 'Thompson, logistic contextual (two step)',
  contextual_tempered: 'tempered optimistic Thompson, per-feature contextual, not adopted (single step)',
  contextual_tempered_two_step:
    'tempered optimistic Thompson, per-feature contextual, not adopted (two step)',
  oracle: 'oracle (true probabilities)',
}

/** The expected revenue, realized revenue and cumulative regret tables; shares are of the population's oracle RPS. */
export function printTables(rows: PolicyRow[], world: { oracle: number }): void {
  console.log(
    `\nExpected revenue per send (true expected revenue of each choice), mean ± sd over ${SEEDS} seeds (${FIRST_SEED}–${FIRST_SEED + SEEDS - 1}):\n`,
  )
  console.log(
    `| policy | RPS, all ${SENDS.toLocaleString('en-US')} | % of oracle | RPS, last ${WINDOW.toLocaleString('en-US')} | % of oracle (min–max) |`,
  )
  console.log('|---|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${label[r.policy]} | $${money(r.expected_rps_all)} | ${pct(r.pct_oracle_all)} | $${money(r.expected_rps_last)} | ${pct(r.pct_oracle_last)} |`,
    )
  }
  console.log('\nRealized revenue per send (simulated clicks and conversions; noisier):\n')
  console.log(
    `| policy | RPS, all ${SENDS.toLocaleString('en-US')} | RPS, last ${WINDOW.toLocaleString('en-US')} | % of oracle, last |`,
  )
  console.log('|---|---:|---:|---:|')
  for (const r of rows) {
    console.log(
      `| ${label[r.policy]} | $${money(r.realized_rps_all)} | $${money(r.realized_rps_last)} | ${pct(r.realized_pct_oracle_last)} |`,
    )
  }

  console.log(
    '\nCumulative regret against the oracle (true expected revenue lost, $; mean ± sd), and its share of the oracle:\n',
  )
  console.log(`| policy | ${CHECKPOINTS.map((n) => `${n.toLocaleString('en-US')} sends`).join(' | ')} |`)
  console.log(`|---|${CHECKPOINTS.map(() => '---:').join('|')}|`)
  for (const r of rows) {
    const cells = r.regret.map((s, j) => {
      const share = s.mean / (world.oracle * CHECKPOINTS[j]!)
      return `$${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)} (${(100 * share).toFixed(1)}%)`
    })
    console.log(`| ${label[r.policy]} | ${cells.join(' | ')} |`)
  }
}
