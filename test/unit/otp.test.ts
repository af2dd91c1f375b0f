// OTP pure parts: code generation, keyed hashes, templates, and the resend throttle.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import t from 'tap'
import {
  DEFAULT_OTP_TEMPLATE,
  generateOtpCode,
  hashOtpCode,
  OTP_CODE_LENGTH,
  otpCodeMatches,
  otpHashKey,
  otpRetryAfterSeconds,
  otpTemplateHasCode,
  renderOtpTemplate,
} from '../../core/otp.js'

const key = otpHashKey(randomBytes(32).toString('hex'))

t.test('codes have exactly the asked number of digits, leading zeros included', async (t) => {
  for (let length = OTP_CODE_LENGTH.min; length <= OTP_CODE_LENGTH.max; length++) {
    const digits = new RegExp(`^\\d{${length}}$`)
    const codes = Array.from({ length: 200 }, () => generateOtpCode(length))
    t.ok(
      codes.every((c) => digits.test(c)),
      `${length} digits`,
    )
  }
  t.throws(() => generateOtpCode(3), RangeError)
  t.throws(() => generateOtpCode(11), RangeError)
  t.throws(() => generateOtpCode(4.5), RangeError)
})

t.test('every digit is about equally likely in every position', async (t) => {
  const runs = 20_000
  const counts = Array.from({ length: 4 }, () => new Array<number>(10).fill(0))
  for (let i = 0; i < runs; i++) {
    const code = generateOtpCode(4)
    for (let p = 0; p < 4; p++) counts[p]![Number(code[p])]! += 1
  }
  // Expected 2,000 each; binomial sd ≈ 42, so ±250 fails only on a real bias.
  for (const [p, position] of counts.entries()) {
    t.ok(
      position.every((n) => Math.abs(n - runs / 10) < 250),
      `position ${p}: ${position.join(' ')}`,
    )
  }
})

t.test('hashes: keyed, bound to the OTP id, never the code itself', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 4, max: 10 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }),
      (len, id) => {
        const code = generateOtpCode(len)
        const hash = hashOtpCode(key, id, code)
        return (
          /^[0-9a-f]{64}$/.test(hash) &&
          // A short code may appear in 64 random hex digits by chance (4 digits: ~0.6%); 8+ may not.
          (code.length < 8 || !hash.includes(code)) &&
          otpCodeMatches(key, id, code, hash) &&
          !otpCodeMatches(key, `${id}x`, code, hash) &&
          hash !== hashOtpCode(otpHashKey(randomBytes(32).toString('hex')), id, code)
        )
      },
    ),
    { numRuns: 200 },
  )
  const hash = hashOtpCode(key, 'otp1', '123456')
  t.notOk(otpCodeMatches(key, 'otp1', '123457', hash), 'a wrong code')
  t.notOk(otpCodeMatches(key, 'otp1', '123456', 'abcd'), 'a malformed stored hash is no match, not an error')
  t.not(
    otpHashKey('00'.repeat(32)).toString('hex'),
    '00'.repeat(32),
    'the key is derived, not the secret key',
  )
})

t.test('templates need {{code}}; {{code}} and {{minutes}} are filled, other macros kept', async (t) => {
  t.ok(otpTemplateHasCode(DEFAULT_OTP_TEMPLATE))
  t.ok(otpTemplateHasCode('Code: {{ code }}'))
  for (const bad of ['Your code', '{{codes}}', '{code}', '{{code|1234}}'])
    t.notOk(otpTemplateHasCode(bad), bad)
  t.equal(
    renderOtpTemplate(DEFAULT_OTP_TEMPLATE, '042917', 300),
    'Your {{brand_name}} code is 042917. It expires in 5 minutes.',
  )
  t.equal(renderOtpTemplate('{{code}} / {{ code }} ({{minutes}} min)', '1234', 119), '1234 / 1234 (1 min)')
  t.equal(renderOtpTemplate('{{code}}: {{minutes}}', '1234', 3600), '1234: 60')
})

t.test('resend throttle: one per 30 s, five per hour', async (t) => {
  const now = new Date('2026-03-01T12:00:00Z')
  const ago = (s: number) => new Date(now.getTime() - s * 1000)
  t.equal(otpRetryAfterSeconds([], now), 0, 'first send')
  t.equal(otpRetryAfterSeconds([ago(10)], now), 20, '10 s after the last')
  t.equal(otpRetryAfterSeconds([ago(29.5)], now), 1, 'rounded up')
  t.equal(otpRetryAfterSeconds([ago(30)], now), 0, '30 s after the last')
  t.equal(otpRetryAfterSeconds([ago(40), ago(100), ago(200), ago(300)], now), 0, 'four in the hour')
  t.equal(
    otpRetryAfterSeconds([ago(3000), ago(40), ago(100), ago(200), ago(300)], now),
    600,
    'five in the hour: wait until the oldest of them is an hour old',
  )
  t.equal(
    otpRetryAfterSeconds([ago(3700), ago(2600), ago(2000), ago(1000), ago(500), ago(100)], now),
    1000,
    'sends older than the hour do not count; the fifth most recent decides',
  )
  t.equal(
    otpRetryAfterSeconds([ago(3599), ago(3500), ago(3400), ago(3300), ago(5)], now),
    25,
    'the longer wait wins',
  )
})
