// TOTP two-factor sign-in (issue 14) over the real API and Postgres: enrolment (secret, otpauth URL, QR code) →
// enable with a code computed here by otplib → sign-in asks for the code, accepts it once, and accepts each
// recovery code once; secrets encrypted and recovery codes hashed at rest; turning it off; and an owner's
// requirement that every signed-in user have it (API keys unaffected).
import { generate } from 'otplib'
import t from 'tap'
import { apiHarness, type SessionCredential } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()

/** The app's code `steps` 30-second steps from now (1: the next one, still accepted). */
const codeOf = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 })

async function enrol(s: SessionCredential): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await h.request('POST', '/api/v2/auth/two-factor/setup', s)
  if (setup.status !== 200) throw new Error(`setup: ${setup.status}`)
  const enable = await h.request('POST', '/api/v2/auth/two-factor/enable', s, {
    code: await codeOf(setup.body.secret),
  })
  if (enable.status !== 200) throw new Error(`enable: ${enable.status} ${JSON.stringify(enable.body)}`)
  return { secret: setup.body.secret, recoveryCodes: enable.body.recovery_codes }
}

const signInRaw = (body: Record<string, unknown>) =>
  h.request('POST', '/api/v2/auth/sign-in', undefined, body)

t.test('setup → enable → sign-in with a code from the app, once', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const s = await h.signIn(user.email, user.password)

  const early = await h.request('POST', '/api/v2/auth/two-factor/enable', s, { code: '123456' })
  t.same([early.status, early.body.code], [409, 'two_factor_setup_not_started'])
  const setup = await h.request('POST', '/api/v2/auth/two-factor/setup', s)
  t.equal(setup.status, 200)
  const { secret, otpauth_url: url, qr_svg: svg } = setup.body
  t.match(secret, /^[A-Z2-7]{32}$/, '20 random bytes in base32')
  t.equal(
    url,
    `otpauth://totp/Trackly:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Trackly`,
    'what an authenticator app reads',
  )
  t.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/, 'an SVG QR code')
  const pending = await h.pg.pool.query('SELECT totp_pending_enc, totp_secret_enc FROM users WHERE id = $1', [
    user.userId,
  ])
  t.match(pending.rows[0].totp_pending_enc, /^v1:/, 'the pending secret is encrypted')
  t.notMatch(pending.rows[0].totp_pending_enc, secret)
  t.equal(pending.rows[0].totp_secret_enc, null, 'not in effect before it is confirmed')
  t.equal((await h.signIn(user.email, user.password)).session.two_factor_enabled, false)

  const noCsrf = await h.app.inject({
    method: 'POST',
    url: '/api/v2/auth/two-factor/enable',
    payload: { code: await codeOf(secret) },
    headers: { cookie: `trackly_session=${s.cookie}` },
  })
  t.same([noCsrf.statusCode, noCsrf.json().code], [403, 'csrf_failed'])
  for (const code of ['000000', 'abcdef', '12345']) {
    const wrong = await h.request('POST', '/api/v2/auth/two-factor/enable', s, { code })
    t.same([wrong.status, wrong.body.code], [400, 'invalid_code'], code)
  }
  const enabled = await h.request('POST', '/api/v2/auth/two-factor/enable', s, { code: await codeOf(secret) })
  t.equal(enabled.status, 200)
  const codes: string[] = enabled.body.recovery_codes
  t.equal(codes.length, 10)
  t.equal(new Set(codes).size, 10)
  for (const code of codes) t.match(code, /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/)
  const again = await h.request('POST', '/api/v2/auth/two-factor/setup', s)
  t.same([again.status, again.body.code], [409, 'two_factor_already_enabled'])
  t.equal((await h.request('GET', '/api/v2/auth/session', s)).body.two_factor_enabled, true)

  const stored = await h.pg.pool.query<{ code_hash: string }>(
    'SELECT code_hash FROM user_recovery_codes WHERE user_id = $1',
    [user.userId],
  )
  t.equal(stored.rowCount, 10)
  const text = JSON.stringify(stored.rows)
  t.notOk(
    codes.some((c) => text.includes(c) || text.includes(c.replaceAll('-', ''))),
    'recovery codes stored hashed',
  )

  const noCode = await signInRaw({ email: user.email, password: user.password })
  t.same([noCode.status, noCode.body.code], [401, 'two_factor_required'])
  t.notOk(noCode.headers['set-cookie'], 'no session without the second factor')
  const wrongPassword = await signInRaw({
    email: user.email,
    password: 'wrong password',
    totp_code: await codeOf(secret),
  })
  t.same([wrongPassword.status, wrongPassword.body.code], [401, 'invalid_credentials'], 'no hint about 2FA')
  const wrongCode = await signInRaw({ email: user.email, password: user.password, totp_code: '000000' })
  t.same([wrongCode.status, wrongCode.body.code], [401, 'invalid_two_factor_code'])
  const code = await codeOf(secret, 1)
  const signed = await h.signIn(user.email, user.password, { totp_code: code })
  t.equal(signed.session.two_factor_enabled, true)
  const replay = await signInRaw({ email: user.email, password: user.password, totp_code: code })
  t.same([replay.status, replay.body.code], [401, 'invalid_two_factor_code'], 'a code signs in once')
  const older = await signInRaw({
    email: user.email,
    password: user.password,
    totp_code: await codeOf(secret),
  })
  t.same(
    [older.status, older.body.code],
    [401, 'invalid_two_factor_code'],
    'nor does an earlier one after it',
  )
})

t.test('each recovery code signs in once, however it is typed', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const { recoveryCodes } = await enrol(await h.signIn(user.email, user.password))
  const [first, second] = recoveryCodes as [string, string]
  t.ok(await h.signIn(user.email, user.password, { recovery_code: first }))
  const reused = await signInRaw({ email: user.email, password: user.password, recovery_code: first })
  t.same([reused.status, reused.body.code], [401, 'invalid_two_factor_code'], 'used up')
  const typed = ` ${second.replaceAll('-', ' ').toUpperCase()} `
  t.ok(await h.signIn(user.email, user.password, { recovery_code: typed }), 'blanks and capitals')
  const bogus = await signInRaw({
    email: user.email,
    password: user.password,
    recovery_code: 'aaaa-bbbb-cccc-dddd',
  })
  t.same([bogus.status, bogus.body.code], [401, 'invalid_two_factor_code'])
  const { rows } = await h.pg.pool.query(
    'SELECT count(*)::int AS used FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL',
    [user.userId],
  )
  t.equal(rows[0].used, 2)
})

t.test('turning two-factor off takes the password and a current code', async (t) => {
  const user = await h.user(a.accountId, 'member')
  const s = await h.signIn(user.email, user.password)
  const off = await h.request('POST', '/api/v2/auth/two-factor/disable', s, {
    password: user.password,
    code: '1',
  })
  t.same([off.status, off.body.code], [409, 'two_factor_not_enabled'])
  const { secret, recoveryCodes } = await enrol(s)
  const wrongPassword = await h.request('POST', '/api/v2/auth/two-factor/disable', s, {
    password: 'not it at all',
    code: await codeOf(secret),
  })
  t.same([wrongPassword.status, wrongPassword.body.code], [400, 'invalid_password'])
  const wrongCode = await h.request('POST', '/api/v2/auth/two-factor/disable', s, {
    password: user.password,
    code: '000000',
  })
  t.same([wrongCode.status, wrongCode.body.code], [400, 'invalid_code'])
  t.equal((await h.request('GET', '/api/v2/auth/session', s)).body.two_factor_enabled, true, 'still on')
  // The device is lost: a recovery code stands in for the app's code.
  const disabled = await h.request('POST', '/api/v2/auth/two-factor/disable', s, {
    password: user.password,
    code: recoveryCodes[0],
  })
  t.equal(disabled.status, 204)
  t.equal((await h.request('GET', '/api/v2/auth/session', s)).body.two_factor_enabled, false)
  const plain = await h.signIn(user.email, user.password)
  t.equal(plain.session.two_factor_enabled, false, 'signs in with the password alone again')
  const { rows } = await h.pg.pool.query(
    `SELECT totp_secret_enc, (SELECT count(*)::int FROM user_recovery_codes WHERE user_id = $1) AS codes
       FROM users WHERE id = $1`,
    [user.userId],
  )
  t.same(rows[0], { totp_secret_enc: null, codes: 0 })
})

t.test(
  'an owner requires two-factor: sessions without it reach only the session and 2FA routes',
  async (t) => {
    const owner = await h.ownerSession(a)
    const member = await h.user(a.accountId, 'member')
    const ms = await h.signIn(member.email, member.password)
    const byMember = await h.request('PUT', '/api/v2/account/security', ms, { require_two_factor: true })
    t.same([byMember.status, byMember.body.code], [403, 'forbidden'], 'owners only')
    t.same((await h.request('GET', '/api/v2/account/security', a.keys.viewer)).body, {
      require_two_factor: false,
    })
    const on = await h.request('PUT', '/api/v2/account/security', owner, { require_two_factor: true })
    t.same([on.status, on.body], [200, { success: true, require_two_factor: true }])
    const audit = await h.pg.pool.query(
      `SELECT actor, detail FROM audit_log WHERE account_id = $1 AND action = 'account.require_two_factor'`,
      [a.accountId],
    )
    t.same(audit.rows, [{ actor: `user:${a.userId}`, detail: { from: false, to: true } }])

    const blocked = await h.request('GET', '/api/v2/offers', ms)
    t.same([blocked.status, blocked.body.code], [403, 'two_factor_setup_required'])
    const session = await h.request('GET', '/api/v2/auth/session', ms)
    t.equal(session.status, 200, 'the session route stays open')
    t.equal(session.body.two_factor_setup_required, true, 'and says what is needed')
    t.same(
      [(await h.request('GET', '/api/v2/offers', owner)).status, session.body.two_factor_enabled],
      [403, false],
      'the owner too, until they turn it on',
    )
    t.equal(
      (await h.request('GET', '/api/v2/offers', a.keys.viewer)).status,
      200,
      'API keys are not affected',
    )
    t.same((await h.request('GET', '/api/v2/account/security', a.keys.viewer)).body, {
      require_two_factor: true,
    })

    await enrol(ms)
    t.equal((await h.request('GET', '/api/v2/offers', ms)).status, 200, 'with 2FA on, the same session works')
    t.equal((await h.request('GET', '/api/v2/auth/session', ms)).body.two_factor_setup_required, false)

    const off = await h.request('PUT', '/api/v2/account/security', a.keys.owner, {
      require_two_factor: false,
    })
    t.equal(off.status, 200, 'an owner key changes the policy too')
    t.equal((await h.request('GET', '/api/v2/offers', owner)).status, 200)
  },
)
