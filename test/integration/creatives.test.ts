// Creatives API (spec §7) over the real app: offer-bound placeholders, counts with the account templates,
// partial updates, filters, archive, and segment estimation.
import t from 'tap'
import { DEFAULT_COMPLIANCE_SUFFIX } from '../../core/segments.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const other = await h.account()
const offerOf = async (key: string, extra: Record<string, unknown> = {}) =>
  (
    await h.request('POST', '/api/v2/offers', key, {
      name: 'Offer',
      tracking_url: 'https://trk.example/c?sub1={{click_id}}',
      ...extra,
    })
  ).body.offer.id as string
const offerA = await offerOf(a.keys.member)
const offerB = await offerOf(a.keys.member, { status: 'paused' })
const foreignOffer = await offerOf(other.keys.member)

const valid = {
  name: 'Spring promo',
  message: 'Spring deals: {{link1}} and more {{link2}}',
  offer_links: [
    { key: 'link1', offer_id: offerA },
    { key: 'link2', offer_id: offerB, url: 'https://shop.example/x', url_params: { utm: 'sms' } },
  ],
}
// Test accounts' list brand is "Test Brand": prefix "Test Brand: " and the default suffix count.
const expectedChars = (body: string) => 'Test Brand: '.length + body.length + DEFAULT_COMPLIANCE_SUFFIX.length

t.test('create answers {success, creative} with offers, counts and defaults', async (t) => {
  const res = await h.request('POST', '/api/v2/creatives', a.keys.member, valid)
  t.equal(res.status, 201)
  t.equal(res.body.success, true)
  const c = res.body.creative
  t.type(c.id, 'number')
  t.match(c.slug, /^cre_spring_promo_[0-9a-f]{6}$/)
  t.match(c, { name: 'Spring promo', message: valid.message, status: 'active', creative_type: 'automated' })
  t.same(c.offer_links, [
    { key: 'link1', offer_id: offerA, url: null, url_params: {} },
    { key: 'link2', offer_id: offerB, url: 'https://shop.example/x', url_params: { utm: 'sms' } },
  ])
  t.same(
    c.offers.map((o: { id: string }) => o.id),
    [offerA, offerB],
  )
  t.match(c.offers[0], { name: 'Offer', status: 'active', payout: 0, payout_type: 'cpa' })
  const body = 'Spring deals: xxxxxxxxxxxxxxxxxxxxxxx and more xxxxxxxxxxxxxxxxxxxxxxx'
  t.equal(c.character_count, expectedChars(body))
  t.equal(c.segment_count, 1)
  t.ok(Date.parse(c.created_at))
})

t.test('every documented create error', async (t) => {
  const cases: [Record<string, unknown>, number, string][] = [
    [{ ...valid, name: undefined }, 400, 'missing_name'],
    [{ ...valid, message: undefined }, 400, 'missing_message'],
    [{ ...valid, message: '  ' }, 400, 'missing_message'],
    [{ ...valid, offer_links: undefined }, 400, 'missing_offer_links'],
    [{ ...valid, offer_links: [] }, 400, 'missing_offer_links'],
    [{ ...valid, name: 'n'.repeat(256) }, 400, 'name_too_long'],
    [{ ...valid, message: `{{link1}}${'m'.repeat(1600)}` }, 400, 'message_too_long'],
    [{ ...valid, status: 'archived' }, 400, 'invalid_status'],
    [{ ...valid, creative_type: 'drip' }, 400, 'invalid_creative_type'],
    [{ ...valid, message: 'No link here' }, 400, 'missing_link_placeholder'],
    [{ ...valid, offer_links: [valid.offer_links[0]] }, 400, 'missing_offer_links_for_placeholders'],
    [{ ...valid, offer_links: [{ offer_id: offerA }, valid.offer_links[1]] }, 400, 'missing_offer_link_key'],
    [{ ...valid, offer_links: [{ key: 'link1' }, valid.offer_links[1]] }, 400, 'missing_offer_link_offer_id'],
    [
      { ...valid, offer_links: [{ key: 'link1', offer_id: foreignOffer }, valid.offer_links[1]] },
      404,
      'offer_not_found',
    ],
    [
      {
        ...valid,
        offer_links: [{ key: 'link1', offer_id: '0123456789abcdef01234567' }, valid.offer_links[1]],
      },
      404,
      'offer_not_found',
    ],
  ]
  for (const [body, status, code] of cases) {
    const res = await h.request('POST', '/api/v2/creatives', a.keys.member, body)
    t.equal(res.status, status, code)
    t.equal(res.body.code, code)
  }
  const viewer = await h.request('POST', '/api/v2/creatives', a.keys.viewer, valid)
  t.equal(viewer.status, 403)
  t.equal(viewer.body.code, 'forbidden')
})

t.test('archived offers cannot be bound', async (t) => {
  const archived = await offerOf(a.keys.member)
  await h.request('DELETE', `/api/v2/offers/${archived}`, a.keys.member)
  const res = await h.request('POST', '/api/v2/creatives', a.keys.member, {
    ...valid,
    offer_links: [{ key: 'link1', offer_id: archived }, valid.offer_links[1]],
  })
  t.equal(res.body.code, 'offer_not_found')
})

t.test('account templates count toward the length', async (t) => {
  const acct = await h.account()
  await h.pg.pool.query(`UPDATE accounts SET settings = $2 WHERE id = $1`, [
    acct.accountId,
    JSON.stringify({ messaging: { prefix: '', suffix: '' } }),
  ])
  const offer = await offerOf(acct.keys.member)
  const res = await h.request('POST', '/api/v2/creatives', acct.keys.member, {
    name: 'Long',
    message: `${'a'.repeat(140)} {{link1}}`,
    offer_links: [{ key: 'link1', offer_id: offer }],
  })
  t.equal(res.body.creative.character_count, 140 + 1 + 23)
  t.equal(res.body.creative.segment_count, 2)
  const est = await h.request('POST', '/api/v2/creatives/estimate', acct.keys.viewer, {
    message: 'Hi {{link1}}',
  })
  t.same(est.body, { character_count: 3 + 23, segment_count: 1, encoding: 'GSM-7' })
})

t.test('estimate: GSM-7 and UCS-2, with and without templates', async (t) => {
  const withTemplates = await h.request('POST', '/api/v2/creatives/estimate', a.keys.viewer, {
    message: 'Hello {{link1}}',
  })
  t.equal(withTemplates.status, 200)
  t.same(withTemplates.body, {
    character_count: expectedChars(`Hello ${'x'.repeat(23)}`),
    segment_count: 1,
    encoding: 'GSM-7',
  })
  const unicode = await h.request('POST', '/api/v2/creatives/estimate', a.keys.viewer, {
    message: '😀'.repeat(40),
    apply_templates: false,
  })
  t.same(unicode.body, { character_count: 80, segment_count: 2, encoding: 'UCS-2' })
  const missing = await h.request('POST', '/api/v2/creatives/estimate', a.keys.viewer, {})
  t.equal(missing.body.code, 'missing_message')
  const long = await h.request('POST', '/api/v2/creatives/estimate', a.keys.viewer, {
    message: 'm'.repeat(1601),
  })
  t.equal(long.body.code, 'message_too_long')
})

t.test('list filters, pagination, get, update, archive', async (t) => {
  const acct = await h.account()
  const offer = await offerOf(acct.keys.member)
  const make = (name: string, extra: Record<string, unknown> = {}) =>
    h.request('POST', '/api/v2/creatives', acct.keys.member, {
      name,
      message: 'Go {{link1}}',
      offer_links: [{ key: 'link1', offer_id: offer }],
      ...extra,
    })
  const c1 = (await make('one')).body.creative
  const c2 = (await make('two', { creative_type: 'welcome' })).body.creative
  const c3 = (await make('three', { status: 'paused', creative_type: 'one_time' })).body.creative

  const active = await h.request('GET', '/api/v2/creatives', acct.keys.viewer)
  t.equal(active.status, 200)
  t.same(
    active.body.creatives.map((c: { id: number }) => c.id),
    [c2.id, c1.id],
    'default status active, newest first',
  )
  t.same(active.body.pagination, { page: 1, per_page: 50, total: 2, total_pages: 1 })
  const welcome = await h.request('GET', '/api/v2/creatives?creative_type=welcome', acct.keys.viewer)
  t.same(
    welcome.body.creatives.map((c: { id: number }) => c.id),
    [c2.id],
  )
  const paused = await h.request('GET', '/api/v2/creatives?status=paused', acct.keys.viewer)
  t.same(
    paused.body.creatives.map((c: { id: number }) => c.id),
    [c3.id],
  )
  const page2 = await h.request('GET', '/api/v2/creatives?per_page=1&page=2', acct.keys.viewer)
  t.same(
    page2.body.creatives.map((c: { id: number }) => c.id),
    [c1.id],
  )
  t.equal(page2.body.pagination.total_pages, 2)
  const past = await h.request('GET', '/api/v2/creatives?per_page=1&page=9', acct.keys.viewer)
  t.same(past.body.creatives, [])
  t.equal((await h.request('GET', '/api/v2/creatives?per_page=101', acct.keys.viewer)).status, 400)
  t.equal(
    (await h.request('GET', '/api/v2/creatives?status=x', acct.keys.viewer)).body.code,
    'invalid_status',
  )
  t.equal(
    (await h.request('GET', '/api/v2/creatives?creative_type=x', acct.keys.viewer)).body.code,
    'invalid_creative_type',
  )

  const got = await h.request('GET', `/api/v2/creatives/${c1.id}`, acct.keys.viewer)
  t.equal(got.body.creative.name, 'one')

  const longer = await h.request('PUT', `/api/v2/creatives/${c1.id}`, acct.keys.member, {
    message: `${'b'.repeat(150)} {{link1}}`,
  })
  t.equal(longer.status, 200)
  t.equal(longer.body.creative.name, 'one', 'partial')
  t.ok(longer.body.creative.segment_count >= 2, 'counts recalculated')
  t.ok(longer.body.creative.character_count > c1.character_count)

  const needsLink = await h.request('PUT', `/api/v2/creatives/${c1.id}`, acct.keys.member, {
    message: 'Two {{link1}} {{link2}}',
  })
  t.equal(needsLink.body.code, 'missing_offer_links_for_placeholders', 'validated as on create')
  const noLink = await h.request('PUT', `/api/v2/creatives/${c1.id}`, acct.keys.member, { message: 'none' })
  t.equal(noLink.body.code, 'missing_link_placeholder')
  const badType = await h.request('PUT', `/api/v2/creatives/${c1.id}`, acct.keys.member, {
    creative_type: 'x',
  })
  t.equal(badType.body.code, 'invalid_creative_type')
  const foreign = await h.request('PUT', `/api/v2/creatives/${c1.id}`, acct.keys.member, {
    offer_links: [{ key: 'link1', offer_id: foreignOffer }],
  })
  t.equal(foreign.body.code, 'offer_not_found')

  const archived = await h.request('PUT', `/api/v2/creatives/${c2.id}`, acct.keys.member, {
    status: 'archived',
  })
  t.equal(archived.body.creative.status, 'archived')
  const del = await h.request('DELETE', `/api/v2/creatives/${c3.id}`, acct.keys.member)
  t.same(del.body, { success: true, archived: true })
  const archivedList = await h.request('GET', '/api/v2/creatives?status=archived', acct.keys.viewer)
  t.equal(archivedList.body.pagination.total, 2)
  t.equal((await h.request('PUT', `/api/v2/creatives/${c1.id}`, acct.keys.viewer, { name: 'x' })).status, 403)
})

t.test('a creative of another account answers 404 like a missing one', async (t) => {
  const mine = (await h.request('POST', '/api/v2/creatives', a.keys.member, valid)).body.creative.id
  for (const id of [mine, 999999999, 'abc']) {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await h.request(method, `/api/v2/creatives/${id}`, other.keys.owner, body)
      t.equal(res.status, 404, `${method} ${id}`)
      t.equal(res.body.code, 'not_found')
    }
  }
})
