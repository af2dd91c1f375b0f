// Cross-cutting request conventions (spec §0) against the real API app: JSON only, body limits, the flat error
// body, unknown routes, ISO timestamps, no internal text in 5xx, the OpenAPI document covering every /api/v2
// route, and the deprecated v1 surface.
import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { newObjectId } from '../../core/ids.js'
import { createDeps, type Deps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import { BODY_LIMIT, buildHttpApp } from '../../lib/server.js'
import { apiHarness } from '../harness/api.js'
import { testConfig } from '../harness/platform.js'

// The production app, with an onRoute hook around it that records every route it registers.
const routes: RouteOptions[] = []
const h = await apiHarness(t)
const recorded = await buildHttpApp(
  fp<{ deps: Deps }>(async (app, opts) => {
    app.addHook('onRoute', (route) => {
      routes.push(route)
    })
    await app.register(apiApp, opts)
  }),
  h.deps,
)
t.teardown(() => recorded.close())

const acct = await h.account()
const key = acct.keys.owner

const raw = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload: string | Buffer | undefined,
  headers: Record<string, string> = {},
  app: FastifyInstance = h.app,
) => app.inject({ method, url, payload, headers: { 'x-api-key': key, ...headers } })

t.test('JSON only: other content types are 415 unsupported_media_type', async (t) => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const res = await raw('POST', '/api/v2/schedules', 'name=x', { 'content-type': type })
    t.equal(res.statusCode, 415, type)
    t.same(res.json(), { error: 'Content-Type must be application/json', code: 'unsupported_media_type' })
  }
  const withCharset = await raw('POST', '/api/v2/schedules', '{}', {
    'content-type': 'application/json; charset=utf-8',
  })
  t.same(
    [withCharset.statusCode, withCharset.json().code],
    [400, 'missing_name'],
    'charset parameter is fine',
  )
})

t.test(
  'DELETE with a JSON content type and no body is fine; a body with no content type is 415',
  async (t) => {
    const del = await raw('DELETE', `/api/v2/schedules/${newObjectId()}`, '', {
      'content-type': 'application/json',
      'content-length': '0',
    })
    t.same([del.statusCode, del.json().code], [404, 'not_found'], 'reaches the route')
    const noType = await h.app.inject({
      method: 'POST',
      url: '/api/v2/schedules',
      headers: { 'x-api-key': key },
      payload: Buffer.from('{"name":"x"}'),
    })
    t.same([noType.statusCode, noType.json().code], [415, 'unsupported_media_type'])
    const poisoned = await raw('POST', '/api/v2/schedules', '{"__proto__":{"x":1}}', {
      'content-type': 'application/json',
    })
    t.same(
      [poisoned.statusCode, poisoned.json().code],
      [400, 'invalid_json'],
      'prototype poisoning is refused',
    )
  },
)

t.test('malformed JSON is 400 invalid_json', async (t) => {
  for (const body of ['{"name": ', '{name: 1}', "{'a': 1}", '']) {
    const res = await raw('POST', '/api/v2/schedules', body, { 'content-type': 'application/json' })
    t.same(
      [res.statusCode, res.json()],
      [400, { error: 'Request body is not valid JSON', code: 'invalid_json' }],
    )
  }
})

t.test('bodies over 5 MB are 413 payload_too_large; 5 MB itself is read', async (t) => {
  const filler = (size: number) => `{"name":"${'x'.repeat(size - 11)}"}`
  t.equal(Buffer.byteLength(filler(BODY_LIMIT)), BODY_LIMIT)
  const over = await raw('POST', '/api/v2/schedules', filler(BODY_LIMIT + 1), {
    'content-type': 'application/json',
  })
  t.same(
    [over.statusCode, over.json()],
    [413, { error: 'Request body is larger than 5 MB', code: 'payload_too_large' }],
  )
  const at = await raw('POST', '/api/v2/schedules', filler(BODY_LIMIT), {
    'content-type': 'application/json',
  })
  t.same(
    [at.statusCode, at.json().code],
    [400, 'name_too_long'],
    'the limit itself is accepted and validated',
  )
})

t.test('unknown routes are 404 not_found, with or without a key', async (t) => {
  for (const [method, url] of [
    ['GET', '/api/v2/nope'],
    ['POST', '/api/v2/schedules/extra/segments'],
    ['GET', '/nope'],
    ['DELETE', '/api/v2'],
  ] as const) {
    for (const headers of [{}, { 'x-api-key': key }]) {
      const res = await h.app.inject({ method, url, headers })
      t.same(
        [res.statusCode, res.json()],
        [404, { error: 'Not found', code: 'not_found' }],
        `${method} ${url}`,
      )
    }
  }
})

t.test('error bodies are a flat {error, code} with no success field', async (t) => {
  const errors = [
    await h.request('GET', '/api/v2/schedules', undefined),
    await h.request('GET', '/api/v2/schedules', 'trk_bad'),
    await h.request('POST', '/api/v2/schedules', acct.keys.viewer, {}),
    await h.request('POST', '/api/v2/schedules', key, { name: 'x' }),
    await h.request('GET', `/api/v2/schedules/${newObjectId()}`, key),
    await h.request('GET', '/api/v2/schedules?status=bogus', key),
    await h.request('GET', '/api/v2/nope', key),
  ]
  for (const res of errors) {
    t.ok(res.status >= 400, String(res.status))
    t.type(res.body.error, 'string')
    t.type(res.body.code, 'string')
    t.notOk('success' in res.body, `${res.status} ${res.body.code}`)
    t.match(String(res.headers['content-type']), /^application\/json/)
  }
})

t.test('timestamps in responses are ISO 8601 with a zone', async (t) => {
  const audienceId = newObjectId()
  await h.pg.pool.query(
    `INSERT INTO audiences (id, account_id, name, filter) VALUES ($1, $2, 'All', $3::jsonb)`,
    [
      audienceId,
      acct.accountId,
      JSON.stringify({
        operator: 'AND',
        conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
        groups: [],
      }),
    ],
  )
  const created = await h.request('POST', '/api/v2/schedules', key, {
    name: 'Timestamps',
    send_type: 'automated',
    is_repeating: false,
    send_time: '10:00',
    send_date: '2026-12-01',
    audiences: [audienceId],
  })
  t.equal(created.status, 201)
  const stamps: string[] = []
  const walk = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) for (const v of value) walk(v)
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k)
    else if (key.endsWith('_at') && value !== null) stamps.push(String(value))
  }
  walk(created.body)
  walk((await h.request('GET', '/api/v2/schedules', key)).body)
  t.ok(stamps.length >= 4)
  for (const stamp of stamps) {
    t.match(stamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
    t.ok(Math.abs(Date.parse(stamp) - Date.now()) < 10 * 60_000, 'and means now')
  }
})

t.test('a 5xx never carries internal error text', async (t) => {
  // The same app over a database that does not exist: every authenticated request fails inside the server.
  const config = testConfig({
    databaseUrl: `${h.config.databaseUrl.replace(/\/[^/]*$/, '')}/trackly_missing_db`,
  })
  // Only Postgres is broken: the other clients are the harness's (embedded ClickHouse allows one per process).
  const { clickhouse, kafka, redis, queues } = h.deps
  const deps = { ...createDeps(config, createLogger(config)), clickhouse, kafka, redis, queues }
  const broken = await buildHttpApp(apiApp, deps)
  t.teardown(() => broken.close())
  for (const [method, url] of [
    ['GET', '/api/v2/schedules'],
    ['POST', '/api/v1/contacts'],
  ] as const) {
    const res = await raw(
      method,
      url,
      method === 'POST' ? '{}' : undefined,
      { 'content-type': 'application/json' },
      broken,
    )
    t.equal(res.statusCode, 500, url)
    const body = res.json()
    t.equal(body.error, 'Internal server error')
    t.equal(body.code, 'internal_error')
    t.notMatch(res.body, /trackly_missing_db|database|postgres|at \w+ \(/i, 'no driver text or stack')
  }
})

t.test('/docs/json is OpenAPI 3 and documents every /api/v2 route with a success reply', async (t) => {
  const res = await recorded.inject({ method: 'GET', url: '/docs/json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.match(doc.openapi, /^3\./)
  t.ok(doc.components?.securitySchemes?.apiKey, 'X-Api-Key security scheme')
  const v2 = routes.filter((r) => r.url.startsWith('/api/v2/') && r.method !== 'HEAD')
  t.ok(v2.length >= 5, `${v2.length} /api/v2 routes`)
  t.ok(
    v2.some((r) => r.url === '/api/v2/schedules/:id'),
    'recorded the schedule routes',
  )
  for (const route of v2) {
    for (const method of [route.method].flat()) {
      const name = `${method} ${route.url}`
      const path = route.url.replace(/:(\w+)/g, '{$1}')
      t.ok(doc.paths[path]?.[method.toLowerCase()], `${name} is in the OpenAPI document`)
      const replies = Object.keys((route.schema?.response as object | undefined) ?? {})
      t.ok(
        replies.some((status) => /^2\d\d$/.test(status)),
        `${name} declares its success reply (${replies.join(', ') || 'none'})`,
      )
    }
  }
})

t.test('v1 (deprecated): headers and body on every reply; contact endpoints are no-op stubs', async (t) => {
  const deprecated = (res: { headers: Record<string, unknown> }, name: string) => {
    t.equal(res.headers['x-api-deprecated'], 'v1 is deprecated', `${name}: X-API-Deprecated`)
    t.equal(res.headers.deprecation, 'true', `${name}: Deprecation`)
  }
  for (const msisdn of ['+14155551234', '14155551234', 'not-a-number']) {
    const res = await h.request('DELETE', `/api/v1/contacts/${encodeURIComponent(msisdn)}`, acct.keys.member)
    t.same([res.status, res.body], [200, { success: true, deprecated: true }], msisdn)
    deprecated(res, `DELETE ${msisdn}`)
  }
  const created = await h.request('POST', '/api/v1/contacts', key, {
    msisdn: '+14155551234',
    first_name: 'A',
  })
  t.same([created.status, created.body], [200, { success: true, deprecated: true }])
  deprecated(created, 'POST /contacts')
  const { rows } = await h.pg.pool.query(
    'SELECT count(*)::int AS n FROM list_contacts WHERE account_id = $1',
    [acct.accountId],
  )
  t.equal(rows[0].n, 0, 'no-op: nothing stored')

  const errors: Array<[number, string, Awaited<ReturnType<typeof h.request>>]> = [
    [401, 'missing_api_key', await h.request('DELETE', '/api/v1/contacts/+14155551234', undefined)],
    [401, 'invalid_api_key', await h.request('DELETE', '/api/v1/contacts/+14155551234', 'trk_nope')],
    [403, 'forbidden', await h.request('DELETE', '/api/v1/contacts/+14155551234', acct.keys.viewer)],
    [404, 'not_found', await h.request('GET', '/api/v1/nope', key)],
  ]
  const wrongType = await raw('POST', '/api/v1/contacts', 'x', { 'content-type': 'text/plain' })
  errors.push([
    415,
    'unsupported_media_type',
    { status: wrongType.statusCode, body: wrongType.json(), headers: wrongType.headers },
  ])
  for (const [status, code, res] of errors) {
    t.same([res.status, res.body.code, res.body.deprecated], [status, code, true], code)
    t.type(res.body.error, 'string')
    t.notOk('success' in res.body)
    deprecated(res, code)
  }
  const v2 = await h.request('GET', '/api/v2/schedules', key)
  t.equal(v2.headers['x-api-deprecated'], undefined, 'v2 replies are not marked')
})
