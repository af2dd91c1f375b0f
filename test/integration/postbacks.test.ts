// Conversion postbacks over real HTTP, Postgres, Redis, Kafka and ClickHouse: every network form and direct
// endpoint, signed with the account's postback secret, lands exactly one conversion per transaction; the secret
// and IP allow-list are enforced before anything is recorded; refunds reverse revenue; the pixel is always a GIF.
// Forged postbacks of every kind are in postback-forgery.test.ts.
import { randomUUID } from 'node:crypto'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import Fastify from 'fastify'
import pg from 'pg'
import t from 'tap'
import { decryptSecret } from '../../core/crypto.js'
import { topicName } from '../../core/events.js'
import { randomAlphanumeric } from '../../core/ids.js'
import { createLookups } from '../../ingest/lookups.js'
import { createPostbackLookups } from '../../ingest/postback-lookups.js'
import { postbackRoutes } from '../../ingest/postbacks.js'
import { httpBasics } from '../../lib/http.js'
import { ensurePostbackSecrets } from '../../lib/postback-secrets.js'
import {
  createFixture,
  eventually,
  type Fixture,
  issuedClickId,
  startTestPlatform,
} from '../harness/platform.js'

// A reverse proxy on loopback is trusted here, so a test names the network's address in X-Forwarded-For.
const platform = await startTestPlatform(t, { trustProxy: 'loopback' })
const ingest = platform.ingestUrl
const ch = platform.deps.clickhouse.acquire()
const { pool } = platform.deps.postgres.acquire()
t.teardown(async () => {
  await platform.deps.clickhouse.release()
  await platform.deps.postgres.release()
})

interface ConversionRow {
  transaction_id: string
  conversion_type: string
  amount: number
  source: string
  network: string
  offer_id: string
  click_id: string
}

const conversionsOf = (accountId: string, messageId: string) =>
  ch.query<ConversionRow>(
    `SELECT transaction_id, conversion_type, toFloat64(amount) AS amount, source, network, offer_id, click_id
       FROM conversions FINAL
      WHERE account_id = {a:String} AND message_id = {m:String}
      ORDER BY event_time, transaction_id`,
    { a: accountId, m: messageId },
  )

/** Waits until the message has `count` conversions and returns them. */
const settled = (accountId: string, messageId: string, count: number) =>
  eventually(
    async () => {
      const rows = await conversionsOf(accountId, messageId)
      return rows.length >= count ? rows : undefined
    },
    30_000,
    `${count} conversion(s) of ${messageId}`,
  )

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
type Reply = { status: number; body: any; headers: Headers }

async function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${ingest}${path}`, { headers })
  const type = res.headers.get('content-type') ?? ''
  const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())
  return { status: res.status, body, headers: res.headers }
}

async function api(
  fixture: Fixture,
  method: string,
  path: string,
  body?: unknown,
  key = fixture.apiKey,
): Promise<Omit<Reply, 'headers'>> {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

/** The path with the account's postback secret, as the settings' URLs carry it. */
const sign = (path: string, fixture: Fixture = main): string =>
  `${path}${path.includes('?') ? '&' : '?'}postback_secret=${fixture.postbackSecret}`
const clickIdOf = (messageRef: string) => issuedClickId(platform, messageRef)

const main = await createFixture(platform, ingest)
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

t.test('postback secret: generated with the account, required, compared exactly, rotated', async (t) => {
  const acct = await createFixture(platform, ingest)
  const message = await acct.createMessage()
  const clickId = clickIdOf(message.messageId)
  const secret = acct.postbackSecret
  t.match(secret, /^[A-Za-z0-9]{40}$/, 'every new account has a secret')
  const stored = await pool.query<{ enc: string }>(
    'SELECT postback_secret_enc AS enc FROM accounts WHERE id = $1',
    [acct.accountId],
  )
  t.notOk(stored.rows[0]!.enc.includes(secret), 'stored encrypted, not in clear')
  t.match(stored.rows[0]!.enc, /^v1:/)

  const url = (txn: string) => `/api/postbacks/tune?click_id=${clickId}&payout=1&conversion_id=${txn}`
  const none = await get(url('no-secret'))
  t.same([none.status, none.body.code], [401, 'missing_postback_secret'], 'no secret: 401')
  const empty = await get(`${url('empty-secret')}&postback_secret=`)
  t.same([empty.status, empty.body.code], [401, 'missing_postback_secret'], 'an empty macro: 401')
  const wrong = await get(
    `${url('wrong-secret')}&postback_secret=${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`,
  )
  t.same([wrong.status, wrong.body.code], [401, 'invalid_postback_secret'], 'wrong secret: 401')
  const pixelWrong = await get(`/pixel/${message.links[0]!.code}.gif?txn_id=pixel-wrong&secret=nope`)
  t.equal(pixelWrong.status, 200, 'the pixel answers its GIF even then')
  const convNone = await get(`/conv?link_id=${message.links[0]!.code}&txn_id=conv-none`)
  t.same([convNone.status, convNone.body.code], [401, 'missing_postback_secret'])
  t.equal((await get(`${url('right')}&postback_secret=${secret}`)).status, 200)
  t.equal(
    (await get(`/conv?link_id=${message.links[0]!.code}&txn_id=conv-right&secret=${secret}`)).status,
    200,
  )

  // Events of one message share a partition: once the later accepted ones are in, a refused one would be too.
  const rows = await settled(acct.accountId, message.messageId, 2)
  t.same(
    rows.map((r) => r.transaction_id).sort(),
    ['conv-right', 'right'],
    'nothing recorded for the refused requests',
  )

  const settings = await api(acct, 'GET', '/postbacks/settings')
  t.same(
    [settings.body.secret_set, settings.body.secret, settings.body.allow_unsigned],
    [true, secret, false],
    'owners see the secret; unsigned postbacks are off by default',
  )
  t.ok(settings.body.postback_urls.tune.endsWith(`&postback_secret=${secret}`), 'the URLs carry it')
  const viewerKey = await api(acct, 'POST', '/keys', { name: 'viewer', role: 'viewer' })
  const asViewer = await api(acct, 'GET', '/postbacks/settings', undefined, viewerKey.body.api_key)
  t.same(
    [asViewer.status, asViewer.body.secret_set, asViewer.body.secret],
    [200, true, null],
    'viewers do not',
  )
  t.match(asViewer.body.postback_urls.cake, /postback_secret=\{postback_secret\}$/)
  const viewerRotate = await api(acct, 'POST', '/postbacks/secret', undefined, viewerKey.body.api_key)
  t.same([viewerRotate.status, viewerRotate.body.code], [403, 'forbidden'], 'only owners rotate')

  // Rotation: the old secret stops working (ingest re-reads settings within seconds); a fixed txn keeps the
  // polling from recording more than one conversion.
  const rotated = await api(acct, 'POST', '/postbacks/secret')
  const next = rotated.body.secret as string
  t.match(next, /^[A-Za-z0-9]{40}$/)
  t.not(next, secret)
  t.ok(rotated.body.postback_urls.tune.endsWith(`&postback_secret=${next}`))
  await eventually(
    async () => ((await get(`${url('poll')}&postback_secret=${secret}`)).status === 401 ? true : undefined),
    30_000,
    'the old secret refused',
  )
  t.equal((await get(`${url('after-rotation')}&postback_secret=${next}`)).status, 200, 'the new one works')
  const audit = await pool.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE account_id = $1 AND action LIKE 'postback.%'`,
    [acct.accountId],
  )
  t.same(
    audit.rows.map((r) => r.action),
    ['postback.secret_rotated'],
    'the rotation is audited; the refused viewer left nothing',
  )
  t.equal((await api(acct, 'DELETE', '/postbacks/secret')).status, 404, 'a secret cannot be removed')
})

t.test(
  'unsigned postbacks: only an owner allows them, audited; a wrong secret is refused still',
  async (t) => {
    const acct = await createFixture(platform, ingest)
    const message = await acct.createMessage()
    const url = (txn: string) =>
      `/api/postbacks/everflow?click_id=${clickIdOf(message.messageId)}&payout=1&transaction_id=${txn}`
    const member = await api(acct, 'POST', '/keys', { name: 'member', role: 'member' })
    const asMember = await api(
      acct,
      'PUT',
      '/postbacks/allow-unsigned',
      { allow_unsigned: true },
      member.body.api_key,
    )
    t.same([asMember.status, asMember.body.code], [403, 'forbidden'], 'members may not')
    for (const body of [{}, { allow_unsigned: 'perhaps' }, { allow_unsigned: [true, false] }]) {
      const bad = await api(acct, 'PUT', '/postbacks/allow-unsigned', body)
      t.same([bad.status, bad.body.code], [400, 'invalid_allow_unsigned'], JSON.stringify(body))
    }
    t.equal((await get(url('before'))).status, 401, 'refused before the owner allows it')

    const on = await api(acct, 'PUT', '/postbacks/allow-unsigned', { allow_unsigned: true })
    t.same(on, { status: 200, body: { success: true, allow_unsigned: true } })
    t.equal((await api(acct, 'GET', '/postbacks/settings')).body.allow_unsigned, true)
    await eventually(
      async () => ((await get(url('unsigned'))).status === 200 ? true : undefined),
      30_000,
      'an unsigned postback accepted',
    )
    const wrong = await get(`${url('wrong')}&postback_secret=nope`)
    t.same(
      [wrong.status, wrong.body.code],
      [401, 'invalid_postback_secret'],
      'a wrong secret is never accepted',
    )

    const off = await api(acct, 'PUT', '/postbacks/allow-unsigned', { allow_unsigned: false })
    t.same(off.body, { success: true, allow_unsigned: false })
    await eventually(
      async () => ((await get(url('unsigned'))).status === 401 ? true : undefined),
      30_000,
      'unsigned refused again',
    )
    const rows = await settled(acct.accountId, message.messageId, 1)
    t.same(
      rows.map((r) => r.transaction_id),
      ['unsigned'],
      'only the allowed unsigned one counted',
    )
    const audit = await pool.query<{ actor: string; action: string; detail: unknown }>(
      `SELECT actor, action, detail FROM audit_log
      WHERE account_id = $1 AND action LIKE 'postback.%' ORDER BY id`,
      [acct.accountId],
    )
    t.same(
      audit.rows.map((r) => [r.action, r.detail]),
      [
        ['postback.allow_unsigned_changed', { from: false, to: true }],
        ['postback.allow_unsigned_changed', { from: true, to: false }],
      ],
      'both changes audited with before and after',
    )
    t.ok(
      audit.rows.every((r) => r.actor.startsWith('key:')),
      'with the key that made them',
    )
  },
)

t.test('IP allow-list: only listed addresses and ranges may post', async (t) => {
  const acct = await createFixture(platform, ingest)
  const bad = await api(acct, 'PUT', '/postbacks/allowlist', { ip_allowlist: ['10.0.0.0/8', 'example.com'] })
  t.same([bad.status, bad.body.code], [400, 'invalid_ip_allowlist'])
  for (const body of [{ ip_allowlist: { a: '10.0.0.1' } }, {}, { ip_allowlist: ['x'.repeat(65)] }]) {
    const res = await api(acct, 'PUT', '/postbacks/allowlist', body)
    t.same([res.status, res.body.code], [400, 'invalid_ip_allowlist'], JSON.stringify(body).slice(0, 40))
  }
  const set = await api(acct, 'PUT', '/postbacks/allowlist', {
    ip_allowlist: ['203.0.113.9/24', '2001:DB8::/32', '198.51.100.7'],
  })
  t.same(set.body, { success: true, ip_allowlist: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'] })
  t.same((await api(acct, 'GET', '/postbacks/settings')).body.ip_allowlist, set.body.ip_allowlist)

  const message = await acct.createMessage()
  const clickId = clickIdOf(message.messageId)
  const from = (ip: string, txn: string) =>
    get(sign(`/api/postbacks/everflow?click_id=${clickId}&payout=1&transaction_id=${txn}`, acct), {
      'x-forwarded-for': ip,
    })
  const denied = await from('192.0.2.1', 'denied')
  t.same([denied.status, denied.body.code], [403, 'postback_ip_not_allowed'])
  t.equal((await from('198.51.100.8', 'denied-2')).status, 403, 'a single address is not a range')
  const pixel = await get(sign(`/pixel/${message.links[0]!.code}.gif?txn_id=pixel-denied`, acct), {
    'x-forwarded-for': '192.0.2.1',
  })
  t.equal(pixel.status, 200, 'the pixel still answers')
  t.equal((await from('203.0.113.200', 'v4-range')).status, 200)
  t.equal((await from('::ffff:198.51.100.7', 'v4-mapped')).status, 200, 'IPv4-mapped IPv6 matches its IPv4')
  t.equal((await from('2001:db8:5::1', 'v6-range')).status, 200)
  const rows = await settled(acct.accountId, message.messageId, 3)
  t.same(
    rows.map((r) => r.transaction_id).sort(),
    ['v4-mapped', 'v4-range', 'v6-range'],
    'nothing recorded for refused addresses',
  )
})

t.test('the settings’ URL templates work as pasted', async (t) => {
  const acct = await createFixture(platform, ingest)
  const settings = await api(acct, 'GET', '/postbacks/settings')
  const urls = settings.body.postback_urls as Record<string, string>
  t.equal(settings.body.secret, acct.postbackSecret)
  t.ok(urls.tune!.startsWith(`${platform.config.publicWebhookBaseUrl}/api/postbacks/tune?`))
  const message = await acct.createMessage()
  const clickId = clickIdOf(message.messageId)
  // What each network substitutes for its macros.
  const filled = [
    urls
      .tune!.replace('{aff_click_id}', clickId)
      .replace('{payout}', '1')
      .replace('{transaction_id}', 'tpl-tune')
      .replace('{offer_id}', '55'),
    urls
      .everflow!.replace('{sub1}', clickId)
      .replace('{payout_amount}', '2')
      .replace('{transaction_id}', 'tpl-ef')
      .replace('{offer_id}', '55')
      .replace('{event_name}', ''),
    urls
      .cake!.replace('#s2#', clickId)
      .replace('#leadid#', 'tpl-cake')
      .replace('#price#', '3')
      .replace('#oid#', '9'),
    urls
      .conv!.replace('{link_id}', message.links[0]!.code)
      .replace('{revenue}', '4')
      .replace('{txn_id}', 'tpl-conv'),
  ]
  for (const url of filled) {
    const res = await fetch(url.replace(platform.config.publicWebhookBaseUrl, ingest))
    t.equal(res.status, 200, url)
  }
  const rows = await settled(acct.accountId, message.messageId, 4)
  t.same(rows.map((r) => r.transaction_id).sort(), ['tpl-cake', 'tpl-conv', 'tpl-ef', 'tpl-tune'])
})

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

t.test(
  'an account from before secrets existed: refused until start-up gives it one, then signed works',
  async (t) => {
    const acct = await createFixture(platform, ingest)
    const keep = await createFixture(platform, ingest)
    const kept = await pool.query<{ enc: string }>(
      'SELECT postback_secret_enc AS enc FROM accounts WHERE id = $1',
      [keep.accountId],
    )
    await pool.query('UPDATE accounts SET postback_secret_enc = NULL WHERE id = $1', [acct.accountId])
    const message = await acct.createMessage()
    const url = (txn: string) =>
      `/api/postbacks/everflow?click_id=${clickIdOf(message.messageId)}&payout=1&transaction_id=${txn}`
    await eventually(
      async () => ((await get(url('unsigned'))).body.code === 'missing_postback_secret' ? true : undefined),
      30_000,
      'no secret yet: unsigned refused',
    )
    const anyGuess = await get(`${url('guess')}&postback_secret=${acct.postbackSecret}`)
    t.same([anyGuess.status, anyGuess.body.code], [401, 'invalid_postback_secret'], 'and nothing matches')

    t.ok((await ensurePostbackSecrets(pool, platform.config.secretKey)) >= 1, 'start-up gives it a secret')
    const after = await pool.query<{ id: string; enc: string }>(
      'SELECT id, postback_secret_enc AS enc FROM accounts WHERE id = ANY($1::text[])',
      [[acct.accountId, keep.accountId]],
    )
    t.equal(
      after.rows.find((r) => r.id === keep.accountId)!.enc,
      kept.rows[0]!.enc,
      'an existing secret is kept',
    )
    const secret = decryptSecret(
      after.rows.find((r) => r.id === acct.accountId)!.enc,
      platform.config.secretKey,
    )
    t.match(secret, /^[A-Za-z0-9]{40}$/)
    t.equal((await api(acct, 'GET', '/postbacks/settings')).body.secret, secret, 'shown to its owner')
    await eventually(
      async () =>
        (await get(`${url('signed')}&postback_secret=${secret}`)).status === 200 ? true : undefined,
      30_000,
      'signed accepted',
    )
  },
)
