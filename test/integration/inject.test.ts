// The app.inject() tier: both HTTP apps built exactly as in production (real Postgres, Redis, Kafka,
// ClickHouse), driven without a socket. Covers the auth and error contract and bad input.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { prepare } from '../../bin/platform.js'
import { topicName } from '../../core/events.js'
import { ingestApp } from '../../ingest/app.js'
import { createDeps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import { buildHttpApp } from '../../lib/server.js'
import { createFixture, eventually, issuedClickId, testConfig } from '../harness/platform.js'

const config = testConfig()
const deps = createDeps(config, createLogger(config))
await prepare(deps)
const api = await buildHttpApp(apiApp, deps)
const ingest = await buildHttpApp(ingestApp, deps)
t.teardown(async () => {
  await api.close()
  await ingest.close()
})
const platform = { deps, config, stop: async () => {} }
const fixture = await createFixture(platform, 'https://go.example')
const message = await fixture.createMessage()

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers })

t.test('health: alive, and ready with all four dependencies up', async (t) => {
  for (const app of [api, ingest]) {
    t.same((await get(app, '/healthz')).json(), { status: 'ok' })
    const ready = await get(app, '/readyz')
    t.equal(ready.statusCode, 200)
    const body = ready.json()
    t.equal(body.status, 'ready')
    t.same(Object.keys(body.checks).sort(), ['clickhouse', 'kafka', 'postgres', 'redis'])
    for (const check of Object.values(body.checks) as { status: string }[]) t.equal(check.status, 'up')
  }
})

t.test('API keys: missing, malformed, unknown, revoked, suspended', async (t) => {
  const url = `/api/v2/reports/messages/${message.messageId}`
  t.same((await get(api, url)).json(), { error: 'API key required', code: 'missing_api_key' })
  t.equal((await get(api, url)).statusCode, 401)
  const malformed = await get(api, url, { 'x-api-key': 'trk_short' })
  t.same([malformed.statusCode, malformed.json().code], [401, 'invalid_api_key'])
  const unknown = await get(api, url, { 'x-api-key': `trk_${'A'.repeat(32)}` })
  t.same([unknown.statusCode, unknown.json().code], [401, 'invalid_api_key'])
  t.equal((await get(api, url, { 'x-api-key': fixture.apiKey })).statusCode, 200, 'the real key works')

  const pg = deps.postgres.acquire()
  t.teardown(() => deps.postgres.release())
  await pg.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [fixture.accountId])
  const suspended = await get(api, url, { 'x-api-key': fixture.apiKey })
  t.equal(suspended.statusCode, 403, 'a suspension takes effect on the next request')
  t.equal(suspended.json().error, 'Account is suspended')
  await pg.pool.query("UPDATE accounts SET status = 'active' WHERE id = $1", [fixture.accountId])
  t.equal((await get(api, url, { 'x-api-key': fixture.apiKey })).statusCode, 200)

  const { rows } = await pg.pool.query('SELECT key_hash, last_used_at FROM api_keys WHERE account_id = $1', [
    fixture.accountId,
  ])
  t.equal(rows.length, 1)
  t.not(rows[0].key_hash, fixture.apiKey, 'the key itself is not stored')
  t.ok(rows[0].last_used_at, 'last use is recorded')
  await pg.pool.query('UPDATE api_keys SET revoked_at = now() WHERE account_id = $1', [fixture.accountId])
  t.equal((await get(api, url, { 'x-api-key': fixture.apiKey })).json().code, 'invalid_api_key', 'revoked')
  await pg.pool.query('UPDATE api_keys SET revoked_at = NULL WHERE account_id = $1', [fixture.accountId])
})

t.test('reports: ids of other accounts and malformed ids are 404', async (t) => {
  const other = await createFixture(platform, 'https://go.example')
  const otherMessage = await other.createMessage()
  const key = { 'x-api-key': fixture.apiKey }
  for (const id of [otherMessage.messageId, 'ZZZZZZZZ', 'bad', "x' OR 1=1"]) {
    const res = await get(api, `/api/v2/reports/messages/${encodeURIComponent(id)}`, key)
    t.same([res.statusCode, res.json()], [404, { error: 'Message not found', code: 'not_found' }], id)
  }
  const own = (await get(api, `/api/v2/reports/messages/${message.messageId}`, key)).json()
  t.same([own.message_id, own.sends, own.clicks], [message.messageId, 0, 0])
  t.same((await get(api, '/api/v2/nope', key)).json(), { error: 'Not found', code: 'not_found' })
})

t.test('OpenAPI is generated from the route schemas and served at /docs', async (t) => {
  const spec = (await get(api, '/docs/json')).json()
  t.match(spec.openapi, /^3\./)
  t.ok(spec.paths['/api/v2/reports/messages/{id}'], 'the report route is documented')
  t.equal((await get(api, '/docs')).statusCode < 400, true)
})

async function revenueTopicSize(): Promise<number> {
  const admin = deps.kafka.acquire().kafka.admin()
  await admin.connect()
  try {
    const offsets = await admin.fetchTopicOffsets(topicName(config.kafkaTopicPrefix, 'revenue'))
    return offsets.reduce((sum, p) => sum + Number(p.high), 0)
  } finally {
    await admin.disconnect()
    await deps.kafka.release()
  }
}

t.test('malformed postbacks get 400 with a stable code and write nothing', async (t) => {
  const before = await revenueTopicSize()
  const click = issuedClickId(platform, message.messageId)
  const signed = `postback_secret=${fixture.postbackSecret}`
  const cases: [string, number, string][] = [
    ['/api/postbacks/everflow?payout=1', 400, 'missing_click_id'],
    ['/api/postbacks/everflow?click_id=abc&payout=1', 400, 'invalid_click_id'],
    [`/api/postbacks/everflow?click_id=${click}&payout=lots`, 400, 'invalid_payout'],
    [`/api/postbacks/tune?click_id=${click}&payout=1&event_type=gift`, 400, 'invalid_event_type'],
    [
      `/api/postbacks/everflow?click_id=${issuedClickId(platform, 'Nope1234')}&payout=1`,
      404,
      'click_not_found',
    ],
    [
      `/api/postbacks/everflow?click_id=${click}&payout=1&transaction_id=T-unsigned`,
      401,
      'missing_postback_secret',
    ],
    [`/api/postbacks/bogus?click_id=${click}`, 400, 'validation_error'],
  ]
  for (const [url, status, code] of cases) {
    const res = await get(ingest, url)
    t.same([res.statusCode, res.json().code], [status, code], url)
    t.type(res.json().error, 'string')
  }
  const ok = await get(
    ingest,
    `/api/postbacks/everflow?click_id=${click}&payout=2&transaction_id=T-inject&${signed}`,
  )
  t.equal(ok.statusCode, 200)
  // Events reach Kafka in the order they were journaled: once the valid one is there, nothing else was produced.
  const after = await eventually(
    async () => {
      const size = await revenueTopicSize()
      return size > before ? size : undefined
    },
    10_000,
    'the valid postback in Kafka',
  )
  t.equal(after, before + 1, 'the malformed postbacks produced nothing; the valid one exactly one event')
})

t.test('unknown or malformed short codes answer a 404 page', async (t) => {
  for (const code of ['Zz9Zz9Z', 'abc', 'a'.repeat(200)]) {
    const res = await get(ingest, `/${code}`)
    t.equal(res.statusCode, 404)
    t.match(res.headers['content-type'], /text\/html/)
    t.match(res.body, /This link does not exist/)
  }
  const hit = await get(ingest, `/${message.links[0]!.code}`, { 'user-agent': 'Mozilla/5.0' })
  t.equal(hit.statusCode, 302)
  t.match(hit.headers.location, /^https:\/\/offers\.example\.com\/o\?aff=1&sub1=[A-Za-z0-9]{32}$/)
  t.equal(hit.headers['cache-control'], 'no-store')
})

t.test('readiness reports a dependency that is down', async (t) => {
  // Same ClickHouse directory: chdb allows one directory per process.
  const broken = testConfig({ kafkaBrokers: ['127.0.0.1:1'], clickhouseDataDir: config.clickhouseDataDir })
  const brokenDeps = createDeps(broken, createLogger(broken))
  const app = await buildHttpApp(apiApp, brokenDeps)
  t.teardown(() => app.close())
  const res = await get(app, '/readyz')
  t.equal(res.statusCode, 503)
  const body = res.json()
  t.equal(body.checks.kafka.status, 'down')
  t.equal(body.checks.postgres.status, 'up')
  t.equal(body.checks.redis.status, 'up')
  t.equal(body.checks.clickhouse.status, 'up')
})
