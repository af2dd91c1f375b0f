// The live demo traffic of `./trackly run` (issue 14), over the real stack: for its few minutes (seconds here) it
// sends, clicks, converts and replies through the real queue, ingest and webhooks; the overview, the replies inbox
// and the live stream show exactly what it did; stop() ends it at once.
import t from 'tap'
import { seededRandom } from '../../core/bandit.js'
import type { LiveEvent } from '../../core/live.js'
import { createLogger } from '../../lib/logger.js'
import { startLiveDemo } from '../../services/demo-traffic.js'
import { openSse } from '../harness/live.js'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'

t.setTimeout(120_000)

const platform = await startTestPlatform(t, { simulatorReceiptDelayMs: 50 })
const { pool } = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const log = createLogger(platform.config)

async function demoTarget() {
  const fixture = await createFixture(platform, platform.ingestUrl)
  const creative = await pool.query<{ id: number }>(
    `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type)
     VALUES ($1, $2, 'Summer blast', 'Summer sale {{link1}}', $3, 'one_time') RETURNING id`,
    [
      fixture.accountId,
      `cre_demo_${Date.now()}`,
      JSON.stringify([{ key: 'link1', offer_id: fixture.offerId }]),
    ],
  )
  return { fixture, target: { ...fixture, creativeId: creative.rows[0]!.id } }
}

const get = async (path: string, key: string) => {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, { headers: { 'x-api-key': key } })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return (await res.json()) as any
}

t.test(
  'for its time it sends, clicks, converts and replies; the overview and the stream show it',
  async (t) => {
    const { fixture, target } = await demoTarget()
    const stream = await openSse(`${platform.apiUrl}/api/v2/live/stream`, { 'x-api-key': fixture.apiKey })
    t.teardown(() => stream.close())
    const demo = startLiveDemo({
      pool,
      queue: dispatchQueue(t, platform),
      demo: target,
      linkBaseUrl: platform.ingestUrl,
      ingestUrl: platform.ingestUrl,
      secretKey: platform.config.secretKey,
      log,
      durationMs: 4_000,
      intervalMs: 200,
      readMs: () => 300,
      random: seededRandom(7),
    })
    const counts = await demo.done
    t.ok(counts.messages >= 8, `${counts.messages} messages`)
    t.ok(counts.clicks >= 3, `${counts.clicks} clicks`)
    t.ok(counts.conversions >= 1, `${counts.conversions} conversions`)
    t.ok(counts.replies >= 1, `${counts.replies} replies`)

    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`
    const tiles = await eventually(
      async () => {
        const current = (await get(`/reports/overview?${range}`, fixture.apiKey)).current
        return current.clicks_unique === counts.clicks &&
          current.conversions === counts.conversions &&
          current.clicks_bot === counts.bots &&
          current.sends >= counts.messages
          ? current
          : undefined
      },
      30_000,
      'the demo in the overview',
    )
    t.equal(tiles.revenue, counts.conversions * 12.5)
    const replies = await eventually(async () => {
      const body = await get('/replies?per_page=100', fixture.apiKey)
      return body.pagination.total === counts.replies ? body : undefined
    })
    t.equal(replies.replies.length, counts.replies, 'every reply in the inbox')
    const types = new Set(stream.events.map((e) => (JSON.parse(e.data) as LiveEvent).type))
    for (const type of ['send', 'click', 'conversion', 'reply'] as const)
      t.ok(types.has(type), `${type} events live`)
  },
)

t.test('stop() ends it at once: nothing more is sent', async (t) => {
  const { fixture, target } = await demoTarget()
  const demo = startLiveDemo({
    pool,
    queue: dispatchQueue(t, platform),
    demo: target,
    linkBaseUrl: platform.ingestUrl,
    ingestUrl: platform.ingestUrl,
    secretKey: platform.config.secretKey,
    log,
    intervalMs: 100,
    readMs: () => 100,
  })
  await new Promise((r) => setTimeout(r, 600))
  const started = Date.now()
  const counts = await demo.stop()
  t.ok(Date.now() - started < 5_000, 'stopped promptly')
  t.same(await demo.done, counts)
  const count = async () =>
    // The demo's own messages (a HELP or STOP it sent may still draw an automatic answer).
    (
      await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND NOT (metadata ? 'auto_reply')`,
        [fixture.accountId],
      )
    ).rows[0]!.n
  const after = await count()
  t.ok(after >= counts.messages && counts.messages >= 1)
  await new Promise((r) => setTimeout(r, 800))
  t.equal(await count(), after, 'no message after stop()')
})
