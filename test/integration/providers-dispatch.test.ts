// Each real provider end to end through the platform: a message sent over the API is dispatched by the worker to
// a loopback double of that provider (which refuses anything that is not its wire format), the double posts its
// delivery report back to ingest in its own format, and the message ends delivered. Error classes: Twilio 21610
// (opted out: failed, contact unsubscribed, never retried), invalid numbers, and retryable refusals.
import t from 'tap'
import { sendingContexts } from '../../services/dispatch.js'
import { createSendingList } from '../../services/lists.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'
import {
  createCmDouble,
  createInfobipDouble,
  createLimeDouble,
  createTwilioDouble,
  type ProviderDouble,
} from '../harness/provider-doubles.js'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())

const doubles = {
  twilio: await createTwilioDouble(),
  infobip: await createInfobipDouble(),
  cm: await createCmDouble(),
  lime: await createLimeDouble(),
}
t.teardown(() => Promise.all(Object.values(doubles).map((d) => d.close())))

let numberSeq = 0
async function listOn(provider: keyof typeof doubles, double: ProviderDouble, byoc = false) {
  const phoneNumber = `+1844555${String(1000 + numberSeq++).slice(-4)}`
  const { id } = await createSendingList(
    pg.pool,
    {
      accountId: fixture.accountId,
      phoneNumber,
      provider,
      brandName: 'Test Brand',
      credentialsJson: JSON.stringify(double.credentials),
      byoc,
    },
    platform.config.secretKey,
  )
  const context = (
    await sendingContexts(pg.pool, [id], {
      secretKey: platform.config.secretKey,
      webhookBaseUrl: platform.config.publicWebhookBaseUrl,
    })
  ).get(id)!
  return { id, phoneNumber, statusUrl: context.statusUrl }
}

async function send(listNumber: string, to: string, body: string): Promise<string> {
  const res = await fetch(`${platform.apiUrl}/api/v2/send`, {
    method: 'POST',
    headers: { 'x-api-key': fixture.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ to, list_number: listNumber, body }),
  })
  const reply = (await res.json()) as { message_id: string }
  if (res.status !== 200) throw new Error(`send answered ${res.status}: ${JSON.stringify(reply)}`)
  return reply.message_id
}

async function message(id: string) {
  const { rows } = await pg.pool.query<{
    status: string
    status_detail: string | null
    provider_message_id: string | null
    provider_error_code: string | null
    dispatch_attempts: number
  }>(
    'SELECT status, status_detail, provider_message_id, provider_error_code, dispatch_attempts FROM messages WHERE id = $1',
    [id],
  )
  return rows[0]!
}

const reaches = (id: string, status: string) =>
  eventually(
    async () => {
      const m = await message(id)
      return m.status === status ? m : undefined
    },
    20_000,
    `${id} ${status}`,
  )

t.test('twilio: form send with Basic auth, signed status callback, opted-out recipient', async (t) => {
  const double = doubles.twilio
  const list = await listOn('twilio', double)
  const id = await send(list.phoneNumber, '+12015550201', 'Hi from Twilio')
  const sent = await reaches(id, 'sent')
  const request = double.requests.at(-1)!
  t.equal(request.form.To, '+12015550201')
  t.equal(request.form.From, list.phoneNumber)
  t.equal(request.form.Body, 'Hi from Twilio')
  t.ok(request.form.StatusCallback?.startsWith(list.statusUrl), 'status callback is the list webhook')
  t.equal(sent.provider_message_id?.slice(0, 2), 'SM')
  const posted = await double.postDeliveryReport(request.form.StatusCallback!, {
    providerMessageId: sent.provider_message_id!,
    status: 'delivered',
  })
  t.equal(posted.status, 200, 'signature verified')
  await reaches(id, 'delivered')
  // A forged callback (signed with another token) is refused.
  const forged = await fetch(request.form.StatusCallback!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' },
    body: new URLSearchParams({ MessageSid: sent.provider_message_id!, MessageStatus: 'failed' }).toString(),
  })
  t.equal(forged.status, 403)

  double.respondFor('+12015550202', 'opted_out')
  const before = double.requests.length
  const stopped = await send(list.phoneNumber, '+12015550202', 'Hello?')
  const failed = await reaches(stopped, 'failed')
  t.equal(failed.status_detail, 'recipient_opted_out')
  t.equal(failed.provider_error_code, '21610')
  const { rows } = await pg.pool.query<{ active: boolean; unsubscribe_reason: string }>(
    `SELECT lc.active, lc.unsubscribe_reason FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 AND c.phone_number = '+12015550202'`,
    [list.id],
  )
  t.same(rows[0], { active: false, unsubscribe_reason: 'message' }, 'the contact is marked opted out')
  await new Promise((r) => setTimeout(r, 2_500))
  t.equal(double.requests.length - before, 1, 'a permanent error is never retried')
})

t.test('twilio: a rate-limited send is retried later; an invalid number marks the contact', async (t) => {
  const double = doubles.twilio
  const list = await listOn('twilio', double)
  double.respondFor('+12015550203', 'rate_limited')
  const limited = await send(list.phoneNumber, '+12015550203', 'Busy?')
  const retried = await eventually(async () => {
    const m = await message(limited)
    return m.dispatch_attempts >= 2 ? m : undefined
  })
  t.equal(retried.status, 'queued', 'still waiting for the provider')
  t.ok(
    double.requests.filter((r) => r.form.To === '+12015550203').length >= 2,
    'the provider was asked again',
  )

  double.respondFor('+12015550204', 'invalid_number')
  const invalid = await send(list.phoneNumber, '+12015550204', 'Anyone?')
  const failed = await reaches(invalid, 'failed')
  t.equal(failed.status_detail, 'invalid_phone')
  const { rows } = await pg.pool.query<{ is_valid: boolean }>(
    `SELECT c.is_valid FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.id = $1`,
    [invalid],
  )
  t.equal(rows[0]!.is_valid, false)
})

t.test('infobip: v3 JSON send with App auth, delivery report with callbackData', async (t) => {
  const double = doubles.infobip
  const list = await listOn('infobip', double)
  const id = await send(list.phoneNumber, '+12015550205', 'Hi from Infobip')
  const sent = await reaches(id, 'sent')
  const request = double.requests.at(-1)!
  t.equal(request.headers.authorization, `App ${double.credentials.api_key}`)
  const body = request.json as {
    messages: {
      destinations: { to: string }[]
      content: { text: string }
      webhooks: { delivery: { url: string }; callbackData: string }
    }[]
  }
  t.equal(body.messages[0]!.destinations[0]!.to, '12015550205')
  t.equal(body.messages[0]!.content.text, 'Hi from Infobip')
  t.equal(body.messages[0]!.webhooks.callbackData, id)
  const posted = await double.postDeliveryReport(body.messages[0]!.webhooks.delivery.url, {
    providerMessageId: sent.provider_message_id!,
    ourMessageId: id,
    status: 'DELIVERED_TO_HANDSET',
  })
  t.equal(posted.status, 200)
  const delivered = await reaches(id, 'delivered')
  t.equal(delivered.status_detail, 'DELIVERED_TO_HANDSET')
})

t.test('cm: JSON send with product token and our reference, status report by reference', async (t) => {
  const double = doubles.cm
  const list = await listOn('cm', double)
  const id = await send(list.phoneNumber, '+12015550206', 'Hi from CM')
  const sent = await reaches(id, 'sent')
  const request = double.requests.at(-1)!
  t.equal(request.headers['x-cm-producttoken'], double.credentials.product_token)
  const msg = (request.json as { messages: { msg: { reference: string; to: { number: string }[] }[] } })
    .messages.msg[0]!
  t.equal(msg.reference, id)
  t.equal(msg.to[0]!.number, '0012015550206')
  const posted = await double.postDeliveryReport(list.statusUrl, {
    providerMessageId: sent.provider_message_id!,
    ourMessageId: id,
    status: 3,
  })
  t.equal(posted.status, 200)
  await reaches(id, 'undelivered')
})

t.test('lime: sendSms event with user and api_id, our status callback', async (t) => {
  const double = doubles.lime
  const list = await listOn('lime', double)
  const id = await send(list.phoneNumber, '+12015550207', 'Hi from Lime')
  const sent = await reaches(id, 'sent')
  const request = double.requests.at(-1)!
  const params = { ...request.query, ...request.form }
  t.equal(params.ev, 'sendSms')
  t.equal(params.message, 'Hi from Lime')
  const posted = await double.postDeliveryReport(`${list.statusUrl}&m=${id}`, {
    providerMessageId: sent.provider_message_id!,
    ourMessageId: id,
    status: 'delivered',
  })
  t.equal(posted.status, 200)
  await reaches(id, 'delivered')
})

t.test(
  'byoc: messages are dropped until a verified webhook from the customer’s provider arrives',
  async (t) => {
    const double = doubles.twilio
    const list = await listOn('twilio', double, true)
    const before = double.requests.length
    const early = await send(list.phoneNumber, '+12015550208', 'Too early')
    const dropped = await reaches(early, 'dropped')
    t.equal(dropped.status_detail, 'webhook_not_configured')
    t.equal(double.requests.length, before, 'the provider was not called')
    // The customer points their number's webhooks at us; the first verified call completes the set-up.
    const reply = await double.postInbound(list.statusUrl.replace('/status?', '/inbound?'), {
      from: '+12015550209',
      to: list.phoneNumber,
      body: 'hello',
    })
    t.equal(reply.status, 200)
    t.match(reply.body, /<Response/)
    const later = await send(list.phoneNumber, '+12015550208', 'Now it works')
    await reaches(later, 'sent')
    t.equal(double.requests.length, before + 1)
  },
)
