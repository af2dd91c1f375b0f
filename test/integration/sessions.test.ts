// Dashboard sign-in and sessions (issue 14) over the real API, Redis and Postgres: the cookie and what the server
// keeps of it, CSRF on cookie writes (never on key writes), roles through a session, switching accounts, signing
// out here and everywhere, an invited new user signing in, the demo login. Throttles, password changes and
// sign-in notices are in sign-in-protection.test.ts, two-factor in two-factor.test.ts.
import { createHash } from 'node:crypto'
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { randomAlphanumeric } from '../../core/ids.js'
import { buildHttpApp } from '../../lib/server.js'
import { DEMO_EMAIL, DEMO_PASSWORD, ensureDemoLogin } from '../../services/seed.js'
import { apiHarness } from '../harness/api.js'
import { tokenIn } from '../harness/mail.js'

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()

let addressSeq = 0
/** A client address no other request of this file used (TEST-NET-2). */
const freshAddress = () => `198.51.100.${++addressSeq}`

/** A sign-in attempt from `from`, answered as is. */
async function signInFrom(from: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v2/auth/sign-in',
    remoteAddress: from,
    payload: body,
    headers,
  })
  return { status: res.statusCode, body: res.json(), headers: res.headers, cookies: res.cookies }
}

const ownerA = await h.ownerSession(a)
const emailOf = async (userId: string) =>
  (await h.pg.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId])).rows[0]!.email

t.test(
  'sign-in answers the session and sets an HttpOnly, SameSite=Lax cookie; Redis keeps only its hash',
  async (t) => {
    const user = await h.user(a.accountId, 'member')
    const res = await signInFrom(freshAddress(), { email: user.email.toUpperCase(), password: user.password })
    t.equal(res.status, 200)
    t.match(res.body, {
      user: { id: user.userId, email: user.email, name: user.email.split('@')[0] },
      accounts: [{ id: a.accountId, role: 'member' }],
      current_account_id: a.accountId,
      csrf_token: /^[A-Za-z0-9_-]{43}$/,
      two_factor_enabled: false,
      two_factor_setup_required: false,
    })
    const expires = Date.parse(res.body.expires_at) - Date.now()
    t.ok(expires > 13.9 * 86_400_000 && expires <= 14 * 86_400_000, 'expires after 14 idle days')
    const cookie = res.cookies.find((c) => c.name === 'trackly_session')!
    t.match(cookie, { httpOnly: true, sameSite: 'Lax', path: '/' })
    t.notOk(cookie.secure, 'not Secure while the public URL is http')
    t.match(cookie.value, /^[A-Za-z0-9_-]{43}$/, '32 random bytes')
    const hash = createHash('sha256').update(cookie.value).digest('hex')
    const prefix = h.config.kafkaTopicPrefix
    t.ok(await h.app.redis.exists(`${prefix}trk:session:${hash}`), 'stored under the token’s SHA-256')
    t.notOk((await h.app.redis.keys(`${prefix}trk:session:*`)).some((k) => k.includes(cookie.value)))
    const stored = await h.app.redis.get(`${prefix}trk:session:${hash}`)
    t.notMatch(stored, cookie.value, 'the token is not in the stored session')

    const session = await h.request('GET', '/api/v2/auth/session', {
      cookie: cookie.value,
      csrfToken: '',
      session: null,
    })
    t.equal(session.status, 200)
    t.equal(session.body.csrf_token, res.body.csrf_token)
  },
)

t.test('the cookie is Secure when the dashboard is served over https', async (t) => {
  const secure = await buildHttpApp(apiApp, {
    ...h.deps,
    config: { ...h.config, publicUrl: 'https://dash.example' },
  })
  t.teardown(() => secure.close())
  const user = await h.user(a.accountId, 'viewer')
  const res = await secure.inject({
    method: 'POST',
    url: '/api/v2/auth/sign-in',
    payload: { email: user.email, password: user.password },
  })
  t.equal(res.statusCode, 200)
  t.match(
    res.cookies.find((c) => c.name === 'trackly_session'),
    { secure: true, httpOnly: true },
  )
})

t.test('a wrong password and an unknown email get the same answer, after the same hashing', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const timed = async (body: Record<string, unknown>) => {
    const started = performance.now()
    const res = await signInFrom(freshAddress(), body)
    return { res, ms: performance.now() - started }
  }
  const wrong = await timed({ email: user.email, password: 'not the password' })
  const unknown = await timed({
    email: `nobody-${randomAlphanumeric(8)}@example.test`,
    password: 'whatever1',
  })
  const noPassword = await timed({ email: await emailOf(b.userId), password: 'whatever1' })
  for (const [label, { res }] of Object.entries({ wrong, unknown, noPassword })) {
    t.same(
      [res.status, res.body],
      [401, { error: 'Wrong email or password', code: 'invalid_credentials' }],
      label,
    )
    t.notOk(res.headers['set-cookie'], `${label}: no cookie`)
  }
  // scrypt dominates both: an unknown email is not answered in a fraction of the time.
  t.ok(unknown.ms > wrong.ms / 3, `unknown ${unknown.ms.toFixed(0)} ms vs wrong ${wrong.ms.toFixed(0)} ms`)
})

t.test('no session: 401 unauthorized from the session routes, missing_api_key from the others', async (t) => {
  const none = await h.request('GET', '/api/v2/auth/session', undefined)
  t.same([none.status, none.body.code], [401, 'unauthorized'])
  const bogus = { cookie: 'x'.repeat(43), csrfToken: 'x', session: null }
  const ended = await h.request('GET', '/api/v2/auth/session', bogus)
  t.same([ended.status, ended.body.code], [401, 'unauthorized'])
  t.match(String(ended.headers['set-cookie']), /trackly_session=;/, 'the dead cookie is cleared')
  const offers = await h.request('GET', '/api/v2/offers', bogus)
  t.same([offers.status, offers.body.code], [401, 'unauthorized'])
  const anonymous = await h.request('GET', '/api/v2/offers', undefined)
  t.same([anonymous.status, anonymous.body.code], [401, 'missing_api_key'])
  const setup = await h.request('POST', '/api/v2/auth/two-factor/setup', a.keys.owner)
  t.same([setup.status, setup.body.code], [401, 'unauthorized'], 'an API key is not a login')
})

t.test('cookie writes need the session’s X-CSRF-Token; key writes and cookie reads do not', async (t) => {
  const offer = { name: 'CSRF offer', tracking_url: 'https://offers.example.com/csrf' }
  const send = (headers: Record<string, string>) =>
    h.app.inject({ method: 'POST', url: '/api/v2/offers', payload: offer, headers })
  const cookie = `trackly_session=${ownerA.cookie}`
  const missing = await send({ cookie })
  t.same([missing.statusCode, missing.json().code], [403, 'csrf_failed'])
  const wrong = await send({
    cookie,
    'x-csrf-token': `${ownerA.csrfToken.slice(0, -1)}${ownerA.csrfToken.endsWith('A') ? 'B' : 'A'}`,
  })
  t.same([wrong.statusCode, wrong.json().code], [403, 'csrf_failed'])
  const other = await h.ownerSession(b)
  const foreign = await send({ cookie, 'x-csrf-token': other.csrfToken })
  t.same([foreign.statusCode, foreign.json().code], [403, 'csrf_failed'], 'another session’s token')
  t.equal((await send({ cookie, 'x-csrf-token': ownerA.csrfToken })).statusCode, 201)
  t.equal((await send({ 'x-api-key': a.keys.owner })).statusCode, 201, 'a key needs no CSRF token')
  const read = await h.app.inject({ method: 'GET', url: '/api/v2/offers', headers: { cookie } })
  t.equal(read.statusCode, 200, 'reads need none')
  const names = (read.json().offers as { name: string }[]).map((o) => o.name)
  t.same(
    names.filter((n) => n === 'CSRF offer'),
    ['CSRF offer', 'CSRF offer'],
    'the two accepted writes, nothing from the refused ones',
  )
  const key = await h.request('POST', '/api/v2/keys', ownerA, { name: 'made in a session', role: 'viewer' })
  t.equal(key.status, 200)
  const after = await h.pg.pool.query(
    `SELECT actor FROM audit_log WHERE account_id = $1 AND action = 'api_key.created' ORDER BY id DESC LIMIT 1`,
    [a.accountId],
  )
  t.equal(after.rows[0]?.actor, `user:${a.userId}`, 'a session’s changes are audited as the user')
})

t.test(
  'a session has the user’s role on the account: viewers read, and their writes are refused',
  async (t) => {
    const viewer = await h.user(a.accountId, 'viewer')
    const member = await h.user(a.accountId, 'member')
    const vs = await h.signIn(viewer.email, viewer.password)
    const ms = await h.signIn(member.email, member.password)
    t.equal((await h.request('GET', '/api/v2/offers', vs)).status, 200)
    const write = await h.request('POST', '/api/v2/offers', vs, {
      name: 'x',
      tracking_url: 'https://e.example/x',
    })
    t.same([write.status, write.body.code], [403, 'forbidden'])
    t.match(write.body.error, /needs the member role; you have the viewer role/)
    const key = await h.request('POST', '/api/v2/keys', ms, { name: 'nope' })
    t.same([key.status, key.body.code], [403, 'forbidden'], 'members cannot make keys')
    // A role change applies to the open session at once.
    await h.pg.pool.query(`UPDATE account_access SET role = 'member' WHERE user_id = $1`, [viewer.userId])
    const now = await h.request('POST', '/api/v2/offers', vs, {
      name: 'y',
      tracking_url: 'https://e.example/y',
    })
    t.equal(now.status, 201, 'promoted: the next request may write')
    // Removed from the account: its routes refuse the session, which no longer lists the account.
    const removed = await h.request('DELETE', `/api/v2/team/${member.userId}`, ownerA)
    t.equal(removed.status, 200)
    const gone = await h.request('GET', '/api/v2/offers', ms)
    t.same([gone.status, gone.body.code], [403, 'forbidden'])
    const session = await h.request('GET', '/api/v2/auth/session', ms)
    t.same([session.status, session.body.code], [401, 'unauthorized'], 'no account left: the session ends')
  },
)

t.test('a user of several accounts switches; a foreign account answers like a missing one', async (t) => {
  const user = await h.user(a.accountId, 'owner')
  await h.pg.pool.query(`INSERT INTO account_access (account_id, user_id, role) VALUES ($1, $2, 'viewer')`, [
    b.accountId,
    user.userId,
  ])
  const s = await h.signIn(user.email, user.password)
  t.same(
    s.session.accounts.map((x: { id: string; role: string }) => [x.id, x.role]),
    [
      [a.accountId, 'owner'],
      [b.accountId, 'viewer'],
    ],
  )
  t.equal(s.session.current_account_id, a.accountId, 'the oldest membership opens first')
  await h.request('POST', '/api/v2/offers', b.keys.owner, {
    name: 'B only',
    tracking_url: 'https://e.example/b',
  })
  const noCsrf = await h.app.inject({
    method: 'PUT',
    url: '/api/v2/auth/session/account',
    payload: { account_id: b.accountId },
    headers: { cookie: `trackly_session=${s.cookie}` },
  })
  t.same([noCsrf.statusCode, noCsrf.json().code], [403, 'csrf_failed'])
  const switched = await h.request('PUT', '/api/v2/auth/session/account', s, { account_id: b.accountId })
  t.equal(switched.status, 200)
  t.equal(switched.body.current_account_id, b.accountId)
  t.equal(switched.body.csrf_token, s.csrfToken, 'the same session')
  const offers = await h.request('GET', '/api/v2/offers', s)
  t.ok(
    offers.body.offers.some((o: { name: string }) => o.name === 'B only'),
    'B’s data now',
  )
  const write = await h.request('POST', '/api/v2/offers', s, {
    name: 'z',
    tracking_url: 'https://e.example/z',
  })
  t.same([write.status, write.body.code], [403, 'forbidden'], 'with the viewer role B gave')
  t.equal((await h.request('GET', '/api/v2/auth/session', s)).body.current_account_id, b.accountId)

  const foreign = await h.account()
  const toForeign = await h.request('PUT', '/api/v2/auth/session/account', s, {
    account_id: foreign.accountId,
  })
  const toNothing = await h.request('PUT', '/api/v2/auth/session/account', s, { account_id: 'f'.repeat(24) })
  t.same([toForeign.status, toForeign.body], [404, { error: 'Account not found', code: 'not_found' }])
  t.same([toNothing.status, toNothing.body], [toForeign.status, toForeign.body], 'the same answer')
  t.equal(
    (await h.request('GET', '/api/v2/auth/session', s)).body.current_account_id,
    b.accountId,
    'unchanged',
  )
})

t.test('sign-out ends this session; sign-out-everywhere ends every one of the user', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const first = await h.signIn(user.email, user.password)
  const second = await h.signIn(user.email, user.password)
  const third = await h.signIn(user.email, user.password)
  const bare = await h.app.inject({
    method: 'POST',
    url: '/api/v2/auth/sign-out',
    headers: { cookie: `trackly_session=${first.cookie}` },
  })
  t.same([bare.statusCode, bare.json().code], [403, 'csrf_failed'], 'a cross-site page cannot sign one out')
  const out = await h.request('POST', '/api/v2/auth/sign-out', first)
  t.equal(out.status, 204)
  t.match(String(out.headers['set-cookie']), /trackly_session=;.*Expires=Thu, 01 Jan 1970/, 'cookie cleared')
  t.equal((await h.request('GET', '/api/v2/auth/session', first)).status, 401)
  t.equal((await h.request('GET', '/api/v2/offers', first)).status, 401)
  t.equal((await h.request('POST', '/api/v2/auth/sign-out', first)).status, 204, 'again: still 204')
  t.equal((await h.request('GET', '/api/v2/auth/session', second)).status, 200, 'the others live on')

  const everywhere = await h.request('POST', '/api/v2/auth/sign-out-everywhere', second)
  t.equal(everywhere.status, 204)
  for (const [label, s] of Object.entries({ second, third })) {
    t.equal((await h.request('GET', '/api/v2/auth/session', s)).status, 401, `${label} ended`)
    t.equal((await h.request('GET', '/api/v2/offers', s)).status, 401, `${label} refused by account routes`)
  }
  t.equal((await h.request('GET', '/api/v2/auth/session', ownerA)).status, 200, 'other users keep theirs')
})

t.test(
  'an invited new user sets a password, signs in and finds the account; an existing user gains one',
  async (t) => {
    const email = `invitee-${randomAlphanumeric(8).toLowerCase()}@example.test`
    const invited = await h.request('POST', '/api/v2/team/invitations', ownerA, { email, role: 'viewer' })
    t.equal(invited.status, 200, 'an owner invites from the dashboard')
    const token = tokenIn(await h.mail.mailTo(email))
    const accepted = await h.request('POST', '/api/v2/invitations/accept', undefined, {
      token,
      password: 'invitee password',
    })
    t.match(accepted.body, { success: true, new_user: true })
    const s = await h.signIn(email, 'invitee password')
    t.same(s.session.accounts, [{ id: a.accountId, name: s.session.accounts[0].name, role: 'viewer' }])

    // The same person is invited to B: they accept with the token alone and switch to B.
    await h.request('POST', '/api/v2/team/invitations', b.keys.owner, { email, role: 'member' })
    const second = tokenIn(await h.mail.mailTo(email, 2))
    const joined = await h.request('POST', '/api/v2/invitations/accept', undefined, { token: second })
    t.match(joined.body, { success: true, new_user: false })
    const session = await h.request('GET', '/api/v2/auth/session', s)
    t.same(
      session.body.accounts.map((x: { id: string }) => x.id),
      [a.accountId, b.accountId],
      'the open session lists the new account',
    )
    const switched = await h.request('PUT', '/api/v2/auth/session/account', s, { account_id: b.accountId })
    t.equal(switched.status, 200)
    const write = await h.request('POST', '/api/v2/offers', s, {
      name: 'by invitee',
      tracking_url: 'https://e.example/i',
    })
    t.equal(write.status, 201, 'as a member of B')
  },
)

t.test('the demo owner gets the printed demo password, unless it was changed', async (t) => {
  // The demo seed itself (a campaign due now) stays out of the shared test database: only its login is made here.
  const { rows } = await h.pg.pool.query<{ id: string }>(
    'INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id',
    [`demo${randomAlphanumeric(20).toLowerCase()}`, DEMO_EMAIL],
  )
  const userId = rows[0]?.id
  // A database with a real demo seeded is left alone.
  if (!userId) return t.comment('skipped: this database has a demo owner already')
  await h.pg.pool.query(
    `INSERT INTO account_access (account_id, user_id, role) VALUES ($1, $2, 'owner') ON CONFLICT DO NOTHING`,
    [a.accountId, userId],
  )
  t.teardown(async () => {
    await h.pg.pool.query('DELETE FROM account_access WHERE user_id = $1', [userId])
    await h.pg.pool.query('DELETE FROM user_sign_in_addresses WHERE user_id = $1', [userId])
    await h.pg.pool.query('DELETE FROM users WHERE id = $1', [userId])
  })
  t.equal(await ensureDemoLogin(h.pg.pool), true)
  const demo = await h.signIn(DEMO_EMAIL, DEMO_PASSWORD)
  t.equal(demo.session.user.name, 'Demo Owner')
  await h.setPassword(userId, 'changed by the newcomer')
  t.equal(await ensureDemoLogin(h.pg.pool), false, 'a changed password is kept, and not printed')
  t.ok(await h.signIn(DEMO_EMAIL, 'changed by the newcomer'))
})
