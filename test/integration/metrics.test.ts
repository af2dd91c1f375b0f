// Prometheus metrics: consumer throughput, lag, batch timings and errors are exposed at /metrics, to local
// scrapers only (or to a scraper presenting the configured token).
import t from 'tap'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)

const metricValue = (text: string, name: string, labels: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}`))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

t.test('a click shows up in the consumer metrics of the processors', async (t) => {
  const message = await fixture.createMessage()
  const res = await fetch(`${platform.ingestUrl}/${message.links[0]!.code}`, { redirect: 'manual' })
  t.equal(res.status, 302)
  const text = await eventually(
    async () => {
      const body = await (await fetch(`${platform.apiUrl}/metrics`)).text()
      return (metricValue(body, 'trackly_consumer_events_total', 'topic="clicks"') ?? 0) >= 1
        ? body
        : undefined
    },
    30_000,
    'clicks counted in metrics',
  )
  t.match(text, /trackly_consumer_lag\{topic="clicks",partition="\d+"\} \d+/, 'lag per partition')
  t.match(text, /trackly_consumer_batch_duration_seconds_count\{topic="clicks"\} [1-9]/, 'batch timings')
  t.match(text, /# TYPE trackly_consumer_batch_errors_total counter/)
  t.match(text, /trackly_process_cpu_seconds_total/, 'default process metrics')
  const ingestMetrics = await fetch(`${platform.ingestUrl}/metrics`)
  t.equal(ingestMetrics.status, 200, 'ingest serves the same registry')
})

t.test('scrapers from public addresses are not answered', async (t) => {
  const res = await platform.api!.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })
  t.equal(res.statusCode, 404)
  const local = await platform.api!.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })
  t.equal(local.statusCode, 200)
})

t.test('provider calls, queue depth, the click journal and scheduler tasks are measured', async (t) => {
  const queue = dispatchQueue(t, platform)
  const message = await fixture.createMessage()
  await queue.add('send', { messageIds: [message.messageId] })
  const text = await eventually(
    async () => {
      const body = await (await fetch(`${platform.apiUrl}/metrics`)).text()
      const calls = metricValue(
        body,
        'trackly_provider_call_duration_seconds_count',
        'provider="simulator",outcome="accepted"',
      )
      // The scheduler's first campaign tick may land after the first send on a loaded machine: wait for both.
      const ticks = metricValue(
        body,
        'trackly_scheduler_task_duration_seconds_count',
        'task="campaigns",outcome="ok"',
      )
      return (calls ?? 0) >= 1 && (ticks ?? 0) >= 1 ? body : undefined
    },
    // Ticks run at start and then each minute: a first tick that lost a race is followed by the next one.
    90_000,
    'the simulator call and a campaign tick counted',
  )
  t.match(
    text,
    /trackly_provider_call_duration_seconds_bucket\{le="0.01",provider="simulator",outcome="accepted"\}/,
  )
  for (const state of ['waiting', 'active', 'delayed', 'failed']) {
    t.match(
      text,
      new RegExp(`trackly_queue_jobs\\{queue="dispatch",state="${state}"\\} \\d+`),
      `dispatch ${state}`,
    )
  }
  t.match(text, /trackly_click_journal_backlog \d+/, 'journal backlog')
  t.match(
    text,
    /trackly_scheduler_task_duration_seconds_count\{task="campaigns",outcome="ok"\} [1-9]/,
    'campaign ticks',
  )
  t.match(text, /# TYPE trackly_webhook_deliveries_total counter/)
})

t.test('redirects and postbacks are counted by outcome', async (t) => {
  const message = await fixture.createMessage()
  t.equal(
    (await fetch(`${platform.ingestUrl}/${message.links[0]!.code}`, { redirect: 'manual' })).status,
    302,
  )
  t.equal((await fetch(`${platform.ingestUrl}/NoSuchCode1`, { redirect: 'manual' })).status, 404)
  const forged = await fetch(
    `${platform.ingestUrl}/api/postbacks/everflow?click_id=${'A'.repeat(32)}&payout=5&transaction_id=t1`,
  )
  t.equal(forged.status, 400)
  const text = await (await fetch(`${platform.ingestUrl}/metrics`)).text()
  t.ok((metricValue(text, 'trackly_redirects_total', 'outcome="redirected"') ?? 0) >= 1, 'a redirect')
  t.ok((metricValue(text, 'trackly_redirects_total', 'outcome="not_found"') ?? 0) >= 1, 'a miss')
  t.ok(
    (metricValue(text, 'trackly_postbacks_total', 'route="network",outcome="forged_click_id"') ?? 0) >= 1,
    'a refused postback under its error code',
  )
})
