// Schedules (spec §9) through the real API app: create, list, get, partial update, archive; every documented
// error code; roles; and ids of another account answering exactly like missing ones.
import t from 'tap'
import { newObjectId, OBJECT_ID_PATTERN } from '../../core/ids.js'
import { apiHarness, type TestAccount } from '../harness/api.js'

const h = await apiHarness(t)
const acct = await h.account()
const other = await h.account()

const FILTER = {
  operator: 'AND',
  conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
  groups: [],
}

async function insertAudience(account: TestAccount, status = 'active'): Promise<string> {
  const id = newObjectId()
  await h.pg.pool.query(
    `INSERT INTO audiences (id, account_id, name, filter, status) VALUES ($1, $2, $3, $4::jsonb, $5)`,
    [id, account.accountId, `Audience ${id}`, JSON.stringify(FILTER), status],
  )
  return id
}

async function insertOffer(account: TestAccount, status = 'active'): Promise<{ id: string; slug: string }> {
  const id = newObjectId()
  const slug = `ofr_test_${id.slice(-6)}`
  await h.pg.pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, status) VALUES ($1, $2, $3, 'Offer', $4, $5)`,
    [id, account.accountId, slug, 'https://network.example/click?sub1={{click_id}}', status],
  )
  return { id, slug }
}

const audience = await insertAudience(acct)
const audience2 = await insertAudience(acct)
const archivedAudience = await insertAudience(acct, 'archived')
const otherAudience = await insertAudience(other)
const offer = await insertOffer(acct)
const otherOffer = await insertOffer(other)

const owner = acct.keys.owner
const member = acct.keys.member
const viewer = acct.keys.viewer

const blastBody = (over: Record<string, unknown> = {}) => ({
  name: 'Black Friday',
  send_type: 'blast',
  is_repeating: false,
  send_time: '09:30',
  send_date: '2026-11-27',
  audiences: [audience],
  list_number: acct.list.phoneNumber,
  blasts: [
    {
      variant_name: 'A',
      message: 'Deals {{link1}}',
      offer_links: [{ key: 'link1', offer_id: offer.id, url_params: { sub2: 'bf' } }],
      percent_audience: 60,
    },
    { variant_name: 'B', message: 'More deals {{link1}}', offer_links: [], percent_audience: 40 },
  ],
  ...over,
})

const repeatingBody = (over: Record<string, unknown> = {}) => ({
  name: 'Weekday automation',
  send_type: 'automated',
  is_repeating: true,
  send_time: '18:00',
  start_date: '2026-12-01',
  end_date: '2027-01-31',
  days_of_week: { monday: true, wednesday: true },
  audiences: [audience, audience2],
  sending_list_id: acct.list.id,
  source_lists: [acct.list.id],
  skip_within_hours: 24,
  use_local_time: true,
  filter_bots: true,
  automated_percent: 30,
  ...over,
})

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

t.test('list: archived only on request, not paginated, own account only', async (t) => {
  const h2 = await h.account()
  const key = h2.keys.owner
  const aud = await insertAudience(h2)
  const make = (name: string) =>
    h.request('POST', '/api/v2/schedules', key, {
      ...repeatingBody({ audiences: [aud], sending_list_id: h2.list.id, source_lists: [] }),
      name,
    })
  const a = (await make('first')).body.schedule
  const b = (await make('second')).body.schedule
  const c = (await make('third')).body.schedule
  t.equal((await h.request('DELETE', `/api/v2/schedules/${b.id}`, key)).status, 200)

  const all = await h.request('GET', '/api/v2/schedules', h2.keys.viewer)
  t.equal(all.status, 200)
  t.same(Object.keys(all.body), ['schedules'], 'no pagination object')
  t.same(
    all.body.schedules.map((s: { id: string }) => s.id),
    [c.id, a.id],
    'newest first, archived left out',
  )
  const archived = await h.request('GET', '/api/v2/schedules?status=archive', key)
  t.same(
    archived.body.schedules.map((s: { id: string; status: string }) => [s.id, s.status]),
    [[b.id, 'archive']],
  )
  const drafts = await h.request('GET', '/api/v2/schedules?status=draft', key)
  t.equal(drafts.body.schedules.length, 2)
  t.equal((await h.request('GET', '/api/v2/schedules?status=on', key)).body.schedules.length, 0)
  const bad = await h.request('GET', '/api/v2/schedules?status=bogus', key)
  t.same([bad.status, bad.body.code], [400, 'invalid_status'])
  t.notOk(
    (await h.request('GET', '/api/v2/schedules', owner)).body.schedules.some(
      (s: { id: string }) => s.id === a.id,
    ),
    "another account's schedules are not listed",
  )
})

t.test('update: partial, merged validation, blasts replaced, lists re-pointed', async (t) => {
  const created = (await h.request('POST', '/api/v2/schedules', member, blastBody())).body.schedule
  const url = `/api/v2/schedules/${created.id}`

  const renamed = await h.request('PUT', url, member, { name: 'Cyber Monday', status: 'off' })
  t.equal(renamed.status, 200)
  t.equal(renamed.body.success, true)
  t.match(renamed.body.schedule, { name: 'Cyber Monday', status: 'off', send_date: '2026-11-27' })
  t.same(renamed.body.schedule.blasts, created.blasts, 'blasts untouched when not given')
  t.ok(renamed.body.schedule.updated_at >= created.updated_at)

  const replaced = await h.request('PUT', url, member, {
    blasts: [{ message: 'Only {{link1}}', offer_links: [{ key: 'link1', offer_id: offer.id }] }],
  })
  t.equal(replaced.status, 200)
  t.equal(replaced.body.schedule.blasts.length, 1)
  t.match(replaced.body.schedule.blasts[0], { message: 'Only {{link1}}', percent_audience: 100 })
  t.notOk(
    created.blasts.some((b: { id: number }) => b.id === replaced.body.schedule.blasts[0].id),
    'new blast ids',
  )

  // The merged document must still be valid.
  const toRepeating = await h.request('PUT', url, member, { is_repeating: true })
  t.same([toRepeating.status, toRepeating.body.code], [400, 'missing_start_date'])
  const repeating = await h.request('PUT', url, member, {
    is_repeating: true,
    start_date: '2026-12-01',
    end_date: '2026-12-24',
    days_of_week: { saturday: true },
  })
  t.equal(repeating.status, 200)
  t.equal(repeating.body.schedule.days_of_week.saturday, true)
  const clearDate = await h.request('PUT', url, member, { is_repeating: false, send_date: null })
  t.same([clearDate.status, clearDate.body.code], [400, 'missing_send_date'])
  const noBlasts = await h.request('PUT', url, member, { blasts: [] })
  t.same([noBlasts.status, noBlasts.body.code], [400, 'missing_blasts'])
  const automated = await h.request('PUT', url, member, { send_type: 'automated', blasts: [] })
  t.equal(automated.status, 200, 'an automated schedule needs no blasts')

  const cases: Array<[number, string, unknown]> = [
    [400, 'invalid_status', { status: 'complete' }],
    [400, 'invalid_status', { status: 'archive' }],
    [400, 'invalid_send_type', { send_type: 'drip' }],
    [400, 'invalid_send_time', { send_time: '12:60' }],
    [400, 'missing_audiences', { audiences: [] }],
    [400, 'missing_name', { name: ' ' }],
    [400, 'invalid_date', { end_date: '2026-11-01' }],
    [400, 'no_days_selected', { days_of_week: { saturday: false } }],
    [400, 'invalid_automated_percent', { automated_percent: 1000 }],
    [404, 'audience_not_found', { audiences: [otherAudience] }],
    [404, 'source_list_not_found', { source_lists: [other.list.id] }],
    [404, 'list_not_found', { sending_list_id: other.list.id }],
    [
      404,
      'offer_not_found',
      { blasts: [{ message: 'a', offer_links: [{ key: 'link1', offer_id: otherOffer.slug }] }] },
    ],
  ]
  for (const [status, code, body] of cases) {
    const res = await h.request('PUT', url, member, body)
    t.same([res.status, res.body.code], [status, code], code)
  }

  const second = await h.list(acct.accountId, { phoneNumber: '+18885550199' })
  const moved = await h.request('PUT', url, member, { list_number: '+18885550199' })
  t.match(moved.body.schedule, { sending_list_id: second.id, list_number: '+18885550199' })
  const cleared = await h.request('PUT', url, member, { sending_list_id: null })
  t.match(cleared.body.schedule, { sending_list_id: null, list_number: null })
})

t.test('update: archived schedules restore through PUT; complete ones cannot change', async (t) => {
  const created = (await h.request('POST', '/api/v2/schedules', member, blastBody())).body.schedule
  const url = `/api/v2/schedules/${created.id}`
  const del = await h.request('DELETE', url, member)
  t.same([del.status, del.body], [200, { success: true, archived: true }])
  t.equal((await h.request('GET', url, viewer)).body.schedule.status, 'archive', 'still readable')
  t.equal((await h.request('DELETE', url, member)).status, 200, 'archiving twice is fine')

  const renamed = await h.request('PUT', url, member, { name: 'Still archived' })
  t.match(renamed.body.schedule, { name: 'Still archived', status: 'archive' })
  const restored = await h.request('PUT', url, member, { status: 'draft' })
  t.same([restored.status, restored.body.schedule.status], [200, 'draft'])

  await h.pg.pool.query(`UPDATE schedules SET status = 'complete' WHERE id = $1`, [created.id])
  const complete = await h.request('PUT', url, member, { name: 'Too late' })
  t.same([complete.status, complete.body.code], [400, 'schedule_complete'])
  t.equal((await h.request('GET', url, viewer)).body.schedule.name, 'Still archived')
})

t.test('roles: viewers read, members write', async (t) => {
  const created = (await h.request('POST', '/api/v2/schedules', member, blastBody())).body.schedule
  const url = `/api/v2/schedules/${created.id}`
  for (const [method, path, body] of [
    ['POST', '/api/v2/schedules', blastBody()],
    ['PUT', url, { name: 'x' }],
    ['DELETE', url, undefined],
  ] as const) {
    const res = await h.request(method, path, viewer, body)
    t.same([res.status, res.body.code], [403, 'forbidden'], `${method} by a viewer`)
  }
  t.equal((await h.request('GET', url, viewer)).status, 200)
  t.equal((await h.request('GET', '/api/v2/schedules', viewer)).status, 200)
  const anonymous = await h.request('GET', '/api/v2/schedules', undefined)
  t.same([anonymous.status, anonymous.body.code], [401, 'missing_api_key'])
})

t.test("another account's schedule, and malformed ids, answer 404 like a missing one", async (t) => {
  const theirs = (
    await h.request('POST', '/api/v2/schedules', other.keys.owner, {
      ...repeatingBody({ audiences: [otherAudience], sending_list_id: other.list.id, source_lists: [] }),
    })
  ).body.schedule
  t.match(theirs.id, OBJECT_ID_PATTERN)
  for (const id of [theirs.id, newObjectId(), 'nope', "1' OR '1'='1"]) {
    const url = `/api/v2/schedules/${encodeURIComponent(id)}`
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: 'mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await h.request(method, url, owner, body)
      t.same(
        [res.status, res.body],
        [404, { error: 'Schedule not found', code: 'not_found' }],
        `${method} ${id}`,
      )
    }
  }
  const still = await h.request('GET', `/api/v2/schedules/${theirs.id}`, other.keys.owner)
  t.match(still.body.schedule, { name: 'Weekday automation', status: 'draft' }, 'untouched')
})

t.test(
  'update: a blank date is stored as no date, so the schedule and the list still read (issue 12)',
  async (t) => {
    const created = await h.request('POST', '/api/v2/schedules', owner, blastBody())
    t.equal(created.status, 201)
    const id = created.body.schedule.id
    for (const field of ['start_date', 'end_date', 'send_date']) {
      const res = await h.request('PUT', `/api/v2/schedules/${id}`, owner, { [field]: '   ' })
      // send_date is required for a one-time schedule: blank is missing; the others are optional here.
      t.equal(res.status, field === 'send_date' ? 400 : 200, `PUT ${field}: "   "`)
      if (res.status === 200) t.equal(res.body.schedule[field], null)
      t.equal(
        (await h.request('GET', `/api/v2/schedules/${id}`, viewer)).status,
        200,
        `${field}: the schedule reads`,
      )
      t.equal((await h.request('GET', '/api/v2/schedules', viewer)).status, 200, `${field}: the list reads`)
    }
  },
)
