// Pure rules of the team and password flows: token format and hashing, lifetimes, the password rule, emails.
import fc from 'fast-check'
import t from 'tap'
import {
  expiryFrom,
  hashToken,
  INVITATION_TTL_MS,
  isEmail,
  isStrongEnoughPassword,
  newSecretToken,
  normalizeEmail,
  PASSWORD_RESET_TTL_MS,
  TOKEN_PATTERN,
  tokenState,
} from '../../core/tokens.js'

t.test('tokens: 256 random bits, URL-safe, distinct, hashed to 64 hex', async (t) => {
  const seen = new Set<string>()
  for (let i = 0; i < 200; i++) {
    const token = newSecretToken()
    t.match(token, TOKEN_PATTERN)
    t.equal(Buffer.from(token, 'base64url').length, 32)
    t.equal(encodeURIComponent(token), token, 'needs no escaping in a query string')
    seen.add(token)
  }
  t.equal(seen.size, 200)
  const token = newSecretToken()
  t.match(hashToken(token), /^[0-9a-f]{64}$/)
  t.equal(hashToken(token), hashToken(token))
  t.not(hashToken(token), hashToken(newSecretToken()))
})

t.test('lifetimes: invitations 7 days, password resets 1 hour', async (t) => {
  const now = new Date('2026-01-01T00:00:00Z')
  t.equal(expiryFrom(now, INVITATION_TTL_MS).toISOString(), '2026-01-08T00:00:00.000Z')
  t.equal(expiryFrom(now, PASSWORD_RESET_TTL_MS).toISOString(), '2026-01-01T01:00:00.000Z')
})

t.test('token state: valid before expiry, expired from it on, used wins', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 4e12 }),
      fc.integer({ min: -1e10, max: 1e10 }),
      fc.boolean(),
      (nowMs, offset, used) => {
        const now = new Date(nowMs)
        const state = tokenState({ expiresAt: new Date(nowMs + offset), usedAt: used ? now : null }, now)
        if (used) return state === 'used'
        return state === (offset > 0 ? 'valid' : 'expired')
      },
    ),
  )
})

t.test('passwords need 8 characters, counted as the user sees them', async (t) => {
  t.notOk(isStrongEnoughPassword(''))
  t.notOk(isStrongEnoughPassword('1234567'))
  t.ok(isStrongEnoughPassword('12345678'))
  t.notOk(isStrongEnoughPassword('😀😀😀😀'), 'four emoji are 8 UTF-16 units but 4 characters')
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
      (pw) => isStrongEnoughPassword(pw) === pw.length >= 8,
    ),
  )
})

t.test('emails: normalised to lower case without blanks; obvious non-emails refused', async (t) => {
  t.equal(normalizeEmail('  Ann@Example.COM '), 'ann@example.com')
  for (const ok of ['a@b.co', 'first.last+tag@sub.example.org']) t.ok(isEmail(ok), ok)
  for (const bad of ['', 'a', 'a@b', '@b.co', 'a b@c.co', 'a@b .co', `${'x'.repeat(250)}@b.co`])
    t.notOk(isEmail(bad), bad)
  fc.assert(fc.property(fc.emailAddress(), (email) => isEmail(normalizeEmail(email)) || email.length > 254))
})
