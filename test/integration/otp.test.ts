// POST /api/v2/otp/send and /otp/verify against the real API app: the code goes out as a transactional message
// and is stored only as an HMAC; attempts, expiry, supersession, the resend throttle, roles and tenants.
import t from 'tap'
import { decryptSecret } from '../../core/crypto.js'
import { hashOtpCode, otpHashKey } from '../../core/otp.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()

let seq = 0
/** A number no other test here uses: the throttle and "latest code" are per phone. */
const freshPhone = () => `+1415555${String(3000 + seq++).padStart(4, '0')}`

const send = (body: Record<string, unknown>, key = a.keys.member) =>
  h.request('POST', '/api/v2/otp/send', key, body)
const verify = (body: Record<string, unknown>, key = a.keys.member) =>
  h.request('POST', '/api/v2/otp/verify', key, body)

/** Sends a code and reads it from the sealed body the dispatcher opens (the stored body shows it masked). */
async function sendCode(to: string, extra: Record<string, unknown> = {}) {
  const res = await send({ to, list_number: a.list.phoneNumber, ...extra })
  if (res.status !== 200) throw new Error(`send failed: ${JSON.stringify(res.body)}`)
  const { rows } = await h.pg.pool.query(
    `SELECT metadata->>'sealed_body' AS sealed FROM messages WHERE id = $1`,
    [res.body.message_id],
  )
  const code = /(\d{4,10})/.exec(decryptSecret(rows[0].sealed, h.config.secretKey))![1]!
  return { otpId: res.body.otp_id as string, messageId: res.body.message_id as string, code, reply: res.body }
}

const wrong = (code: string) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`

t.test(
  'send: the code goes out in a transactional message; the row shows it masked; otp_codes holds its HMAC',
  async (t) => {
    const to = freshPhone()
    const { otpId, messageId, code, reply } = await sendCode(to, { metadata: { session: 's-1' } })
    t.match(reply, { success: true, otp_id: otpId, message_id: messageId })
    t.ok(Math.abs(Date.parse(reply.expires_at) - (Date.now() + 300_000)) < 10_000, 'expires in 5 minutes')
    const { rows: messages } = await h.pg.pool.query(
      'SELECT body, metadata, to_number, send_flags FROM messages WHERE id = $1',
      [messageId],
    )
    t.match(code, /^\d{6}$/, 'six digits by default')
    t.equal(messages[0].body, 'Your Test Brand code is ******. It expires in 5 minutes.', 'stored masked')
    t.equal(
      decryptSecret(messages[0].metadata.sealed_body, h.config.secretKey),
      `Your Test Brand code is ${code}. It expires in 5 minutes.`,
      'the body as sent is sealed for the dispatcher',
    )
    t.match(messages[0].metadata, { transactional: true, otp: true, otp_id: otpId, session: 's-1' })
    t.equal(messages[0].to_number, to)
    t.same(messages[0].send_flags, { skip_duplicate_check: true }, 'a resend repeating a code is not dropped')
    const { rows } = await h.pg.pool.query('SELECT * FROM otp_codes WHERE id = $1', [otpId])
    const row = rows[0]
    t.match(row, { account_id: a.accountId, list_id: a.list.id, phone_number: to, message_id: messageId })
    t.same([row.attempts, row.max_attempts, row.verified_at, row.metadata], [0, 5, null, { session: 's-1' }])
    t.notOk(JSON.stringify(row).includes(code), 'the code is in no column')
    t.equal(row.code_hash, hashOtpCode(otpHashKey(h.config.secretKey), otpId, code), 'HMAC of id:code')
  },
)

t.test('verify: the right code once; then it is used', async (t) => {
  const to = freshPhone()
  const { otpId, code } = await sendCode(to, { metadata: { session: 's-2' } })
  const ok = await verify({ to, code })
  t.same(
    [ok.status, ok.body],
    [200, { success: true, verified: true, otp_id: otpId, metadata: { session: 's-2' } }],
  )
  const again = await verify({ to, code })
  t.same([again.status, again.body.code], [400, 'otp_already_verified'])
})

t.test('a wrong code uses an attempt; after five the right code is refused too', async (t) => {
  const to = freshPhone()
  const { otpId, code } = await sendCode(to)
  for (let remaining = 4; remaining >= 0; remaining--) {
    const res = await verify({ to, code: wrong(code), otp_id: otpId })
    t.same([res.status, res.body.code, res.body.attempts_remaining], [400, 'invalid_code', remaining])
    t.type(res.body.error, 'string')
  }
  const dead = await verify({ to, code, otp_id: otpId })
  t.same([dead.status, dead.body.code], [429, 'otp_attempts_exceeded'])
  const { rows } = await h.pg.pool.query('SELECT attempts, verified_at FROM otp_codes WHERE id = $1', [otpId])
  t.same(rows, [{ attempts: 5, verified_at: null }])
})

t.test('four wrong guesses still leave the right one', async (t) => {
  const to = freshPhone()
  const { code } = await sendCode(to)
  for (let i = 0; i < 4; i++) await verify({ to, code: wrong(code) })
  t.equal((await verify({ to, code })).status, 200)
})

t.test('20 parallel wrong guesses never get more than 5 attempts', async (t) => {
  const to = freshPhone()
  const { otpId, code } = await sendCode(to)
  const replies = await Promise.all(Array.from({ length: 20 }, () => verify({ to, code: wrong(code) })))
  const codes = replies.map((r) => r.body.code)
  t.equal(codes.filter((c) => c === 'invalid_code').length, 5)
  t.equal(codes.filter((c) => c === 'otp_attempts_exceeded').length, 15)
  t.same(
    replies.flatMap((r) => (r.body.code === 'invalid_code' ? [r.body.attempts_remaining] : [])).sort(),
    [0, 1, 2, 3, 4],
    'each attempt counted once',
  )
  const { rows } = await h.pg.pool.query('SELECT attempts FROM otp_codes WHERE id = $1', [otpId])
  t.equal(rows[0].attempts, 5)
  t.equal((await verify({ to, code })).body.code, 'otp_attempts_exceeded')
})

t.test('expiry: expires_in sets the deadline; after it the code is refused', async (t) => {
  const to = freshPhone()
  const { otpId, code, reply, messageId } = await sendCode(to, { expires_in: 60 })
  t.ok(Math.abs(Date.parse(reply.expires_at) - (Date.now() + 60_000)) < 10_000)
  const { rows } = await h.pg.pool.query('SELECT body FROM messages WHERE id = $1', [messageId])
  t.match(rows[0].body, /expires in 1 minutes/)
  await h.pg.pool.query(`UPDATE otp_codes SET expires_at = now() - interval '1 second' WHERE id = $1`, [
    otpId,
  ])
  const res = await verify({ to, code })
  t.same([res.status, res.body.code], [400, 'otp_expired'])
})

t.test('a new code for the same phone and list supersedes the older one', async (t) => {
  const to = freshPhone()
  const first = await sendCode(to)
  await h.pg.pool.query(
    `UPDATE otp_codes SET created_at = created_at - interval '31 seconds' WHERE id = $1`,
    [first.otpId],
  )
  const second = await sendCode(to)
  t.same((await verify({ to, code: first.code, otp_id: first.otpId })).body.code, 'otp_expired')
  const ok = await verify({ to, code: second.code })
  t.same([ok.status, ok.body.otp_id], [200, second.otpId], 'without otp_id the latest code is checked')
})

t.test('resend throttle: one per 30 s and five per hour, per phone', async (t) => {
  const to = freshPhone()
  await sendCode(to)
  const soon = await send({ to, list_number: a.list.phoneNumber })
  t.same([soon.status, soon.body.code], [429, 'otp_rate_limited'])
  t.ok(soon.body.retry_after >= 29 && soon.body.retry_after <= 30, `retry_after ${soon.body.retry_after}`)
  t.equal(soon.headers['retry-after'], String(soon.body.retry_after))
  t.equal(
    (await send({ to: freshPhone(), list_number: a.list.phoneNumber })).status,
    200,
    'another phone is free',
  )

  const age = () =>
    h.pg.pool.query(
      `UPDATE otp_codes SET created_at = created_at - interval '31 seconds' WHERE account_id = $1 AND phone_number = $2`,
      [a.accountId, to],
    )
  for (let i = 0; i < 4; i++) {
    await age()
    t.equal((await send({ to, list_number: a.list.phoneNumber })).status, 200, `send ${i + 2}`)
  }
  await age()
  const sixth = await send({ to, list_number: a.list.phoneNumber })
  t.same([sixth.status, sixth.body.code], [429, 'otp_rate_limited'])
  // The oldest of the five is 155 s old: a slot frees when it is an hour old.
  t.ok(Math.abs(sixth.body.retry_after - (3600 - 155)) <= 2, `retry_after ${sixth.body.retry_after}`)
  const { rows } = await h.pg.pool.query(
    'SELECT count(*)::int AS n FROM otp_codes WHERE account_id = $1 AND phone_number = $2',
    [a.accountId, to],
  )
  t.equal(rows[0].n, 5, 'refused sends leave no code behind')
})

t.test('Idempotency-Key: a retried send is the same OTP, not a throttled second one', async (t) => {
  const to = freshPhone()
  const call = () =>
    h.app.inject({
      method: 'POST',
      url: '/api/v2/otp/send',
      headers: { 'x-api-key': a.keys.member, 'idempotency-key': `otp-${to}` },
      payload: { to, list_number: a.list.phoneNumber },
    })
  const first = await call()
  const retry = await call()
  t.same([retry.statusCode, retry.json(), retry.headers['idempotent-replayed']], [200, first.json(), 'true'])
  const { rows } = await h.pg.pool.query(
    'SELECT count(*)::int AS n FROM otp_codes WHERE account_id = $1 AND phone_number = $2',
    [a.accountId, to],
  )
  t.equal(rows[0].n, 1)
})

t.test('options and validation codes', async (t) => {
  const to = freshPhone()
  const custom = await sendCode(to, {
    code_length: 8,
    template: '{{code}} is your {{brand_name}} code ({{minutes}} min)',
  })
  const { rows } = await h.pg.pool.query('SELECT body FROM messages WHERE id = $1', [custom.messageId])
  t.equal(rows[0].body, '******** is your Test Brand code (5 min)', 'all eight digits masked')
  t.match(custom.code, /^\d{8}$/)

  const base = { to: freshPhone(), list_number: a.list.phoneNumber }
  const cases: [Record<string, unknown>, number, string][] = [
    [{ list_number: base.list_number }, 400, 'missing_to'],
    [{ to: base.to }, 400, 'missing_list_number'],
    [{ ...base, to: '4155550000' }, 400, 'invalid_phone'],
    [{ ...base, list_number: '800-555' }, 400, 'invalid_list_number'],
    [{ ...base, list_number: b.list.phoneNumber }, 404, 'list_not_found'],
    [{ ...base, code_length: 3 }, 400, 'invalid_code_length'],
    [{ ...base, code_length: 11 }, 400, 'invalid_code_length'],
    [{ ...base, expires_in: 59 }, 400, 'invalid_expires_in'],
    [{ ...base, expires_in: 3601 }, 400, 'invalid_expires_in'],
    [{ ...base, template: 'No code here' }, 400, 'invalid_template'],
    [{ ...base, template: `{{code}} ${'x'.repeat(1600)}` }, 400, 'template_too_long'],
    [{ ...base, metadata: { blob: 'x'.repeat(1014) } }, 413, 'metadata_too_large'],
  ]
  for (const [body, status, code] of cases) {
    const res = await send(body)
    t.same([res.status, res.body.code], [status, code], code)
  }
  t.equal((await send({ ...base, metadata: { blob: 'x'.repeat(1013) } })).status, 200, '1,024 bytes is fine')

  const verifyCases: [Record<string, unknown>, number, string][] = [
    [{ to: base.to }, 400, 'missing_code'],
    [{ to: base.to, code: ' ' }, 400, 'missing_code'],
    [{ code: '123456' }, 400, 'missing_to'],
    [{ to: 'nope', code: '123456' }, 400, 'invalid_phone'],
    [{ to: freshPhone(), code: '123456' }, 404, 'otp_not_found'],
    [{ to: base.to, code: '123456', list_number: '+18005550000' }, 404, 'otp_not_found'],
    [{ to: base.to, code: '123456', otp_id: custom.otpId }, 404, 'otp_not_found'],
  ]
  for (const [body, status, code] of verifyCases) {
    const res = await verify(body)
    t.same([res.status, res.body.code], [status, code], `verify ${code}`)
  }
})

t.test('roles: members and owners send and verify; viewers cannot', async (t) => {
  const to = freshPhone()
  const viewerSend = await send({ to, list_number: a.list.phoneNumber }, a.keys.viewer)
  t.same([viewerSend.status, viewerSend.body.code], [403, 'forbidden'])
  const { code } = await sendCode(to)
  const viewerVerify = await verify({ to, code }, a.keys.viewer)
  t.same([viewerVerify.status, viewerVerify.body.code], [403, 'forbidden'])
  t.equal((await verify({ to, code }, a.keys.owner)).status, 200)
})

t.test("tenants: another account cannot verify, or spend the attempts of, this account's code", async (t) => {
  const to = freshPhone()
  const { otpId, code } = await sendCode(to)
  for (const body of [
    { to, code },
    { to, code, otp_id: otpId },
  ]) {
    const res = await verify(body, b.keys.member)
    t.same([res.status, res.body.code], [404, 'otp_not_found'])
  }
  const { rows } = await h.pg.pool.query('SELECT attempts FROM otp_codes WHERE id = $1', [otpId])
  t.equal(rows[0].attempts, 0)
  t.equal((await verify({ to, code, list_number: a.list.phoneNumber })).status, 200)
})
