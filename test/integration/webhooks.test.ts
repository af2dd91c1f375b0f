// Customer webhooks (spec §15) over the real API app, Postgres, Redis and the webhook worker, delivering to a
// loopback receiver: CRUD, roles and tenant isolation; SSRF refusals with private networks not allowed; signed
// end-to-end delivery; retries on the (shortened) schedule; redirects not followed; auto-pause; manual pause;
// one delivery per event however often it is enqueued; the test event and secret rotation.
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { decryptSecret } from '../../core/crypto.js'
import { randomAlphanumeric } from '../../core/ids.js'
import type { WebhookEventType } from '../../core/views/webhooks.js'
import { verifyWebhook, WEBHOOK_SECRET_PATTERN } from '../../core/webhook-signature.js'
import { buildHttpApp } from '../../lib/server.js'
import {
  AUTO_PAUSE_AFTER_FAILURES,
  enqueueWebhookEvent,
  MAX_WEBHOOKS_PER_ACCOUNT,
} from '../../services/webhooks.js'
import { DEFAULT_BACKOFF_SCHEDULE_MS, retryDelayMs, startWebhookWorker } from '../../workers/webhooks.js'
import { apiHarness, type TestAccount } from '../harness/api.js'
import { eventually } from '../harness/platform.js'

// Loopback receivers need private networks allowed; `strict` is the same app with the production default.
const h = await apiHarness(t, { webhookAllowPrivateNetworks: true })
const strict = await buildHttpApp(apiApp, {
  ...h.deps,
  config: { ...h.config, webhookAllowPrivateNetworks: false },
})
t.teardown(() => strict.close())

const SCHEDULE = [200, 300, 400, 500, 600]
const worker = await startWebhookWorker(h.deps, { backoffScheduleMs: SCHEDULE })
t.teardown(() => worker.stop())
const queue = h.deps.queues.acquire().webhooks
t.teardown(() => h.deps.queues.release())

// ---- A loopback receiver: per-path replies, every request recorded ----

interface Hit {
  path: string
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}
type Reply = { status: number; headers?: Record<string, string> }
const replies = new Map<string, (n: number) => Reply>()
const hits: Hit[] = []
const receiver = http.createServer((req, res) => {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (c: string) => {
    body += c
  })
  req.on('end', () => {
    const path = req.url ?? ''
    hits.push({ path, headers: req.headers, body, at: Date.now() })
    const reply = replies.get(path)?.(hits.filter((x) => x.path === path).length) ?? { status: 200 }
    res.writeHead(reply.status, reply.headers).end('ok')
  })
})
receiver.listen(0, '127.0.0.1')
await once(receiver, 'listening')
t.teardown(() => {
  receiver.closeAllConnections()
  receiver.close()
})
const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
const hitsOn = (path: string) => hits.filter((x) => x.path === path)
const newPath = () => `/hook/${randomAlphanumeric(8)}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// ---- Helpers ----

async function createHook(
  acc: TestAccount,
  path: string,
  events: WebhookEventType[] = ['delivery', 'unsubscribe', 'reply'],
): Promise<{ id: string; secret: string }> {
  const res = await h.request('POST', '/api/v2/webhooks', acc.keys.member, { url: `${base}${path}`, events })
  if (res.status !== 201) throw new Error(`create webhook failed: ${JSON.stringify(res.body)}`)
  return { id: res.body.webhook.id, secret: res.body.secret }
}

const deliveryEvent = (acc: TestAccount, eventId = `evt_${randomAlphanumeric(12)}`) => ({
  accountId: acc.accountId,
  type: 'delivery' as const,
  eventId,
  payload: {
    message_id: randomAlphanumeric(8),
    to: '+14155552671',
    list_number: acc.list.phoneNumber,
    status: 'delivered',
    status_detail: 'DELIVERED_TO_HANDSET',
    provider: 'simulator',
    timestamp: new Date().toISOString(),
  },
})

interface DeliveryRow {
  id: string
  status: string
  attempts: number
  last_status_code: number | null
  last_error: string | null
  next_attempt_at: Date | null
  delivered_at: Date | null
  event_id: string
}
async function deliveriesOf(endpointId: string): Promise<DeliveryRow[]> {
  const { rows } = await h.pg.pool.query<DeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at, id',
    [endpointId],
  )
  return rows
}
async function endpointRow(id: string) {
  const { rows } = await h.pg.pool.query('SELECT * FROM webhook_endpoints WHERE id = $1', [id])
  return rows[0]
}
const settled = (endpointId: string) =>
  eventually(
    async () => {
      const rows = await deliveriesOf(endpointId)
      return rows.length > 0 && rows.every((r) => r.status !== 'pending') ? rows : undefined
    },
    20_000,
    'deliveries settle',
  )

// ---- API ----

t.test('CRUD: the secret is shown once, encrypted at rest, never listed', async (t) => {
  const a = await h.account()
  const created = await h.request('POST', '/api/v2/webhooks', a.keys.member, {
    url: `${base}/crud`,
    events: ['reply', 'delivery', 'reply'],
    description: '  Orders system ',
  })
  t.equal(created.status, 201)
  const { webhook, secret } = created.body
  t.equal(created.body.success, true)
  t.match(secret, WEBHOOK_SECRET_PATTERN)
  t.match(webhook, {
    id: /^[a-f0-9]{24}$/,
    url: `${base}/crud`,
    description: 'Orders system',
    events: ['delivery', 'reply'],
    status: 'active',
    paused_reason: null,
    consecutive_failures: 0,
    last_success_at: null,
  })
  const stored = await endpointRow(webhook.id)
  t.notOk(stored.secret_encrypted.includes(secret), 'not stored in clear')
  t.equal(decryptSecret(stored.secret_encrypted, h.config.secretKey), secret)

  const list = await h.request('GET', '/api/v2/webhooks', a.keys.viewer)
  t.same(list.body.pagination, { page: 1, per_page: 50, total: 1, total_pages: 1 })
  t.same(list.body.webhooks, [webhook])
  const got = await h.request('GET', `/api/v2/webhooks/${webhook.id}`, a.keys.viewer)
  t.same(got.body, { success: true, webhook })
  for (const body of [list.body, got.body]) {
    t.notOk(JSON.stringify(body).includes(secret), 'no secret')
    t.notOk(JSON.stringify(body).includes('secret'), 'no secret field')
  }

  const patched = await h.request('PATCH', `/api/v2/webhooks/${webhook.id}`, a.keys.member, {
    events: ['unsubscribe'],
    description: null,
    status: 'paused',
  })
  t.equal(patched.status, 200)
  t.match(patched.body.webhook, {
    events: ['unsubscribe'],
    description: null,
    status: 'paused',
    paused_reason: 'paused_by_user',
  })
  const resumed = await h.request('PATCH', `/api/v2/webhooks/${webhook.id}`, a.keys.member, {
    status: 'active',
  })
  t.match(resumed.body.webhook, { status: 'active', paused_reason: null })

  await h.request('POST', '/api/v2/webhooks', a.keys.member, { url: `${base}/crud2`, events: ['delivery'] })
  const page = await h.request('GET', '/api/v2/webhooks?per_page=1&page=2', a.keys.viewer)
  t.same(page.body.pagination, { page: 2, per_page: 1, total: 2, total_pages: 2 })
  t.equal(page.body.webhooks[0].id, webhook.id, 'newest first')

  const deleted = await h.request('DELETE', `/api/v2/webhooks/${webhook.id}`, a.keys.member)
  t.same(deleted.body, { success: true, deleted: true })
  t.equal((await h.request('GET', `/api/v2/webhooks/${webhook.id}`, a.keys.viewer)).status, 404)
  t.equal((await h.request('DELETE', `/api/v2/webhooks/${webhook.id}`, a.keys.member)).body.code, 'not_found')

  const { rows } = await h.pg.pool.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE account_id = $1 AND action LIKE 'webhook.%' ORDER BY id`,
    [a.accountId],
  )
  t.same(
    rows.map((r) => r.action),
    ['webhook.created', 'webhook.updated', 'webhook.updated', 'webhook.created', 'webhook.deleted'],
  )
})

t.test('validation codes: events, url, the per-account cap', async (t) => {
  const a = await h.account()
  const post = (body: unknown) => h.request('POST', '/api/v2/webhooks', a.keys.member, body)
  const cases: Array<[unknown, number, string]> = [
    [{ url: `${base}/v` }, 400, 'missing_events'],
    [{ events: ['delivery'] }, 400, 'missing_url'],
    [{ url: `${base}/v`, events: [] }, 400, 'invalid_events'],
    [{ url: `${base}/v`, events: ['delivery', 'click'] }, 400, 'invalid_events'],
    [{ url: `${base}/v`, events: { delivery: true } }, 400, 'invalid_events'],
    [{ url: 'not a url', events: ['delivery'] }, 400, 'invalid_webhook_url'],
    [{ url: 'ftp://127.0.0.1/x', events: ['delivery'] }, 400, 'invalid_webhook_url'],
  ]
  for (const [body, status, code] of cases) {
    const res = await post(body)
    t.same([res.status, res.body.code], [status, code], JSON.stringify(body))
    t.type(res.body.error, 'string')
  }
  const { id } = await createHook(a, '/v')
  const bad = await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { events: ['nope'] })
  t.same([bad.status, bad.body.code], [400, 'invalid_events'])
  const badStatus = await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'deleted' })
  t.same([badStatus.status, badStatus.body.code], [400, 'invalid_status'])

  for (let i = 1; i < MAX_WEBHOOKS_PER_ACCOUNT; i++) await createHook(a, `/v${i}`)
  const over = await post({ url: `${base}/over`, events: ['delivery'] })
  t.same([over.status, over.body.code], [409, 'too_many_webhooks'])
})

t.test('roles: viewers read, members and owners manage', async (t) => {
  const a = await h.account()
  const { id } = await createHook(a, '/roles')
  for (const [method, url] of [
    ['GET', '/api/v2/webhooks'],
    ['GET', `/api/v2/webhooks/${id}`],
    ['GET', `/api/v2/webhooks/${id}/deliveries`],
  ] as const) {
    t.equal((await h.request(method, url, a.keys.viewer)).status, 200, `viewer ${method} ${url}`)
  }
  const writes: Array<['POST' | 'PATCH' | 'DELETE', string, unknown]> = [
    ['POST', '/api/v2/webhooks', { url: `${base}/r`, events: ['delivery'] }],
    ['PATCH', `/api/v2/webhooks/${id}`, { description: 'x' }],
    ['POST', `/api/v2/webhooks/${id}/test`, undefined],
    ['POST', `/api/v2/webhooks/${id}/rotate-secret`, undefined],
    ['DELETE', `/api/v2/webhooks/${id}`, undefined],
  ]
  for (const [method, url, body] of writes) {
    const res = await h.request(method, url, a.keys.viewer, body)
    t.same([res.status, res.body.code], [403, 'forbidden'], `viewer ${method} ${url}`)
  }
  for (const role of ['member', 'owner'] as const) {
    const made = await h.request('POST', '/api/v2/webhooks', a.keys[role], {
      url: `${base}/r`,
      events: ['reply'],
    })
    t.equal(made.status, 201, `${role} creates`)
    const hook = made.body.webhook.id
    t.equal(
      (await h.request('PATCH', `/api/v2/webhooks/${hook}`, a.keys[role], { description: 'y' })).status,
      200,
    )
    t.equal((await h.request('POST', `/api/v2/webhooks/${hook}/test`, a.keys[role])).status, 200)
    t.equal(
      (await h.request('DELETE', `/api/v2/webhooks/${hook}`, a.keys[role])).status,
      200,
      `${role} deletes`,
    )
  }
  t.equal((await h.request('GET', '/api/v2/webhooks', undefined)).body.code, 'missing_api_key')
})

t.test('tenant isolation: another account sees and reaches nothing', async (t) => {
  const a = await h.account()
  const b = await h.account()
  const pathA = newPath()
  const pathB = newPath()
  const hookA = await createHook(a, pathA)
  const hookB = await createHook(b, pathB)
  for (const [method, url, body] of [
    ['GET', `/api/v2/webhooks/${hookA.id}`, undefined],
    ['PATCH', `/api/v2/webhooks/${hookA.id}`, { status: 'paused' }],
    ['GET', `/api/v2/webhooks/${hookA.id}/deliveries`, undefined],
    ['POST', `/api/v2/webhooks/${hookA.id}/test`, undefined],
    ['POST', `/api/v2/webhooks/${hookA.id}/rotate-secret`, undefined],
    ['DELETE', `/api/v2/webhooks/${hookA.id}`, undefined],
  ] as const) {
    const res = await h.request(method, url, b.keys.owner, body)
    t.same([res.status, res.body.code], [404, 'not_found'], `${method} ${url}`)
  }
  const listB = await h.request('GET', '/api/v2/webhooks', b.keys.owner)
  t.same(
    listB.body.webhooks.map((w: { id: string }) => w.id),
    [hookB.id],
  )
  t.match(await endpointRow(hookA.id), { status: 'active' }, 'untouched')

  const ids = await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
  t.equal(ids.length, 1, "only A's endpoint")
  await settled(hookA.id)
  t.equal(hitsOn(pathA).length, 1)
  t.equal(hitsOn(pathB).length, 0)
  t.same(await deliveriesOf(hookB.id), [])
})

t.test(
  'SSRF: private, loopback, link-local and metadata URLs are refused (production default)',
  async (t) => {
    const a = await h.account()
    const post = async (url: string) => {
      const res = await strict.inject({
        method: 'POST',
        url: '/api/v2/webhooks',
        headers: { 'x-api-key': a.keys.member },
        payload: { url, events: ['delivery'] },
      })
      return { status: res.statusCode, body: res.json() }
    }
    const refused: Array<[string, string, RegExp]> = [
      ['http://127.0.0.1/hook', 'invalid_webhook_url', /must use https:/],
      ['http://hooks.example.com/hook', 'invalid_webhook_url', /must use https:/],
      ['https://127.0.0.1/hook', 'webhook_url_not_allowed', /loopback/],
      ['https://10.0.0.5/hook', 'webhook_url_not_allowed', /private network/],
      ['https://169.254.169.254/latest/meta-data', 'webhook_url_not_allowed', /link-local/],
      ['https://[::1]/hook', 'webhook_url_not_allowed', /loopback/],
      ['https://[::ffff:169.254.169.254]/', 'webhook_url_not_allowed', /link-local/],
      ['https://localhost/hook', 'webhook_url_not_allowed', /loopback host/],
      ['https://localhost:8443/hook', 'webhook_url_not_allowed', /loopback host/],
      ['https://metadata.google.internal/computeMetadata/v1/', 'webhook_url_not_allowed', /metadata/],
      ['https://100.64.0.1/hook', 'webhook_url_not_allowed', /carrier-grade NAT/],
    ]
    for (const [url, code, reason] of refused) {
      const res = await post(url)
      t.match([res.status, res.body], [400, { code, error: reason }], url)
    }
    // A public literal address needs no DNS (none is reachable here) and is accepted.
    const ok = await post('https://93.184.215.14/hook')
    t.equal(ok.status, 201)
    const patched = await strict.inject({
      method: 'PATCH',
      url: `/api/v2/webhooks/${ok.body.webhook.id}`,
      headers: { 'x-api-key': a.keys.member },
      payload: { url: 'https://192.168.1.10/hook' },
    })
    t.same([patched.statusCode, patched.json().code], [400, 'webhook_url_not_allowed'], 'on update too')
    t.match(await endpointRow(ok.body.webhook.id), { url: 'https://93.184.215.14/hook' })
  },
)

// ---- Deliveries ----

t.test('the retry schedule: spec §15 by default, attempts 6', async (t) => {
  t.same(DEFAULT_BACKOFF_SCHEDULE_MS, [60_000, 300_000, 900_000, 3_600_000, 7_200_000])
  t.same(
    [1, 2, 3, 4, 5].map((n) => retryDelayMs(DEFAULT_BACKOFF_SCHEDULE_MS, n)),
    [60_000, 300_000, 900_000, 3_600_000, 7_200_000],
  )
})

t.test(
  'end to end: a signed delivery whose signature verifies with the secret from the create reply',
  async (t) => {
    const a = await h.account()
    const path = newPath()
    const { id, secret } = await createHook(a, path, ['delivery'])
    const event = deliveryEvent(a)
    const [deliveryId] = await enqueueWebhookEvent(h.pg.pool, queue, event)
    t.ok(deliveryId)
    const job = await queue.getJob(deliveryId!)
    t.match(job?.opts, { jobId: deliveryId, attempts: 6, backoff: { type: 'webhook-schedule' } })

    const [hit] = await eventually(
      async () => (hitsOn(path).length ? hitsOn(path) : undefined),
      20_000,
      'delivery',
    )
    t.match(hit!.headers, {
      'content-type': 'application/json',
      'user-agent': 'Trackly-Webhooks/1',
      'x-trackly-event': 'delivery',
      'x-trackly-delivery': deliveryId,
    })
    const signature = String(hit!.headers['x-trackly-signature'])
    t.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/)
    t.same(verifyWebhook(secret, signature, hit!.body).ok, true, 'verifies with the secret shown at creation')
    t.same(verifyWebhook(secret, signature, `${hit!.body} `).ok, false, 'and only for these bytes')
    t.equal(hit!.headers['webhook-id'], deliveryId, 'Standard Webhooks id: the delivery id')
    t.equal(
      hit!.headers['webhook-timestamp'],
      /^t=(\d+)/.exec(signature)?.[1],
      'one timestamp for both schemes',
    )
    t.same(
      new Webhook(secret).verify(hit!.body, {
        'webhook-id': String(hit!.headers['webhook-id']),
        'webhook-timestamp': String(hit!.headers['webhook-timestamp']),
        'webhook-signature': String(hit!.headers['webhook-signature']),
      }),
      JSON.parse(hit!.body),
      'the standardwebhooks library verifies the delivery',
    )
    t.ok(
      new Stripe('sk_test_unused').webhooks.constructEvent(hit!.body, signature, secret),
      'so does Stripe’s SDK',
    )
    const body = JSON.parse(hit!.body)
    t.same(Object.keys(body).sort(), ['created_at', 'data', 'id', 'type'])
    t.match(body, { id: deliveryId, type: 'delivery', data: event.payload })
    t.same(body.data, event.payload)
    t.ok(Math.abs(Date.parse(body.created_at) - Date.now()) < 60_000)

    const [row] = await settled(id)
    t.match(row, {
      id: deliveryId,
      status: 'succeeded',
      attempts: 1,
      last_status_code: 200,
      last_error: null,
    })
    t.ok(row!.delivered_at)
    const listed = await h.request('GET', `/api/v2/webhooks/${id}/deliveries`, a.keys.viewer)
    t.match(listed.body, {
      deliveries: [
        { id: deliveryId, event_type: 'delivery', status: 'succeeded', attempts: 1, payload: event.payload },
      ],
      pagination: { total: 1 },
    })
    t.match(await endpointRow(id), { consecutive_failures: 0, last_success_at: Date })
  },
)

t.test('a receiver that fails twice is retried on the schedule and ends succeeded', async (t) => {
  const a = await h.account()
  const path = newPath()
  replies.set(path, (n) => ({ status: n <= 2 ? 503 : 200 }))
  const { id } = await createHook(a, path)
  await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
  const [row] = await eventually(
    async () => {
      const rows = await deliveriesOf(id)
      return rows[0]?.status === 'succeeded' ? rows : undefined
    },
    20_000,
    'success after retries',
  )
  t.match(row, {
    status: 'succeeded',
    attempts: 3,
    last_status_code: 200,
    last_error: null,
    next_attempt_at: null,
  })
  const at = hitsOn(path).map((x) => x.at)
  t.equal(at.length, 3)
  t.ok(
    at[1]! - at[0]! >= SCHEDULE[0]! - 20,
    `first retry after ${at[1]! - at[0]!} ms (schedule ${SCHEDULE[0]})`,
  )
  t.ok(
    at[2]! - at[1]! >= SCHEDULE[1]! - 20,
    `second retry after ${at[2]! - at[1]!} ms (schedule ${SCHEDULE[1]})`,
  )
  t.same(
    hitsOn(path).map((x) => x.headers['x-trackly-delivery']),
    [row!.id, row!.id, row!.id],
    'the same delivery id each time',
  )
  t.match(await endpointRow(id), { consecutive_failures: 0, status: 'active' }, 'reset by the success')
})

t.test('a 302 is a failed delivery and its Location is never followed', async (t) => {
  const a = await h.account()
  const path = newPath()
  const elsewhere = newPath()
  replies.set(path, () => ({ status: 302, headers: { location: `${base}${elsewhere}` } }))
  const { id } = await createHook(a, path)
  await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
  const [row] = await settled(id)
  t.match(row, {
    status: 'failed',
    attempts: 6,
    last_status_code: 302,
    last_error: 'redirect not followed (HTTP 302)',
    next_attempt_at: null,
    delivered_at: null,
  })
  t.equal(hitsOn(path).length, 6, 'one try and five retries')
  t.equal(hitsOn(elsewhere).length, 0)
})

t.test(
  `an endpoint failing ${AUTO_PAUSE_AFTER_FAILURES} times in a row is paused automatically`,
  async (t) => {
    const a = await h.account()
    const path = newPath()
    replies.set(path, () => ({ status: 500 }))
    const { id } = await createHook(a, path)
    // Three events: up to 18 attempts, so the endpoint reaches 15 failures with attempts still to come.
    for (let i = 0; i < 3; i++) await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
    const paused = await eventually(
      async () => {
        const row = await endpointRow(id)
        return row.status === 'paused' ? row : undefined
      },
      20_000,
      'auto-pause',
    )
    t.match(paused, { paused_reason: 'repeated_failures' })
    t.ok(paused.consecutive_failures >= AUTO_PAUSE_AFTER_FAILURES)
    const rows = await settled(id)
    t.ok(
      rows.some((r) => r.last_error === 'endpoint_paused'),
      'the attempts left were stopped',
    )
    t.ok(rows.every((r) => r.status === 'failed'))
    const count = hitsOn(path).length
    t.ok(count >= AUTO_PAUSE_AFTER_FAILURES && count < 18, `${count} requests`)
    await sleep(SCHEDULE.at(-1)! * 2)
    t.equal(hitsOn(path).length, count, 'nothing more is sent')
    t.same(
      await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a)),
      [],
      'new events skip a paused endpoint',
    )

    const api = await h.request('GET', `/api/v2/webhooks/${id}`, a.keys.viewer)
    t.match(api.body.webhook, { status: 'paused', paused_reason: 'repeated_failures' })
    const resumed = await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'active' })
    t.match(resumed.body.webhook, { status: 'active', paused_reason: null, consecutive_failures: 0 })
  },
)

t.test('pausing an endpoint stops its pending deliveries', async (t) => {
  const a = await h.account()
  const path = newPath()
  replies.set(path, () => ({ status: 500 }))
  const { id } = await createHook(a, path)
  await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
  const [waiting] = await eventually(
    async () => {
      const rows = await deliveriesOf(id)
      return rows[0]?.attempts === 1 ? rows : undefined
    },
    20_000,
    'first failure',
  )
  t.match(waiting, {
    status: 'pending',
    last_status_code: 500,
    last_error: 'HTTP 500',
    next_attempt_at: Date,
  })
  await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'paused' })
  t.match((await deliveriesOf(id))[0], {
    status: 'failed',
    last_error: 'endpoint_paused',
    next_attempt_at: null,
  })
  await sleep(SCHEDULE[0]! * 3)
  t.equal(hitsOn(path).length, 1, 'the retry never went out')
})

t.test('the same event enqueued twice (or at once) is delivered once per endpoint', async (t) => {
  const a = await h.account()
  const path = newPath()
  const other = newPath()
  const { id } = await createHook(a, path, ['delivery'])
  const replyOnly = await createHook(a, other, ['reply'])
  const event = deliveryEvent(a)
  await enqueueWebhookEvent(h.pg.pool, queue, event)
  await Promise.all([
    enqueueWebhookEvent(h.pg.pool, queue, event),
    enqueueWebhookEvent(h.pg.pool, queue, event),
  ])
  const rows = await settled(id)
  t.equal(rows.length, 1)
  t.equal(rows[0]!.status, 'succeeded')
  await enqueueWebhookEvent(h.pg.pool, queue, event)
  await sleep(500)
  t.equal(hitsOn(path).length, 1, 'one request')
  t.same(await deliveriesOf(replyOnly.id), [], 'an endpoint not subscribed to the type gets nothing')
  t.equal(hitsOn(other).length, 0)
})

t.test('POST /:id/test sends a signed test event now; rotate-secret replaces the secret', async (t) => {
  const a = await h.account()
  const path = newPath()
  const { id, secret } = await createHook(a, path, ['reply'])
  const res = await h.request('POST', `/api/v2/webhooks/${id}/test`, a.keys.member)
  t.equal(res.status, 200)
  t.match(res.body, {
    success: true,
    delivery: {
      event_type: 'test',
      status: 'succeeded',
      attempts: 1,
      last_status_code: 200,
      last_error: null,
    },
  })
  const [hit] = hitsOn(path)
  t.match(JSON.parse(hit!.body), { id: res.body.delivery.id, type: 'test', data: { message: String } })
  t.ok(verifyWebhook(secret, String(hit!.headers['x-trackly-signature']), hit!.body).ok)

  const rotated = await h.request('POST', `/api/v2/webhooks/${id}/rotate-secret`, a.keys.member)
  t.equal(rotated.status, 200)
  t.match(rotated.body, { success: true, webhook: { id }, secret: WEBHOOK_SECRET_PATTERN })
  t.not(rotated.body.secret, secret)
  await h.request('POST', `/api/v2/webhooks/${id}/test`, a.keys.member)
  const second = hitsOn(path)[1]!
  const header = String(second.headers['x-trackly-signature'])
  t.ok(verifyWebhook(rotated.body.secret, header, second.body).ok, 'signed with the new secret')
  t.notOk(verifyWebhook(secret, header, second.body).ok, 'not with the old one')

  // A failing receiver: reported, not counted toward auto-pause; a paused endpoint can still be tested.
  replies.set(path, () => ({ status: 500 }))
  await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'paused' })
  const failed = await h.request('POST', `/api/v2/webhooks/${id}/test`, a.keys.member)
  t.match(failed.body.delivery, {
    status: 'failed',
    attempts: 1,
    last_status_code: 500,
    last_error: 'HTTP 500',
  })
  t.match(await endpointRow(id), { consecutive_failures: 0, status: 'paused' })
  const listed = await h.request('GET', `/api/v2/webhooks/${id}/deliveries?status=failed`, a.keys.viewer)
  t.same(
    listed.body.deliveries.map((d: { id: string }) => d.id),
    [failed.body.delivery.id],
  )
})
