// The first-run demo (services/seed.ts) links out of the box: its list has a shortener domain, so POST /links and
// /links/shorten answer with the demo's own key; a demo seeded before that gets the domain on the next start. The
// demo owner's email is unique per database, so this runs on a scratch database of its own.
import pg from 'pg'
import t from 'tap'
import { DEMO_SHORTENER_DOMAIN, demoShortenerDomain, seedDemo } from '../../services/seed.js'
import { apiHarness } from '../harness/api.js'
import { testConfig } from '../harness/platform.js'

t.test('the demo shortener domain: the platform’s public link host, else a reserved name', async (t) => {
  t.equal(demoShortenerDomain('https://Go.Example.com'), 'go.example.com')
  t.equal(demoShortenerDomain('http://127.0.0.1:8081'), DEMO_SHORTENER_DOMAIN)
  t.equal(demoShortenerDomain('http://localhost:8081'), DEMO_SHORTENER_DOMAIN)
  t.equal(
    demoShortenerDomain('https://links.example.com:8443'),
    DEMO_SHORTENER_DOMAIN,
    'a port cannot be printed',
  )
})

const adminUrl = new URL(testConfig().databaseUrl)
const scratch = `${adminUrl.pathname.slice(1)}_demo_${process.pid}`
const admin = new pg.Client({ connectionString: adminUrl.toString() })
await admin.connect()
await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
await admin.query(`CREATE DATABASE "${scratch}"`)
const scratchUrl = new URL(adminUrl)
scratchUrl.pathname = `/${scratch}`

const h = await apiHarness(t, { databaseUrl: scratchUrl.toString() })
t.teardown(async () => {
  await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
  await admin.end()
})

const demo = await seedDemo(h.pg.db, h.pg.pool, h.config.secretKey)
if (!demo) throw new Error('the scratch database already had a demo')

t.test('POST /links/shorten and POST /links work on the seeded demo', async (t) => {
  const shortened = await h.request('POST', '/api/v2/links/shorten', demo.apiKey, {
    url: 'https://shop.example/sale',
    listId: demo.listId,
  })
  t.equal(shortened.status, 200, JSON.stringify(shortened.body))
  t.equal(shortened.body.domain, DEMO_SHORTENER_DOMAIN)
  t.equal(shortened.body.shortUrl, `https://${DEMO_SHORTENER_DOMAIN}/${shortened.body.linkId}`)

  const offerLink = await h.request('POST', '/api/v2/links', demo.apiKey, {
    offerId: demo.offerId,
    phoneNumber: demo.listNumber,
  })
  t.equal(offerLink.status, 200, JSON.stringify(offerLink.body))
  t.equal(offerLink.body.domain, DEMO_SHORTENER_DOMAIN)
})

t.test('a demo seeded without a shortener domain gets one on the next start', async (t) => {
  await h.pg.pool.query('UPDATE sending_lists SET shortener_domain = NULL WHERE id = $1', [demo.listId])
  t.equal(await seedDemo(h.pg.db, h.pg.pool, h.config.secretKey, 'go.acme.example'), null, 'not seeded twice')
  const { rows } = await h.pg.pool.query('SELECT shortener_domain FROM sending_lists WHERE id = $1', [
    demo.listId,
  ])
  t.equal(rows[0].shortener_domain, 'go.acme.example')
  // A domain the owner set is kept.
  t.equal(await seedDemo(h.pg.db, h.pg.pool, h.config.secretKey), null)
  const again = await h.pg.pool.query('SELECT shortener_domain FROM sending_lists WHERE id = $1', [
    demo.listId,
  ])
  t.equal(again.rows[0].shortener_domain, 'go.acme.example')
})
