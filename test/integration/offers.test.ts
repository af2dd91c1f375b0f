// Offers API (spec §11) over the real app: create, list, get, partial update with merged metadata, archive.
import t from 'tap'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const other = await h.account()
const base = { name: 'Summer Sale!', tracking_url: 'https://trk.example/c?aff=1&sub1={{click_id}}' }

t.test('create applies the documented defaults and answers {success, offer}', async (t) => {
  const res = await h.request('POST', '/api/v2/offers', a.keys.member, base)
  t.equal(res.status, 201)
  t.equal(res.body.success, true)
  const offer = res.body.offer
  t.match(offer.id, /^[a-f0-9]{24}$/)
  t.match(offer.slug, /^ofr_summer_sale_[a-f0-9]{6}$/)
  t.match(offer, {
    name: 'Summer Sale!',
    tracking_url: base.tracking_url,
    external_platform: null,
    external_id: null,
    advertiser_id: null,
    payout: 0,
    payout_type: 'cpa',
    filter_bots: false,
    click_window_days: 90,
    status: 'active',
    metadata: {},
  })
  t.ok(Date.parse(offer.created_at) && Date.parse(offer.updated_at))
})

t.test('create with every field', async (t) => {
  const res = await h.request('POST', '/api/v2/offers', a.keys.owner, {
    ...base,
    external_platform: 'everflow',
    external_id: 'EF-1',
    advertiser_id: 'ADV-9',
    payout: 12.5,
    payout_type: 'cpc',
    filter_bots: true,
    click_window_days: 30,
    status: 'paused',
    metadata: { vertical: 'retail' },
  })
  t.equal(res.status, 201)
  t.match(res.body.offer, {
    external_platform: 'everflow',
    payout: 12.5,
    payout_type: 'cpc',
    filter_bots: true,
    click_window_days: 30,
    status: 'paused',
    metadata: { vertical: 'retail' },
  })
})

t.test('create errors carry the spec codes', async (t) => {
  const cases: [Record<string, unknown>, number, string][] = [
    [{ tracking_url: base.tracking_url }, 400, 'missing_name'],
    [{ ...base, name: '   ' }, 400, 'missing_name'],
    [{ name: 'x' }, 400, 'missing_tracking_url'],
    [{ ...base, name: 'n'.repeat(256) }, 400, 'name_too_long'],
    [{ ...base, tracking_url: 'not a url' }, 400, 'invalid_url'],
    [{ ...base, tracking_url: 'ftp://files.example/x' }, 400, 'invalid_url'],
    [{ ...base, external_platform: 'impact' }, 400, 'invalid_external_platform'],
    [{ ...base, payout_type: 'cpm' }, 400, 'invalid_payout_type'],
    [{ ...base, payout: -1 }, 400, 'invalid_payout'],
    [{ ...base, status: 'archived' }, 400, 'invalid_status'],
    [{ ...base, status: 'bogus' }, 400, 'invalid_status'],
    [{ ...base, click_window_days: 0 }, 400, 'invalid_click_window_days'],
    [{ ...base, click_window_days: 366 }, 400, 'invalid_click_window_days'],
    [{ ...base, metadata: 'x' }, 400, 'invalid_metadata'],
  ]
  for (const [body, status, code] of cases) {
    const res = await h.request('POST', '/api/v2/offers', a.keys.member, body)
    t.equal(res.status, status, code)
    t.equal(res.body.code, code, JSON.stringify(body).slice(0, 80))
    t.type(res.body.error, 'string')
  }
})

t.test('viewers cannot write; auth is required', async (t) => {
  const res = await h.request('POST', '/api/v2/offers', a.keys.viewer, base)
  t.equal(res.status, 403)
  t.equal(res.body.code, 'forbidden')
  t.equal((await h.request('GET', '/api/v2/offers', undefined)).body.code, 'missing_api_key')
})

t.test('list, get, update, archive', async (t) => {
  const acct = await h.account()
  const ids: string[] = []
  for (let i = 0; i < 3; i++) {
    const res = await h.request('POST', '/api/v2/offers', acct.keys.member, { ...base, name: `Offer ${i}` })
    ids.push(res.body.offer.id)
  }
  const list = await h.request('GET', '/api/v2/offers?per_page=2', acct.keys.viewer)
  t.equal(list.status, 200)
  t.equal(list.body.offers.length, 2)
  t.same(list.body.pagination, { page: 1, per_page: 2, total: 3, total_pages: 2 })
  t.equal(list.body.offers[0].name, 'Offer 2', 'newest first')
  const past = await h.request('GET', '/api/v2/offers?page=5&per_page=2', acct.keys.viewer)
  t.same(past.body.offers, [])
  t.equal(past.body.pagination.total, 3)
  t.equal((await h.request('GET', '/api/v2/offers?per_page=101', acct.keys.viewer)).status, 400)
  t.equal(
    (await h.request('GET', '/api/v2/offers?status=nope', acct.keys.viewer)).body.code,
    'invalid_status',
  )

  const got = await h.request('GET', `/api/v2/offers/${ids[0]}`, acct.keys.viewer)
  t.equal(got.status, 200)
  t.equal(got.body.offer.id, ids[0])

  await h.request('PUT', `/api/v2/offers/${ids[0]}`, acct.keys.member, { metadata: { a: '1', b: '2' } })
  const updated = await h.request('PUT', `/api/v2/offers/${ids[0]}`, acct.keys.member, {
    payout: 3.25,
    metadata: { b: '3', c: '4', a: null },
    external_platform: 'tune',
    external_id: null,
  })
  t.equal(updated.status, 200)
  t.match(updated.body.offer, {
    payout: 3.25,
    external_platform: 'tune',
    name: 'Offer 0',
    metadata: { b: '3', c: '4' },
  })
  t.notOk('a' in updated.body.offer.metadata, 'a null value removes its key')
  t.equal(updated.body.offer.external_id, null, 'null clears a nullable field')
  t.ok(Date.parse(updated.body.offer.updated_at) >= Date.parse(updated.body.offer.created_at))
  const badUrl = await h.request('PUT', `/api/v2/offers/${ids[0]}`, acct.keys.member, { tracking_url: 'x' })
  t.equal(badUrl.body.code, 'invalid_url')
  const badPlatform = await h.request('PUT', `/api/v2/offers/${ids[0]}`, acct.keys.member, {
    external_platform: 'x',
  })
  t.equal(badPlatform.body.code, 'invalid_external_platform')

  // Soft delete by PUT and by DELETE; archived offers leave the default listing.
  const archivedByPut = await h.request('PUT', `/api/v2/offers/${ids[1]}`, acct.keys.member, {
    status: 'archived',
  })
  t.equal(archivedByPut.body.offer.status, 'archived')
  const del = await h.request('DELETE', `/api/v2/offers/${ids[2]}`, acct.keys.member)
  t.same(del.body, { success: true, archived: true })
  const remaining = await h.request('GET', '/api/v2/offers', acct.keys.viewer)
  t.same(
    remaining.body.offers.map((o: { id: string }) => o.id),
    [ids[0]],
  )
  const archived = await h.request('GET', '/api/v2/offers?status=archived', acct.keys.viewer)
  t.equal(archived.body.pagination.total, 2)
  t.equal((await h.request('DELETE', `/api/v2/offers/${ids[2]}`, acct.keys.viewer)).body.code, 'forbidden')
})

t.test('an offer of another account answers 404 exactly like a missing one', async (t) => {
  const mine = (await h.request('POST', '/api/v2/offers', a.keys.member, base)).body.offer.id
  for (const id of [mine, '0123456789abcdef01234567', 'not-an-id']) {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await h.request(method, `/api/v2/offers/${id}`, other.keys.owner, body)
      t.equal(res.status, 404, `${method} ${id}`)
      t.equal(res.body.code, 'not_found')
    }
  }
  const listed = await h.request('GET', '/api/v2/offers?status=active', other.keys.owner)
  t.same(listed.body.offers, [])
})

t.test('tracking URLs a redirect may not go to are refused on create and update (issue 12)', async (t) => {
  const offer = (await h.request('POST', '/api/v2/offers', a.keys.member, base)).body.offer
  const cases: [string, string][] = [
    ['https://user:pass@trk.example/c?aff=1', 'destination_not_allowed'],
    ['http://169.254.169.254/latest/meta-data/', 'destination_not_allowed'],
    ['http://[::ffff:169.254.169.254]/', 'destination_not_allowed'],
    ['https://localhost:8080/c', 'destination_not_allowed'],
    ['https://{x}.example.com/c', 'destination_not_allowed'],
    ['https://trk.example:{sub1}/c', 'destination_not_allowed'],
    ['trk.example/c?aff=1', 'invalid_url'],
    ['https://trk.example/c?a=1\nb', 'invalid_url'],
  ]
  for (const [url, code] of cases) {
    const created = await h.request('POST', '/api/v2/offers', a.keys.member, { ...base, tracking_url: url })
    t.same([created.status, created.body.code], [400, code], `create ${url}`)
    const updated = await h.request('PUT', `/api/v2/offers/${offer.id}`, a.keys.member, { tracking_url: url })
    t.same([updated.status, updated.body.code], [400, code], `update ${url}`)
  }
  const after = await h.request('GET', `/api/v2/offers/${offer.id}`, a.keys.member)
  t.equal(after.body.offer.tracking_url, base.tracking_url, 'nothing was written')
})

t.test('an offer stored with a bad URL before the policy still reads back and updates', async (t) => {
  const offer = (await h.request('POST', '/api/v2/offers', a.keys.member, base)).body.offer
  const legacy = 'http://user:pw@169.254.169.254/{x}'
  await h.pg.pool.query('UPDATE offers SET tracking_url = $1 WHERE id = $2', [legacy, offer.id])
  const read = await h.request('GET', `/api/v2/offers/${offer.id}`, a.keys.viewer)
  t.same([read.status, read.body.offer.tracking_url], [200, legacy])
  const listed = await h.request('GET', '/api/v2/offers', a.keys.viewer)
  t.equal(listed.status, 200)
  t.ok(listed.body.offers.some((o: { id: string }) => o.id === offer.id))
  const renamed = await h.request('PUT', `/api/v2/offers/${offer.id}`, a.keys.member, { name: 'Renamed' })
  t.same([renamed.status, renamed.body.offer.name], [200, 'Renamed'], 'other fields still update')
  const fixed = await h.request('PUT', `/api/v2/offers/${offer.id}`, a.keys.member, {
    tracking_url: 'https://trk.example/fixed',
  })
  t.same([fixed.status, fixed.body.offer.tracking_url], [200, 'https://trk.example/fixed'])
})
