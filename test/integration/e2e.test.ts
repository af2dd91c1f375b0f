// The walking skeleton over real HTTP and real Postgres, Redis, Kafka and ClickHouse: a message is dispatched,
// its link clicked (by a person, a link previewer and the person again), a conversion posted back twice, and the
// report counts each once; replaying every topic from offset 0 changes no number.
import t from 'tap'
import type { messageReport } from '../../analytics/message-report.js'
import { topicName } from '../../core/events.js'
import { processorGroupId } from '../../processors/pipeline.js'
import { loadMessageDims } from '../../processors/state.js'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const PREVIEWER = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const queue = dispatchQueue(t, platform)

async function click(code: string, userAgent: string): Promise<URL> {
  const res = await fetch(`${platform.ingestUrl}/${code}`, {
    redirect: 'manual',
    headers: { 'user-agent': userAgent },
  })
  t.equal(res.status, 302, 'redirect answers 302')
  return new URL(res.headers.get('location')!)
}

const report = async (messageId: string) => {
  const res = await fetch(`${platform.apiUrl}/api/v2/reports/messages/${messageId}`, {
    headers: { 'x-api-key': fixture.apiKey },
  })
  t.equal(res.status, 200)
  return (await res.json()) as Awaited<ReturnType<typeof messageReport>>
}

const message = await fixture.createMessage()
const otherMessage = await fixture.createMessage()
const code = message.links[0]!.code

const CARRIER = 'T-Mobile'

t.test('dispatch produces one send per message even when queued twice', async (t) => {
  // The contact's carrier: its send, clicks and conversions are all stored with it.
  await platform.deps.postgres
    .acquire()
    .pool.query(
      'UPDATE contacts SET carrier = $2 WHERE id = (SELECT contact_id FROM messages WHERE id = $1)',
      [message.messageId, CARRIER],
    )
    .finally(() => platform.deps.postgres.release())
  await queue.add('send', { messageIds: [message.messageId, otherMessage.messageId] })
  await queue.add('send', { messageIds: [message.messageId] })
  await eventually(
    async () => {
      const r = await report(otherMessage.messageId)
      return r.sends === 1 ? r.sends : undefined
    },
    30_000,
    'send events in ClickHouse',
  )
  const ch = platform.deps.clickhouse.acquire()
  t.teardown(() => platform.deps.clickhouse.release())
  // Raw rows, without FINAL: a second provider call would have published a second send event.
  const rows = await ch.query<{ n: number }>(
    'SELECT count() AS n FROM sends WHERE account_id = {a:String} AND message_id = {m:String}',
    { a: fixture.accountId, m: message.messageId },
  )
  t.equal(Number(rows[0]!.n), 1, 'one send event for the message queued twice')
})

let firstClickId = ''
let laterClickId = ''

t.test('clicks redirect to the offer with the click id in the network parameter', async (t) => {
  const preview = await click(code, PREVIEWER)
  const human = await click(code, BROWSER)
  const again = await click(code, BROWSER)
  t.equal(human.origin + human.pathname, 'https://offers.example.com/o', 'destination is the offer URL')
  t.equal(human.searchParams.get('aff'), '1', 'offer URL parameters are kept')
  firstClickId = human.searchParams.get('sub1') ?? ''
  laterClickId = again.searchParams.get('sub1') ?? ''
  t.match(firstClickId, /^[A-Za-z0-9]{32}$/, 'Everflow gets the click id in sub1')
  t.equal(firstClickId.slice(0, 8), message.messageId, 'the click id starts with its message id')
  t.not(firstClickId, laterClickId, 'every click has its own id')
  t.ok(preview.searchParams.get('sub1'), 'link previewers are redirected too (no_filter mode)')
})

t.test('a conversion on a later click is credited to the first human click, once', async (t) => {
  const url = `${platform.ingestUrl}/api/postbacks/everflow?click_id=${laterClickId}&payout=12.50&transaction_id=tx-${message.messageId}&postback_secret=${fixture.postbackSecret}`
  const first = await fetch(url)
  const repeat = await fetch(url)
  t.equal(first.status, 200)
  t.equal(repeat.status, 200, 'a re-fired postback is accepted (networks retry)')
  const r = await eventually(
    async () => {
      const r = await report(message.messageId)
      return r.total_clicks === 3 && r.conversions === 1 ? r : undefined
    },
    30_000,
    'clicks and conversion in the report',
  )
  t.same(
    {
      sends: r.sends,
      clicks: r.clicks,
      total: r.total_clicks,
      bots: r.bot_clicks,
      conversions: r.conversions,
      revenue: r.revenue,
    },
    { sends: 1, clicks: 1, total: 3, bots: 1, conversions: 1, revenue: 12.5 },
  )
  const ch = platform.deps.clickhouse.acquire()
  t.teardown(() => platform.deps.clickhouse.release())
  const rows = await ch.query<{ attributed_click_id: string; click_id: string }>(
    'SELECT attributed_click_id, click_id FROM conversions FINAL WHERE account_id = {a:String} AND message_id = {m:String}',
    { a: fixture.accountId, m: message.messageId },
  )
  t.same(
    rows,
    [{ attributed_click_id: firstClickId, click_id: laterClickId }],
    'credit goes to the first human click',
  )
  const firsts = await ch.query<{ event_id: string }>(
    'SELECT event_id FROM clicks FINAL WHERE account_id = {a:String} AND message_id = {m:String} AND is_first = 1',
    { a: fixture.accountId, m: message.messageId },
  )
  t.same(firsts, [{ event_id: firstClickId }], 'exactly the first human click holds the first-click slot')
  const carriers = await ch.query<{ source: string; carrier: string }>(
    `SELECT 'sends' AS source, toString(carrier) AS carrier FROM sends FINAL WHERE account_id = {a:String} AND message_id = {m:String}
     UNION ALL SELECT 'clicks', toString(carrier) FROM clicks FINAL WHERE account_id = {a:String} AND message_id = {m:String}
     UNION ALL SELECT 'conversions', toString(carrier) FROM conversions FINAL WHERE account_id = {a:String} AND message_id = {m:String}`,
    { a: fixture.accountId, m: message.messageId },
  )
  t.same(
    carriers.map((r) => `${r.source}:${r.carrier}`).sort(),
    ['clicks:T-Mobile', 'clicks:T-Mobile', 'clicks:T-Mobile', 'conversions:T-Mobile', 'sends:T-Mobile'],
    'the send, every click and the conversion carry the contact carrier',
  )
})

t.test(
  'a message whose send this processor did not see takes its contact carrier from Postgres',
  async (t) => {
    const pool = platform.deps.postgres.acquire().pool
    t.teardown(() => platform.deps.postgres.release())
    const dims = await loadMessageDims(pool, [message.messageId, otherMessage.messageId, 'unknown-message'])
    t.equal(dims.get(message.messageId)?.carrier, CARRIER)
    t.equal(dims.get(otherMessage.messageId)?.carrier, '', 'a contact without a carrier: none')
    t.notOk(dims.has('unknown-message'))
  },
)

const activity = async () =>
  (
    await platform.deps.postgres
      .acquire()
      .pool.query(
        `SELECT send_count, click_count, conversion_count, revenue_total::text, last_sent_at, last_clicked_at
           FROM list_contacts WHERE list_id = $1 ORDER BY contact_id`,
        [fixture.listId],
      )
      .finally(() => platform.deps.postgres.release())
  ).rows

t.test('replaying every topic from offset 0 changes no report number', async (t) => {
  // The simulator's delivery receipt comes 1.5 s after the send: wait for it, so only the replay could change a number.
  const before = await eventually(async () => {
    const r = (await report(message.messageId)) as { delivered?: number }
    return r.delivered === 1 ? r : undefined
  })
  // The receipt row carries its send's contact and dimensions, as the reports read them.
  const ch = platform.deps.clickhouse.acquire()
  t.teardown(() => platform.deps.clickhouse.release())
  const where = 'WHERE account_id = {a:String} AND message_id = {m:String}'
  const params = { a: fixture.accountId, m: message.messageId }
  const [sendRow] = await ch.query<{ contact_id: string }>(
    `SELECT contact_id FROM sends FINAL ${where}`,
    params,
  )
  t.same(
    await ch.query(
      `SELECT contact_id, toString(carrier) AS carrier, offer_ids, status FROM deliveries FINAL ${where}`,
      params,
    ),
    [
      {
        contact_id: sendRow!.contact_id,
        carrier: CARRIER,
        offer_ids: [fixture.offerId],
        status: 'delivered',
      },
    ],
    'the receipt carries the send contact, carrier and offers',
  )
  const activityBefore = await activity()
  t.ok(
    activityBefore.some((r) => r.click_count === 1 && r.conversion_count === 1),
    'contact activity counted the click and the conversion',
  )
  const { kafka } = platform.deps.kafka.acquire()
  t.teardown(() => platform.deps.kafka.release())
  await platform.processors!.stop()
  const admin = kafka.admin()
  await admin.connect()
  const groupId = processorGroupId(platform.config.kafkaTopicPrefix)
  for (const key of ['sends', 'clicks', 'revenue', 'deliveries', 'contacts', 'linkMisses'] as const) {
    const topic = topicName(platform.config.kafkaTopicPrefix, key)
    const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      offset: '0',
    }))
    await admin.setOffsets({ groupId, topic, partitions })
  }
  const replayedFrom = await admin.fetchOffsets({
    groupId,
    topics: [topicName(platform.config.kafkaTopicPrefix, 'clicks')],
  })
  await admin.disconnect()
  t.ok(
    replayedFrom[0]!.partitions.every((p) => p.offset === '0'),
    'offsets were reset to 0',
  )
  const { startProcessors } = await import('../../processors/index.js')
  platform.processors = await startProcessors(platform.deps)
  // Wait until the replay has been consumed to the end: the committed offsets reach the topic's end again.
  const admin2 = kafka.admin()
  await admin2.connect()
  await eventually(
    async () => {
      for (const key of ['sends', 'clicks', 'revenue', 'deliveries'] as const) {
        const topic = topicName(platform.config.kafkaTopicPrefix, key)
        const [ends, committed] = await Promise.all([
          admin2.fetchTopicOffsets(topic),
          admin2.fetchOffsets({ groupId, topics: [topic] }),
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
    30_000,
    'replay consumed',
  )
  await admin2.disconnect()
  const after = await report(message.messageId)
  t.same(after, before, 'identical report after a full replay')
  t.same(await activity(), activityBefore, 'identical contact activity after a full replay')
})

t.test('another account cannot see this message', async (t) => {
  const other = await createFixture(platform, platform.ingestUrl)
  const res = await fetch(`${platform.apiUrl}/api/v2/reports/messages/${message.messageId}`, {
    headers: { 'x-api-key': other.apiKey },
  })
  t.equal(res.status, 404)
  t.same(await res.json(), { error: 'Message not found', code: 'not_found' })
})

t.test('an unknown code answers the 404 page and the miss is recorded', async (t) => {
  const res = await fetch(`${platform.ingestUrl}/Nop3Xyz`, { headers: { 'user-agent': BROWSER } })
  t.equal(res.status, 404)
  t.match(await res.text(), /This link does not exist/)
  const ch = platform.deps.clickhouse.acquire()
  t.teardown(() => platform.deps.clickhouse.release())
  const misses = await eventually(
    async () => {
      const rows = await ch.query<{ n: string }>(
        "SELECT count() AS n FROM link_misses FINAL WHERE code = 'Nop3Xyz'",
      )
      return Number(rows[0]?.n) > 0 ? Number(rows[0]!.n) : undefined
    },
    20_000,
    'link miss in ClickHouse',
  )
  t.equal(misses, 1)
})
