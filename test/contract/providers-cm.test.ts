// The CM adapter against its double: the JSON gateway send, status reports, inbound, bad payloads.
import t from 'tap'
import type { DeliveryStatus } from '../../core/events.js'
import { adapterFor } from '../../providers/index.js'
import { WebhookPayloadError } from '../../providers/types.js'
import { type CmStatusCode, createCmDouble } from '../harness/provider-doubles.js'
import { BODY, FROM, MESSAGE_ID, OPTIONS, providerHarness, webhook } from '../harness/providers.js'

const { receiver, statusUrl, sms, lastWebhook } = await providerHarness(t)

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
