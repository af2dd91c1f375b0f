// Deprecated v1 send endpoints, mapped onto v2 send: lenient numbers, internal list ids, the deprecation marks.
import t from 'tap'
import { v1Recipient } from '../../api/routes/v1-send.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()

t.test('v1 numbers: punctuation stripped, 11-digit without + accepted', async (t) => {
  t.equal(v1Recipient('1 (415) 555-2671'), '+14155552671')
  t.equal(v1Recipient('14155552671'), '+14155552671')
  t.equal(v1Recipient('+44 7911 123456'), '+447911123456')
})

t.test('POST /api/v1/messages queues through v2 and is marked deprecated', async (t) => {
  const res = await h.request('POST', '/api/v1/messages', a.keys.member, {
    to_msisdn: '14155552671',
    body: 'Hello from v1',
    from_phone_number_id: a.list.id,
    metadata: { ignored: true },
  })
  t.equal(res.status, 200)
  t.equal(res.headers['x-api-deprecated'], 'v1 is deprecated')
  t.equal(res.headers.deprecation, 'true')
  t.match(res.body, { status: 'queued', segments: 1, gsm7: true, deprecated: true })
  t.equal(res.body.id, res.body.message_id)
  const { rows } = await h.pg.pool.query('SELECT to_number, list_id FROM messages WHERE id = $1', [
    res.body.message_id,
  ])
  t.same(rows, [{ to_number: '+14155552671', list_id: a.list.id }])
  const legacy = await h.request('POST', '/api/v1/messages', a.keys.member, {
    to: '+12125551234',
    body: 'ünïcode ✓',
    from_phone_number_id: String(a.list.id),
  })
  t.match(legacy.body, { gsm7: false, deprecated: true }, 'legacy `to` and string ids are accepted')
})

t.test('v1 error codes carry the deprecation mark too', async (t) => {
  const cases: [unknown, number, string][] = [
    [{ body: 'x', from_phone_number_id: a.list.id }, 400, 'missing_to'],
    [{ to_msisdn: '14155552671', from_phone_number_id: a.list.id }, 400, 'missing_body'],
    [{ to_msisdn: '14155552671', body: 'x' }, 400, 'missing_from'],
    [{ to_msisdn: '123', body: 'x', from_phone_number_id: a.list.id }, 400, 'invalid_phone'],
    [{ to_msisdn: '14155552671', body: 'x', from_phone_number_id: b.list.id }, 404, 'list_not_found'],
  ]
  for (const [body, status, code] of cases) {
    const res = await h.request('POST', '/api/v1/messages', a.keys.member, body)
    t.same([res.status, res.body.code, res.body.deprecated], [status, code, true], code)
    t.equal(res.headers.deprecation, 'true')
  }
})

t.test('POST /api/v1/messages/bulk: 201 with per-message errors', async (t) => {
  const res = await h.request('POST', '/api/v1/messages/bulk', a.keys.member, {
    from_phone_number_id: a.list.id,
    messages: [{ to_msisdn: '14155552671', body: 'a' }, { to_msisdn: 'nope', body: 'b' }, { body: 'c' }],
  })
  t.equal(res.status, 201)
  t.match(res.body, { queued_count: 1, error_count: 2, deprecated: true })
  t.same(
    res.body.errors.map((e: { index: number; to_msisdn: string | null; code: string }) => [
      e.index,
      e.to_msisdn,
      e.code,
    ]),
    [
      [1, 'nope', 'invalid_phone'],
      [2, null, 'missing_to'],
    ],
  )
  const bulk = (body: unknown) => h.request('POST', '/api/v1/messages/bulk', a.keys.member, body)
  t.equal((await bulk({ from_phone_number_id: a.list.id })).body.code, 'missing_messages')
  const many = await bulk({
    from_phone_number_id: a.list.id,
    messages: Array.from({ length: 1001 }, () => ({})),
  })
  t.same([many.status, many.body.code], [413, 'too_many_messages'])
  t.equal((await bulk({ messages: [{ to_msisdn: '14155552671', body: 'x' }] })).body.code, 'missing_from')
})
