// The dashboard's live layer over the real stack (issue 14): sends, receipts, clicks, conversions and replies
// reach the account's SSE stream once their numbers are written (an overview fetched on arrival already counts
// them), never another account's stream; a reconnect with Last-Event-ID resumes exactly after the last event
// seen; the feed hands over to the stream without a gap; streams per account are bounded; a redelivered batch
// publishes nothing twice. Prints the freshness from a click's 302 to its SSE event over 200 clicks.
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { compareStreamIds, type LiveEvent } from '../../core/live.js'
import { createLogger } from '../../lib/logger.js'
import { buildHttpApp } from '../../lib/server.js'
import { LivePublisher, liveFeed, liveStreamKey, openLiveStream } from '../../services/live.js'
import { openSse, PREVIEW_UA, type SseEvent, trafficFor } from '../harness/live.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

t.setTimeout(300_000)

const platform = await startTestPlatform(t, { simulatorReceiptDelayMs: 50 })
const { pool } = platform.deps.postgres.acquire()
const redis = platform.deps.redis.acquire()
t.teardown(async () => {
  await platform.deps.postgres.release()
  await platform.deps.redis.release()
})
const a = await createFixture(platform, platform.ingestUrl)
const b = await createFixture(platform, platform.ingestUrl)
const trafficA = await trafficFor(t, platform, a, pool)
const trafficB = await trafficFor(t, platform, b, pool)
const streamUrl = `${platform.apiUrl}/api/v2/live/stream`
const parse = (e: SseEvent) => JSON.parse(e.data) as LiveEvent & Record<string, unknown>

const get = async (path: string, key: string) => {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, { headers: { 'x-api-key': key } })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

t.test('each account streams its own events, once their numbers are written', async (t) => {
  const streamA = await openSse(streamUrl, { 'x-api-key': a.apiKey })
  const streamB = await openSse(streamUrl, { 'x-api-key': b.apiKey })
  t.teardown(() => {
    streamA.close()
    streamB.close()
  })
  t.equal(streamA.status, 200)
  t.match(streamA.headers.get('content-type'), /^text\/event-stream/)
  t.equal(streamA.headers.get('cache-control'), 'no-cache, no-transform')
  t.match(streamA.headers.get('x-request-id'), /.+/, 'headers set by hooks are kept')

  const before = (await get('/reports/overview', a.apiKey)).body.current
  const [ma] = await trafficA.send(1)
  const [mb] = await trafficB.send(1)
  const sendA = await streamA.waitFor((e) => e.event === 'send' && parse(e).message_id === ma!.messageId)
  t.match(parse(sendA), { type: 'send', count: 1 })
  await streamA.waitFor((e) => e.event === 'delivery' && parse(e).message_id === ma!.messageId)

  const click = await trafficA.click(ma!)
  t.equal(click.status, 302)
  const clickEvent = await streamA.waitFor(
    (e) => e.event === 'click' && parse(e).message_id === ma!.messageId,
  )
  // Fetched the moment the event arrives: the click is already in the numbers.
  const after = (await get('/reports/overview', a.apiKey)).body.current
  t.equal(after.clicks_unique, before.clicks_unique + 1, 'the overview counts the click on arrival')
  t.equal(after.sends, before.sends + 1)
  t.match(parse(clickEvent), {
    type: 'click',
    human: true,
    kind: 'redirect',
    offer_id: a.offerId,
    message_id: ma!.messageId,
    contact_id: ma!.contactId,
  })
  t.notOk('bot_reason' in parse(clickEvent))
  t.match(clickEvent.id, /^\d+-\d+$/, 'the SSE id is the stream position')

  await trafficA.click(ma!, PREVIEW_UA)
  const bot = await streamA.waitFor((e) => e.event === 'click' && parse(e).human === false)
  t.match(parse(bot), { human: false, bot_reason: String })

  t.equal(await trafficA.convert(click.clickId!, 12.5), 200)
  const conversion = await streamA.waitFor((e) => e.event === 'conversion')
  t.match(parse(conversion), {
    type: 'conversion',
    network: 'everflow',
    payout: 12.5,
    message_id: ma!.messageId,
  })
  const revenue = (await get('/reports/overview', a.apiKey)).body.current.revenue
  t.equal(revenue, before.revenue + 12.5, 'the conversion is in the overview on arrival')

  t.equal(await trafficA.reply('+12015550123', 'STOP'), 200)
  const reply = await streamA.waitFor((e) => e.event === 'reply')
  t.match(parse(reply), { type: 'reply', kind: 'opt_out', opt_out: true, text: 'STOP', from: '+12015550123' })

  // B's own traffic reached B's stream; nothing of B's ever reached A's, nothing of A's reached B's.
  const clickB = await trafficB.click(mb!)
  await streamB.waitFor((e) => e.event === 'click' && parse(e).message_id === mb!.messageId)
  t.equal(clickB.status, 302)
  const idsOf = (events: SseEvent[]) => events.map((e) => parse(e).message_id).filter(Boolean)
  t.notOk(idsOf(streamA.events).includes(mb!.messageId), "A's stream never carries B's events")
  t.notOk(idsOf(streamB.events).includes(ma!.messageId), "B's stream never carries A's events")
  t.notOk(streamB.events.some((e) => e.event === 'reply' || e.event === 'conversion'))
})

t.test('the feed lists the latest events and hands over to the stream without a gap', async (t) => {
  const feed = await get('/live/feed?limit=3', a.apiKey)
  t.equal(feed.status, 200)
  t.equal(feed.body.events.length, 3)
  t.match(feed.body.last_event_id, /^\d+-\d+$/)
  const times = feed.body.events.map((e: LiveEvent) => Date.parse(e.at))
  t.ok(times[0] >= times[2] - 5_000, 'newest first')
  const clicks = await get('/live/feed?types=click&types=reply', a.apiKey)
  t.ok(clicks.body.events.length >= 3)
  t.ok(clicks.body.events.every((e: LiveEvent) => e.type === 'click' || e.type === 'reply'))
  t.equal(
    clicks.body.last_event_id,
    feed.body.last_event_id,
    'the position is the newest, whatever the filter',
  )
  const other = await get('/live/feed', b.apiKey)
  const ownIds = new Set(feed.body.events.map((e: LiveEvent) => e.id))
  t.notOk(
    other.body.events.some((e: LiveEvent) => ownIds.has(e.id)),
    "B's feed holds none of A's events",
  )
  t.equal((await get('/live/feed?limit=0', a.apiKey)).status, 400)
  t.equal((await get('/live/feed?types=bogus', a.apiKey)).status, 400)

  // What happens after the feed was read arrives on a stream opened after it.
  const [m] = await trafficA.send(1)
  await trafficA.click(m!)
  const stream = await openSse(`${streamUrl}?last_event_id=${feed.body.last_event_id}`, {
    'x-api-key': a.apiKey,
  })
  t.teardown(() => stream.close())
  await stream.waitFor((e) => e.event === 'click' && parse(e).message_id === m!.messageId)
  const since = await feedSince(feed.body.events[0].id, stream)
  t.same(
    stream.events.slice(0, since.length).map((e) => parse(e).id),
    since,
    'the stream carries exactly the events after the feed',
  )
})

/**
 * The ids of A's events after `afterId`, oldest first, once `stream` has caught up with the newest of them (events
 * may still be arriving when a test looks).
 */
async function feedSince(
  afterId: string,
  stream: { waitFor: (m: (e: SseEvent) => boolean) => Promise<unknown> },
) {
  const all = (await get('/live/feed?limit=200', a.apiKey)).body.events as LiveEvent[]
  const ids = all.map((e) => e.id)
  const since = ids.slice(0, ids.indexOf(afterId)).reverse()
  const newest = since[since.length - 1]
  if (newest) await stream.waitFor((e) => parse(e).id === newest)
  return since
}

t.test('a reconnect with Last-Event-ID resumes exactly after the last event seen', async (t) => {
  const messages = await trafficA.send(6)
  const first = await openSse(streamUrl, { 'x-api-key': a.apiKey })
  for (const m of messages.slice(0, 3)) await trafficA.click(m)
  await first.waitFor((e) => e.event === 'click' && parse(e).message_id === messages[2]!.messageId)
  first.close()
  await first.closed
  const seen = first.events
  const lastSeen = seen[seen.length - 1]!.id!

  // While disconnected: three more clicks and a reply.
  for (const m of messages.slice(3)) await trafficA.click(m)
  await trafficA.reply('+12015550124', 'Thanks!')
  await eventually(async () => {
    const feed = await get('/live/feed?types=reply&limit=5', a.apiKey)
    return (
      feed.body.events.some((e: LiveEvent) => e.type === 'reply' && e.from === '+12015550124') || undefined
    )
  })
  const clicksOnly = (await get('/live/feed?types=click&limit=3', a.apiKey)).body.events as LiveEvent[]
  t.same(
    clicksOnly.map((e) => e.message_id).sort(),
    messages
      .slice(3)
      .map((m) => m.messageId)
      .sort(),
  )

  const resumed = await openSse(streamUrl, { 'x-api-key': a.apiKey, 'last-event-id': lastSeen })
  t.teardown(() => resumed.close())
  await resumed.waitFor((e) => e.event === 'reply' && parse(e).from === '+12015550124')
  // Every event of the stream after the first connection's first event, in order, exactly once.
  const since = await feedSince(parse(seen[0]!).id, resumed)
  const union = [...seen.slice(1), ...resumed.events].map((e) => parse(e).id)
  t.same(union.slice(0, since.length), since, 'no event lost')
  t.equal(new Set(union).size, union.length, 'none twice')
  t.ok(
    resumed.events.every((e) => compareStreamIds(e.id!, lastSeen) > 0),
    'nothing at or before the resume position',
  )

  const viaQuery = await openSse(`${streamUrl}?last_event_id=${lastSeen}`, { 'x-api-key': a.apiKey })
  t.teardown(() => viaQuery.close())
  await viaQuery.waitFor((e) => e.event === 'reply' && parse(e).from === '+12015550124')
  const n = Math.min(viaQuery.events.length, resumed.events.length)
  t.same(
    viaQuery.events.slice(0, n).map((e) => e.id),
    resumed.events.slice(0, n).map((e) => e.id),
    '?last_event_id= resumes the same way',
  )
})

t.test('bad resume positions, missing keys and too many streams answer coded errors', async (t) => {
  for (const bad of ['abc', '1-2-3', '-1', '1'.repeat(30)]) {
    const res = await openSse(`${streamUrl}?last_event_id=${encodeURIComponent(bad)}`, {
      'x-api-key': a.apiKey,
    })
    t.equal(res.status, 400, bad)
    t.match(res.body, { code: 'invalid_last_event_id' })
  }
  const header = await openSse(streamUrl, { 'x-api-key': a.apiKey, 'last-event-id': 'nope' })
  t.match([header.status, header.body], [400, { code: 'invalid_last_event_id' }])
  const anonymous = await openSse(streamUrl, {})
  t.match([anonymous.status, anonymous.body], [401, { code: 'missing_api_key' }])

  const c = await createFixture(platform, platform.ingestUrl)
  const streams = []
  for (let i = 0; i < 20; i++) streams.push(await openSse(streamUrl, { 'x-api-key': c.apiKey }))
  t.ok(
    streams.every((s) => s.status === 200),
    '20 streams open',
  )
  const over = await openSse(streamUrl, { 'x-api-key': c.apiKey })
  t.equal(over.status, 429)
  t.match(over.body, { code: 'too_many_streams' })
  t.match(over.headers.get('retry-after'), /^\d+$/)
  const elsewhere = await openSse(streamUrl, { 'x-api-key': b.apiKey })
  t.equal(elsewhere.status, 200, 'another account is not held back')
  elsewhere.close()
  streams[0]!.close()
  await streams[0]!.closed
  const again = await eventually(async () => {
    const s = await openSse(streamUrl, { 'x-api-key': c.apiKey })
    if (s.status === 200) return s
    return undefined
  }, 5_000)
  t.equal(again.status, 200, 'a closed stream frees its slot')
  again.close()
  for (const s of streams) s.close()
})

t.test(
  'service: heartbeats when idle, a trimmed resume position is reported, close ends a pending read',
  async (t) => {
    const ctx = { redis, keyPrefix: platform.config.kafkaTopicPrefix }
    const account = `idle-${Date.now()}`
    const stream = await openLiveStream(ctx, account, { after: undefined, blockMs: 200 })
    const started = Date.now()
    t.same(await stream.next(), [], 'nothing happened: an empty read, time for a heartbeat')
    t.ok(Date.now() - started >= 150, 'the read waited')
    t.equal(stream.gap, false)
    // The handler is attached before the close: the read can fail while close() still waits on Redis, and a
    // rejection with no handler yet counts as unhandled.
    const pending = stream.next().then(
      () => 'ended',
      () => 'ended with the connection',
    )
    await stream.close()
    t.match(await pending, /^ended/, 'the pending read ended')

    // A stream trimmed past a client's position: the client is told to refetch.
    const key = liveStreamKey(ctx.keyPrefix, account)
    const firstId = (await redis.xadd(key, '*', 'd', '{}')) as string
    for (let i = 0; i < 300; i++) await redis.xadd(key, '*', 'd', '{}')
    await redis.xtrim(key, 'MAXLEN', 10)
    const late = await openLiveStream(ctx, account, { after: firstId, blockMs: 200 })
    t.equal(late.gap, true, 'events after the position were trimmed')
    await late.close()
  },
)

t.test(
  'publisher: a redelivered batch adds nothing twice; a later overlapping batch adds only what is new',
  async (t) => {
    const prefix = `${platform.config.kafkaTopicPrefix}dup.`
    const publisher = new LivePublisher(redis, prefix, createLogger(platform.config))
    const account = `dup-${Date.now()}`
    const entry = (offset: string) => ({
      accountId: account,
      offset,
      event: { id: `e${offset}`, type: 'send' as const, at: new Date().toISOString(), count: 1 },
    })
    const source = { topic: 'sends', partition: 0 }
    await publisher.publish(source, [entry('5'), entry('6')])
    await publisher.publish(source, [entry('5'), entry('6')])
    await publisher.publish(source, [entry('6'), entry('7')])
    await publisher.publish({ topic: 'sends', partition: 1 }, [entry('1')])
    const feed = await liveFeed({ redis, keyPrefix: prefix }, account, { limit: 50 })
    t.same(
      feed.events.map((e) => e.id),
      ['e1', 'e7', 'e6', 'e5'],
      'offsets per partition published once',
    )
  },
)

t.test('freshness: a click’s 302 to its SSE event, over 200 clicks', async (t) => {
  const messages = await trafficA.send(200)
  const stream = await openSse(streamUrl, { 'x-api-key': a.apiKey })
  t.teardown(() => stream.close())
  const answeredAt = new Map<string, number>()
  // A gentle steady rate (about 20 clicks/s), as a busy campaign's clicks arrive.
  for (const m of messages) {
    const started = performance.now()
    const res = await trafficA.click(m)
    answeredAt.set(m.messageId, performance.now())
    t.equal(res.status, 302)
    const wait = 50 - (performance.now() - started)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  await eventually(
    async () =>
      messages.every((m) =>
        stream.events.some((e) => e.event === 'click' && parse(e).message_id === m.messageId),
      ) || undefined,
    30_000,
    'every click on the stream',
  )
  const latencies = messages
    .map((m) => {
      const event = stream.events.find((e) => e.event === 'click' && parse(e).message_id === m.messageId)!
      return event.receivedAt - answeredAt.get(m.messageId)!
    })
    .sort((x, y) => x - y)
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!
  const summary = `click 302 → SSE event over ${latencies.length} clicks: p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${pct(1).toFixed(0)} ms`
  t.comment(summary)
  console.log(summary)
  t.equal(latencies.length, 200)
  t.ok(pct(0.95) < 10_000, 'within seconds (the 2 s target is a benchmark, measured here)')
})

t.test('closing the API ends its open streams instead of waiting for them', async (t) => {
  const app = await buildHttpApp(apiApp, platform.deps)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address() as { port: number }
  const stream = await openSse(`http://127.0.0.1:${address.port}/api/v2/live/stream`, {
    'x-api-key': a.apiKey,
  })
  t.equal(stream.status, 200)
  const started = Date.now()
  await Promise.race([
    app.close(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('close waited for the stream')), 5_000)),
  ])
  await stream.closed
  t.ok(Date.now() - started < 5_000, `closed in ${Date.now() - started} ms`)
  // Its slot was freed: the account can still open its full number of streams.
  const streams = []
  for (let i = 0; i < 20; i++) streams.push(await openSse(streamUrl, { 'x-api-key': a.apiKey }))
  t.ok(streams.every((s) => s.status === 200))
  for (const s of streams) s.close()
})
