// The Twilio adapter against its double: the REST send, signed status callbacks, inbound, bad payloads.

import { createHash } from 'node:crypto'
import t from 'tap'
import type { DeliveryStatus } from '../../core/events.js'
import { adapterFor } from '../../providers/index.js'
import { twilioSignature } from '../../providers/twilio-signature.js'
import { WebhookPayloadError, type WebhookRequest } from '../../providers/types.js'
import { createTwilioDouble, TWILIO_STATUSES } from '../harness/provider-doubles.js'
import { BODY, FROM, MESSAGE_ID, OPTIONS, providerHarness, TO, webhook } from '../harness/providers.js'

const { receiver, statusUrl, sms, lastWebhook } = await providerHarness(t)

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
