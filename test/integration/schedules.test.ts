// Schedules (spec §9) through the real API app: create, read back, and every documented create error code in
// spec order. List, partial update, archive, roles and ids of another account are in schedule-updates.test.ts.
import t from 'tap'
import { newObjectId, OBJECT_ID_PATTERN } from '../../core/ids.js'
import { schedulesHarness } from '../harness/schedules.js'

const {
  h,
  acct,
  other,
  audience,
  audience2,
  archivedAudience,
  otherAudience,
  offer,
  otherOffer,
  owner,
  member,
  viewer,
  blastBody,
  repeatingBody,
} = await schedulesHarness(t)

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

t.test('create a one-time blast schedule', async (t) => {
  const res = await h.request('POST', '/api/v2/schedules', member, blastBody())
  t.equal(res.status, 201, JSON.stringify(res.body))
  t.equal(res.body.success, true)
  const s = res.body.schedule
  t.match(s.id, OBJECT_ID_PATTERN)
  t.match(s, {
    name: 'Black Friday',
    send_type: 'blast',
    status: 'draft',
    is_repeating: false,
    send_time: '09:30',
    send_date: '2026-11-27',
    start_date: null,
    end_date: null,
    days_of_week: null,
    skip_within_hours: 0,
    use_local_time: false,
    is_mms: false,
    is_cto: false,
    filter_bots: false,
    ir_revenue: false,
    automated_percent: 0,
    audiences: [audience],
    source_lists: [],
    sending_list_id: acct.list.id,
    list_number: acct.list.phoneNumber,
  })
  t.equal(s.blasts.length, 2)
  t.match(s.blasts[0], {
    variant_name: 'A',
    message: 'Deals {{link1}}',
    offer_links: [{ key: 'link1', offer_id: offer.id, url_params: { sub2: 'bf' } }],
    percent_audience: 60,
    mms_image_url: null,
  })
  t.equal(s.blasts[1].variant_name, 'B')
  t.ok(Number.isInteger(s.blasts[0].id) && s.blasts[0].id !== s.blasts[1].id, 'blasts have ids')
  t.match(s.created_at, ISO)
  t.match(s.updated_at, ISO)

  const got = await h.request('GET', `/api/v2/schedules/${s.id}`, viewer)
  t.equal(got.status, 200)
  t.same(got.body, { success: true, schedule: s }, 'GET returns what create returned')
})

t.test('create a repeating automated schedule; offers by slug; single blast defaults to 100%', async (t) => {
  const res = await h.request('POST', '/api/v2/schedules', owner, repeatingBody({ status: 'on' }))
  t.equal(res.status, 201)
  t.match(res.body.schedule, {
    status: 'on',
    is_repeating: true,
    send_date: null,
    start_date: '2026-12-01',
    end_date: '2027-01-31',
    days_of_week: {
      monday: true,
      tuesday: false,
      wednesday: true,
      thursday: false,
      friday: false,
      saturday: false,
      sunday: false,
    },
    audiences: [audience, audience2],
    source_lists: [acct.list.id],
    sending_list_id: acct.list.id,
    list_number: acct.list.phoneNumber,
    skip_within_hours: 24,
    use_local_time: true,
    filter_bots: true,
    automated_percent: 30,
    blasts: [],
  })

  const single = await h.request(
    'POST',
    '/api/v2/schedules',
    member,
    blastBody({
      audiences: [audience, audience],
      is_mms: true,
      blasts: [
        {
          message: 'Pic {{link1}}',
          offer_links: [{ key: 'link1', offer_id: offer.slug }],
          mms_image_url: 'https://cdn.example/p.png',
        },
      ],
    }),
  )
  t.equal(single.status, 201)
  t.same(single.body.schedule.audiences, [audience], 'audiences de-duplicated')
  t.match(single.body.schedule.blasts[0], {
    percent_audience: 100,
    offer_links: [{ key: 'link1', offer_id: offer.slug, url_params: {} }],
    mms_image_url: 'https://cdn.example/p.png',
  })
})

t.test('create: every documented error code', async (t) => {
  const without = (field: string, body: Record<string, unknown> = blastBody()) => {
    const copy: Record<string, unknown> = { ...body }
    delete copy[field]
    return copy
  }
  const cases: Array<[number, string, unknown]> = [
    [400, 'missing_name', without('name')],
    [400, 'missing_name', blastBody({ name: '' })],
    [400, 'name_too_long', blastBody({ name: 'n'.repeat(256) })],
    [400, 'missing_send_type', without('send_type')],
    [400, 'invalid_send_type', blastBody({ send_type: 'drip' })],
    [400, 'missing_is_repeating', without('is_repeating')],
    [400, 'missing_send_time', without('send_time')],
    [400, 'invalid_send_time', blastBody({ send_time: '25:00' })],
    [400, 'invalid_send_time', blastBody({ send_time: '9am' })],
    [400, 'missing_audiences', without('audiences')],
    [400, 'missing_audiences', blastBody({ audiences: [] })],
    [400, 'invalid_status', blastBody({ status: 'complete' })],
    [400, 'invalid_status', blastBody({ status: 'paused' })],
    [400, 'missing_send_date', without('send_date')],
    [400, 'invalid_date', blastBody({ send_date: '2026-02-30' })],
    [400, 'missing_start_date', without('start_date', repeatingBody())],
    [400, 'missing_end_date', without('end_date', repeatingBody())],
    [400, 'invalid_date', repeatingBody({ end_date: '2026-11-30' })],
    [400, 'no_days_selected', without('days_of_week', repeatingBody())],
    [400, 'no_days_selected', repeatingBody({ days_of_week: { monday: false } })],
    [400, 'invalid_automated_percent', repeatingBody({ automated_percent: 101 })],
    [400, 'invalid_automated_percent', repeatingBody({ automated_percent: -1 })],
    [400, 'missing_blasts', without('blasts')],
    [400, 'missing_blasts', blastBody({ blasts: [] })],
    [
      400,
      'invalid_blast_percent',
      blastBody({
        blasts: [
          { message: 'a', percent_audience: 50 },
          { message: 'b', percent_audience: 51 },
        ],
      }),
    ],
    [400, 'missing_blast_message', blastBody({ blasts: [{ percent_audience: 100 }] })],
    [400, 'message_too_long', blastBody({ blasts: [{ message: 'x'.repeat(1601) }] })],
    [
      400,
      'missing_offer_link_offer_id',
      blastBody({ blasts: [{ message: 'a', offer_links: [{ key: 'link1' }] }] }),
    ],
    [400, 'invalid_list_number', blastBody({ list_number: '18005550000' })],
    [400, 'validation_error', blastBody({ skip_within_hours: -1 })],
    [404, 'audience_not_found', blastBody({ audiences: [newObjectId()] })],
    [404, 'audience_not_found', blastBody({ audiences: [audience, archivedAudience] })],
    [404, 'audience_not_found', blastBody({ audiences: [otherAudience] })],
    [404, 'audience_not_found', blastBody({ audiences: ["x' OR 1=1 --"] })],
    [404, 'source_list_not_found', blastBody({ source_lists: [acct.list.id, other.list.id] })],
    [404, 'source_list_not_found', blastBody({ source_lists: [2_000_000_000] })],
    [404, 'list_not_found', blastBody({ list_number: other.list.phoneNumber })],
    [404, 'list_not_found', blastBody({ list_number: undefined, sending_list_id: other.list.id })],
    [404, 'list_not_found', blastBody({ list_number: '+19999999999' })],
    [
      404,
      'offer_not_found',
      blastBody({
        blasts: [{ message: 'a {{link1}}', offer_links: [{ key: 'link1', offer_id: otherOffer.id }] }],
      }),
    ],
  ]
  for (const [status, code, body] of cases) {
    const res = await h.request('POST', '/api/v2/schedules', member, body)
    t.same([res.status, res.body.code], [status, code], code)
    t.type(res.body.error, 'string')
    t.notOk('success' in res.body, 'errors carry no success field')
  }
  const { rows } = await h.pg.pool.query('SELECT count(*)::int AS n FROM schedules WHERE account_id = $1', [
    other.accountId,
  ])
  t.equal(rows[0].n, 0, 'nothing was written to the other account')
})

t.test('create: the first code in spec order wins', async (t) => {
  const first = async (body: unknown) =>
    (await h.request('POST', '/api/v2/schedules', member, body)).body.code
  t.equal(await first({}), 'missing_name')
  t.equal(await first({ name: 'x', send_type: 'drip' }), 'invalid_send_type', 'before missing_is_repeating')
  t.equal(await first(blastBody({ status: 'bogus', send_date: undefined })), 'invalid_status')
  t.equal(
    await first(blastBody({ audiences: [newObjectId()], blasts: [{ message: 'a', percent_audience: 5 }] })),
    'invalid_blast_percent',
    'validation before lookups',
  )
  t.equal(
    await first(blastBody({ audiences: [newObjectId()], source_lists: [other.list.id] })),
    'audience_not_found',
    'audience before source list',
  )
})
