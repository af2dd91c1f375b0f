// The BYOC three-step check over the API (issue 16, spec §21): a list's credentials are tried when saved, POST
// /lists/:id/test-send sends one fixed text through the list's own provider (a loopback Twilio double that refuses
// anything not in Twilio's wire format, and records the exact request), and the provider's delivery report to the
// list's status webhook completes the third step. Refusals are typed and never 5xx; owners only; another account's
// list is a missing one; at most 5 test sends per list and minute. The simulator list goes the same way.
import t from 'tap'
import { encryptSecret } from '../../core/crypto.js'
import { createApiKey } from '../../services/accounts.js'
import { TEST_SEND_TEXT } from '../../services/list-test-send.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'
import { createTwilioDouble } from '../harness/provider-doubles.js'

// Ingest answers the provider's webhooks; the double listens on loopback, which a base_url may only name here.
const platform = await startTestPlatform(t, { roles: ['api', 'ingest'], webhookAllowPrivateNetworks: true })
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const twilio = await createTwilioDouble()
t.teardown(() => twilio.close())

const a = await createFixture(platform, platform.ingestUrl)
const b = await createFixture(platform, platform.ingestUrl)
const member = await createApiKey(pg.db, a.accountId, 'member key', null, 'member')

async function api(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}
const uniqueNumber = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
const testSend = (listId: number, to: string, key = a.apiKey) =>
  api('POST', `/api/v2/lists/${listId}/test-send`, key, { to })
const listOf = async (id: number) => (await api('GET', `/api/v2/lists/${id}`, a.apiKey)).body.list

const created = await api('POST', '/api/v2/lists', a.apiKey, {
  phone_number: uniqueNumber(),
  provider: 'twilio',
  credentials: twilio.credentials,
  byoc: true,
  brand_name: 'Acme',
})
if (created.status !== 200) throw new Error(`create list: ${JSON.stringify(created.body)}`)
const list = created.body.list

t.test('a new BYOC list has passed step one only', async (t) => {
  t.match(list, {
    byoc: true,
    credentials: { configured: true },
    test_sent_at: null,
    webhook_verified_at: null,
  })
})

t.test('members cannot test-send; another account’s list is a missing one', async (t) => {
  const sent = twilio.requests.length
  const asMember = await testSend(list.id, '+12015550301', member)
  t.equal(asMember.status, 403)
  t.equal(asMember.body.code, 'forbidden')
  const foreign = await testSend(list.id, '+12015550301', b.apiKey)
  const missing = await testSend(99_999_999, '+12015550301', b.apiKey)
  t.equal(foreign.status, 404)
  t.same(foreign.body, missing.body, 'the same answer as a list that does not exist')
  t.equal(foreign.body.code, 'not_found')
  t.equal(twilio.requests.length, sent, 'nothing reached the provider')
})

t.test('an invalid recipient is refused before the provider is called', async (t) => {
  const sent = twilio.requests.length
  const res = await testSend(list.id, '12345')
  t.equal(res.status, 400)
  t.equal(res.body.code, 'invalid_phone')
  t.equal(twilio.requests.length, sent)
})

t.test('send test: the exact Twilio request, the message id, then the webhook reply', async (t) => {
  const res = await testSend(list.id, '+12015550301')
  t.equal(res.status, 200, JSON.stringify(res.body))
  t.match(res.body, {
    success: true,
    provider_message_id: /^SM[0-9a-f]{32}$/,
    test_sent_at: /^\d{4}-\d\d-\d\dT/,
    body: TEST_SEND_TEXT,
  })
  const request = twilio.requests.at(-1)!
  t.equal(request.method, 'POST')
  t.equal(request.path, `/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`)
  t.equal(
    request.headers.authorization,
    `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`,
  )
  t.match(request.headers['content-type'], /^application\/x-www-form-urlencoded/)
  t.same(
    request.form,
    {
      To: '+12015550301',
      From: list.phone_number,
      Body: TEST_SEND_TEXT,
      StatusCallback: list.webhooks.status,
    },
    'To, From, Body and the list’s own status webhook, nothing else',
  )

  const after = await listOf(list.id)
  t.equal(after.test_sent_at, res.body.test_sent_at, 'step two is recorded on the list')
  t.equal(after.webhook_verified_at, null, 'step three waits for the provider')
  const audit = await pg.pool.query(
    `SELECT detail FROM audit_log WHERE account_id = $1 AND action = 'list.test_sent' AND target = $2`,
    [a.accountId, String(list.id)],
  )
  t.match(audit.rows, [
    { detail: { to: '+12015550301', provider: 'twilio', provider_message_id: res.body.provider_message_id } },
  ])

  const posted = await twilio.postDeliveryReport(request.form.StatusCallback!, {
    providerMessageId: res.body.provider_message_id,
    status: 'delivered',
  })
  t.equal(posted.status, 200, 'the signed report is accepted')
  const verified = await listOf(list.id)
  t.match(verified.webhook_verified_at, /^\d{4}-\d\d-\d\dT/, 'step three: a verified webhook arrived')
})

t.test('provider refusals are typed, never 5xx, and leave the last success', async (t) => {
  const before = (await listOf(list.id)).test_sent_at
  twilio.respondFor('+12015550302', 'invalid_number')
  const refused = await testSend(list.id, '+12015550302')
  t.equal(refused.status, 422)
  t.equal(refused.body.code, 'test_send_failed')
  t.match(refused.body.error, /21211/, 'the provider’s code is named')
  twilio.respondFor('+12015550303', 'server_error')
  const down = await testSend(list.id, '+12015550303')
  t.equal(down.status, 422, 'a provider error is not a server error of ours')
  t.equal(down.body.code, 'test_send_failed')
  t.equal((await listOf(list.id)).test_sent_at, before)
})

t.test('credentials the provider now refuses answer invalid_provider_credentials', async (t) => {
  await pg.pool.query('UPDATE sending_lists SET credentials_encrypted = $2 WHERE id = $1', [
    list.id,
    encryptSecret(
      JSON.stringify({ ...twilio.credentials, auth_token: 'f'.repeat(32) }),
      platform.config.secretKey,
    ),
  ])
  const sent = twilio.requests.length
  const res = await testSend(list.id, '+12015550304')
  t.equal(res.status, 400)
  t.equal(res.body.code, 'invalid_provider_credentials')
  t.equal(twilio.requests.length, sent, 'no message was sent with them')
})

t.test('a simulator list: sent, its receipt verifies the webhook, then 5 a minute', async (t) => {
  const sim = await api('POST', '/api/v2/lists', a.apiKey, {
    phone_number: uniqueNumber(),
    provider: 'simulator',
    brand_name: 'Sim',
  })
  const id = sim.body.list.id as number
  const first = await testSend(id, '+12015550305')
  t.equal(first.status, 200)
  t.match(first.body.provider_message_id, /^sim[0-9a-f]{29}$/)
  const verified = await eventually(
    async () => (await listOf(id)).webhook_verified_at ?? undefined,
    20_000,
    'the simulator’s receipt',
  )
  t.match(verified, /^\d{4}-/, 'the simulator’s receipt is the webhook reply')
  for (let i = 0; i < 4; i++) t.equal((await testSend(id, '+12015550305')).status, 200)
  const limited = await testSend(id, '+12015550305')
  t.equal(limited.status, 429)
  t.equal(limited.body.code, 'rate_limited')
  t.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After says when')
  t.equal((await testSend(b.listId, '+12015550306', b.apiKey)).status, 200, 'another list has its own budget')
})
