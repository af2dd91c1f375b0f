// The dashboard as the api role serves it (api/web.ts): hashed assets cached for a year, index.html (no-cache,
// with a CSP) for any page a browser opens, and the JSON 404 kept for the API, docs, health, metrics, missing
// assets and programs that do not ask for HTML.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import t from 'tap'
import { webApp } from '../../api/web.js'
import { httpBasics } from '../../lib/http.js'

const root = mkdtempSync(join(tmpdir(), 'trackly-web-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))
mkdirSync(join(root, 'assets'))
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Trackly</title><div id="root"></div>')
writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log(1)')

const app = Fastify()
await app.register(httpBasics, {})
await app.register(webApp, { root })
t.teardown(() => app.close())

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

t.test('pages a browser opens get index.html, never cached, with a CSP', async (t) => {
  for (const url of ['/', '/sign-in', '/reports/performance?group_by=offer', '/reset-password?token=abc']) {
    const res = await app.inject({ url, headers: HTML })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-type'], /text\/html/, url)
    t.match(res.body, '<div id="root">', url)
    t.equal(res.headers['cache-control'], 'no-cache', url)
    t.match(res.headers['content-security-policy'], "script-src 'self'", url)
  }
})

t.test('hashed assets are cached for a year', async (t) => {
  const res = await app.inject({ url: '/assets/index-AbC123.js' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /javascript/)
  t.match(res.headers['cache-control'], /max-age=31536000/)
  t.match(res.headers['cache-control'], /immutable/)
})

t.test('the API, docs, health, metrics, missing assets and non-browsers keep the JSON 404', async (t) => {
  for (const [url, headers] of [
    ['/api/v2/nope', HTML],
    ['/api', HTML],
    ['/docs/nope', HTML],
    ['/health/nope', HTML],
    ['/metrics/nope', HTML],
    ['/assets/missing-123.js', HTML],
    ['/assets/nested/index-AbC123.js', HTML],
    ['/sign-in', {}],
    ['/nope', { accept: 'application/json' }],
  ] as const) {
    const res = await app.inject({ url, headers })
    t.same([res.statusCode, res.json()], [404, { error: 'Not found', code: 'not_found' }], url)
  }
})
