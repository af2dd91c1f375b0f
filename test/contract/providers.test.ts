// The four real-provider adapters against loopback doubles of their providers' APIs (test/harness/provider-
// doubles.ts): the exact wire format of a send, every class of send failure, and the delivery-report and inbound
// webhooks as each double posts them. No services are needed.
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import type { DeliveryStatus } from '../../core/events.js'
import { adapterFor, REAL_PROVIDERS, type RealProviderName } from '../../providers/index.js'
import { twilioSignature } from '../../providers/twilio-signature.js'
import {
  type OutboundSms,
  type ProviderCredentials,
  ProviderCredentialsError,
  type SendResult,
  WebhookPayloadError,
  type WebhookRequest,
} from '../../providers/types.js'
import {
  type CmStatusCode,
  createCmDouble,
  createInfobipDouble,
  createLimeDouble,
  createTwilioDouble,
  INFOBIP_STATUSES,
  type InfobipStatusName,
  type ProviderDouble,
  startWebhookReceiver,
  TWILIO_STATUSES,
} from '../harness/provider-doubles.js'

const receiver = await startWebhookReceiver()
t.teardown(() => receiver.close())

const MESSAGE_ID = 'AbCd1234'
const FROM = '+18005551234'
const TO = '+12015550100'
const BODY = 'Deal: 20% off & free shipping + more → https://trk.ly/Ab3dE5f'

const statusUrl = (provider: string) =>
  `${receiver.url}/webhooks/${provider}/7/status?token=tok3n&m=${MESSAGE_ID}`
const sms = (provider: string, to = TO, body = BODY): OutboundSms => ({
  messageId: MESSAGE_ID,
  from: FROM,
  to,
  body,
  statusUrl: statusUrl(provider),
})
const OPTIONS = { timeoutMs: 3_000 }

/** The request the receiver got last: what ingest would hand the adapter. */
const lastWebhook = (): WebhookRequest => receiver.received.at(-1)!

const webhook = (url: string, body: string, headers: Record<string, string> = {}): WebhookRequest => ({
  url,
  headers,
  rawBody: Buffer.from(body),
})

/** A base URL nothing listens on. */
async function closedBaseUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

const failedWith = (result: SendResult) => (result.outcome === 'failed' ? result : undefined)

t.test('the registry has each real provider, and only those', async (t) => {
  t.same([...REAL_PROVIDERS].sort(), ['cm', 'infobip', 'lime', 'twilio'])
  for (const name of REAL_PROVIDERS) t.equal(adapterFor(name).name, name)
})

const CREDENTIAL_FIELDS: Record<RealProviderName, { valid: ProviderCredentials; required: string[] }> = {
  twilio: { valid: { account_sid: 'AC1', auth_token: 'x' }, required: ['account_sid', 'auth_token'] },
  infobip: {
    valid: { api_key: 'k', base_url: 'https://xyz.api.infobip.com' },
    required: ['api_key', 'base_url'],
  },
  cm: { valid: { product_token: 'p' }, required: ['product_token'] },
  lime: { valid: { user: 'u', api_id: 'a' }, required: ['user', 'api_id'] },
}

t.test('checkCredentials names the missing field', async (t) => {
  for (const name of REAL_PROVIDERS) {
    const adapter = adapterFor(name)
    const { valid, required } = CREDENTIAL_FIELDS[name]
    t.doesNotThrow(() => adapter.checkCredentials(valid), `${name}: complete`)
    for (const field of required) {
      const { [field]: _missing, ...rest } = valid
      t.throws(
        () => adapter.checkCredentials(rest),
        new ProviderCredentialsError(`${name} credentials need ${field}`),
      )
    }
    t.throws(
      () => adapter.checkCredentials({ ...valid, base_url: 'ftp://x' }),
      ProviderCredentialsError,
      `${name}`,
    )
  }
})

// --- failure classes, the same for every provider ---

interface FailureCase {
  name: RealProviderName
  create(): Promise<ProviderDouble>
  /** The provider's own code for an opted-out and for an invalid recipient, and for refused credentials. */
  optedOutCode: string
  invalidCode: string
  authCode: string
  wrongCredentials(c: ProviderCredentials): ProviderCredentials
}

const FAILURE_CASES: FailureCase[] = [
  {
    name: 'twilio',
    create: createTwilioDouble,
    optedOutCode: '21610',
    invalidCode: '21211',
    authCode: '20003',
    wrongCredentials: (c) => ({ ...c, auth_token: 'wrong' }),
  },
  {
    name: 'infobip',
    create: createInfobipDouble,
    optedOutCode: 'REJECTED_DND',
    invalidCode: 'REJECTED_DESTINATION',
    authCode: 'UNAUTHORIZED',
    wrongCredentials: (c) => ({ ...c, api_key: 'wrong' }),
  },
  {
    name: 'cm',
    create: createCmDouble,
    optedOutCode: '402',
    invalidCode: '303',
    authCode: '101',
    wrongCredentials: (c) => ({ ...c, product_token: 'wrong' }),
  },
  {
    name: 'lime',
    create: createLimeDouble,
    optedOutCode: 'http_400',
    invalidCode: 'http_400',
    authCode: 'http_403',
    wrongCredentials: (c) => ({ ...c, api_id: 'wrong' }),
  },
]

for (const c of FAILURE_CASES) {
  t.test(`${c.name}: every class of send failure`, async (t) => {
    const double = await c.create()
    t.teardown(() => double.close())
    const adapter = adapterFor(c.name)
    const send = (to: string, options = OPTIONS, credentials = double.credentials) =>
      adapter.send(credentials, sms(c.name, to), options)

    const accepted = await send(TO)
    t.equal(accepted.outcome, 'accepted', 'an ordinary send is accepted')

    double.respondFor('+12015550101', 'opted_out')
    const optedOut = failedWith(await send('+12015550101'))
    t.match(optedOut, { code: c.optedOutCode, recipientOptedOut: true }, 'opted out')
    t.notOk(optedOut?.invalidRecipient)

    double.respondFor('+12015550102', 'invalid_number')
    const invalid = failedWith(await send('+12015550102'))
    t.match(invalid, { code: c.invalidCode, invalidRecipient: true }, 'invalid number')
    t.notOk(invalid?.recipientOptedOut)

    double.respondFor('+12015550103', 'rate_limited')
    t.match(await send('+12015550103'), { outcome: 'retryable' }, 'HTTP 429 → retryable')

    double.respondFor('+12015550104', 'server_error')
    t.match(
      await send('+12015550104'),
      { outcome: 'failed', code: 'provider_unknown_outcome' },
      '5xx → failed, unknown outcome (never retried)',
    )

    double.respondFor('+12015550105', 'slow', { delayMs: 1_500 })
    const started = Date.now()
    t.match(await send('+12015550105', { timeoutMs: 200 }), { outcome: 'failed', code: 'provider_timeout' })
    t.ok(Date.now() - started < 1_400, 'gave up at the timeout, not when the double answered')
    t.match(await send('+12015550105', { timeoutMs: 3_000 }), { outcome: 'accepted' }, 'slow but within time')

    const unreachable = { ...double.credentials, base_url: await closedBaseUrl() }
    t.match(
      await send(TO, OPTIONS, unreachable),
      { outcome: 'retryable', code: 'provider_unreachable' },
      'connection refused → retryable',
    )

    const refused = failedWith(await send(TO, OPTIONS, c.wrongCredentials(double.credentials)))
    t.match(refused, { code: c.authCode }, 'wrong credentials → failed')
    t.notOk(refused?.recipientOptedOut || refused?.invalidRecipient, 'not blamed on the recipient')

    // Every well-formed request was recorded, refused credentials excepted.
    t.equal(double.requests.length, 7)
  })
}

// --- Twilio ---

t.test('twilio: send speaks the REST API exactly', async (t) => {
  const double = await createTwilioDouble()
  t.teardown(() => double.close())
  const result = await adapterFor('twilio').send(double.credentials, sms('twilio'), OPTIONS)
  t.match(result, { outcome: 'accepted', providerMessageId: /^SM[0-9a-f]{32}$/, segments: 1 })
  t.equal(double.requests.length, 1)
  const req = double.requests[0]!
  t.equal(req.method, 'POST')
  t.equal(req.path, `/2010-04-01/Accounts/${double.accountSid}/Messages.json`)
  t.equal(
    req.headers.authorization,
    `Basic ${Buffer.from(`${double.accountSid}:${double.authToken}`).toString('base64')}`,
  )
  t.match(req.headers['content-type'], /^application\/x-www-form-urlencoded/)
  t.same(req.form, { To: TO, From: FROM, Body: BODY, StatusCallback: statusUrl('twilio') })

  const long = await adapterFor('twilio').send(
    double.credentials,
    sms('twilio', TO, 'x'.repeat(161)),
    OPTIONS,
  )
  t.match(long, { outcome: 'accepted', segments: 2 }, 'num_segments is read')
})

t.test('twilio: a Messaging Service sends without From', async (t) => {
  const double = await createTwilioDouble()
  t.teardown(() => double.close())
  const serviceSid = `MG${'ab'.repeat(16)}`
  const credentials = { ...double.credentials, messaging_service_sid: serviceSid }
  const result = await adapterFor('twilio').send(credentials, sms('twilio'), OPTIONS)
  t.equal(result.outcome, 'accepted')
  t.notOk('segments' in result, 'num_segments "0" (sender not picked yet) is no segment count')
  t.same(double.requests[0]!.form, {
    To: TO,
    MessagingServiceSid: serviceSid,
    Body: BODY,
    StatusCallback: statusUrl('twilio'),
  })
})

const TWILIO_EXPECTED: Record<string, DeliveryStatus | null> = {
  queued: 'sent',
  sending: 'sent',
  accepted: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  receiving: null,
  received: null,
  scheduled: null,
  partially_delivered: null,
}

t.test('twilio: status callbacks, every MessageStatus, signed', async (t) => {
  const double = await createTwilioDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('twilio')
  const sent = await adapter.send(double.credentials, sms('twilio'), OPTIONS)
  const sid = sent.outcome === 'accepted' ? sent.providerMessageId : ''
  const callbackUrl = double.requests[0]!.form.StatusCallback!
  for (const status of TWILIO_STATUSES) {
    await double.postDeliveryReport(callbackUrl, { providerMessageId: sid, status })
    const request = lastWebhook()
    t.ok(adapter.verifySignature(double.credentials, request), `${status}: signature verifies`)
    const expected = TWILIO_EXPECTED[status]
    const failing = status === 'failed' || status === 'undelivered'
    t.same(
      adapter.parseDeliveryReports(request),
      expected
        ? [
            {
              providerMessageId: sid,
              messageId: MESSAGE_ID,
              status: expected,
              statusDetail: status,
              errorCode: failing ? '30008' : null,
              doneAt: null,
            },
          ]
        : [],
      status,
    )
  }
  await double.postDeliveryReport(callbackUrl, {
    providerMessageId: sid,
    status: 'undelivered',
    errorCode: '30005',
  })
  t.equal(adapter.parseDeliveryReports(lastWebhook())[0]!.errorCode, '30005', 'ErrorCode kept')

  await double.postDeliveryReport(callbackUrl, { providerMessageId: sid, status: 'delivered' })
  await double.repeatLast()
  const [first, second] = receiver.received.slice(-2)
  t.same(
    adapter.parseDeliveryReports(first!),
    adapter.parseDeliveryReports(second!),
    'a repeat parses the same',
  )
  t.ok(adapter.verifySignature(double.credentials, second!), 'and is signed the same')

  const withoutM = webhook(`${receiver.url}/webhooks/twilio/7/status?token=t`, first!.rawBody.toString())
  t.equal(adapter.parseDeliveryReports(withoutM)[0]!.messageId, null, 'no m in the URL → no message id')
})

t.test('twilio: signature accept and reject', async (t) => {
  const double = await createTwilioDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('twilio')
  await double.postInbound(`${receiver.url}/webhooks/twilio/7/inbound?token=t`, {
    from: TO,
    to: FROM,
    body: BODY,
  })
  const request = lastWebhook()
  t.ok(adapter.verifySignature(double.credentials, request), 'as posted')

  const withParams = (edit: (p: URLSearchParams) => void): WebhookRequest => {
    const params = new URLSearchParams(request.rawBody.toString())
    edit(params)
    return { ...request, rawBody: Buffer.from(params.toString()) }
  }
  t.notOk(
    adapter.verifySignature(
      double.credentials,
      withParams((p) => p.set('Body', 'STOP')),
    ),
    'tampered param',
  )
  t.notOk(
    adapter.verifySignature(
      double.credentials,
      withParams((p) => p.set('Extra', '1')),
    ),
    'added param',
  )
  t.notOk(
    adapter.verifySignature(
      double.credentials,
      withParams((p) => p.delete('ToZip')),
    ),
    'dropped param',
  )
  t.notOk(
    adapter.verifySignature({ ...double.credentials, auth_token: 'f'.repeat(32) }, request),
    'wrong token',
  )
  t.notOk(adapter.verifySignature({}, request), 'no token')
  t.notOk(adapter.verifySignature(double.credentials, { ...request, headers: {} }), 'no signature header')
  t.notOk(
    adapter.verifySignature(double.credentials, {
      ...request,
      url: request.url.replace('token=t', 'token=u'),
    }),
    'other URL',
  )

  const token = double.authToken
  const params = { MessageSid: 'SM1', MessageStatus: 'delivered' }
  const body = new URLSearchParams(params).toString()
  const plainUrl = 'https://hooks.example.com/webhooks/twilio/7/status?token=t&m=AbCd1234'
  const portUrl = 'https://hooks.example.com:443/webhooks/twilio/7/status?token=t&m=AbCd1234'
  const signed = (signedUrl: string, calledUrl: string, headerName = 'x-twilio-signature') =>
    adapter.verifySignature(
      double.credentials,
      webhook(calledUrl, body, { [headerName]: twilioSignature(token, signedUrl, params) }),
    )
  t.ok(signed(plainUrl, plainUrl), 'signed and called without the port')
  t.ok(signed(plainUrl, portUrl), 'signed without the port, called with it')
  t.ok(signed(portUrl, plainUrl), 'signed with the port, called without it')
  t.ok(signed(plainUrl, plainUrl, 'X-Twilio-Signature'), 'header name in any case')
  t.notOk(signed(plainUrl, plainUrl.replace('hooks.', 'hook.')), 'other host')

  const json = Buffer.from('{"MessageSid":"SM1","MessageStatus":"delivered"}')
  const jsonUrl = `${plainUrl}&bodySHA256=${createHash('sha256').update(json).digest('hex')}`
  const jsonRequest = { url: jsonUrl, headers: { 'x-twilio-signature': twilioSignature(token, jsonUrl, {}) } }
  t.ok(
    adapter.verifySignature(double.credentials, { ...jsonRequest, rawBody: json }),
    'JSON body with bodySHA256',
  )
  t.notOk(
    adapter.verifySignature(double.credentials, {
      ...jsonRequest,
      rawBody: Buffer.from('{"MessageSid":"SM2"}'),
    }),
    'JSON body changed',
  )
})

t.test('twilio: inbound messages', async (t) => {
  const double = await createTwilioDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('twilio')
  await double.postInbound(`${receiver.url}/webhooks/twilio/7/inbound?token=t`, {
    from: TO,
    to: FROM,
    body: BODY,
    providerMessageId: `SM${'0'.repeat(32)}`,
  })
  const [inbound, ...rest] = adapter.parseInbound(lastWebhook())
  t.same(rest, [])
  t.match(inbound, { providerMessageId: `SM${'0'.repeat(32)}`, from: TO, to: FROM, body: BODY })
  t.ok(Math.abs(Date.parse(inbound!.receivedAt) - Date.now()) < 10_000, 'received now')
  t.same(adapter.inboundAck, {
    contentType: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  })
})

t.test('twilio: malformed payloads', async (t) => {
  const adapter = adapterFor('twilio')
  const url = `${receiver.url}/webhooks/twilio/7/status?token=t`
  for (const body of [
    '',
    'MessageStatus=delivered',
    'MessageSid=SM1',
    '{"MessageSid":"SM1","MessageStatus":"sent"}',
  ]) {
    t.throws(() => adapter.parseDeliveryReports(webhook(url, body)), WebhookPayloadError, `status: ${body}`)
  }
  for (const body of [
    '',
    'MessageSid=SM1&To=%2B18005551234&Body=x',
    'MessageSid=SM1&From=nope&To=%2B18005551234',
  ]) {
    t.throws(() => adapter.parseInbound(webhook(url, body)), WebhookPayloadError, `inbound: ${body}`)
  }
})

// --- Infobip ---

t.test('infobip: send speaks API v3 exactly', async (t) => {
  const double = await createInfobipDouble()
  t.teardown(() => double.close())
  const result = await adapterFor('infobip').send(double.credentials, sms('infobip'), OPTIONS)
  t.match(result, { outcome: 'accepted', providerMessageId: /^[0-9a-f-]{36}$/, segments: 1 })
  const req = double.requests[0]!
  t.equal(req.method, 'POST')
  t.equal(req.path, '/sms/3/messages')
  t.equal(req.headers.authorization, `App ${double.credentials.api_key}`)
  t.match(req.headers['content-type'], /^application\/json/)
  t.same(req.json, {
    messages: [
      {
        sender: '18005551234',
        destinations: [{ to: '12015550100' }],
        content: { text: BODY },
        webhooks: {
          delivery: { url: statusUrl('infobip'), intermediateReport: false },
          contentType: 'application/json',
          callbackData: MESSAGE_ID,
        },
      },
    ],
  })
  const long = await adapterFor('infobip').send(
    double.credentials,
    sms('infobip', TO, 'ç'.repeat(71)),
    OPTIONS,
  )
  t.match(long, { outcome: 'accepted', segments: 2 }, 'details.messageCount is read')
})

const GROUP_EXPECTED: Record<number, DeliveryStatus> = {
  0: 'sent',
  1: 'sent',
  2: 'undelivered',
  3: 'delivered',
  4: 'undelivered',
  5: 'failed',
}

t.test('infobip: delivery reports of every status group, v3 and v2, batched and repeated', async (t) => {
  const double = await createInfobipDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('infobip')
  const names = Object.keys(INFOBIP_STATUSES) as InfobipStatusName[]
  t.same([...new Set(names.map((n) => INFOBIP_STATUSES[n].groupId))].sort(), [0, 1, 2, 3, 4, 5], 'all groups')
  const reports = names.map((status, i) => ({
    providerMessageId: `id-${i}`,
    ourMessageId: `Msg0000${i}`,
    status,
  }))
  for (const v2 of [false, true]) {
    await double.postDeliveryReport(statusUrl('infobip'), reports, { v2 })
    const request = lastWebhook()
    const raw = JSON.parse(request.rawBody.toString()) as { results: Record<string, unknown>[] }
    t.ok(v2 ? 'smsCount' in raw.results[0]! : 'messageCount' in raw.results[0]!, v2 ? 'v2 names' : 'v3 names')
    t.same(
      adapter.parseDeliveryReports(request),
      names.map((status, i) => {
        const groupId = INFOBIP_STATUSES[status].groupId
        return {
          providerMessageId: `id-${i}`,
          messageId: `Msg0000${i}`,
          status: GROUP_EXPECTED[groupId],
          statusDetail: status,
          errorCode: [2, 4, 5].includes(groupId) ? '1' : null,
          doneAt: String(raw.results[i]!.doneAt).replace('+0000', 'Z'),
        }
      }),
      v2 ? 'v2' : 'v3',
    )
  }
  const one = { providerMessageId: 'id-x', ourMessageId: MESSAGE_ID, status: 'DELIVERED_TO_HANDSET' as const }
  await double.postDeliveryReport(statusUrl('infobip'), one)
  await double.repeatLast()
  const [first, second] = receiver.received.slice(-2)
  t.same(
    adapter.parseDeliveryReports(first!),
    adapter.parseDeliveryReports(second!),
    'a repeat parses the same',
  )
  t.equal(adapter.parseDeliveryReports(first!)[0]!.messageId, MESSAGE_ID, 'callbackData → our message id')
  t.ok(adapter.verifySignature({}, first!), 'no signature scheme')
})

t.test('infobip: inbound MO_JSON_2', async (t) => {
  const double = await createInfobipDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('infobip')
  await double.postInbound(`${receiver.url}/webhooks/infobip/7/inbound?token=t`, {
    from: TO,
    to: FROM,
    body: 'STOP please',
    providerMessageId: 'mo-1',
  })
  const request = lastWebhook()
  const raw = JSON.parse(request.rawBody.toString()) as { results: { receivedAt: string }[] }
  t.same(adapter.parseInbound(request), [
    {
      providerMessageId: 'mo-1',
      from: TO,
      to: FROM,
      body: 'STOP please',
      receivedAt: raw.results[0]!.receivedAt.replace('+0000', 'Z'),
    },
  ])
  t.same(adapter.inboundAck, { contentType: 'application/json', body: '{}' })
})

t.test('infobip: malformed payloads', async (t) => {
  const adapter = adapterFor('infobip')
  const url = `${receiver.url}/webhooks/infobip/7/status?token=t`
  const bad = [
    '',
    'results=1',
    '{}',
    '[]',
    '{"results":{}}',
    '{"results":[{"messageId":"1"}]}',
    '{"results":[{"messageId":"1","status":{"groupId":9}}]}',
    '{"results":[{"status":{"groupId":3}}]}',
  ]
  for (const body of bad)
    t.throws(() => adapter.parseDeliveryReports(webhook(url, body)), WebhookPayloadError, body)
  for (const body of ['', '{"results":[{"from":"12015550100","to":"18005551234"}]}', '{"results":[1]}']) {
    t.throws(() => adapter.parseInbound(webhook(url, body)), WebhookPayloadError, body)
  }
})

// --- CM ---

t.test('cm: send speaks the JSON gateway exactly', async (t) => {
  const double = await createCmDouble()
  t.teardown(() => double.close())
  const result = await adapterFor('cm').send(double.credentials, sms('cm'), OPTIONS)
  t.same(
    result,
    { outcome: 'accepted', providerMessageId: MESSAGE_ID, segments: 1 },
    'our reference is the id',
  )
  const req = double.requests[0]!
  t.equal(req.method, 'POST')
  t.equal(req.path, '/v1.0/message')
  t.equal(req.headers['x-cm-producttoken'], double.productToken)
  t.match(req.headers['content-type'], /^application\/json/)
  t.same(req.json, {
    messages: {
      msg: [
        {
          from: '18005551234',
          to: [{ number: '0012015550100' }],
          body: { type: 'auto', content: BODY },
          reference: MESSAGE_ID,
          allowedChannels: ['SMS'],
          minimumNumberOfMessageParts: 1,
          maximumNumberOfMessageParts: 8,
        },
      ],
    },
  })
})

const CM_EXPECTED: Record<CmStatusCode, [DeliveryStatus, string]> = {
  0: ['sent', 'Accepted'],
  1: ['failed', 'Rejected'],
  2: ['delivered', 'Delivered'],
  3: ['undelivered', 'Failed'],
  4: ['delivered', 'Read'],
}

t.test('cm: status reports of every code, one (object) or several (array), repeated', async (t) => {
  const double = await createCmDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('cm')
  const codes = [0, 1, 2, 3, 4] as const
  const expected = (code: CmStatusCode, reference: string, received: string) => ({
    providerMessageId: reference,
    messageId: reference,
    status: CM_EXPECTED[code][0],
    statusDetail: CM_EXPECTED[code][1],
    errorCode: code === 1 || code === 3 ? '5' : null,
    doneAt: `${received}.000Z`,
  })
  for (const code of codes) {
    await double.postDeliveryReport(statusUrl('cm'), { providerMessageId: MESSAGE_ID, status: code })
    const request = lastWebhook()
    const raw = JSON.parse(request.rawBody.toString()) as { messages: { msg: { received: string } } }
    t.notOk(Array.isArray(raw.messages.msg), 'one report is an object')
    t.same(
      adapter.parseDeliveryReports(request),
      [expected(code, MESSAGE_ID, raw.messages.msg.received)],
      `${code}`,
    )
  }
  await double.postDeliveryReport(
    statusUrl('cm'),
    codes.map((status, i) => ({ providerMessageId: `Ref${i}`, status })),
  )
  const request = lastWebhook()
  const raw = JSON.parse(request.rawBody.toString()) as { messages: { msg: { received: string }[] } }
  t.same(
    adapter.parseDeliveryReports(request),
    codes.map((code, i) => expected(code, `Ref${i}`, raw.messages.msg[i]!.received)),
    'several reports are an array',
  )
  const one = { providerMessageId: MESSAGE_ID, status: 2 as const }
  await double.postDeliveryReport(statusUrl('cm'), one)
  await double.repeatLast()
  const [first, second] = receiver.received.slice(-2)
  t.same(
    adapter.parseDeliveryReports(first!),
    adapter.parseDeliveryReports(second!),
    'a repeat parses the same',
  )
  t.ok(adapter.verifySignature({}, first!), 'no signature scheme')
})

t.test('cm: inbound messages', async (t) => {
  const double = await createCmDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('cm')
  await double.postInbound(`${receiver.url}/webhooks/cm/7/inbound?token=t`, {
    from: '+447911123456',
    to: FROM,
    body: 'Yes',
    providerMessageId: 'cm-ref-1',
  })
  const request = lastWebhook()
  const raw = JSON.parse(request.rawBody.toString()) as { from: { number: string }; timeUtc: string }
  t.equal(raw.from.number, '00447911123456', 'CM writes 00 numbers')
  t.same(adapter.parseInbound(request), [
    {
      providerMessageId: 'cm-ref-1',
      from: '+447911123456',
      to: FROM,
      body: 'Yes',
      receivedAt: `${raw.timeUtc}.000Z`,
    },
  ])
  const plus = webhook(
    request.url,
    JSON.stringify({ ...JSON.parse(request.rawBody.toString()), from: { number: '+447911123456' } }),
  )
  t.equal(adapter.parseInbound(plus)[0]!.from, '+447911123456', 'a + number reads the same')
  t.same(adapter.inboundAck, { contentType: 'application/json', body: '{}' })
})

t.test('cm: malformed payloads', async (t) => {
  const adapter = adapterFor('cm')
  const url = `${receiver.url}/webhooks/cm/7/status?token=t`
  const bad = [
    '',
    '<messages/>',
    '{}',
    '{"messages":{}}',
    '{"messages":{"msg":{"reference":"r"}}}',
    '{"messages":{"msg":{"reference":"r","status":{"code":"9"}}}}',
    '{"messages":{"msg":[{"status":{"code":"2"}}]}}',
  ]
  for (const body of bad)
    t.throws(() => adapter.parseDeliveryReports(webhook(url, body)), WebhookPayloadError, body)
  const inbound = [
    '',
    '{"from":{"number":"0012015550100"},"message":{"text":"x"},"reference":"r"}',
    '{"from":{"number":"0012015550100"},"to":{"number":"0018005551234"},"message":{"text":"x"}}',
    '{"from":{"number":"abc"},"to":{"number":"0018005551234"},"reference":"r"}',
  ]
  for (const body of inbound)
    t.throws(() => adapter.parseInbound(webhook(url, body)), WebhookPayloadError, body)
})

// --- Lime (formats designed by us: lib/providers/lime.ts) ---

t.test('lime: send', async (t) => {
  const double = await createLimeDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('lime')
  const result = await adapter.send(double.credentials, sms('lime'), OPTIONS)
  t.match(result, { outcome: 'accepted', providerMessageId: /^[0-9a-f]{20}$/ })
  const req = double.requests[0]!
  t.equal(req.method, 'POST')
  t.equal(req.path, '/limeApi')
  t.same(req.query, { ev: 'sendSms', user: double.credentials.user, api_id: double.credentials.api_id })
  t.match(req.headers['content-type'], /^application\/x-www-form-urlencoded/)
  t.same(req.form, { mobile: '2015550100', message: BODY })

  const abroad = await adapter.send(double.credentials, sms('lime', '+447911123456'), OPTIONS)
  t.match(abroad, { outcome: 'failed', invalidRecipient: true }, 'Lime is US-only')
  t.equal(double.requests.length, 1, 'without calling Lime')
})

t.test('lime: delivery reports of every status, form and JSON, repeated', async (t) => {
  const double = await createLimeDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('lime')
  const statuses = ['sent', 'delivered', 'undelivered', 'failed'] as const
  for (const json of [false, true]) {
    for (const status of statuses) {
      await double.postDeliveryReport(statusUrl('lime'), { providerMessageId: 'trk1', status }, { json })
      t.same(
        adapter.parseDeliveryReports(lastWebhook()),
        [
          {
            providerMessageId: 'trk1',
            messageId: MESSAGE_ID,
            status,
            statusDetail: status,
            errorCode: status === 'failed' || status === 'undelivered' ? '1' : null,
            doneAt: null,
          },
        ],
        `${status} (${json ? 'JSON' : 'form'})`,
      )
    }
  }
  const one = { providerMessageId: 'trk2', status: 'delivered' as const }
  await double.postDeliveryReport(statusUrl('lime'), one)
  await double.repeatLast()
  const [first, second] = receiver.received.slice(-2)
  t.same(
    adapter.parseDeliveryReports(first!),
    adapter.parseDeliveryReports(second!),
    'a repeat parses the same',
  )
  t.ok(adapter.verifySignature({}, first!), 'no signature scheme')
})

t.test('lime: inbound messages, with and without an id', async (t) => {
  const double = await createLimeDouble()
  t.teardown(() => double.close())
  const adapter = adapterFor('lime')
  const url = `${receiver.url}/webhooks/lime/7/inbound?token=t`
  for (const json of [false, true]) {
    await double.postInbound(url, { from: TO, to: '71441', body: 'STOP', providerMessageId: 'mo9' }, { json })
    const [inbound] = adapter.parseInbound(lastWebhook())
    t.match(
      inbound,
      { providerMessageId: 'mo9', from: TO, to: '71441', body: 'STOP' },
      json ? 'JSON' : 'form',
    )
  }
  const fields = {
    mobile: '2015550100',
    message: 'STOP',
    shortcode: '71441',
    receivedAt: '2026-05-01T10:00:00Z',
  }
  const form = (f: Record<string, string>) => webhook(url, new URLSearchParams(f).toString())
  const derived = adapter.parseInbound(form(fields))[0]!
  t.match(derived.providerMessageId, /^lime-[0-9a-f]{32}$/)
  t.equal(adapter.parseInbound(form(fields))[0]!.providerMessageId, derived.providerMessageId, 'stable')
  t.not(
    adapter.parseInbound(form({ ...fields, message: 'STOP ' }))[0]!.providerMessageId,
    derived.providerMessageId,
  )
  t.not(
    adapter.parseInbound(form({ ...fields, receivedAt: '2026-05-01T10:00:01Z' }))[0]!.providerMessageId,
    derived.providerMessageId,
  )
  t.equal(derived.receivedAt, '2026-05-01T10:00:00.000Z')
  t.equal(
    adapter.parseInbound(form({ ...fields, mobile: '12015550100' }))[0]!.from,
    TO,
    '11 digits read the same',
  )
  t.equal(
    adapter.parseInbound(form({ ...fields, shortcode: '', to: '8005551234' }))[0]!.to,
    FROM,
    'to instead',
  )

  await double.postInbound(url, { from: TO, to: '71441', body: 'HELP' }, { omitId: true })
  t.match(
    adapter.parseInbound(lastWebhook())[0]!.providerMessageId,
    /^lime-/,
    'the double can leave the id out',
  )
})

t.test('lime: malformed payloads', async (t) => {
  const adapter = adapterFor('lime')
  const url = `${receiver.url}/webhooks/lime/7/status?token=t`
  for (const body of [
    '',
    'status=delivered',
    'trackingId=1&status=read',
    '{"trackingId":"1"}',
    '{"trackingId":',
  ]) {
    t.throws(() => adapter.parseDeliveryReports(webhook(url, body)), WebhookPayloadError, body)
  }
  for (const body of [
    '',
    'mobile=2015550100&shortcode=71441',
    'mobile=abc&message=x&shortcode=71441',
    '[1]',
  ]) {
    t.throws(() => adapter.parseInbound(webhook(url, body)), WebhookPayloadError, body)
  }
})
