// The Lime adapter against its double, in the formats we designed (lib/providers/lime.ts): send, webhooks.
import t from 'tap'
import { adapterFor } from '../../providers/index.js'
import { WebhookPayloadError } from '../../providers/types.js'
import { createLimeDouble } from '../harness/provider-doubles.js'
import { BODY, FROM, MESSAGE_ID, OPTIONS, providerHarness, TO, webhook } from '../harness/providers.js'

const { receiver, statusUrl, sms, lastWebhook } = await providerHarness(t)

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
