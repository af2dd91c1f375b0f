// Customer webhook signatures: the header format, a known vector, verification within the tolerance window, and
// (properties) any change of body, secret or timestamp fails.
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { Webhook } from 'standardwebhooks'
import Stripe from 'stripe'
import t from 'tap'
import {
  computeSignature,
  newWebhookSecret,
  signWebhook,
  standardWebhookHeaders,
  verifyWebhook,
  WEBHOOK_SECRET_PATTERN,
} from '../../core/webhook-signature.js'

const secret = 'whsec_abcdefghijklmnopqrstuvwxyzABCDEF'
const now = Date.UTC(2026, 0, 15, 12, 0, 0)
const body = '{"id":"d1","type":"delivery","data":{"status":"delivered"}}'

const arbSecret = fc.stringMatching(/^whsec_[A-Za-z0-9]{32}$/)
const arbTime = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }).map((s) => s * 1000)

t.test('secrets are whsec_ and 32 alphanumerics, each new', async (t) => {
  const a = newWebhookSecret()
  t.match(a, WEBHOOK_SECRET_PATTERN)
  t.not(a, newWebhookSecret())
})

t.test('header is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>', async (t) => {
  const header = signWebhook(secret, body, now)
  const expected = createHmac('sha256', secret)
    .update(`${now / 1000}.${body}`)
    .digest('hex')
  t.equal(header, `t=${now / 1000},v1=${expected}`)
  t.equal(computeSignature(secret, now / 1000, body), expected)
  t.equal(signWebhook(secret, body, new Date(now + 999)), header, 'seconds, rounded down; a Date works too')
  t.same(verifyWebhook(secret, header, body, { now }), { ok: true, timestamp: now / 1000 })
})

t.test('tolerance: 300 s by default, either side; configurable', async (t) => {
  const header = signWebhook(secret, body, now)
  t.ok(verifyWebhook(secret, header, body, { now: now + 300_000 }).ok, 'exactly 300 s later')
  t.ok(verifyWebhook(secret, header, body, { now: now - 300_000 }).ok, 'clock skew: 300 s earlier')
  t.same(verifyWebhook(secret, header, body, { now: now + 301_000 }), {
    ok: false,
    reason: 'timestamp_out_of_tolerance',
  })
  t.same(verifyWebhook(secret, header, body, { now: now - 301_000 }), {
    ok: false,
    reason: 'timestamp_out_of_tolerance',
  })
  t.ok(verifyWebhook(secret, header, body, { now: now + 3_600_000, toleranceSeconds: 3600 }).ok)
})

t.test('several v1 values (secret rotation): any match verifies; unknown schemes are ignored', async (t) => {
  const other = computeSignature('whsec_00000000000000000000000000000000', now / 1000, body)
  const mine = computeSignature(secret, now / 1000, body)
  t.ok(verifyWebhook(secret, `t=${now / 1000},v1=${other},v1=${mine}`, body, { now }).ok)
  t.ok(verifyWebhook(secret, `v0=abc, t=${now / 1000}, v1=${mine}`, body, { now }).ok, 'order and spaces')
  t.same(verifyWebhook(secret, `t=${now / 1000},v1=${other}`, body, { now }), {
    ok: false,
    reason: 'no_matching_signature',
  })
})

t.test('malformed headers', async (t) => {
  const sig = computeSignature(secret, now / 1000, body)
  for (const header of [
    '',
    'garbage',
    `v1=${sig}`,
    `t=${now / 1000}`,
    `t=abc,v1=${sig}`,
    `t=${now / 1000},t=${now / 1000},v1=${sig}`,
    `t=${now / 1000},v1=${sig.slice(1)}`,
    `t=${now / 1000},v1=${sig.toUpperCase()}`,
  ]) {
    t.same(verifyWebhook(secret, header, body, { now }), { ok: false, reason: 'malformed_header' }, header)
  }
})

t.test('property: a signature verifies with its own secret, body and time', async () => {
  fc.assert(
    fc.property(arbSecret, fc.string({ unit: 'binary' }), arbTime, (s, b, at) => {
      return verifyWebhook(s, signWebhook(s, b, at), b, { now: at }).ok
    }),
    { numRuns: 300 },
  )
})

t.test('property: any other body, secret or timestamp fails', async () => {
  fc.assert(
    fc.property(
      arbSecret,
      arbSecret,
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary' }),
      arbTime,
      fc.integer({ min: -300, max: 300 }).filter((d) => d !== 0),
      (s1, s2, b1, b2, at, shift) => {
        const header = signWebhook(s1, b1, at)
        const otherBody = b1 === b2 || verifyWebhook(s1, header, b2, { now: at }).ok === false
        const otherSecret = s1 === s2 || verifyWebhook(s2, header, b1, { now: at }).ok === false
        // The same v1 under another (in-tolerance) timestamp: the timestamp is signed too.
        const forged = header.replace(/^t=\d+/, `t=${at / 1000 + shift}`)
        const otherTime = verifyWebhook(s1, forged, b1, { now: at }).ok === false
        return otherBody && otherSecret && otherTime
      },
    ),
    { numRuns: 300 },
  )
})

t.test('property: outside the tolerance fails, inside passes', async () => {
  fc.assert(
    fc.property(
      arbSecret,
      arbTime,
      fc.integer({ min: 0, max: 100_000 }),
      fc.boolean(),
      (s, at, delta, later) => {
        const header = signWebhook(s, body, at)
        const result = verifyWebhook(s, header, body, { now: at + (later ? 1 : -1) * delta * 1000 })
        return delta > 300 ? !result.ok && result.reason === 'timestamp_out_of_tolerance' : result.ok
      },
    ),
    { numRuns: 300 },
  )
})

// The receivers' own libraries verify what we send: Stripe's SDK for X-Trackly-Signature, and the reference
// Standard Webhooks library for the webhook-* trio, with the same whsec_ secret.
t.test('property: stripe.webhooks.constructEvent and standardwebhooks verify both signatures', async () => {
  const stripe = new Stripe('sk_test_unused')
  const nowMs = Date.now()
  fc.assert(
    fc.property(arbSecret, fc.stringMatching(/^[A-Za-z0-9]{24}$/), fc.jsonValue(), (s, id, data) => {
      const payload = JSON.stringify({ id, type: 'delivery', data })
      const event = stripe.webhooks.constructEvent(payload, signWebhook(s, payload, nowMs), s)
      const standard = new Webhook(s).verify(payload, standardWebhookHeaders(s, id, payload, nowMs))
      return (
        JSON.stringify(event) === JSON.stringify(JSON.parse(payload)) &&
        JSON.stringify(standard) === JSON.stringify(JSON.parse(payload))
      )
    }),
    { numRuns: 200 },
  )
})

t.test('the libraries refuse another body, another secret and a stale timestamp', async (t) => {
  const stripe = new Stripe('sk_test_unused')
  const other = newWebhookSecret()
  const headers = standardWebhookHeaders(secret, 'd1', body)
  t.throws(() => new Webhook(secret).verify(`${body} `, headers), 'standardwebhooks: body changed')
  t.throws(() => new Webhook(other).verify(body, headers), 'standardwebhooks: other secret')
  t.throws(
    () => new Webhook(secret).verify(body, standardWebhookHeaders(secret, 'd1', body, Date.now() - 600_000)),
    'standardwebhooks: 10 minutes old',
  )
  t.throws(
    () => stripe.webhooks.constructEvent(`${body} `, signWebhook(secret, body), secret),
    'stripe: body',
  )
  t.throws(() => stripe.webhooks.constructEvent(body, signWebhook(secret, body), other), 'stripe: secret')
})

t.test(
  'standard webhook-signature is v1,<base64 HMAC of "id.t.body"> keyed by the decoded secret',
  async (t) => {
    const h = standardWebhookHeaders(secret, 'd1', body, now)
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
    t.equal(key.length, 24, 'the 32 alphanumerics are 24 bytes of base64')
    const expected = createHmac('sha256', key)
      .update(`d1.${now / 1000}.${body}`)
      .digest('base64')
    t.same(h, {
      'webhook-id': 'd1',
      'webhook-timestamp': String(now / 1000),
      'webhook-signature': `v1,${expected}`,
    })
  },
)
