// Throttle pure parts: the THROTTLE_LIMITS syntax, the keys addresses and identities count under, Retry-After
// rounding, and the OTP mask.
import fc from 'fast-check'
import t from 'tap'
import { maskOtpCode } from '../../core/otp.js'
import { estimateSegments } from '../../core/segments.js'
import {
  clientAddressKey,
  DEFAULT_THROTTLE_LIMITS,
  identityKey,
  parseThrottleLimits,
  retryAfterSeconds,
} from '../../core/throttle.js'

t.test('THROTTLE_LIMITS overrides named limits and refuses anything else', async (t) => {
  t.same(parseThrottleLimits(undefined), DEFAULT_THROTTLE_LIMITS)
  t.same(parseThrottleLimits(' password_reset_email=5/60 , api_key_failure_ip=100/600'), {
    ...DEFAULT_THROTTLE_LIMITS,
    password_reset_email: { points: 5, seconds: 60 },
    api_key_failure_ip: { points: 100, seconds: 600 },
  })
  for (const bad of ['nope=1/1', 'password_reset_ip=1', 'password_reset_ip=-1/5', 'password_reset_ip=a/b']) {
    t.throws(() => parseThrottleLimits(bad), RangeError, bad)
  }
})

t.test('Retry-After is whole seconds rounded up, at least 1', async (t) => {
  t.same([0, 1, 999, 1000, 1001, 3_599_500].map(retryAfterSeconds), [1, 1, 1, 1, 2, 3600])
})

const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16))

t.test('an IPv6 client counts as its /64, however the address is written', async (t) => {
  fc.assert(
    fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), group, (groups, other) => {
      const full = groups.join(':')
      const sameNetwork = [...groups.slice(0, 4), other, '0', '0', other].join(':')
      t.equal(clientAddressKey(full), clientAddressKey(sameNetwork))
      t.equal(clientAddressKey(full), `${groups.slice(0, 4).join(':')}::/64`)
    }),
    { numRuns: 200 },
  )
  t.equal(clientAddressKey('2001:db8::1'), '2001:db8:0:0::/64', 'compressed form')
  t.equal(clientAddressKey('2001:DB8:0:0:1::'), '2001:db8:0:0::/64', 'upper case')
  t.equal(clientAddressKey('::1'), '0:0:0:0::/64')
  t.equal(clientAddressKey('203.0.113.7'), '203.0.113.7', 'IPv4 as is')
  t.equal(clientAddressKey('::ffff:203.0.113.7'), '203.0.113.7', 'IPv4-mapped counts as IPv4')
  t.not(
    clientAddressKey('2001:db8:0:1::1'),
    clientAddressKey('2001:db8:0:2::1'),
    'another /64 is another key',
  )
})

t.test('identity keys are fixed-length hashes that never contain the identity', async (t) => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
      t.equal(identityKey(a).length, 32)
      t.equal(identityKey(a) === identityKey(b), a === b)
    }),
    { numRuns: 200 },
  )
  t.notMatch(identityKey('victim@example.com'), /victim/)
})

t.test('the OTP mask hides every occurrence and keeps the SMS segment count', async (t) => {
  const code = fc.stringMatching(/^\d{4,10}$/)
  fc.assert(
    fc.property(fc.string(), code, fc.string(), (before, c, after) => {
      const body = `${before}${c}${after}${c}`
      const masked = maskOtpCode(body, c)
      t.notOk(masked.includes(c), 'no occurrence left')
      t.equal(masked.length, body.length)
      t.same(estimateSegments(masked), estimateSegments(body))
    }),
    { numRuns: 300 },
  )
})
