// With Kafka unreachable, redirects still answer at once and every click is spooled to local disk; when Kafka
// is back, the spool is replayed and the clicks appear in the report — a 302 that was answered is a click counted.
import { readdirSync } from 'node:fs'
import t from 'tap'
import { ingestApp } from '../../ingest/app.js'
import { createDeps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import { buildHttpApp } from '../../lib/server.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const message = await fixture.createMessage()
const code = message.links[0]!.code
const spoolDir = `${platform.config.dataDir}/shared-spool`

t.test('Kafka down: redirects answer and clicks are spooled', async (t) => {
  const config = {
    ...platform.config,
    kafkaBrokers: ['127.0.0.1:1'], // nothing listens there
    spoolDir,
  }
  const ingest = await buildHttpApp(ingestApp, createDeps(config, createLogger(config)))
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const res = await ingest.inject({
      method: 'GET',
      url: `/${code}`,
      headers: { 'user-agent': BROWSER },
    })
    const ms = performance.now() - started
    t.equal(res.statusCode, 302, 'the recipient is redirected')
    t.ok(ms < 500, `answered in ${ms.toFixed(1)} ms`)
  }
  t.equal(ingest.durableEvents.spooledCount, 5, 'every click went to the spool')
  await ingest.close()
  t.same(
    readdirSync(spoolDir).filter((f) => f.endsWith('.replay.jsonl')).length,
    1,
    'closing leaves the unsent clicks in one journal segment for replay',
  )
})

t.test('Kafka back: the spool is replayed and the clicks are reported', async (t) => {
  const config = { ...platform.config, spoolDir }
  const ingest = await buildHttpApp(ingestApp, createDeps(config, createLogger(config)))
  t.teardown(() => ingest.close())
  const report = await eventually(
    async () => {
      const res = await fetch(`${platform.apiUrl}/api/v2/reports/messages/${message.messageId}`, {
        headers: { 'x-api-key': fixture.apiKey },
      })
      const body = (await res.json()) as { total_clicks: number; clicks: number }
      return body.total_clicks === 5 ? body : undefined
    },
    30_000,
    'spooled clicks in the report',
  )
  t.equal(report.clicks, 1, 'one unique click')
  t.same(readdirSync(spoolDir), [], 'the replayed file is deleted')
})
