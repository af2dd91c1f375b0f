// The operator's side of /metrics: Prometheus alert rules that promtool accepts and whose unit tests pass (each
// alert fires on its failure and stays quiet on a healthy series), a scrape config for the split deployment, and a
// Grafana dashboard. Every trackly_* series they name is one this code exports, so a renamed metric fails here.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { registry } from '../../lib/metrics.js'
import { repoRoot } from '../../lib/paths.js'

const run = promisify(execFile)
const dir = join(repoRoot, 'deploy', 'prometheus')
const promtool = (...args: string[]) => run('promtool', args, { cwd: dir })

const exported = new Set(
  (await registry.getMetricsAsJSON()).flatMap((m) =>
    String(m.type) === 'histogram'
      ? [m.name, `${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`]
      : [m.name],
  ),
)
const referenced = (text: string) => [...new Set(text.match(/\btrackly_[a-z0-9_]+/g) ?? [])]

t.test('promtool accepts the rules and the scrape config, and the rules pass their unit tests', async (t) => {
  const rules = await promtool('check', 'rules', 'alerts.yml')
  t.match(rules.stdout, /SUCCESS: \d+ rules found/)
  await promtool('check', 'config', 'prometheus.yml')
  const tests = await promtool('test', 'rules', 'alerts.test.yml')
  t.match(tests.stdout, /SUCCESS/)
})

t.test('alerts cover the obvious failures and name only exported series', async (t) => {
  const text = readFileSync(join(dir, 'alerts.yml'), 'utf8')
  for (const alert of [
    'TracklyConsumerLagGrowing',
    'TracklyDeadLetters',
    'TracklyProviderErrorRate',
    'TracklyDispatchQueueDeep',
    'TracklyClickJournalBacklog',
    'TracklyHttpErrors',
    'TracklySchedulerStalled',
  ]) {
    t.match(text, `alert: ${alert}\n`)
  }
  for (const name of referenced(text)) t.ok(exported.has(name), `${name} is exported`)
})

t.test('the Grafana dashboard queries only exported series', async (t) => {
  const dashboard = JSON.parse(
    readFileSync(join(repoRoot, 'deploy', 'grafana', 'trackly-dashboard.json'), 'utf8'),
  )
  const panels = (dashboard.panels as { id: number; type: string; targets?: { expr: string }[] }[]).filter(
    (p) => p.type !== 'row',
  )
  t.ok(panels.length >= 15)
  t.equal(
    new Set(dashboard.panels.map((p: { id: number }) => p.id)).size,
    dashboard.panels.length,
    'unique ids',
  )
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((q) => q.expr))
  t.equal(
    exprs.length,
    panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0),
  )
  for (const name of referenced(exprs.join('\n'))) t.ok(exported.has(name), `${name} is exported`)
  for (const name of [
    'trackly_http_request_duration_seconds_bucket',
    'trackly_consumer_lag',
    'trackly_queue_jobs',
  ]) {
    t.ok(
      exprs.some((e) => e.includes(name)),
      `a panel shows ${name}`,
    )
  }
})
