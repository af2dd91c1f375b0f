// The bandit's counts kept by the processors from the sends, clicks and revenue streams (creative_stats), over the
// real stack: one message dispatched, clicked (previewer, person, person again) and converted (posted twice) through
// the real ingest, the rest published to the pipeline topics. Exact global and per-context counts; bots, repeat
// clicks and re-posts never count; a refund moves revenue only; a replay from offset 0 changes nothing. The API
// shows the posteriors per account only; bad query values, each message's selection and the settings are in
// bandit-api.test.ts (the same setup, test/harness/bandit-stats.ts).
import t from 'tap'
import { type ClickEvent, type RevenueEvent, type SendEvent, topicName } from '../../core/events.js'
import { processorGroupId } from '../../processors/pipeline.js'
import { clearArmsCache, loadArms } from '../../services/bandit.js'
import { banditStatsHarness } from '../harness/bandit-stats.js'
import { eventually, issuedClickId } from '../harness/platform.js'

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const PREVIEWER = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'

const harness = await banditStatsHarness(t)
const { platform, fixture, other, queue, pool, producer, kafka, viewerKey, api, creative } = harness
const { A, B, oneTime, paused, foreign, m1, m2, m3, m4, mo } = harness

const at = (ms: number) => new Date(Date.now() - 60_000 + ms).toISOString()
const sendEvent = (f: typeof fixture, m: typeof m1): SendEvent => ({
  event_id: `snd_${m.messageId}`,
  account_id: f.accountId,
  event_time: at(0),
  message_id: m.messageId,
  contact_id: m.contactId,
  list_id: f.listId,
  to: '+12015550000',
  provider: 'simulator',
  segments: 1,
  cost: 0.0045,
  creative_id: null,
  schedule_id: null,
  variant: null,
  offer_ids: [f.offerId],
  imported: false,
})
const clickEvent = (m: typeof m1, n: number, bot: string): ClickEvent => ({
  event_id: issuedClickId(platform, m.messageId),
  account_id: fixture.accountId,
  event_time: at(1_000 + n),
  message_id: m.messageId,
  link_code: m.links[0]!.code,
  offer_id: fixture.offerId,
  contact_id: m.contactId,
  ip: '198.51.100.7',
  user_agent: bot ? PREVIEWER : BROWSER,
  bot_reason: bot,
  kind: 'redirect',
})
const topic = (k: 'sends' | 'clicks' | 'revenue') => topicName(platform.config.kafkaTopicPrefix, k)
const publish = (k: 'sends' | 'clicks' | 'revenue', key: string, events: unknown[]) =>
  producer.sendAll(events.map((e) => ({ topic: topic(k), key, value: JSON.stringify(e) })))

type StatRow = [number, string, string, number, number, number, number]
const stats = async (accountId: string): Promise<StatRow[]> =>
  (
    await pool.query<{
      creative_id: number
      feature: string
      value: string
      sends: number
      clicks: number
      conversions: number
      revenue: string
    }>(
      `SELECT creative_id, feature, value, sends, clicks, conversions, revenue FROM creative_stats
        WHERE account_id = $1 ORDER BY creative_id, feature, value`,
      [accountId],
    )
  ).rows.map((r) => [r.creative_id, r.feature, r.value, r.sends, r.clicks, r.conversions, Number(r.revenue)])

/** The exact end state: A has m1 (sent, 1 first click, 1 conversion, 10 − 4 refunded) and m2 (sent, clicked). */
const expected: StatRow[] = [
  [A, '', '', 2, 2, 1, 6],
  [A, 'carrier', 'att', 1, 1, 0, 0],
  [A, 'carrier', 'verizon', 1, 1, 1, 6],
  [A, 'line_type', 'mobile', 2, 2, 1, 6],
  [A, 'recency', '7d', 1, 1, 1, 6],
  [A, 'recency', 'never', 1, 1, 0, 0],
  [A, 'tz_band', 'eastern', 1, 1, 1, 6],
  [A, 'tz_band', 'pacific', 1, 1, 0, 0],
  [B, '', '', 1, 0, 0, 0],
  [B, 'carrier', 'verizon', 1, 0, 0, 0],
  [B, 'line_type', 'mobile', 1, 0, 0, 0],
  [B, 'recency', '7d', 1, 0, 0, 0],
  [B, 'tz_band', 'eastern', 1, 0, 0, 0],
]

t.test('creative_stats counts sends, first human clicks and conversions exactly, per context', async (t) => {
  // The real path for m1: dispatched, then clicked and converted through ingest.
  await queue.add('send', { messageIds: [m1.messageId] })
  await eventually(
    async () =>
      (await stats(fixture.accountId)).some((r) => r[0] === A && r[1] === '' && r[3] === 1)
        ? true
        : undefined,
    30_000,
    'the dispatched send counted',
  )
  const click = async (userAgent: string) => {
    const res = await fetch(`${platform.ingestUrl}/${m1.links[0]!.code}`, {
      redirect: 'manual',
      headers: { 'user-agent': userAgent },
    })
    t.equal(res.status, 302)
    return new URL(res.headers.get('location')!).searchParams.get('sub1') ?? ''
  }
  await click(PREVIEWER)
  const firstClick = await click(BROWSER)
  const laterClick = await click(BROWSER)
  t.ok(firstClick && laterClick && firstClick !== laterClick, 'each click has its own id')
  const postback = (payout: number) =>
    fetch(
      `${platform.ingestUrl}/api/postbacks/everflow?click_id=${laterClick}&payout=${payout}&transaction_id=tx-${m1.messageId}&postback_secret=${fixture.postbackSecret}`,
    )
  t.equal((await postback(10)).status, 200)
  t.equal((await postback(99)).status, 200, 'the network re-posts the same transaction')
  const refund: RevenueEvent = {
    event_id: `rf_${m1.messageId}`,
    account_id: fixture.accountId,
    event_time: at(5_000),
    message_id: m1.messageId,
    click_id: firstClick,
    network: 'everflow',
    transaction_id: `tx-${m1.messageId}`,
    conversion_type: 'refund',
    amount: -4,
    source: 'postback',
  }
  await publish('revenue', m1.messageId, [refund])
  // The rest through the pipeline topics.
  await publish('sends', m2.messageId, [sendEvent(fixture, m2)])
  await publish('clicks', m2.messageId, [clickEvent(m2, 0, ''), clickEvent(m2, 1, '')])
  await publish('sends', m3.messageId, [sendEvent(fixture, m3)])
  await publish('clicks', m3.messageId, [clickEvent(m3, 0, 'link_preview')])
  await publish('sends', m4.messageId, [sendEvent(fixture, m4)])
  await publish('clicks', m4.messageId, [clickEvent(m4, 0, '')])
  await publish('sends', mo.messageId, [sendEvent(other, mo)])

  const settled = await eventually(
    async () => {
      const rows = await stats(fixture.accountId)
      return JSON.stringify(rows) === JSON.stringify(expected) ? rows : undefined
    },
    40_000,
    'creative_stats reach the expected counts',
  ).catch(async (err) => {
    t.same(await stats(fixture.accountId), expected, 'creative_stats as expected')
    throw err
  })
  t.same(settled, expected, 'global and per-context rows: bot, repeat click and re-post not counted')
  t.same(
    await eventually(
      async () => ((await stats(other.accountId)).length > 0 ? stats(other.accountId) : undefined),
      20_000,
      "the other account's send",
    ),
    [
      [foreign, '', '', 1, 0, 0, 0],
      [foreign, 'carrier', 'att', 1, 0, 0, 0],
      [foreign, 'line_type', 'mobile', 1, 0, 0, 0],
      [foreign, 'recency', 'never', 1, 0, 0, 0],
      [foreign, 'tz_band', 'pacific', 1, 0, 0, 0],
    ],
    "the other account's send counted under its own creative",
  )
})

t.test('replaying the streams from offset 0 does not change creative_stats', async (t) => {
  const before = await stats(fixture.accountId)
  await platform.processors!.stop()
  const admin = kafka.admin()
  await admin.connect()
  const groupId = processorGroupId(platform.config.kafkaTopicPrefix)
  const keys = ['sends', 'clicks', 'revenue'] as const
  for (const key of keys) {
    const partitions = (await admin.fetchTopicOffsets(topic(key))).map((p) => ({
      partition: p.partition,
      offset: '0',
    }))
    await admin.setOffsets({ groupId, topic: topic(key), partitions })
  }
  const { startProcessors } = await import('../../processors/index.js')
  platform.processors = await startProcessors(platform.deps)
  await eventually(
    async () => {
      for (const key of keys) {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic(key)),
          admin.fetchOffsets({ groupId, topics: [topic(key)] }),
        ])
        const done = ends.every(
          (e) =>
            e.offset === '0' ||
            committed[0]!.partitions.find((p) => p.partition === e.partition)?.offset === e.offset,
        )
        if (!done) return undefined
      }
      return true
    },
    40_000,
    'replay consumed',
  )
  await admin.disconnect()
  t.same(await stats(fixture.accountId), before, 'identical counts after a full replay')
})

t.test('GET /ml/creatives: counts and posteriors of automated creatives, per context value', async (t) => {
  const res = await api('GET', '/ml/creatives', viewerKey)
  t.equal(res.status, 200)
  const ids = res.body.creatives.map((c: { creative_id: number }) => c.creative_id)
  t.same(ids, [A, B, paused], 'automated creatives of this account only (any status); one_time excluded')
  t.notOk(ids.includes(oneTime) || ids.includes(foreign))
  const a = res.body.creatives[0]
  t.match(a, {
    creative_id: A,
    name: 'Alpha',
    offer_id: fixture.offerId,
    payout: 10,
    payout_type: 'cpa',
    sends: 2,
    clicks: 2,
    conversions: 1,
    revenue: 6,
  })
  // Beta(1, 1) priors: CTR (1 + 2) / (2 + 2), conversion rate (1 + 1) / (2 + 2).
  t.ok(Math.abs(a.ctr.mean - 0.75) < 1e-6, 'CTR posterior mean')
  t.ok(Math.abs(a.cvr.mean - 0.5) < 1e-6, 'CVR posterior mean')
  t.ok(a.ctr.low < a.ctr.mean && a.ctr.mean < a.ctr.high && a.ctr.low >= 0 && a.ctr.high <= 1, 'CTR interval')
  t.ok(a.cvr.low < a.cvr.mean && a.cvr.mean < a.cvr.high, 'CVR interval')
  t.ok(Math.abs(a.rps - 0.75 * 0.5 * 10) < 1e-4, 'posterior mean RPS at the payout')
  t.same(
    a.contexts.map((c: Record<string, unknown>) => [
      c.feature,
      c.value,
      c.sends,
      c.clicks,
      c.conversions,
      c.revenue,
    ]),
    [
      ['carrier', 'att', 1, 1, 0, 0],
      ['carrier', 'verizon', 1, 1, 1, 6],
      ['line_type', 'mobile', 2, 2, 1, 6],
      ['recency', '7d', 1, 1, 1, 6],
      ['recency', 'never', 1, 1, 0, 0],
      ['tz_band', 'eastern', 1, 1, 1, 6],
      ['tz_band', 'pacific', 1, 1, 0, 0],
    ],
  )
  const verizon = a.contexts[1]
  t.ok(Math.abs(verizon.ctr.mean - 2 / 3) < 1e-6, 'per-value posterior from that value’s counts')
  const b = res.body.creatives[1]
  t.match(b, { creative_id: B, sends: 1, clicks: 0, conversions: 0, revenue: 0 })
  t.ok(Math.abs(b.ctr.mean - 1 / 3) < 1e-6)
  t.match(res.body.creatives[2], { creative_id: paused, status: 'paused', sends: 0, contexts: [] })

  const one = await api('GET', `/ml/creatives?creative_id=${A}&feature=carrier`, fixture.apiKey)
  t.equal(one.status, 200)
  t.same(
    one.body.creatives.map((c: { creative_id: number }) => c.creative_id),
    [A],
  )
  t.same(
    one.body.creatives[0].contexts.map((c: { value: string }) => c.value),
    ['att', 'verizon'],
    'only the carrier values',
  )
})

t.test("another account never sees this account's creatives, counts or selections", async (t) => {
  const theirs = await api('GET', '/ml/creatives', other.apiKey)
  t.equal(theirs.status, 200)
  t.same(
    theirs.body.creatives.map((c: { creative_id: number; sends: number }) => [c.creative_id, c.sends]),
    [[foreign, 1]],
  )
  const probe = await api('GET', `/ml/creatives?creative_id=${A}`, other.apiKey)
  t.same(probe.body, { creatives: [] }, "asking for this account's creative by id finds nothing")
  const mine = await api('GET', `/ml/creatives?creative_id=${foreign}`, fixture.apiKey)
  t.same(mine.body, { creatives: [] })
  const msg = await api('GET', `/messages/${m1.messageId}`, other.apiKey)
  t.equal(msg.status, 404)
})

t.test('loadArms: active automated creatives with their counts, cached until cleared', async (t) => {
  const arms = await loadArms(pool, fixture.accountId, { fresh: true })
  t.same(
    arms.map((a) => a.creativeId),
    [A, B],
    'paused, one_time and foreign creatives are not candidates',
  )
  t.match(arms[0], {
    offerId: fixture.offerId,
    payout: 10,
    payoutType: 'cpa',
    global: { sends: 2, clicks: 2, conversions: 1, revenue: 6 },
    byContext: { carrier: { verizon: { sends: 1, clicks: 1, conversions: 1, revenue: 6 } } },
  })
  const later = await creative(fixture, 'Foxtrot')
  const cached = await loadArms(pool, fixture.accountId)
  t.notOk(
    cached.some((a) => a.creativeId === later),
    'served from the cache: no query per call',
  )
  clearArmsCache(fixture.accountId)
  const fresh = await loadArms(pool, fixture.accountId)
  t.ok(
    fresh.some((a) => a.creativeId === later && a.global.sends === 0),
    'read again after the cache is cleared',
  )
})
