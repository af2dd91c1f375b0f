// Schedules (spec §9) through the real API app after create (schedules.test.ts): list, partial update, archive and
// restore; roles; and ids of another account answering exactly like missing ones.
import t from 'tap'
import { newObjectId, OBJECT_ID_PATTERN } from '../../core/ids.js'
import { schedulesHarness } from '../harness/schedules.js'

const {
  h,
  acct,
  other,
  insertAudience,
  otherAudience,
  offer,
  otherOffer,
  owner,
  member,
  viewer,
  blastBody,
  repeatingBody,
} = await schedulesHarness(t)

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
