// Offline evaluation of ML creative selection (issue 6): uniform A/B split, context-free Thompson sampling,
// contextual Thompson sampling (core/bandit selectCreative: per-feature, as production; logistic and tempered, tried
// for issue 15 and not adopted) and the oracle, on one simulated population.
//
// The world: contacts with a carrier (4), line type (3), timezone band (4) and engagement recency (4), drawn with
// skewed, partly correlated frequencies (VoIP numbers mostly sit on the smaller carriers); 7 automated creatives over
// 3 offers (two cpa offers at $45 and $28, one cpc offer at $2.40 a click). True click and conversion probabilities
// are products of plausible effects on the probability scale, not a logit sum: engaged contacts click more on
// everything, one loan creative's "welcome back" copy gains a lot on recent clickers but only on mobile phones (a
// joint effect no per-feature model can represent exactly), one carrier filters the emoji insurance creative and
// another the "you won" sweepstakes one, lenders reject VoIP numbers (conversion), and so on.
//
// Each policy sends 100k messages to the same contact stream with the same outcome draws (common random numbers);
// the policies see counts refreshed every 1,000 sends (production caches posteriors for ~30 s). Revenue per send is
// scored two ways: expected (the true expected revenue of the chosen creative for that contact, free of outcome
// noise: the primary number) and realized (the simulated clicks and conversions). Several seeds; mean ± sd.
//   npm run bench:bandit        (pure CPU, no services; BENCH_SEEDS (5), BENCH_SENDS (100000), BENCH_BATCH (1000))
// The last stdout line is the results as JSON. The world is in bandit-world.ts, the simulation (settings, policies,
// stream, counts, runs) in bandit-simulation.ts, the tables in bandit-report.ts; this file runs them in order.
import type { CreativeArm } from '../core/bandit.js'
import { fitArms } from '../core/bandit-logistic.js'
import { fitTempered } from '../core/bandit-tempered.js'
import { label, pct, policyRows, printTables, stat } from './bandit-report.js'
import {
  BATCH,
  CHECKPOINTS,
  FIRST_SEED,
  fitCost,
  greedyFinal,
  makeStream,
  POLICIES,
  type Policy,
  type RunResult,
  run,
  SEEDS,
  SENDS,
  selectionCost,
  WINDOW,
} from './bandit-simulation.js'
import { CELLS, CREATIVES, K, worldSummary } from './bandit-world.js'

const world = worldSummary()
console.log(
  `world: ${CELLS.length} context cells, ${K} creatives over 3 offers; population-average true RPS per creative:`,
)
for (const [k, cr] of CREATIVES.entries()) {
  console.log(
    `  ${cr.id} ${cr.name.padEnd(20)} ${cr.payoutType} $${cr.payout}  CTR ${(100 * world.ctrs[k]!).toFixed(2)}%  RPS $${world.perCreative[k]!.toFixed(4)}  oracle picks it for ${(100 * world.oracleShare[k]!).toFixed(1)}% of contacts`,
  )
}
console.log(
  `  expected RPS: uniform $${world.uniform.toFixed(4)}, best single creative (${CREATIVES[world.best]!.id}) $${world.perCreative[world.best]!.toFixed(4)} (${((100 * world.perCreative[world.best]!) / world.oracle).toFixed(1)}% of oracle), oracle $${world.oracle.toFixed(4)}`,
)
console.log(
  `${SEEDS} seeds × ${SENDS.toLocaleString('en-US')} sends per policy, counts refreshed every ${BATCH} sends`,
)

const perSeed = Object.fromEntries(POLICIES.map((p) => [p, [] as RunResult[]])) as Record<Policy, RunResult[]>
let trained: CreativeArm[] = []
let trainedPerFeature: CreativeArm[] = []
const greedy: number[] = []
const greedyPerFeature: number[] = []
const greedyTempered: number[] = []
let trainedTempered: CreativeArm[] = []
const t0 = performance.now()
for (let s = FIRST_SEED; s < FIRST_SEED + SEEDS; s++) {
  const stream = makeStream(s)
  for (const policy of POLICIES) {
    const r = run(policy, stream, s)
    perSeed[policy].push(r)
    if (policy === 'contextual') {
      if (s === FIRST_SEED) trained = r.arms
      greedy.push(greedyFinal(r.arms) / world.oracle)
    }
    if (policy === 'contextual_tempered') {
      if (s === FIRST_SEED) trainedTempered = r.arms
      greedyTempered.push(greedyFinal(r.arms, 'tempered') / world.oracle)
    }
    if (policy === 'contextual_per_feature') {
      if (s === FIRST_SEED) trainedPerFeature = r.arms
      greedyPerFeature.push(greedyFinal(r.arms) / world.oracle)
    }
  }
  const line = POLICIES.map((p) => `${p} ${perSeed[p][s - FIRST_SEED]!.expectedLast.toFixed(4)}`).join(', ')
  console.log(`  seed ${s} (last ${WINDOW.toLocaleString('en-US')}, expected RPS): ${line}`)
}
const simSeconds = (performance.now() - t0) / 1000

const rows = policyRows(perSeed)
printTables(rows, world)

// Selection cost on the counts the contextual run ended with (7 arms), and with 3 more arms (~10).
const tenOf = (arms: CreativeArm[]) => [
  ...arms,
  ...arms.slice(0, 3).map((a, j) => ({ ...a, creativeId: 900 + j })),
]
// BENCH_POLICIES may leave a model out.
const full = trained.length > 0 && trainedPerFeature.length > 0 && trainedTempered.length > 0
const ten = tenOf(trained)
const tenPerFeature = tenOf(trainedPerFeature)
const tenTempered = tenOf(trainedTempered)
const cost = full
  ? {
      tempered_7: selectionCost(trainedTempered, 'thompson_single_step', true, 'tempered'),
      tempered_10: selectionCost(tenTempered, 'thompson_single_step', true, 'tempered'),
      tempered_two_step_10: selectionCost(tenTempered, 'thompson_two_step', true, 'tempered'),
      tempered_fit_10_ms: fitCost(tenTempered, fitTempered),
      contextual_7: selectionCost(trained, 'thompson_single_step', true),
      contextual_10: selectionCost(ten, 'thompson_single_step', true),
      context_free_10: selectionCost(ten, 'thompson_single_step', false),
      contextual_two_step_10: selectionCost(ten, 'thompson_two_step', true),
      per_feature_10: selectionCost(tenPerFeature, 'thompson_single_step', true),
      per_feature_two_step_10: selectionCost(tenPerFeature, 'thompson_two_step', true),
      fit_10_ms: fitCost(ten, fitArms),
    }
  : null
if (cost)
  console.log(
    `\nSelection cost (µs per selection): tempered (not adopted) 7 arms ${cost.tempered_7.toFixed(1)}, 10 arms ${cost.tempered_10.toFixed(1)}, two-step 10 arms ${cost.tempered_two_step_10.toFixed(1)}, its fit (once per counts refresh, 10 arms) ${cost.tempered_fit_10_ms.toFixed(3)} ms; logistic contextual 7 arms ${cost.contextual_7.toFixed(1)}, 10 arms ${cost.contextual_10.toFixed(1)}, two-step 10 arms ${cost.contextual_two_step_10.toFixed(1)}; context-free 10 arms ${cost.context_free_10.toFixed(1)}; per-feature (production) 10 arms ${cost.per_feature_10.toFixed(1)}, two-step ${cost.per_feature_two_step_10.toFixed(1)}. Fitting the logistic model (once per counts refresh, 10 arms): ${cost.fit_10_ms.toFixed(2)} ms`,
  )
const greedyText = (xs: number[]) => (xs.length > 0 ? pct(stat(xs)) : 'not run')
console.log(
  `Model at the end of the run, exploited greedily (no exploration), on the population: logistic ${greedyText(greedy)}, per-feature (production) ${greedyText(greedyPerFeature)}, tempered ${greedyText(greedyTempered)} of oracle`,
)
const goal = (policy: Policy) => {
  const r = rows.find((x) => x.policy === policy)
  return r
    ? `${label[policy]} ${r.pct_oracle_last.mean >= 0.9 ? 'met' : 'NOT met'} (${(100 * r.pct_oracle_last.mean).toFixed(1)}%)`
    : `${label[policy]} not run`
}
console.log(
  `Goal (≥ 90% of oracle RPS, last ${WINDOW.toLocaleString('en-US')} sends): ${goal('contextual_per_feature')}; ${goal('contextual_tempered')}; simulation ${simSeconds.toFixed(0)} s`,
)
console.log(
  JSON.stringify({
    bench: 'bandit',
    seeds: SEEDS,
    first_seed: FIRST_SEED,
    sends: SENDS,
    batch: BATCH,
    window: WINDOW,
    world: {
      uniform_rps: world.uniform,
      best_single_rps: world.perCreative[world.best],
      oracle_rps: world.oracle,
    },
    rows,
    checkpoints: CHECKPOINTS,
    contextual_greedy_final_pct_oracle: stat(greedy),
    per_feature_greedy_final_pct_oracle: stat(greedyPerFeature),
    selection_us: cost,
  }),
)
