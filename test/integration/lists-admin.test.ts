// Owners create and edit sending lists over the API (issue 16): credentials tried with the provider (its double)
// before saving and never returned, BYOC webhook URLs, stable error codes, roles, tenant isolation, the audit log,
// and the health figures per list from ClickHouse.
import t, { type Test } from 'tap'
import { chTime } from '../../analytics/reports.js'
import { decryptSecret } from '../../core/crypto.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { listCredentials } from '../../services/lists.js'
import { apiHarness } from '../harness/api.js'
import { createTwilioDouble } from '../harness/provider-doubles.js'

// The doubles listen on loopback, which a provider base_url may only name where private networks are allowed.
const h = await apiHarness(t, { webhookAllowPrivateNetworks: true })
const a = await h.account()
const b = await h.account()
const twilio = await createTwilioDouble()
t.teardown(() => twilio.close())

const uniqueNumber = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
const owner = a.keys.owner

/** Asserts no reply body holds any credential value the double accepts. */
function noSecrets(t: Test, body: unknown): void {
  const text = JSON.stringify(body)
  t.notOk(text.includes(twilio.authToken), 'the auth token is not in the reply')
  t.notOk(text.includes('auth_token'), 'no credential field is in the reply')
}

const rowsFor = async (phone: string) =>
  (await h.pg.pool.query('SELECT id FROM sending_lists WHERE phone_number = $1', [phone])).rowCount

t.test('create on the simulator: defaults, no credentials, webhook URLs, audited', async (t) => {
  const phone = uniqueNumber()
  const res = await h.request('POST', '/api/v2/lists', owner, {
    phone_number: phone,
    provider: 'simulator',
    brand_name: 'Acme',
    number_type: 'toll_free',
    shortener_domain: 'Go.Acme.example',
  })
  t.equal(res.status, 200, JSON.stringify(res.body))
  const list = res.body.list
  t.match(list, {
    phone_number: phone,
    provider: 'simulator',
    list_type: 'simulator',
    number_type: 'toll_free',
    brand_name: 'Acme',
    list_name: `Acme ${phone}`,
    status: 'active',
    byoc: false,
    shortener_domain: 'go.acme.example',
    click_domain: null,
    send_rate_per_minute: 180,
    credentials: { configured: false, provider: 'simulator' },
    webhook_verified_at: null,
    contact_count: 0,
    unsubscribed_count: 0,
  })
  const root = `${h.config.publicWebhookBaseUrl.replace(/\/$/, '')}/webhooks/simulator/${list.id}`
  t.match(
    list.webhooks.status,
    new RegExp(`^${root.replace(/[.?]/g, '\\$&')}/status\\?token=[A-Za-z0-9]{32}$`),
  )
  const got = await h.request('GET', `/api/v2/lists/${list.id}`, owner)
  t.same(got.body.list, list, 'GET answers what the create did')
  const audit = await h.pg.pool.query(
    `SELECT actor, detail FROM audit_log WHERE account_id = $1 AND action = 'list.created' AND target = $2`,
    [a.accountId, String(list.id)],
  )
  t.equal(audit.rowCount, 1)
  t.match(audit.rows[0].detail, { phone_number: phone, provider: 'simulator', credentials: false })
})

t.test(
  'create on Twilio: good credentials are checked with Twilio, stored encrypted, never returned',
  async (t) => {
    const phone = uniqueNumber()
    const sent = twilio.requests.length
    const res = await h.request('POST', '/api/v2/lists', owner, {
      phone_number: phone,
      provider: 'twilio',
      brand_name: 'Acme',
      credentials: twilio.credentials,
      rate_per_minute: 600,
    })
    t.equal(res.status, 200, JSON.stringify(res.body))
    t.match(res.body.list, { provider: 'twilio', credentials: { configured: true, provider: 'twilio' } })
    t.equal(res.body.list.send_rate_per_minute, 600)
    noSecrets(t, res.body)
    t.equal(twilio.requests.length, sent, 'the check sent no message')
    const stored = await h.pg.pool.query('SELECT credentials_encrypted FROM sending_lists WHERE id = $1', [
      res.body.list.id,
    ])
    t.notOk(String(stored.rows[0].credentials_encrypted).includes(twilio.authToken), 'encrypted at rest')
    t.same(await listCredentials(h.pg.pool, res.body.list.id, h.config.secretKey), twilio.credentials)

    for (const url of ['/api/v2/lists', `/api/v2/lists/${res.body.list.id}`]) {
      noSecrets(t, (await h.request('GET', url, owner)).body)
    }
    const edited = await h.request('PATCH', `/api/v2/lists/${res.body.list.id}`, owner, {
      credentials: twilio.credentials,
    })
    t.equal(edited.status, 200)
    noSecrets(t, edited.body)
  },
)

t.test('bad credentials: 400 with a stable code and nothing saved', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ ...twilio.credentials, auth_token: 'not-the-token' }, 'invalid_provider_credentials'],
    [{ account_sid: twilio.accountSid, base_url: twilio.baseUrl }, 'invalid_provider_credentials'],
    [{ ...twilio.credentials, base_url: 'ftp://twilio.example' }, 'invalid_provider_credentials'],
  ]
  for (const [credentials, code] of cases) {
    const phone = uniqueNumber()
    const res = await h.request('POST', '/api/v2/lists', owner, {
      phone_number: phone,
      provider: 'twilio',
      brand_name: 'Acme',
      credentials,
    })
    t.equal(res.status, 400, JSON.stringify(credentials))
    t.equal(res.body.code, code)
    t.match(res.body.error, /^credentials: /)
    t.equal(await rowsFor(phone), 0, 'nothing saved')
  }
  const refused = await h.request('POST', '/api/v2/lists', owner, {
    phone_number: uniqueNumber(),
    provider: 'twilio',
    brand_name: 'Acme',
    credentials: { ...twilio.credentials, auth_token: 'not-the-token' },
  })
  t.match(refused.body.error, /Twilio refused these credentials \(20003/, 'the provider’s reason')
  const missing = await h.request('POST', '/api/v2/lists', owner, {
    phone_number: uniqueNumber(),
    provider: 'twilio',
    brand_name: 'Acme',
  })
  t.same([missing.status, missing.body.code], [400, 'missing_provider_credentials'])
})

t.test('field problems answer one stable code each', async (t) => {
  const base = { phone_number: uniqueNumber(), provider: 'simulator', brand_name: 'Acme' }
  const cases: [Record<string, unknown>, number, string][] = [
    [{ phone_number: '4155551234' }, 400, 'invalid_phone'],
    [{ brand_name: '  ' }, 400, 'missing_brand_name'],
    [{ shortener_domain: 'https://trk.ly/x' }, 400, 'invalid_shortener_domain'],
    [{ click_domain: 'not a host' }, 400, 'invalid_click_domain'],
    [{ rate_per_minute: 0 }, 400, 'validation_error'],
    [{ provider: 'nexmo' }, 400, 'invalid_provider'],
    [{ phone_number: a.list.phoneNumber }, 409, 'list_number_taken'],
  ]
  for (const [change, status, code] of cases) {
    const res = await h.request('POST', '/api/v2/lists', owner, { ...base, ...change })
    t.same([res.status, res.body.code], [status, code], JSON.stringify(change))
  }
  t.equal(await rowsFor(base.phone_number), 0)
})

t.test('members and viewers cannot create or edit; viewers see no webhook URLs', async (t) => {
  const body = { phone_number: uniqueNumber(), provider: 'simulator', brand_name: 'Acme' }
  for (const key of [a.keys.member, a.keys.viewer]) {
    t.equal((await h.request('POST', '/api/v2/lists', key, body)).status, 403)
    t.equal((await h.request('PATCH', `/api/v2/lists/${a.list.id}`, key, { brand_name: 'X' })).status, 403)
  }
  t.equal(await rowsFor(body.phone_number), 0)
  const seen = await h.request('GET', `/api/v2/lists/${a.list.id}`, a.keys.viewer)
  t.equal(seen.status, 200)
  t.equal(seen.body.list.webhooks, null)
  t.equal(seen.body.list.brand_name, 'Test Brand', 'unchanged')
})

t.test('another account’s list is not found, for reads and edits', async (t) => {
  for (const [method, body] of [
    ['GET', undefined],
    ['PATCH', { brand_name: 'Stolen' }],
  ] as const) {
    const res = await h.request(method, `/api/v2/lists/${a.list.id}`, b.keys.owner, body)
    t.same([res.status, res.body.code], [404, 'not_found'], method)
  }
  const health = await h.request('GET', '/api/v2/lists/health', b.keys.owner)
  t.same(
    health.body.lists.map((l: { list_id: number }) => l.list_id),
    [b.list.id],
  )
  // The same number in two accounts is two lists, not a conflict.
  const shared = await h.request('POST', '/api/v2/lists', b.keys.owner, {
    phone_number: a.list.phoneNumber,
    provider: 'simulator',
    brand_name: 'B',
  })
  t.equal(shared.status, 200)
})

t.test('BYOC: the webhook URLs carry the list’s token, and the verified call shows', async (t) => {
  const res = await h.request('POST', '/api/v2/lists', owner, {
    phone_number: uniqueNumber(),
    provider: 'twilio',
    brand_name: 'Acme',
    byoc: true,
    credentials: twilio.credentials,
  })
  t.equal(res.status, 200, JSON.stringify(res.body))
  const list = res.body.list
  t.match(list, { byoc: true, webhook_verified_at: null })
  const { rows } = await h.pg.pool.query('SELECT webhook_token_encrypted FROM sending_lists WHERE id = $1', [
    list.id,
  ])
  const token = decryptSecret(rows[0].webhook_token_encrypted, h.config.secretKey)
  const root = `${h.config.publicWebhookBaseUrl.replace(/\/$/, '')}/webhooks/twilio/${list.id}`
  t.same(list.webhooks, {
    status: `${root}/status?token=${token}`,
    inbound: `${root}/inbound?token=${token}`,
  })
  // Ingest stamps the first verified provider webhook (test/integration/providers-dispatch covers that side).
  await h.pg.pool.query('UPDATE sending_lists SET webhook_verified_at = now() WHERE id = $1', [list.id])
  const after = await h.request('GET', `/api/v2/lists/${list.id}`, owner)
  t.ok(Date.parse(after.body.list.webhook_verified_at) > Date.now() - 60_000)
  // Another provider has not called yet: the list waits for its first verified webhook again.
  const moved = await h.request('PATCH', `/api/v2/lists/${list.id}`, owner, { provider: 'simulator' })
  t.match(moved.body.list, {
    provider: 'simulator',
    webhook_verified_at: null,
    credentials: { configured: false },
  })
})

t.test('PATCH: only the given fields change; a bad edit changes nothing', async (t) => {
  const created = await h.request('POST', '/api/v2/lists', owner, {
    phone_number: uniqueNumber(),
    provider: 'simulator',
    brand_name: 'Before',
    shortener_domain: 'go.before.example',
    click_domain: 'click.before.example',
  })
  const id = created.body.list.id
  const res = await h.request('PATCH', `/api/v2/lists/${id}`, owner, {
    brand_name: 'After',
    click_domain: null,
    status: 'paused',
  })
  t.equal(res.status, 200, JSON.stringify(res.body))
  t.match(res.body.list, {
    brand_name: 'After',
    shortener_domain: 'go.before.example',
    click_domain: null,
    status: 'paused',
    phone_number: created.body.list.phone_number,
  })
  const bad: [Record<string, unknown>, string][] = [
    [{ brand_name: 'Lost', shortener_domain: 'bad domain' }, 'invalid_shortener_domain'],
    [{ brand_name: 'Lost', provider: 'twilio' }, 'missing_provider_credentials'],
    [
      { brand_name: 'Lost', provider: 'twilio', credentials: { ...twilio.credentials, auth_token: 'nope' } },
      'invalid_provider_credentials',
    ],
    [{ phone_number: a.list.phoneNumber }, 'list_number_taken'],
  ]
  for (const [body, code] of bad) {
    const r = await h.request('PATCH', `/api/v2/lists/${id}`, owner, body)
    t.equal(r.body.code, code, JSON.stringify(body))
  }
  const now = await h.request('GET', `/api/v2/lists/${id}`, owner)
  t.same(now.body.list, res.body.list, 'nothing changed')
  const audit = await h.pg.pool.query(
    `SELECT detail FROM audit_log WHERE account_id = $1 AND action = 'list.updated' AND target = $2`,
    [a.accountId, String(id)],
  )
  t.same(
    audit.rows.map((r) => r.detail),
    [{ changed: ['brand_name', 'click_domain', 'status'] }],
  )
  const missing = await h.request('PATCH', `/api/v2/lists/${newObjectId()}`, owner, { brand_name: 'X' })
  t.equal(missing.status, 404)
})

t.test('health: rates of the last 30 days per list, and contact counts', async (t) => {
  const acct = await h.account()
  const other = await h.request('POST', '/api/v2/lists', acct.keys.owner, {
    phone_number: uniqueNumber(),
    provider: 'simulator',
    brand_name: 'Quiet',
  })
  const ch = h.deps.clickhouse.acquire()
  t.teardown(() => h.deps.clickhouse.release())
  const recent = chTime(new Date(Date.now() - 3_600_000))
  const old = chTime(new Date(Date.now() - 40 * 86_400_000))
  const id = randomAlphanumeric(6)
  const send = (n: number, at: string) => ({
    account_id: acct.accountId,
    event_id: `s-${id}-${n}`,
    event_time: at,
    message_id: `${id}${n}`,
    contact_id: `c${n}`,
    list_id: acct.list.id,
    to_number: `+1201555010${n}`,
    provider: 'simulator',
    segments: 1,
    cost: 0.01,
    creative_id: null,
    schedule_id: null,
    variant: null,
    offer_ids: [],
    imported: 0,
    carrier: '',
  })
  // Four sends in the window (and one 40 days ago, outside it); three delivered, one undelivered; one opt-out.
  await ch.insert('sends', [send(1, recent), send(2, recent), send(3, recent), send(4, recent), send(5, old)])
  await ch.insert(
    'deliveries',
    (['delivered', 'delivered', 'delivered', 'undelivered'] as const).map((status, i) => ({
      account_id: acct.accountId,
      event_id: `d-${id}-${i}`,
      event_time: recent,
      message_id: `${id}${i + 1}`,
      list_id: acct.list.id,
      provider: 'simulator',
      provider_message_id: `p${i}`,
      status,
      status_detail: status,
      error_code: null,
    })),
  )
  await ch.insert('contact_events', [
    {
      account_id: acct.accountId,
      event_id: `u-${id}`,
      event_time: recent,
      type: 'unsubscribed',
      contact_id: 'c4',
      list_contact_id: 'lc4',
      list_id: acct.list.id,
      signup_method: '',
      reason: 'stop',
    },
  ])
  for (const active of [true, true, false]) {
    const contact = await h.pg.pool.query<{ id: string }>(
      'INSERT INTO contacts (id, account_id, phone_number) VALUES ($1, $2, $3) RETURNING id',
      [newObjectId(), acct.accountId, uniqueNumber()],
    )
    await h.pg.pool.query(
      'INSERT INTO list_contacts (id, account_id, list_id, contact_id, active) VALUES ($1, $2, $3, $4, $5)',
      [newObjectId(), acct.accountId, acct.list.id, contact.rows[0]!.id, active],
    )
  }

  const res = await h.request('GET', '/api/v2/lists/health', acct.keys.viewer)
  t.equal(res.status, 200)
  t.ok(Date.parse(res.body.to) - Date.parse(res.body.from) === 30 * 86_400_000, 'a 30-day window')
  t.same(res.body.lists, [
    {
      list_id: acct.list.id,
      sends: 4,
      delivered: 3,
      failed: 1,
      opt_outs: 1,
      delivery_rate: 0.75,
      failure_rate: 0.25,
      opt_out_rate: 0.25,
    },
    {
      list_id: other.body.list.id,
      sends: 0,
      delivered: 0,
      failed: 0,
      opt_outs: 0,
      delivery_rate: 0,
      failure_rate: 0,
      opt_out_rate: 0,
    },
  ])
  const list = await h.request('GET', `/api/v2/lists/${acct.list.id}`, acct.keys.viewer)
  t.match(list.body.list, { contact_count: 2, unsubscribed_count: 1 })
})
