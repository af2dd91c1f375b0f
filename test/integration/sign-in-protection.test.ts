// What protects a login (issue 14), over the real API, Redis and Postgres: failed sign-ins limited per client
// address and per email (429 with Retry-After; successes not counted), a password reset or change ending sessions,
// and the email sent on a sign-in from an address the user has not used before.
import t from 'tap'
import { randomAlphanumeric } from '../../core/ids.js'
import { DEFAULT_THROTTLE_LIMITS } from '../../core/throttle.js'
import { apiHarness } from '../harness/api.js'
import { tokenIn } from '../harness/mail.js'

const SIGN_IN_LIMITS = { sign_in_ip: { points: 4, seconds: 900 }, sign_in_email: { points: 3, seconds: 900 } }
// Every other limit stays out of the way, as in the other test files.
const unlimited = Object.fromEntries(
  Object.keys(DEFAULT_THROTTLE_LIMITS).map((name) => [name, { points: 1_000_000, seconds: 1 }]),
) as typeof DEFAULT_THROTTLE_LIMITS
const h = await apiHarness(t, { throttleLimits: { ...unlimited, ...SIGN_IN_LIMITS } })
const a = await h.account()

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
  return { status: res.statusCode, body: res.json(), headers: res.headers }
}

t.test(
  'failed sign-ins are limited per client address, with Retry-After; successes are not counted',
  async (t) => {
    const user = await h.user(a.accountId, 'member')
    const from = freshAddress()
    for (let i = 0; i < SIGN_IN_LIMITS.sign_in_ip.points + 2; i++) {
      const ok = await signInFrom(from, { email: user.email, password: user.password })
      t.equal(ok.status, 200, `success ${i + 1}`)
    }
    const failures = []
    for (let i = 0; i <= SIGN_IN_LIMITS.sign_in_ip.points; i++) {
      failures.push(
        await signInFrom(from, {
          email: `nobody-${randomAlphanumeric(8)}@example.test`,
          password: 'nope nope',
        }),
      )
    }
    t.same(
      failures.map((r) => r.body.code),
      [...Array(SIGN_IN_LIMITS.sign_in_ip.points).fill('invalid_credentials'), 'rate_limited'],
    )
    const last = failures.at(-1)!
    t.equal(last.status, 429)
    const retry = Number(last.headers['retry-after'])
    t.ok(retry >= 1 && retry <= 900, `Retry-After ${retry}`)
    const blocked = await signInFrom(from, { email: user.email, password: user.password })
    t.equal(blocked.status, 429, 'the right password too, from that address')
    const elsewhere = await signInFrom(freshAddress(), { email: user.email, password: user.password })
    t.equal(elsewhere.status, 200, 'another address is not affected')
  },
)

t.test('failed sign-ins are limited per email, known or not, from any address', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const other = await h.user(a.accountId, 'member')
  const unknown = `nobody-${randomAlphanumeric(8)}@example.test`
  const codes = async (email: string) => {
    const seen = []
    for (let i = 0; i <= SIGN_IN_LIMITS.sign_in_email.points; i++) {
      seen.push((await signInFrom(freshAddress(), { email, password: 'wrong password' })).body.code)
    }
    return seen
  }
  const expected = [...Array(SIGN_IN_LIMITS.sign_in_email.points).fill('invalid_credentials'), 'rate_limited']
  t.same(await codes(user.email.toUpperCase()), expected, 'a known email, however spelled')
  t.same(await codes(unknown), expected, 'an unknown email alike')
  const locked = await signInFrom(freshAddress(), { email: user.email, password: user.password })
  t.same([locked.status, locked.body.code], [429, 'rate_limited'])
  t.ok(Number(locked.headers['retry-after']) >= 1)
  const free = await signInFrom(freshAddress(), { email: other.email, password: other.password })
  t.equal(free.status, 200, 'another email is not affected')
})

t.test('a password reset signs out every session of the user', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const sessions = [await h.signIn(user.email, user.password), await h.signIn(user.email, user.password)]
  const asked = await h.request('POST', '/api/v2/auth/password-reset', undefined, { email: user.email })
  t.equal(asked.status, 200)
  const token = tokenIn(await h.mail.mailTo(user.email))
  const reset = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token,
    password: 'a brand new password',
  })
  t.equal(reset.status, 200)
  for (const s of sessions) t.equal((await h.request('GET', '/api/v2/auth/session', s)).status, 401)
  const old = await signInFrom(freshAddress(), { email: user.email, password: user.password })
  t.equal(old.body.code, 'invalid_credentials', 'the old password is gone')
  t.ok(await h.signIn(user.email, 'a brand new password'), 'the new one signs in')
})

t.test('changing the password signs out the user’s other sessions and keeps this one', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const here = await h.signIn(user.email, user.password)
  const there = await h.signIn(user.email, user.password)
  const change = (current_password: string, password: string) =>
    h.request('PUT', '/api/v2/auth/password', here, { current_password, password })
  const wrong = await change('not the password', 'a new password')
  t.same([wrong.status, wrong.body.code], [400, 'invalid_password'])
  const weak = await change(user.password, 'short')
  t.same([weak.status, weak.body.code], [400, 'weak_password'])
  t.equal((await h.request('GET', '/api/v2/auth/session', there)).status, 200, 'nothing changed yet')
  t.equal((await change(user.password, 'a new password')).status, 204)
  t.equal((await h.request('GET', '/api/v2/auth/session', here)).status, 200, 'this session stays')
  t.equal((await h.request('GET', '/api/v2/auth/session', there)).status, 401, 'the other one ended')
  const old = await signInFrom(freshAddress(), { email: user.email, password: user.password })
  t.equal(old.body.code, 'invalid_credentials')
  t.ok(await h.signIn(user.email, 'a new password'))
  // The kept session still ends with the next sign-out-everywhere.
  t.equal((await h.request('POST', '/api/v2/auth/sign-out-everywhere', here)).status, 204)
  t.equal((await h.request('GET', '/api/v2/auth/session', here)).status, 401)
})

t.test('a sign-in from an address the user has not used before is emailed to them', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const home = freshAddress()
  const ua = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chromium/140' }
  t.equal((await signInFrom(home, { email: user.email, password: user.password }, ua)).status, 200)
  t.equal((await signInFrom(home, { email: user.email, password: user.password }, ua)).status, 200)
  const away = freshAddress()
  t.equal((await signInFrom(away, { email: user.email, password: user.password }, ua)).status, 200)
  const notice = await h.mail.mailTo(user.email)
  t.equal(notice.subject, 'New sign-in to your Trackly login')
  t.match(notice.text, away)
  t.match(notice.text, 'Chromium/140')
  t.match(notice.text, `${h.config.publicUrl}/forgot-password`)
  t.equal((await signInFrom(away, { email: user.email, password: user.password })).status, 200)
  t.equal((await signInFrom(home, { email: user.email, password: user.password })).status, 200)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(h.mail.countTo(user.email), 1, 'the first sign-in and known addresses send nothing')
})
