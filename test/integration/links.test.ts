// Links API (spec §12) over the real app, and the minted links followed through the real ingest redirect:
// offer links get a click id, plain URLs do not, and short-URL query parameters reach the destination.
import t from 'tap'
import { ingestApp } from '../../ingest/app.js'
import { buildHttpApp } from '../../lib/server.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const ingest = await buildHttpApp(ingestApp, h.deps)
t.teardown(() => ingest.close())
const a = await h.account({ shortenerDomain: 'go.acme.example' })
const other = await h.account()

const createOffer = async (key: string, extra: Record<string, unknown> = {}) =>
  (
    await h.request('POST', '/api/v2/offers', key, {
      name: 'Offer',
      tracking_url: 'https://network.example/c?o=7&s2={sub2}',
      external_platform: 'everflow',
      external_id: 'EF-77',
      ...extra,
    })
  ).body.offer as { id: string; tracking_url: string }
const offer = await createOffer(a.keys.member, { filter_bots: true })
const paused = await createOffer(a.keys.member, { status: 'paused', external_id: 'EF-P' })
const foreign = await createOffer(other.keys.member)
/** Follows a short URL like a person: through the interstitial's Continue button when the offer filters bots. */
const follow = async (shortUrl: string, query = '') => {
  const url = `${new URL(shortUrl).pathname}${query}`
  const headers = { 'user-agent': 'Mozilla/5.0 (iPhone)' }
  const first = await ingest.inject({ method: 'GET', url, headers })
  const token = first.statusCode === 200 ? /name="t" value="([^"]+)"/.exec(first.body)?.[1] : undefined
  if (!token) return first
  return ingest.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `t=${encodeURIComponent(token)}`,
  })
}

t.test('POST /links mints a new link to an offer each call', async (t) => {
  const res = await h.request('POST', '/api/v2/links', a.keys.member, {
    offerId: offer.id,
    listId: a.list.id,
  })
  t.equal(res.status, 200)
  const body = res.body
  t.match(body.linkId, /^[A-Za-z0-9]{7}$/)
  t.equal(body.shortUrl, `https://go.acme.example/${body.linkId}`)
  t.equal(body.domain, 'go.acme.example')
  t.equal(body.destinationUrl, offer.tracking_url)
  t.equal(body.offerId, offer.id)
  t.equal(
    body.clickTrackerUrl,
    `${h.config.publicLinkBaseUrl}/${body.linkId}`,
    'platform click domain by default',
  )

  const again = await h.request('POST', '/api/v2/links', a.keys.member, {
    externalOfferId: 'EF-77',
    phoneNumber: a.list.phoneNumber,
  })
  t.equal(again.status, 200)
  t.equal(again.body.offerId, offer.id, 'found by external id and by the list number')
  t.not(again.body.linkId, body.linkId, 'no de-duplication')

  // The click tracker uses the list's own click domain when it has one.
  await h.pg.pool.query(`UPDATE sending_lists SET click_domain = 'clk.acme.example' WHERE id = $1`, [
    a.list.id,
  ])
  const custom = await h.request('POST', '/api/v2/links', a.keys.member, {
    offerId: offer.id,
    externalOfferId: 'nope',
    listId: a.list.id,
  })
  t.equal(custom.body.clickTrackerUrl, `https://clk.acme.example/${custom.body.linkId}`)
  t.equal(custom.body.offerId, offer.id, 'offerId wins over externalOfferId')
  await h.pg.pool.query('UPDATE sending_lists SET click_domain = NULL WHERE id = $1', [a.list.id])

  // Followed through ingest: the click id goes in Everflow's sub1; query parameters fill macros or are appended.
  const click = await follow(body.shortUrl, '?sub2=camp9&source=fb&sub1=forged')
  t.equal(click.statusCode, 302)
  const location = new URL(click.headers.location as string)
  t.equal(location.origin + location.pathname, 'https://network.example/c')
  t.equal(location.searchParams.get('o'), '7')
  t.equal(location.searchParams.get('s2'), 'camp9')
  t.equal(location.searchParams.get('source'), 'fb')
  t.match(
    location.searchParams.get('sub1'),
    /^L[A-Za-z0-9]{31}$/,
    'a click id of the link, not the forged one',
  )
})

t.test('POST /links errors', async (t) => {
  const noDomain = await h.account({ shortenerDomain: null })
  const noDomainOffer = await createOffer(noDomain.keys.member)
  const inactive = await h.account()
  await h.pg.pool.query(`UPDATE sending_lists SET status = 'paused' WHERE id = $1`, [inactive.list.id])
  const inactiveOffer = await createOffer(inactive.keys.member)
  const cases: [string, Record<string, unknown>, number, string][] = [
    [a.keys.member, { listId: a.list.id }, 400, 'missing_offer_id'],
    [a.keys.member, { offerId: offer.id }, 400, 'missing_list_identifier'],
    [a.keys.member, { offerId: offer.id, phoneNumber: '555-1234' }, 400, 'invalid_phone'],
    [a.keys.member, { offerId: foreign.id, listId: a.list.id }, 404, 'offer_not_found'],
    [a.keys.member, { offerId: 'nope', listId: a.list.id }, 404, 'offer_not_found'],
    [a.keys.member, { externalOfferId: 'missing', listId: a.list.id }, 404, 'offer_not_found'],
    [a.keys.member, { offerId: paused.id, listId: a.list.id }, 409, 'offer_inactive'],
    [a.keys.member, { offerId: offer.id, listId: other.list.id }, 404, 'list_not_found'],
    [a.keys.member, { offerId: offer.id, phoneNumber: '+19995550000' }, 404, 'list_not_found'],
    [inactive.keys.member, { offerId: inactiveOffer.id, listId: inactive.list.id }, 409, 'list_inactive'],
    [
      noDomain.keys.member,
      { offerId: noDomainOffer.id, listId: noDomain.list.id },
      409,
      'no_domain_configured',
    ],
    [a.keys.viewer, { offerId: offer.id, listId: a.list.id }, 403, 'forbidden'],
  ]
  for (const [key, body, status, code] of cases) {
    const res = await h.request('POST', '/api/v2/links', key, body)
    t.equal(res.status, status, code)
    t.equal(res.body.code, code, JSON.stringify(body))
  }
})

t.test('POST /links/shorten: a plain URL redirects without a click id', async (t) => {
  const res = await h.request('POST', '/api/v2/links/shorten', a.keys.member, {
    url: 'https://shop.example/sale?ref=sms&p={{contact.phone}}',
    listId: a.list.id,
    contactPhone: '+14155550199',
    metadata: { campaign: 'spring' },
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    domain: 'go.acme.example',
    destinationUrl: 'https://shop.example/sale?ref=sms&p={{contact.phone}}',
    offerId: null,
    filterBots: false,
  })
  t.equal(res.body.shortUrl, `https://go.acme.example/${res.body.linkId}`)
  const stored = await h.pg.pool.query(
    'SELECT metadata, offer_id, list_id FROM short_links WHERE code = $1',
    [res.body.linkId],
  )
  t.same(stored.rows[0], {
    metadata: { campaign: 'spring', contact_phone: '+14155550199' },
    offer_id: null,
    list_id: a.list.id,
  })

  const click = await follow(res.body.shortUrl, '?utm_source=sms')
  t.equal(click.statusCode, 302)
  t.equal(click.headers.location, 'https://shop.example/sale?ref=sms&p=%2B14155550199&utm_source=sms')
})

t.test('POST /links/shorten: an offer wins over a url', async (t) => {
  const res = await h.request('POST', '/api/v2/links/shorten', a.keys.member, {
    url: 'not even a url',
    offerId: offer.id,
    phoneNumber: a.list.phoneNumber,
  })
  t.equal(res.status, 200)
  t.match(res.body, { offerId: offer.id, destinationUrl: offer.tracking_url, filterBots: true })
  const click = await follow(res.body.shortUrl)
  const location = new URL(click.headers.location as string)
  t.match(location.searchParams.get('sub1'), /^L/)
  t.equal(location.searchParams.get('s2'), '', 'an unfilled macro is emptied')
})

t.test('POST /links/shorten errors', async (t) => {
  const noDomain = await h.account({ shortenerDomain: null })
  const cases: [string, Record<string, unknown>, number, string][] = [
    [a.keys.member, { listId: a.list.id }, 400, 'missing_url_or_offer'],
    [a.keys.member, { url: 'https://x.example' }, 400, 'missing_list_identifier'],
    [a.keys.member, { url: 'ftp://x.example', listId: a.list.id }, 400, 'invalid_url'],
    [a.keys.member, { url: 'x.example/path', listId: a.list.id }, 400, 'invalid_url'],
    [a.keys.member, { url: 'https://x.example', phoneNumber: '12' }, 400, 'invalid_phone'],
    [
      a.keys.member,
      { url: 'https://x.example', listId: a.list.id, contactPhone: '4155550199' },
      400,
      'invalid_phone',
    ],
    [a.keys.member, { offerId: foreign.id, listId: a.list.id }, 404, 'offer_not_found'],
    [a.keys.member, { url: 'https://x.example', listId: other.list.id }, 404, 'list_not_found'],
    [a.keys.member, { url: 'https://x.example', listId: 999999999 }, 404, 'list_not_found'],
    [
      noDomain.keys.member,
      { url: 'https://x.example', listId: noDomain.list.id },
      409,
      'no_domain_configured',
    ],
    [a.keys.viewer, { url: 'https://x.example', listId: a.list.id }, 403, 'forbidden'],
  ]
  for (const [key, body, status, code] of cases) {
    const res = await h.request('POST', '/api/v2/links/shorten', key, body)
    t.equal(res.status, status, code)
    t.equal(res.body.code, code, JSON.stringify(body))
  }
})

t.test('id_collision after every attempt hits a taken code', async (t) => {
  // Occupy every code the next attempts could draw by making the insert always conflict: a trigger that turns
  // each insert of this list's links into a no-op stands in for a fully taken code space.
  const acct = await h.account()
  await h.pg.pool.query(`CREATE OR REPLACE FUNCTION trackly_test_taken() RETURNS trigger AS $$
    BEGIN IF NEW.list_id = TG_ARGV[0]::int THEN RETURN NULL; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
  await h.pg.pool.query(`CREATE TRIGGER trackly_test_taken_${acct.list.id} BEFORE INSERT ON short_links
    FOR EACH ROW EXECUTE FUNCTION trackly_test_taken('${Number(acct.list.id)}')`)
  t.teardown(() =>
    h.pg.pool.query(`DROP TRIGGER IF EXISTS trackly_test_taken_${acct.list.id} ON short_links`),
  )
  const res = await h.request('POST', '/api/v2/links/shorten', acct.keys.member, {
    url: 'https://x.example',
    listId: acct.list.id,
  })
  t.equal(res.status, 500)
  t.equal(res.body.code, 'id_collision')
})

t.test("redirects: the clicker's query adds sub-ids, never overrides the template (issue 12)", async (t) => {
  const template = await createOffer(a.keys.member, {
    tracking_url: 'https://network.example/c?aff_id=42&c=7&s2={sub2}',
  })
  const link = await h.request('POST', '/api/v2/links', a.keys.member, {
    offerId: template.id,
    listId: a.list.id,
  })
  const click = await follow(
    link.body.shortUrl,
    '?c=OVERRIDE&aff_id=ATTACKER&AFF_ID=ATTACKER&sub2=s&sub3=extra',
  )
  t.equal(click.statusCode, 302)
  const location = new URL(click.headers.location as string)
  t.equal(location.origin, 'https://network.example')
  t.same(location.searchParams.getAll('aff_id'), ['42'], "the template's affiliate id")
  t.same(location.searchParams.getAll('c'), ['7'])
  t.equal(location.searchParams.get('AFF_ID'), null, 'no second spelling of a template parameter')
  t.equal(location.searchParams.get('s2'), 's', 'a documented macro takes its sub-id')
  t.equal(location.searchParams.get('sub3'), 'extra', 'extra sub-ids pass through')
  t.match(location.searchParams.get('sub1'), /^L/, 'the click id')
})

t.test('destinations a redirect may not go to are refused when written (issue 12)', async (t) => {
  const cases: [string, string][] = [
    ['https://user:pass@shop.example/x', 'destination_not_allowed'],
    ['http://169.254.169.254/latest/meta-data/', 'destination_not_allowed'],
    ['http://2852039166/', 'destination_not_allowed'],
    ['https://{x}.example.com/', 'destination_not_allowed'],
    ['https://metadata.google.internal/', 'destination_not_allowed'],
    ['shop.example/x', 'invalid_url'],
    ['javascript:alert(1)', 'invalid_url'],
  ]
  for (const [url, code] of cases) {
    const res = await h.request('POST', '/api/v2/links/shorten', a.keys.member, { url, listId: a.list.id })
    t.same([res.status, res.body.code], [400, code], url)
  }
  // An offer saved before the policy still reads back, but no new link may lead to it.
  const legacy = await createOffer(a.keys.member, { external_id: 'EF-LEGACY' })
  await h.pg.pool.query('UPDATE offers SET tracking_url = $1 WHERE id = $2', [
    'http://user:pw@169.254.169.254/',
    legacy.id,
  ])
  for (const [path, body] of [
    ['/api/v2/links', { offerId: legacy.id, listId: a.list.id }],
    ['/api/v2/links/shorten', { offerId: legacy.id, listId: a.list.id }],
  ] as const) {
    const res = await h.request('POST', path, a.keys.member, body)
    t.same([res.status, res.body.code], [400, 'destination_not_allowed'], path)
  }
  t.equal((await h.request('GET', `/api/v2/offers/${legacy.id}`, a.keys.member)).status, 200)
})

t.test('a link whose stored destination breaks the policy answers a page, never a redirect', async (t) => {
  for (const stored of [
    'https://{x}.example.com/',
    'http://user:pass@network.example/',
    'http://169.254.169.254/latest/meta-data/',
    'not a url',
  ]) {
    const res = await h.request('POST', '/api/v2/links/shorten', a.keys.member, {
      url: 'https://shop.example/x',
      listId: a.list.id,
    })
    await h.pg.pool.query('UPDATE short_links SET destination_url = $1 WHERE code = $2', [
      stored,
      res.body.linkId,
    ])
    const click = await follow(res.body.shortUrl, '?x=evil')
    t.equal(click.statusCode, 404, stored)
    t.equal(click.headers.location, undefined, 'no redirect')
    t.match(click.body, /This link is not available/)
  }
})
