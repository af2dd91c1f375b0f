// Webhook deliveries (spec §15) via the real worker: signing, retries, redirects, pauses, dedup, test events.
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import t from 'tap'
import { verifyWebhook, WEBHOOK_SECRET_PATTERN } from '../../core/webhook-signature.js'
import { AUTO_PAUSE_AFTER_FAILURES, enqueueWebhookEvent } from '../../services/webhooks.js'
import { DEFAULT_BACKOFF_SCHEDULE_MS, retryDelayMs } from '../../workers/webhooks.js'
import { eventually } from '../harness/platform.js'
import { type DeliveryRow, type Reply, SCHEDULE, webhookHarness } from '../harness/webhooks.js'

const harness = await webhookHarness(t)
const { h, queue, replies, base, hitsOn, newPath } = harness
const { createHook, deliveryEvent, deliveriesOf, endpointRow, settled } = harness
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

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

/** The delivery rows of an endpoint once `ready` holds, polled often (a retry is due SCHEDULE[0] ms later). */
const rowsWhen = (endpointId: string, ready: (row: DeliveryRow | undefined) => boolean, label: string) =>
  eventually(
    async () => {
      const rows = await deliveriesOf(endpointId)
      return ready(rows[0]) ? rows : undefined
    },
    20_000,
    label,
    20,
  )

t.test('pausing an endpoint stops its pending deliveries', async (t) => {
  const a = await h.account()
  const path = newPath()
  replies.set(path, () => ({ status: 500 }))
  const { id } = await createHook(a, path)
  await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
  const [waiting] = await rowsWhen(id, (row) => row?.attempts === 1, 'first failure')
  t.match(waiting, {
    status: 'pending',
    last_status_code: 500,
    last_error: 'HTTP 500',
    next_attempt_at: Date,
  })
  await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'paused' })
  t.equal(hitsOn(path).length, 1, 'paused before the retry was due')
  t.match((await deliveriesOf(id))[0], {
    status: 'failed',
    last_error: 'endpoint_paused',
    next_attempt_at: null,
  })
  await sleep(SCHEDULE[0]! * 2)
  t.equal(hitsOn(path).length, 1, 'the retry never went out')
})

t.test(
  'a delivery stopped by a pause during its attempt stays stopped, even once the endpoint is resumed',
  async (t) => {
    const a = await h.account()
    const path = newPath()
    let answer: (reply: Reply) => void = () => {}
    replies.set(path, (n) =>
      n === 1 ? new Promise<Reply>((resolve) => (answer = resolve)) : { status: 200 },
    )
    const { id } = await createHook(a, path)
    await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
    await eventually(async () => (hitsOn(path).length ? true : undefined), 20_000, 'the attempt', 20)
    await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'paused' })
    await h.request('PATCH', `/api/v2/webhooks/${id}`, a.keys.member, { status: 'active' })
    answer({ status: 500 })
    const [row] = await rowsWhen(id, (row) => row?.attempts === 1, 'the attempt recorded')
    t.match(
      row,
      { status: 'failed', last_status_code: 500, last_error: 'endpoint_paused', next_attempt_at: null },
      'the attempt counted, the delivery still stopped',
    )
    await sleep(SCHEDULE[0]! * 2)
    t.equal(hitsOn(path).length, 1, 'no retry')
    t.match(await deliveriesOf(id), [{ status: 'failed', attempts: 1 }])
    await enqueueWebhookEvent(h.pg.pool, queue, deliveryEvent(a))
    t.match(
      await settled(id),
      [{ status: 'failed' }, { status: 'succeeded', attempts: 1 }],
      'the resumed endpoint gets new events',
    )
  },
)

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
