// Conversion postbacks over real HTTP, Postgres, Redis, Kafka and ClickHouse: every network form and direct
// endpoint, signed with the account's postback secret, lands exactly one conversion per transaction; refunds reverse
// revenue; bad input gets a stable code; the pixel is always a GIF, even when Postgres hangs. The secret, unsigned
// postbacks, the IP allow-list and the settings are in postback-secrets.test.ts; forged postbacks of every kind are in
// postback-forgery.test.ts.
import { randomUUID } from 'node:crypto'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import Fastify from 'fastify'
import pg from 'pg'
import t from 'tap'
import { topicName } from '../../core/events.js'
import { randomAlphanumeric } from '../../core/ids.js'
import { createLookups } from '../../ingest/lookups.js'
import { createPostbackLookups } from '../../ingest/postback-lookups.js'
import { postbackRoutes } from '../../ingest/postbacks.js'
import { httpBasics } from '../../lib/http.js'
import { eventually } from '../harness/platform.js'
import { postbackHarness } from '../harness/postbacks.js'

const { platform, ingest, pool, main, settled, get, sign, clickIdOf } = await postbackHarness(t)
// The network's id for the offer, which Cake's `offer` and /conv/offer may name instead of ours.
await pool.query(`UPDATE offers SET external_id = 'ext-1931' WHERE id = $1`, [main.offerId])

t.test('each network’s postback form, fired twice, is one conversion', async (t) => {
  const forms = {
    // The spec's TUNE global postback.
    tune: (c: string) => `/api/postbacks/tune?click_id=${c}&payout=4.20&conversion_id=tune-${c}`,
    // The spec's Everflow form: no transaction id, so one conversion per click and type.
    everflow: (c: string) => `/api/postbacks/everflow?click_id=${c}&payout=7.50`,
    // Everflow's own macros.
    everflowSub1: (c: string) =>
      `/api/postbacks/everflow?sub1=${c}&payout_amount=3.25&transaction_id=ef-${c}&event=Sign%20Up`,
    // Cake's real parameter names: cid=#s2#&lead=#leadid#&payout=#price#&offer=#oid#.
    cake: (c: string) => `/api/postbacks/cake?cid=${c}&lead=LEAD-${c}&payout=12.00&offer=ext-1931`,
  }
  const expected = {
    tune: { network: 'tune', amount: 4.2, type: 'sale' },
    everflow: { network: 'everflow', amount: 7.5, type: 'sale' },
    everflowSub1: { network: 'everflow', amount: 3.25, type: 'signup' },
    cake: { network: 'cake', amount: 12, type: 'sale' },
  }
  for (const [name, form] of Object.entries(forms) as [keyof typeof forms, (c: string) => string][]) {
    const message = await main.createMessage()
    const clickId = clickIdOf(message.messageId)
    const first = await get(sign(form(clickId)))
    const again = await get(sign(form(clickId)))
    t.equal(first.status, 200, `${name} accepted`)
    t.equal(again.status, 200, `${name} re-fired is accepted too`)
    t.equal(first.body.event_id, again.body.event_id, `${name}: the same event both times`)
    const rows = await settled(main.accountId, message.messageId, 1)
    const want = expected[name]
    t.same(
      rows.map((r) => [r.network, r.amount, r.conversion_type, r.source, r.click_id]),
      [[want.network, want.amount, want.type, 'postback', clickId]],
      `${name}: exactly one conversion`,
    )
    if (name === 'cake') t.equal(rows[0]!.offer_id, main.offerId, 'Cake’s #oid# resolves to our offer')
  }
})

t.test('networks that POST: JSON and form bodies', async (t) => {
  const message = await main.createMessage()
  const clickId = clickIdOf(message.messageId)
  const json = await fetch(`${ingest}/api/postbacks/everflow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      sub1: clickId,
      payout_amount: 2.5,
      transaction_id: 'post-json',
      event_type: 'lead',
      postback_secret: main.postbackSecret,
    }),
  })
  t.equal(json.status, 200)
  const form = await fetch(`${ingest}/api/postbacks/tune?conversion_id=post-form`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `aff_click_id=${clickId}&payout=1.5&postback_secret=${main.postbackSecret}`,
  })
  t.equal(form.status, 200)
  const rows = await settled(main.accountId, message.messageId, 2)
  t.same(rows.map((r) => [r.transaction_id, r.conversion_type, r.amount]).sort(), [
    ['post-form', 'sale', 1.5],
    ['post-json', 'lead', 2.5],
  ])
})

t.test('a refund reverses its sale’s revenue', async (t) => {
  const message = await main.createMessage()
  const clickId = clickIdOf(message.messageId)
  const sale = sign(`/api/postbacks/tune?click_id=${clickId}&payout=20&conversion_id=order-77`)
  t.equal((await get(sale)).status, 200)
  t.equal((await get(`${sale}&event_type=refund`)).status, 200)
  t.equal((await get(`${sale}&event_type=refund`)).status, 200, 'the refund re-fired')
  const rows = await settled(main.accountId, message.messageId, 2)
  t.same(
    rows.map((r) => [r.conversion_type, r.amount]).sort(),
    [
      ['refund', -20],
      ['sale', 20],
    ],
    'one sale, one refund (same transaction id)',
  )
  const report = await fetch(`${platform.apiUrl}/api/v2/reports/messages/${message.messageId}`, {
    headers: { 'x-api-key': main.apiKey },
  })
  const r = (await report.json()) as { conversions: number; revenue: number }
  t.same([r.conversions, r.revenue], [1, 0], 'the report nets the refund out')
})

t.test('direct endpoints: /conv/offer, /conv and the pixel', async (t) => {
  const message = await main.createMessage()
  const code = message.links[0]!.code
  const byId = await get(
    sign(`/conv/offer?offer_id=${main.offerId}&message_id=${message.messageId}&revenue=5.5&txn_id=conv-a`),
  )
  t.same([byId.status, byId.body.success], [200, true])
  const byExternal = await get(
    sign(
      `/conv/offer?offer_id=ext-1931&message_id=${message.messageId}&revenue=1&txn_id=conv-b&event_type=lead`,
    ),
  )
  t.equal(byExternal.status, 200, 'offer_id may be the external id')
  const conv = await get(sign(`/conv?link_id=${code}&revenue=2.25&txn_id=conv-c`))
  t.equal(conv.status, 200)
  const pixel = await get(`/pixel/${code}.gif?revenue=3&txn_id=conv-d&secret=${main.postbackSecret}`)
  t.equal(pixel.status, 200)
  t.equal(pixel.headers.get('content-type'), 'image/gif')
  t.equal(pixel.headers.get('cache-control'), 'no-store')
  t.equal((pixel.body as Buffer).subarray(0, 6).toString('latin1'), 'GIF89a', 'a GIF')
  // The same order through two endpoints (pixel and server-to-server) counts once.
  t.equal((await get(sign(`/conv?link_id=${code}&revenue=3&txn_id=conv-d`))).status, 200)
  t.equal((await get(sign(`/pixel/${code}.gif?revenue=3&txn_id=conv-d`))).status, 200)
  const rows = await settled(main.accountId, message.messageId, 4)
  t.same(
    rows.map((r) => [r.transaction_id, r.source, r.conversion_type, r.amount, r.offer_id]).sort(),
    [
      ['conv-a', 'conv', 'sale', 5.5, main.offerId],
      ['conv-b', 'conv', 'lead', 1, main.offerId],
      ['conv-c', 'conv', 'sale', 2.25, main.offerId],
      ['conv-d', 'pixel', 'sale', 3, main.offerId],
    ].sort(),
    'one conversion per txn_id, offer from the link or the offer_id',
  )
  t.ok(rows.every((r) => r.network === 'direct'))
})

t.test(
  'bad input: stable 4xx codes; the pixel still answers its GIF and dead-letters the reason',
  async (t) => {
    const message = await main.createMessage()
    const unknownMessageClick = clickIdOf(randomAlphanumeric(8))
    const cases: [string, number, string][] = [
      ['/api/postbacks/tune?payout=1', 400, 'missing_click_id'],
      ['/api/postbacks/tune?click_id={aff_sub}', 400, 'invalid_click_id'],
      [`/api/postbacks/everflow?click_id=${clickIdOf(message.messageId)}&payout=ten`, 400, 'invalid_payout'],
      [
        `/api/postbacks/everflow?click_id=${clickIdOf(message.messageId)}&event_type=x`,
        400,
        'invalid_event_type',
      ],
      [`/api/postbacks/cake?cid=${unknownMessageClick}&lead=1`, 404, 'click_not_found'],
      ['/conv/offer?message_id=abc', 400, 'missing_offer_id'],
      [`/conv/offer?offer_id=${main.offerId}`, 400, 'missing_message_id'],
      [`/conv/offer?offer_id=${main.offerId}&message_id=bad!`, 400, 'invalid_message_id'],
      [`/conv/offer?offer_id=${main.offerId}&message_id=${randomAlphanumeric(8)}`, 404, 'message_not_found'],
      [`/conv/offer?offer_id=nope&message_id=${message.messageId}`, 404, 'offer_not_found'],
      [
        `/conv/offer?offer_id=${main.offerId}&message_id=${message.messageId}&revenue=-1`,
        400,
        'invalid_revenue',
      ],
      ['/conv?revenue=1', 400, 'missing_link_id'],
      ['/conv?link_id=toolongcode', 400, 'invalid_link_id'],
      [`/conv?link_id=${randomAlphanumeric(7)}`, 404, 'link_not_found'],
    ]
    for (const [path, status, code] of cases) {
      const res = await get(sign(path))
      t.same([res.status, res.body.code], [status, code], path)
    }

    const badLink = randomAlphanumeric(7)
    for (const path of [
      `/pixel/${badLink}.gif?revenue=1&secret=s3cret`,
      '/pixel/',
      '/pixel/x.gif?revenue=abc',
    ]) {
      const res = await get(path)
      t.same(
        [res.status, res.headers.get('content-type'), res.headers.get('cache-control')],
        [200, 'image/gif', 'no-store'],
        `${path} still answers the GIF`,
      )
    }
    const { kafka } = platform.deps.kafka.acquire()
    t.teardown(() => platform.deps.kafka.release())
    const consumer = kafka.consumer({ groupId: `pb-test-${randomUUID()}` })
    await consumer.connect()
    t.teardown(() => consumer.disconnect())
    const seen: { reason: string; payload: string }[] = []
    await consumer.subscribe({
      topic: topicName(platform.config.kafkaTopicPrefix, 'deadLetter'),
      fromBeginning: true,
    })
    await consumer.run({
      eachMessage: async ({ message: m }) => {
        seen.push(JSON.parse(m.value!.toString()))
      },
    })
    const dead = await eventually(
      async () => seen.find((d) => d.payload.includes(badLink)),
      30_000,
      'the pixel’s dead letter',
    )
    t.equal(dead.reason, 'link_not_found')
    t.notOk(dead.payload.includes('s3cret'), 'the secret is redacted')
  },
)

t.test(
  'a Postgres that hangs: a bounded 503 to retry, never a stalled or 500 reply; the pixel still answers',
  async (t) => {
    // A server that accepts connections and never speaks: every Postgres query against it hangs.
    const sockets: Socket[] = []
    const blackhole = createServer((s) => sockets.push(s))
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve))
    const port = (blackhole.address() as AddressInfo).port
    const hungPool = new pg.Pool({ connectionString: `postgres://x@127.0.0.1:${port}/x`, max: 2 })
    hungPool.on('error', () => {})
    const redis = platform.deps.redis.acquire()
    const app = Fastify({ trustProxy: true })
    await app.register(httpBasics)
    await app.register(postbackRoutes, {
      lookups: createLookups(hungPool, redis),
      postbackLookups: createPostbackLookups(hungPool, redis, platform.config.secretKey, { timeoutMs: 300 }),
      events: platform.ingest!.durableEvents,
      topicPrefix: platform.config.kafkaTopicPrefix,
      config: platform.config,
    })
    t.teardown(async () => {
      await app.close()
      for (const s of sockets) s.destroy()
      blackhole.close()
      await platform.deps.redis.release()
      hungPool.end().catch(() => {})
    })
    const started = Date.now()
    const res = await app.inject(`/api/postbacks/tune?click_id=${clickIdOf(randomAlphanumeric(8))}&payout=1`)
    t.ok(Date.now() - started < 2_000, 'answered within the lookup bound')
    t.same([res.statusCode, res.json().code], [503, 'service_unavailable'])
    t.equal(res.headers['retry-after'], '30', 'the network is told to retry')
    const pixel = await app.inject(`/pixel/${randomAlphanumeric(7)}.gif?revenue=1`)
    t.same([pixel.statusCode, pixel.headers['content-type']], [200, 'image/gif'])
  },
)
