// Abuse throttles on the routes an attacker can call without a key, and on API-key failures: within a window the
// request past the limit answers 429 `rate_limited` with Retry-After, per client address and per identity, while
// another address or identity is unaffected; known and unknown emails get the same answers. Real Redis counters;
// the limits are the defaults (core/throttle.ts).
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { randomAlphanumeric } from '../../core/ids.js'
import { DEFAULT_THROTTLE_LIMITS } from '../../core/throttle.js'
import { apiHarness } from '../harness/api.js'

// The harness raises every limit for the other test files; here they are the production defaults.
const h = await apiHarness(t, { throttleLimits: DEFAULT_THROTTLE_LIMITS })
const a = await h.account()
const limits = h.config.throttleLimits

let addressSeq = 0
/** A client address no other request in this file has used (TEST-NET ranges and a documentation /64). */
const freshAddress = () => {
  const n = addressSeq++
  return `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`
}
const unknownEmail = () => `nobody-${randomAlphanumeric(10).toLowerCase()}@example.test`
/** Well-formed (43 base64url characters) and unknown. */
const unknownToken = () => randomBytes(32).toString('base64url')

async function call(
  method: 'GET' | 'POST',
  url: string,
  from: string,
  options: { body?: unknown; apiKey?: string } = {},
) {
  const res = await h.app.inject({
    method,
    url,
    remoteAddress: from,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
    headers: options.apiKey ? { 'x-api-key': options.apiKey } : {},
  })
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] }
}

/** Asserts a throttle refusal: 429, the stable code, and a Retry-After within the window. */
function isThrottled(t: Test, res: Awaited<ReturnType<typeof call>>, windowSeconds: number, label: string) {
  t.same([res.status, res.body.code], [429, 'rate_limited'], `${label}: 429 rate_limited`)
  const seconds = Number(res.retryAfter)
  t.ok(
    Number.isInteger(seconds) && seconds >= 1 && seconds <= windowSeconds,
    `${label}: Retry-After ${res.retryAfter} within ${windowSeconds} s`,
  )
}

const emailOf = async (userId: string) =>
  (await h.pg.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId])).rows[0]!.email

t.test('password reset requests: per email, the same for known and unknown emails', async (t) => {
  const { points, seconds } = limits.password_reset_email
  const known = await emailOf(a.userId)
  const unknown = unknownEmail()
  const from = freshAddress()
  const knownReplies = []
  const unknownReplies = []
  for (let i = 0; i <= points; i++) {
    knownReplies.push(await call('POST', '/api/v2/auth/password-reset', from, { body: { email: known } }))
    unknownReplies.push(await call('POST', '/api/v2/auth/password-reset', from, { body: { email: unknown } }))
  }
  t.same(
    knownReplies.slice(0, points).map((r) => [r.status, r.body]),
    Array(points).fill([200, { success: true }]),
    `${points} requests for one email are answered`,
  )
  isThrottled(t, knownReplies[points]!, seconds, `request ${points + 1} for a known email`)
  isThrottled(t, unknownReplies[points]!, seconds, `request ${points + 1} for an unknown email`)
  // The windows began a moment apart: only the seconds to wait may differ.
  const answer = (r: Awaited<ReturnType<typeof call>>) => [
    r.status,
    JSON.stringify(r.body).replace(/\d+ s\b/, 'N s'),
  ]
  t.same(
    knownReplies.map(answer),
    unknownReplies.map(answer),
    'known and unknown emails get identical answers',
  )
  const other = await call('POST', '/api/v2/auth/password-reset', from, { body: { email: unknownEmail() } })
  t.same(
    [other.status, other.body],
    [200, { success: true }],
    'another email from the same address is answered',
  )
  const otherCase = await call('POST', '/api/v2/auth/password-reset', freshAddress(), {
    body: { email: ` ${known.toUpperCase()} ` },
  })
  isThrottled(t, otherCase, seconds, 'the same email in other case and spacing, from another address')
})

t.test(
  '50 parallel reset requests for one user from 50 addresses make at most the limit of tokens',
  async (t) => {
    const b = await h.account()
    const email = await emailOf(b.userId)
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        call('POST', '/api/v2/auth/password-reset', freshAddress(), { body: { email } }),
      ),
    )
    const { points } = limits.password_reset_email
    t.equal(replies.filter((r) => r.status === 200).length, points, `${points} answered`)
    t.equal(replies.filter((r) => r.status === 429).length, 50 - points, 'the rest refused')
    const { rows } = await h.pg.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1',
      [b.userId],
    )
    t.ok(rows[0]!.n <= points, `${rows[0]!.n} reset tokens stored, at most ${points}`)
  },
)

t.test('password reset requests: per client address', async (t) => {
  const { points, seconds } = limits.password_reset_ip
  const from = freshAddress()
  for (let i = 0; i < points; i++) {
    const res = await call('POST', '/api/v2/auth/password-reset', from, { body: { email: unknownEmail() } })
    if (res.status !== 200) t.fail(`request ${i + 1} answered ${res.status}`)
  }
  isThrottled(
    t,
    await call('POST', '/api/v2/auth/password-reset', from, { body: { email: unknownEmail() } }),
    seconds,
    `request ${points + 1} from one address`,
  )
  const elsewhere = await call('POST', '/api/v2/auth/password-reset', freshAddress(), {
    body: { email: unknownEmail() },
  })
  t.equal(elsewhere.status, 200, 'another address is unaffected')
})

t.test('reset confirmations: per client address and per token', async (t) => {
  const confirm = (from: string, token: string) =>
    call('POST', '/api/v2/auth/password-reset/confirm', from, { body: { token, password: 'long enough pw' } })
  const ip = limits.reset_confirm_ip
  const from = freshAddress()
  for (let i = 0; i < ip.points; i++) {
    const res = await confirm(from, unknownToken())
    if (res.body.code !== 'invalid_token') t.fail(`guess ${i + 1} answered ${res.status} ${res.body.code}`)
  }
  isThrottled(t, await confirm(from, unknownToken()), ip.seconds, `guess ${ip.points + 1} from one address`)
  t.equal(
    (await confirm(freshAddress(), unknownToken())).body.code,
    'invalid_token',
    'another address is not',
  )

  const perToken = limits.reset_confirm_token
  const token = unknownToken()
  for (let i = 0; i < perToken.points; i++) {
    const res = await confirm(freshAddress(), token)
    if (res.body.code !== 'invalid_token') t.fail(`try ${i + 1} answered ${res.status} ${res.body.code}`)
  }
  isThrottled(t, await confirm(freshAddress(), token), perToken.seconds, 'one token from yet another address')
  t.equal((await confirm(freshAddress(), unknownToken())).body.code, 'invalid_token', 'another token is not')
})

t.test('invitation accepts and previews: per client address and per token', async (t) => {
  const accept = (from: string, token: string) =>
    call('POST', '/api/v2/invitations/accept', from, { body: { token, password: 'long enough pw' } })
  const ip = limits.invitation_accept_ip
  const from = freshAddress()
  for (let i = 0; i < ip.points; i++) {
    const res =
      i % 2 === 0
        ? await accept(from, unknownToken())
        : await call('GET', `/api/v2/invitations/accept?token=${unknownToken()}`, from)
    if (res.body.code !== 'invalid_token') t.fail(`guess ${i + 1} answered ${res.status} ${res.body.code}`)
  }
  isThrottled(t, await accept(from, unknownToken()), ip.seconds, `guess ${ip.points + 1} from one address`)
  isThrottled(
    t,
    await call('GET', `/api/v2/invitations/accept?token=${unknownToken()}`, from),
    ip.seconds,
    'a preview from that address',
  )
  t.equal((await accept(freshAddress(), unknownToken())).body.code, 'invalid_token', 'another address is not')

  // One token tried from many addresses (an inviter guessing a user's password, say) is counted as one.
  const perToken = limits.invitation_accept_token
  const token = unknownToken()
  for (let i = 0; i < perToken.points; i++) {
    const res = await accept(freshAddress(), token)
    if (res.body.code !== 'invalid_token') t.fail(`try ${i + 1} answered ${res.status} ${res.body.code}`)
  }
  isThrottled(t, await accept(freshAddress(), token), perToken.seconds, 'the token past its limit')
  t.equal((await accept(freshAddress(), unknownToken())).body.code, 'invalid_token', 'another token is not')
})

t.test(
  'API keys: after the limit of unknown keys from an address, every request from it is 429',
  async (t) => {
    const { points, seconds } = limits.api_key_failure_ip
    const from = freshAddress()
    for (let i = 0; i < points; i++) {
      const res = await call('GET', '/api/v2/keys', from, { apiKey: `trk_${randomAlphanumeric(40)}` })
      if (res.body.code !== 'invalid_api_key')
        t.fail(`guess ${i + 1} answered ${res.status} ${res.body.code}`)
    }
    isThrottled(
      t,
      await call('GET', '/api/v2/keys', from, { apiKey: `trk_${randomAlphanumeric(40)}` }),
      seconds,
      `unknown key ${points + 1}`,
    )
    isThrottled(
      t,
      await call('GET', '/api/v2/keys', from, { apiKey: a.keys.owner }),
      seconds,
      'a valid key too',
    )
    isThrottled(
      t,
      await call('POST', '/api/v2/otp/send', from, { apiKey: a.keys.member, body: {} }),
      seconds,
      'on a route with its own error handler',
    )
    t.equal(
      (await call('GET', '/api/v2/keys', freshAddress(), { apiKey: a.keys.owner })).status,
      200,
      'elsewhere: 200',
    )
    t.equal(
      (await call('GET', '/api/v2/keys', freshAddress(), { apiKey: `trk_${randomAlphanumeric(40)}` })).body
        .code,
      'invalid_api_key',
      'elsewhere an unknown key is 401',
    )
  },
)

t.test('a valid key from an address is never counted', async (t) => {
  const from = freshAddress()
  for (let i = 0; i <= limits.api_key_failure_ip.points; i++) {
    const res = await call('GET', '/api/v2/keys', from, { apiKey: a.keys.owner })
    if (res.status !== 200) t.fail(`request ${i + 1} answered ${res.status}`)
  }
  t.pass(`${limits.api_key_failure_ip.points + 1} requests with a valid key answered`)
})

t.test('OpenAPI documents the 429 of throttled and authenticated routes', async (t) => {
  const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json()
  for (const [path, method] of [
    ['/api/v2/auth/password-reset', 'post'],
    ['/api/v2/auth/password-reset/confirm', 'post'],
    ['/api/v2/invitations/accept', 'post'],
    ['/api/v2/keys', 'get'],
  ] as const) {
    t.ok(doc.paths[path]?.[method]?.responses?.['429'], `${method} ${path}`)
  }
})
