// The forgery suite (issue 12): postbacks that are unsigned, carry a wrong secret, name an invented click id, replay
// an accepted one, or use one account's secret on another account's click, link or message are refused with a
// typed code and counted nowhere: no revenue event reaches Kafka, nothing lands in ClickHouse or the reports API,
// and the Postgres conversion ledger holds no row for them. Only the signed control conversions count.
import t from 'tap'
import type { messageReport } from '../../analytics/message-report.js'
import { topicName } from '../../core/events.js'
import { clickIdKey, newClickId, randomAlphanumeric } from '../../core/ids.js'
import { createFixture, eventually, type Fixture, startTestPlatform } from '../harness/platform.js'

const BROWSER =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const MILLION = '1000000000'

const platform = await startTestPlatform(t)
const ingest = platform.ingestUrl
const ch = platform.deps.clickhouse.acquire()
const { pool } = platform.deps.postgres.acquire()
const { kafka } = platform.deps.kafka.acquire()
t.teardown(async () => {
  await platform.deps.clickhouse.release()
  await platform.deps.postgres.release()
  await platform.deps.kafka.release()
})

const victim = await createFixture(platform, ingest)
const attacker = await createFixture(platform, ingest)
const message = await victim.createMessage()
const sibling = await victim.createMessage()
const code = message.links[0]!.code

/** A real click on the short link: the click id the offer's network received (Everflow's `sub1`). */
async function clickIdOfAClick(linkCode: string): Promise<string> {
  const res = await fetch(`${ingest}/${linkCode}`, { redirect: 'manual', headers: { 'user-agent': BROWSER } })
  await res.arrayBuffer()
  const clickId = new URL(res.headers.get('location')!).searchParams.get('sub1')
  if (!clickId) throw new Error('the redirect carried no click id')
  return clickId
}
const clickId = await clickIdOfAClick(code)
const siblingClickId = await clickIdOfAClick(sibling.links[0]!.code)

async function revenueEventsInKafka(): Promise<number> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const offsets = await admin.fetchTopicOffsets(topicName(platform.config.kafkaTopicPrefix, 'revenue'))
    return offsets.reduce((sum, p) => sum + Number(p.high), 0)
  } finally {
    await admin.disconnect()
  }
}

async function get(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; code?: string; type: string }> {
  const res = await fetch(`${ingest}${path}`, init)
  const type = res.headers.get('content-type') ?? ''
  if (!type.includes('json')) {
    await res.arrayBuffer()
    return { status: res.status, type }
  }
  const body = (await res.json()) as { code?: string }
  return { status: res.status, type, ...(body.code ? { code: body.code } : {}) }
}

const withSecret = (path: string, secret: string, name = 'postback_secret') => `${path}&${name}=${secret}`
const signed = (path: string, f: Fixture = victim) => withSecret(path, f.postbackSecret)

/** Every network form and direct endpoint, for a click id (networks) and the link and message (direct). */
const forms = (click: string, txn: string): Record<string, string> => ({
  tune: `/api/postbacks/tune?click_id=${click}&payout=${MILLION}&conversion_id=${txn}`,
  tuneAffClickId: `/api/postbacks/tune?aff_click_id=${click}&payout=${MILLION}&conversion_id=${txn}`,
  everflow: `/api/postbacks/everflow?sub1=${click}&payout_amount=${MILLION}&transaction_id=${txn}`,
  cake: `/api/postbacks/cake?cid=${click}&lead=${txn}&payout=${MILLION}&offer=1`,
  convOffer: `/conv/offer?offer_id=${victim.offerId}&message_id=${message.messageId}&revenue=${MILLION}&txn_id=${txn}`,
  // The example: the link's code is in every SMS.
  conv: `/conv?link_id=${code}&revenue=${MILLION}&txn_id=${txn}`,
})

const kafkaBefore = await revenueEventsInKafka()
let accepted = 0

t.test('unsigned postbacks are refused with missing_postback_secret', async (t) => {
  for (const [name, path] of Object.entries(forms(clickId, 'unsigned'))) {
    t.same(
      await get(path),
      { status: 401, code: 'missing_postback_secret', type: 'application/json; charset=utf-8' },
      name,
    )
    t.same((await get(withSecret(path, ''))).code, 'missing_postback_secret', `${name}, empty secret`)
  }
  const post = await get('/api/postbacks/everflow', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub1: clickId, payout_amount: MILLION, transaction_id: 'unsigned-post' }),
  })
  t.same([post.status, post.code], [401, 'missing_postback_secret'], 'a POSTed form too')
  const pixel = await get(`/pixel/${code}.gif?revenue=${MILLION}&txn_id=unsigned-pixel`)
  t.same([pixel.status, pixel.type], [200, 'image/gif'], 'the pixel answers its GIF and counts nothing')
})

t.test('a wrong secret is refused with invalid_postback_secret', async (t) => {
  const real = victim.postbackSecret
  const wrongs = {
    'one character off': `${real.slice(0, -1)}${real.endsWith('x') ? 'y' : 'x'}`,
    'another case': real.toUpperCase() === real ? real.toLowerCase() : real.toUpperCase(),
    'a prefix': real.slice(0, 20),
    'with more': `${real}0`,
  }
  for (const [how, wrong] of Object.entries(wrongs)) {
    for (const [name, path] of Object.entries(forms(clickId, 'wrong'))) {
      const res = await get(withSecret(path, wrong))
      t.same([res.status, res.code], [401, 'invalid_postback_secret'], `${name}: ${how}`)
    }
    t.same(
      (await get(withSecret(forms(clickId, 'wrong').conv!, wrong, 'secret'))).code,
      'invalid_postback_secret',
    )
    const pixel = await get(`/pixel/${code}.gif?revenue=${MILLION}&txn_id=wrong-pixel&secret=${wrong}`)
    t.equal(pixel.status, 200)
  }
})

t.test('an invented click id is refused with forged_click_id, even with the right secret', async (t) => {
  const issued = (key: Buffer, ref: string) => newClickId(key, ref)
  const invented = {
    'random characters after a real message id': `${message.messageId}${randomAlphanumeric(24)}`,
    'the old unsigned 20-character shape': `${message.messageId}${randomAlphanumeric(12)}`,
    'signed by another platform': issued(clickIdKey('5a'.repeat(32)), message.messageId),
    'a real click id moved to another message': `${sibling.messageId}${clickId.slice(8)}`,
    'a real click id with its MAC altered': `${clickId.slice(0, 31)}${clickId.endsWith('A') ? 'B' : 'A'}`,
  }
  for (const [how, click] of Object.entries(invented)) {
    for (const name of ['tune', 'tuneAffClickId', 'everflow', 'cake']) {
      const res = await get(signed(forms(click, 'invented')[name]!))
      t.same([res.status, res.code], [400, 'forged_click_id'], `${name}: ${how}`)
    }
  }
})

t.test('one account’s secret opens nothing of another account', async (t) => {
  for (const [name, path] of Object.entries(forms(clickId, 'cross'))) {
    const res = await get(signed(path, attacker))
    t.same(
      [res.status, res.code],
      [401, 'invalid_postback_secret'],
      `${name} with the other account's secret`,
    )
  }
  // The attacker's own offer id against the victim's message: the message decides whose secret counts.
  const ownOffer = await get(
    signed(
      `/conv/offer?offer_id=${attacker.offerId}&message_id=${message.messageId}&revenue=1&txn_id=x`,
      attacker,
    ),
  )
  t.same([ownOffer.status, ownOffer.code], [401, 'invalid_postback_secret'])
  const pixel = await get(signed(`/pixel/${code}.gif?revenue=${MILLION}&txn_id=cross-pixel`, attacker))
  t.equal(pixel.status, 200)
})

t.test('a replayed postback is one conversion; the control conversions count', async (t) => {
  const control = signed(`/api/postbacks/everflow?sub1=${clickId}&payout_amount=5&transaction_id=control`)
  for (let i = 0; i < 3; i++) {
    t.equal((await get(control)).status, 200, `fired ${i + 1}`)
    accepted++
  }
  const siblingControl = signed(
    `/api/postbacks/tune?aff_click_id=${siblingClickId}&payout=2&conversion_id=sibling-control`,
  )
  t.equal((await get(siblingControl)).status, 200)
  accepted++
})

t.test('counted nowhere: Kafka, ClickHouse, the reports API and the Postgres ledger', async (t) => {
  const report = async (f: Fixture, messageId: string) => {
    const res = await fetch(`${platform.apiUrl}/api/v2/reports/messages/${messageId}`, {
      headers: { 'x-api-key': f.apiKey },
    })
    return (await res.json()) as Awaited<ReturnType<typeof messageReport>>
  }
  const settledReport = await eventually(
    async () => {
      const r = await report(victim, message.messageId)
      const s = await report(victim, sibling.messageId)
      return r.conversions === 1 && s.conversions === 1 ? [r, s] : undefined
    },
    30_000,
    'the control conversions in the reports',
  )
  t.same(
    settledReport.map((r) => [r.conversions, r.revenue]),
    [
      [1, 5],
      [1, 2],
    ],
    'the reports show the control conversions alone',
  )
  const rows = await ch.query<{ account_id: string; transaction_id: string; amount: number }>(
    `SELECT account_id, transaction_id, toFloat64(amount) AS amount FROM conversions FINAL
      WHERE account_id IN ({v:String}, {a:String}) ORDER BY transaction_id`,
    { v: victim.accountId, a: attacker.accountId },
  )
  t.same(
    rows.map((r) => [r.account_id, r.transaction_id, r.amount]),
    [
      [victim.accountId, 'control', 5],
      [victim.accountId, 'sibling-control', 2],
    ],
    'ClickHouse holds the control conversions alone',
  )
  const ledger = await eventually(
    async () => {
      const { rows } = await pool.query<{
        account_id: string
        message_id: string
        amount: string
        postings: number
      }>(
        `SELECT account_id, message_id, amount::text, postings FROM conversion_ledger
          WHERE account_id = ANY($1::text[]) ORDER BY message_id`,
        [[victim.accountId, attacker.accountId]],
      )
      return rows.length >= 2 ? rows : undefined
    },
    30_000,
    'the control conversions in the ledger',
  )
  t.same(
    ledger.map((r) => [r.account_id, r.message_id, Number(r.amount)]).sort(),
    [
      [victim.accountId, message.messageId, 5],
      [victim.accountId, sibling.messageId, 2],
    ].sort(),
    'the Postgres ledger has no row for any refused postback',
  )
  t.equal(
    ledger.find((r) => r.message_id === message.messageId)!.postings,
    3,
    'the replays are postings of one',
  )
  // Checked last: the control events are in, and ingest feeds Kafka in the order it answered.
  t.equal(
    (await revenueEventsInKafka()) - kafkaBefore,
    accepted,
    'the only revenue events published are the accepted ones',
  )
})
