// Customer webhook endpoints (spec §15) over the real API app, Postgres, Redis and the webhook worker, delivering
// to a loopback receiver: CRUD, validation codes, roles and tenant isolation; SSRF refusals with private networks
// not allowed. Deliveries, retries, pausing, the test event and secret rotation are in webhook-deliveries.test.ts.
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { decryptSecret } from '../../core/crypto.js'
import { WEBHOOK_SECRET_PATTERN } from '../../core/webhook-signature.js'
import { buildHttpApp } from '../../lib/server.js'
import { enqueueWebhookEvent, MAX_WEBHOOKS_PER_ACCOUNT } from '../../services/webhooks.js'
import { webhookHarness } from '../harness/webhooks.js'

const harness = await webhookHarness(t)
const { h, queue, base, hitsOn, newPath } = harness
const { createHook, deliveryEvent, deliveriesOf, endpointRow, settled } = harness
// `strict` is the same app with the production default (private networks not allowed).
const strict = await buildHttpApp(apiApp, {
  ...h.deps,
  config: { ...h.config, webhookAllowPrivateNetworks: false },
})
t.teardown(() => strict.close())

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
