// The Infobip adapter against its double: the v3 send, delivery reports, MO_JSON_2 inbound, bad payloads.
import t from 'tap'
import type { DeliveryStatus } from '../../core/events.js'
import { adapterFor } from '../../providers/index.js'
import { WebhookPayloadError } from '../../providers/types.js'
import { createInfobipDouble, INFOBIP_STATUSES, type InfobipStatusName } from '../harness/provider-doubles.js'
import { BODY, FROM, MESSAGE_ID, OPTIONS, providerHarness, TO, webhook } from '../harness/providers.js'

const { receiver, statusUrl, sms, lastWebhook } = await providerHarness(t)

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
