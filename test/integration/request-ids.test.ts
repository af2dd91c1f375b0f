// Request ids and request timings over the real API app: the caller's X-Request-Id is echoed (or a fresh UUID
// given), an unsafe one is replaced, the id travels into the dispatch job a send queues, and each request is
// timed by route pattern (never by raw path) at /metrics.
import t from 'tap'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

t.test('a sane X-Request-Id is echoed; a missing or unsafe one becomes a new UUID', async (t) => {
  const given = await h.app.inject({
    method: 'GET',
    url: '/api/v2/lists',
    headers: { 'x-api-key': a.keys.viewer, 'x-request-id': 'req-abc.123:z' },
  })
  t.equal(given.statusCode, 200)
  t.equal(given.headers['x-request-id'], 'req-abc.123:z')

  const none = await h.app.inject({
    method: 'GET',
    url: '/api/v2/lists',
    headers: { 'x-api-key': a.keys.viewer },
  })
  t.match(String(none.headers['x-request-id']), UUID)

  const unsafe = await h.app.inject({
    method: 'GET',
    url: '/api/v2/lists',
    headers: { 'x-api-key': a.keys.viewer, 'x-request-id': 'bad id\twith "quotes"' },
  })
  t.match(String(unsafe.headers['x-request-id']), UUID, 'a value unfit for logs is not echoed')

  const error = await h.app.inject({
    method: 'GET',
    url: '/api/v2/lists',
    headers: { 'x-request-id': 'no-key-1' },
  })
  t.equal(error.statusCode, 401)
  t.equal(error.headers['x-request-id'], 'no-key-1', 'errors carry the id too')
})

t.test('the dispatch job a send queues carries the request id', async (t) => {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v2/send',
    headers: { 'x-api-key': a.keys.member, 'x-request-id': 'send-trace-42' },
    payload: { to: '+14155550142', list_number: a.list.phoneNumber, body: 'Hello' },
  })
  t.equal(res.statusCode, 200)
  const messageId = res.json().message_id as string
  const queues = h.deps.queues.acquire()
  const jobs = await queues.dispatch.getJobs(['waiting', 'delayed', 'prioritized'])
  await h.deps.queues.release()
  const job = jobs.find((j) => j.data.messageIds.includes(messageId))
  t.ok(job, 'the job is queued')
  t.equal((job?.data as { requestId?: string } | undefined)?.requestId, 'send-trace-42')
})

t.test('requests are timed by route pattern and status', async (t) => {
  for (const id of ['x1', 'x2', 'x3']) {
    await h.app.inject({
      method: 'GET',
      url: `/api/v2/messages/${id}`,
      headers: { 'x-api-key': a.keys.viewer },
    })
  }
  await h.app.inject({ method: 'GET', url: '/no/such/path/12345' })
  const metrics = await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })
  const lines = metrics.body
    .split('\n')
    .filter((l) => l.startsWith('trackly_http_request_duration_seconds_count'))
  const byMessage = lines.find(
    (l) => l.includes('route="/api/v2/messages/:id"') && l.includes('service="api"'),
  )
  t.ok(byMessage, 'the message route is labelled by its pattern')
  t.ok(Number(byMessage?.split(' ').pop()) >= 3, 'three requests counted under one series')
  t.notOk(
    lines.some((l) => l.includes('/api/v2/messages/x1') || l.includes('/no/such/path')),
    'no raw path becomes a label',
  )
  t.ok(
    lines.some((l) => l.includes('route="unmatched"') && l.includes('status="404"')),
    'unmatched paths share one series',
  )
})
