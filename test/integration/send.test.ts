// POST /api/v2/send and /send/bulk against the real API app: validation codes in the spec's order, macros,
// tracked links (offer-bound and wrapped URLs), the queued message rows and their dispatch job.
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()

async function offerOf(accountId: string): Promise<string> {
  const id = newObjectId()
  await h.pg.pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform)
     VALUES ($1, $2, $3, 'Offer', 'https://offers.example.com/x?a=1', 'everflow')`,
    [id, accountId, `ofr_x_${id}`],
  )
  return id
}
const offerA = await offerOf(a.accountId)
const offerB = await offerOf(b.accountId)

const send = (body: unknown, key = a.keys.member) => h.request('POST', '/api/v2/send', key, body)

t.test('a message is queued with its segments and a dispatch job', async (t) => {
  const res = await send({
    to: '+14155552671',
    list_number: a.list.phoneNumber,
    body: 'Hello {{first_name|there}}!',
  })
  t.equal(res.status, 200)
  t.match(res.body, { success: true, status: 'queued', segments: 1 })
  t.match(res.body.message_id, /^[A-Za-z0-9]{8}$/)
  const { rows } = await h.pg.pool.query(
    'SELECT status, body, to_number, list_id FROM messages WHERE id = $1',
    [res.body.message_id],
  )
  t.same(rows, [{ status: 'queued', body: 'Hello there!', to_number: '+14155552671', list_id: a.list.id }])
  const jobs = await h.deps.queues.acquire().dispatch.getJobs(['waiting'])
  await h.deps.queues.release()
  t.ok(
    jobs.some((j) => j.data.messageIds.includes(res.body.message_id)),
    'a dispatch job carries the message id',
  )
})

t.test('macros, offer links and wrapped URLs become tracked links on the list domain', async (t) => {
  const res = await send({
    to: '+12125551234',
    list_number: a.list.phoneNumber,
    body: '{{brand_name}}: hi {{first_name}} #{{messageId}} {{link1}} and https://shop.example/p?x=1',
    contact_data: { first_name: 'Ana' },
    offer_links: [{ key: 'link1', offer_id: offerA }],
    wrap_links: true,
  })
  t.equal(res.status, 200)
  const id = res.body.message_id
  const { rows } = await h.pg.pool.query('SELECT body FROM messages WHERE id = $1', [id])
  t.match(
    rows[0].body,
    new RegExp(
      `^Test Brand: hi Ana #${id} https://trk\\.example/[A-Za-z0-9]{7} and https://trk\\.example/[A-Za-z0-9]{7}$`,
    ),
  )
  const links = await h.pg.pool.query(
    'SELECT offer_id, destination_url FROM short_links WHERE message_id = $1 ORDER BY offer_id NULLS LAST',
    [id],
  )
  t.same(links.rows, [
    { offer_id: offerA, destination_url: 'https://offers.example.com/x?a=1' },
    { offer_id: null, destination_url: 'https://shop.example/p?x=1' },
  ])
})

t.test('each documented error code', async (t) => {
  const base = { to: '+14155552671', list_number: a.list.phoneNumber, body: 'Hi' }
  const cases: [unknown, number, string][] = [
    [{ list_number: base.list_number, body: 'x' }, 400, 'missing_to'],
    [{ to: base.to, body: 'x' }, 400, 'missing_list_number'],
    [{ to: base.to, list_number: base.list_number }, 400, 'missing_body'],
    [{ ...base, to: '4155552671' }, 400, 'invalid_phone'],
    [{ ...base, to: '+1415555' }, 400, 'invalid_phone'],
    [{ ...base, list_number: '800-555' }, 400, 'invalid_list_number'],
    [{ ...base, list_number: b.list.phoneNumber }, 404, 'list_not_found'],
    [{ ...base, list_number: '+18005559999' }, 404, 'list_not_found'],
    [{ ...base, body: 'x'.repeat(1601) }, 400, 'message_too_long'],
    [{ ...base, body: 'Go {{link1}}' }, 400, 'missing_offer_links_for_placeholders'],
    [
      { ...base, body: 'Go {{link1}}', offer_links: [{ key: 'link1', offer_id: offerB }] },
      404,
      'offer_not_found',
    ],
  ]
  for (const [body, status, code] of cases) {
    const res = await send(body)
    t.same([res.status, res.body.code], [status, code], code)
    t.type(res.body.error, 'string')
  }
  const { rows } = await h.pg.pool.query('SELECT count(*)::int AS n FROM messages WHERE account_id = $1', [
    b.accountId,
  ])
  t.equal(rows[0].n, 0, 'nothing was written to the other account')
})

t.test('viewers cannot send; members and owners can', async (t) => {
  const body = { to: '+14155552671', list_number: a.list.phoneNumber, body: 'Hi' }
  t.same((await send(body, a.keys.viewer)).body.code, 'forbidden')
  t.equal((await send(body, a.keys.owner)).status, 200)
  t.equal((await h.request('POST', '/api/v2/send', undefined, body)).body.code, 'missing_api_key')
})

t.test('bulk: partial success with per-message codes', async (t) => {
  const res = await h.request('POST', '/api/v2/send/bulk', a.keys.member, {
    list_number: a.list.phoneNumber,
    messages: [
      { to: '+14155552671', body: 'one' },
      { to: '+1invalid', body: 'two' },
      { body: 'three' },
      { to: '+12125551234', body: 'four', list_number: b.list.phoneNumber },
      { to: '+12125551234', body: 'five' },
      'not an object',
    ],
  })
  t.equal(res.status, 200)
  t.equal(res.body.queued_count, 2)
  t.equal(res.body.error_count, 4)
  t.same(
    res.body.errors.map((e: { index: number; code: string; to: string | null }) => [e.index, e.code, e.to]),
    [
      [1, 'invalid_phone', '+1invalid'],
      [2, 'missing_to', null],
      [3, 'list_not_found', '+12125551234'],
      [5, 'missing_to', null],
    ],
  )
  t.same(
    res.body.messages.map((m: { index: number }) => m.index),
    [0, 4],
  )
})

t.test(
  'bulk: each new recipient becomes a contact with what its number tells, once per number',
  async (t) => {
    // The send path validates a number and reads its line type in one parse (core/phone.ts parseValidNumber).
    const res = await h.request('POST', '/api/v2/send/bulk', a.keys.member, {
      list_number: a.list.phoneNumber,
      messages: [
        { to: '+447911123456', body: 'uk mobile' },
        { to: '+442071234567', body: 'london fixed line' },
        { to: '+19075550123', body: 'alaska' },
        { to: '+447911123456', body: 'uk mobile again' },
      ],
    })
    t.equal(res.status, 200)
    t.equal(res.body.queued_count, 4)
    const { rows } = await h.pg.pool.query(
      `SELECT c.phone_number, c.line_type, c.timezone, c.state, count(m.id)::int AS messages
       FROM contacts c JOIN messages m ON m.contact_id = c.id
      WHERE c.account_id = $1 AND c.phone_number = ANY($2::text[])
      GROUP BY 1, 2, 3, 4 ORDER BY 1`,
      [a.accountId, ['+447911123456', '+442071234567', '+19075550123']],
    )
    t.same(rows, [
      {
        phone_number: '+19075550123',
        line_type: 'unknown',
        timezone: 'America/Anchorage',
        state: 'AK',
        messages: 1,
      },
      { phone_number: '+442071234567', line_type: 'landline', timezone: null, state: null, messages: 1 },
      { phone_number: '+447911123456', line_type: 'cell', timezone: null, state: null, messages: 2 },
    ])
  },
)

t.test('bulk: request-level errors', async (t) => {
  const bulk = (body: unknown) => h.request('POST', '/api/v2/send/bulk', a.keys.member, body)
  t.same([(await bulk({})).status, (await bulk({})).body.code], [400, 'missing_messages'])
  t.same((await bulk({ messages: [] })).body.code, 'missing_messages')
  const tooMany = await bulk({
    messages: Array.from({ length: 1001 }, () => ({ to: '+14155552671', body: 'x' })),
  })
  t.same([tooMany.status, tooMany.body.code], [413, 'too_many_messages'])
})
