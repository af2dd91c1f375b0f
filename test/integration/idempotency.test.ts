// Idempotency-Key against the real API app (/send, /send/bulk) and a probe app whose route fails on demand: retries
// replay the first reply and send nothing, other bodies are refused, keys are per account, 5xx and 429 free the
// key, and keys expire after 24 hours.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import t from 'tap'
import { apiKeyAuth } from '../../api/auth.js'
import { idempotency } from '../../api/idempotency.js'
import { throttlePlugin } from '../../api/throttle.js'
import { AppError } from '../../core/errors.js'
import type { Deps } from '../../lib/deps.js'
import { httpBasics } from '../../lib/http.js'
import { postgresPlugin, redisPlugin } from '../../lib/plugins.js'
import { buildHttpApp } from '../../lib/server.js'
import { idempotencyRequestHash, pruneIdempotencyKeys } from '../../services/idempotency.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()

let seq = 0
/** A recipient no other test here uses, so its message rows can be counted. */
const freshPhone = () => `+1415555${String(2000 + seq++).padStart(4, '0')}`

const post = async (
  url: string,
  apiKey: string,
  body: unknown,
  idempotencyKey?: string,
  app: FastifyInstance = h.app,
) => {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: {
      'x-api-key': apiKey,
      ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
    },
    payload: body as object,
  })
  return { status: res.statusCode, body: res.json(), replayed: res.headers['idempotent-replayed'] }
}

/** Message ids of account A to a number (the database outlives test runs; accounts do not). */
const messagesTo = async (to: string) =>
  (
    await h.pg.pool.query('SELECT id FROM messages WHERE account_id = $1 AND to_number = $2', [
      a.accountId,
      to,
    ])
  ).rows.map((r) => r.id)

const sendBody = (to: string, account = a) => ({ to, list_number: account.list.phoneNumber, body: 'Hello' })

t.test('a retry with the same key replays the reply and sends nothing', async (t) => {
  const to = freshPhone()
  const first = await post('/api/v2/send', a.keys.member, sendBody(to), 'order-1')
  t.equal(first.status, 200)
  t.equal(first.replayed, undefined, 'the first reply is not a replay')
  const retry = await post('/api/v2/send', a.keys.member, sendBody(to), 'order-1')
  t.same([retry.status, retry.body], [first.status, first.body], 'same status and body')
  t.equal(retry.replayed, 'true')
  t.same(await messagesTo(to), [first.body.message_id], 'exactly one message')
  const reordered = await post(
    '/api/v2/send',
    a.keys.member,
    { body: 'Hello', list_number: a.list.phoneNumber, to },
    'order-1',
  )
  t.same(
    [reordered.status, reordered.body.message_id],
    [200, first.body.message_id],
    'key order is not a change',
  )
  const fresh = await post('/api/v2/send', a.keys.member, sendBody(to), 'order-2')
  t.not(fresh.body.message_id, first.body.message_id, 'another key is another send')
  const plain = await post('/api/v2/send', a.keys.member, sendBody(to))
  t.equal(plain.status, 200, 'the header is optional')
  t.equal((await messagesTo(to)).length, 3)
})

t.test('bulk: a retry replays the whole reply', async (t) => {
  const [to1, to2] = [freshPhone(), freshPhone()]
  const body = {
    list_number: a.list.phoneNumber,
    messages: [
      { to: to1, body: 'x' },
      { to: 'bad', body: 'y' },
      { to: to2, body: 'z' },
    ],
  }
  const first = await post('/api/v2/send/bulk', a.keys.member, body, 'bulk-1')
  t.same([first.status, first.body.queued_count, first.body.error_count], [200, 2, 1])
  const retry = await post('/api/v2/send/bulk', a.keys.member, body, 'bulk-1')
  t.same([retry.status, retry.body, retry.replayed], [200, first.body, 'true'])
  t.equal((await messagesTo(to1)).length + (await messagesTo(to2)).length, 2)
})

t.test('concurrent identical requests: one message, the others wait or replay', async (t) => {
  const to = freshPhone()
  const replies = await Promise.all(
    Array.from({ length: 10 }, () => post('/api/v2/send', a.keys.member, sendBody(to), 'race-1')),
  )
  const ok = replies.filter((r) => r.status === 200)
  const busy = replies.filter((r) => r.status === 409)
  t.equal(ok.length + busy.length, 10, `statuses ${replies.map((r) => r.status).join(' ')}`)
  t.ok(ok.length >= 1)
  t.equal(new Set(ok.map((r) => r.body.message_id)).size, 1, 'every success names the same message')
  for (const r of busy) t.same(r.body.code, 'idempotency_key_conflict')
  t.same(await messagesTo(to), [ok[0]!.body.message_id], 'exactly one message row')
  const after = await post('/api/v2/send', a.keys.member, sendBody(to), 'race-1')
  t.same([after.status, after.body.message_id, after.replayed], [200, ok[0]!.body.message_id, 'true'])
})

t.test('the same key with another body or endpoint is 422 idempotency_key_reused', async (t) => {
  const to = freshPhone()
  await post('/api/v2/send', a.keys.member, sendBody(to), 'reuse-1')
  const other = await post('/api/v2/send', a.keys.member, { ...sendBody(to), body: 'Changed' }, 'reuse-1')
  t.same([other.status, other.body.code], [422, 'idempotency_key_reused'])
  t.type(other.body.error, 'string')
  const bulk = await post('/api/v2/send/bulk', a.keys.member, { messages: [sendBody(to)] }, 'reuse-1')
  t.same([bulk.status, bulk.body.code], [422, 'idempotency_key_reused'], 'another endpoint')
  t.equal((await messagesTo(to)).length, 1)
})

t.test('keys are per account', async (t) => {
  const to = freshPhone()
  const fromA = await post('/api/v2/send', a.keys.member, sendBody(to, a), 'shared-key')
  const fromB = await post('/api/v2/send', b.keys.member, sendBody(to, b), 'shared-key')
  t.same([fromA.status, fromB.status, fromB.replayed], [200, 200, undefined])
  t.not(fromA.body.message_id, fromB.body.message_id)
  const { rows } = await h.pg.pool.query(
    `SELECT account_id FROM idempotency_keys WHERE key = 'shared-key' AND account_id = ANY($1::text[])`,
    [[a.accountId, b.accountId]],
  )
  t.same(rows.map((r) => r.account_id).sort(), [a.accountId, b.accountId].sort())
})

t.test('4xx replies are kept and replayed', async (t) => {
  const to = freshPhone()
  const body = { to, list_number: b.list.phoneNumber, body: 'Hi' }
  const first = await post('/api/v2/send', a.keys.member, body, 'client-error-1')
  t.same([first.status, first.body.code], [404, 'list_not_found'])
  const retry = await post('/api/v2/send', a.keys.member, body, 'client-error-1')
  t.same([retry.status, retry.body, retry.replayed], [404, first.body, 'true'])
  const invalid = { to, body: 'Hi' }
  t.same(
    (await post('/api/v2/send', a.keys.member, invalid, 'client-error-2')).body.code,
    'missing_list_number',
  )
  const again = await post('/api/v2/send', a.keys.member, invalid, 'client-error-2')
  t.same([again.status, again.body.code, again.replayed], [400, 'missing_list_number', 'true'])
  t.same(await messagesTo(to), [])
})

t.test('an invalid header is 400 invalid_idempotency_key; other routes ignore the header', async (t) => {
  for (const key of ['', 'x'.repeat(256), 'clé']) {
    const res = await post('/api/v2/send', a.keys.member, sendBody(freshPhone()), key)
    t.same([res.status, res.body.code], [400, 'invalid_idempotency_key'], JSON.stringify(key).slice(0, 20))
  }
  t.equal((await post('/api/v2/send', a.keys.member, sendBody(freshPhone()), 'x'.repeat(255))).status, 200)
  const keyReply = await post('/api/v2/keys', a.keys.owner, { name: 'k' }, '')
  t.equal(keyReply.status, 200, 'a route without the flag does not look at the header')
})

t.test('keys older than 24 hours are ignored, then pruned', async (t) => {
  const to = freshPhone()
  const first = await post('/api/v2/send', a.keys.member, sendBody(to), 'old-key')
  await h.pg.pool.query(
    `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE account_id = $1 AND key = 'old-key'`,
    [a.accountId],
  )
  const later = await post('/api/v2/send', a.keys.member, { ...sendBody(to), body: 'Other' }, 'old-key')
  t.same(
    [later.status, later.replayed],
    [200, undefined],
    'the expired key is claimed anew, even for another body',
  )
  t.not(later.body.message_id, first.body.message_id)

  await post('/api/v2/send', a.keys.member, sendBody(freshPhone()), 'prune-me')
  await h.pg.pool.query(
    `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE account_id = $1 AND key = 'prune-me'`,
    [a.accountId],
  )
  t.ok((await pruneIdempotencyKeys(h.pg.pool)) >= 1)
  const { rows } = await h.pg.pool.query(
    `SELECT key FROM idempotency_keys WHERE account_id = $1 AND key IN ('prune-me', 'old-key')`,
    [a.accountId],
  )
  t.same(rows, [{ key: 'old-key' }], 'only the expired row went')
})

t.test('probe route: 5xx and 429 free the key, a request in progress is 409', async (t) => {
  const script: Array<() => Promise<unknown>> = []
  let calls = 0
  const probe = await buildHttpApp(
    fp<{ deps: Deps }>(async (app, { deps }) => {
      app.decorate('config', deps.config)
      await app.register(postgresPlugin, { shared: deps.postgres })
      await app.register(redisPlugin, { shared: deps.redis })
      await app.register(httpBasics)
      await app.register(throttlePlugin)
      await app.register(
        async (v2) => {
          await v2.register(apiKeyAuth)
          await v2.register(idempotency)
          v2.post('/probe', { config: { idempotent: true } }, async () => {
            calls += 1
            return script.shift()!()
          })
        },
        { prefix: '/api/v2' },
      )
    }),
    h.deps,
  )
  t.teardown(() => probe.close())
  const call = (key: string) => post('/api/v2/probe', a.keys.member, { n: 1 }, key, probe)

  script.push(async () => {
    throw new Error('database went away')
  })
  script.push(async () => ({ ok: 'second' }))
  t.same((await call('flaky')).status, 500)
  const retried = await call('flaky')
  t.same([retried.status, retried.body, retried.replayed], [200, { ok: 'second' }, undefined], 'ran again')
  t.same((await call('flaky')).body, { ok: 'second' }, 'and that reply is kept')

  script.push(async () => {
    throw new AppError('rate_limited', 'slow down')
  })
  script.push(async () => ({ ok: 'after wait' }))
  t.equal((await call('throttled')).status, 429)
  t.same((await call('throttled')).body, { ok: 'after wait' }, 'a 429 is not kept')

  let open!: () => void
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  script.push(async () => {
    await gate
    return { ok: 'slow' }
  })
  const slow = call('slow')
  while (calls < 5) await new Promise((r) => setTimeout(r, 5))
  const during = await call('slow')
  t.same([during.status, during.body.code], [409, 'idempotency_key_conflict'])
  open()
  t.same((await slow).body, { ok: 'slow' })

  // A process that died mid-request leaves its claim in progress.
  await h.pg.pool.query(
    `INSERT INTO idempotency_keys (account_id, key, route, request_hash, created_at)
     VALUES ($1, 'abandoned', '/api/v2/probe', $2, now() - interval '6 minutes')`,
    [a.accountId, idempotencyRequestHash('POST', '/api/v2/probe', { n: 1 })],
  )
  script.push(async () => ({ ok: 'taken over' }))
  t.same(
    (await call('abandoned')).body,
    { ok: 'taken over' },
    'a claim left in progress for minutes is taken over',
  )
  t.equal(calls, 6)
})
