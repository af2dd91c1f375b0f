// Session and two-factor pure parts (core/sessions.ts) and the sign-in notice email: session lifetimes, cookie
// flags, the CSRF comparison, recovery code shape and normalisation, display names.
import fc from 'fast-check'
import t from 'tap'
import { FORGOT_PASSWORD_PATH, pageLink, signInNoticeEmail } from '../../core/emails.js'
import {
  csrfTokensMatch,
  displayName,
  hashRecoveryCode,
  newRecoveryCode,
  normalizeRecoveryCode,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionCookieOptions,
  sessionTtlMs,
} from '../../core/sessions.js'

t.test('a session lives 14 idle days, never past 30 days from sign-in', async (t) => {
  const day = 86_400_000
  t.equal(sessionTtlMs(0, 0), SESSION_IDLE_MS)
  t.equal(sessionTtlMs(0, 20 * day), 10 * day, 'the cap shortens the idle window near its end')
  t.equal(sessionTtlMs(0, 30 * day), 0, 'ended at the cap')
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 42 }),
      fc.integer({ min: 0, max: 60 * day }),
      (created, age) => {
        const ttl = sessionTtlMs(created, created + age)
        t.ok(ttl <= SESSION_IDLE_MS)
        t.ok(created + age + ttl <= created + SESSION_ABSOLUTE_MS, 'never past the cap')
        t.equal(ttl > 0, age < SESSION_ABSOLUTE_MS)
      },
    ),
  )
})

t.test('the cookie is HttpOnly, SameSite=Lax, site-wide, and Secure exactly over https', async (t) => {
  t.same(sessionCookieOptions('https://app.example.com'), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: true,
  })
  t.equal(sessionCookieOptions('http://127.0.0.1:3000').secure, false)
  t.equal(sessionCookieOptions('https://proxy.example/trackly').secure, true)
})

t.test('CSRF tokens match only when equal', async (t) => {
  t.ok(csrfTokensMatch('abc', 'abc'))
  t.notOk(csrfTokensMatch(undefined, 'abc'))
  t.notOk(csrfTokensMatch('', 'abc'))
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      t.equal(csrfTokensMatch(a, b), a === b)
    }),
  )
})

t.test('recovery codes: 80 random bits in four groups, read back however they are typed', async (t) => {
  const codes = Array.from({ length: 200 }, newRecoveryCode)
  t.equal(new Set(codes).size, codes.length)
  for (const code of codes) {
    t.match(code, /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/)
    const canonical = code.replaceAll('-', '')
    t.equal(normalizeRecoveryCode(code), canonical)
    t.equal(normalizeRecoveryCode(` ${code.toUpperCase().replaceAll('-', ' ')} `), canonical)
    t.equal(normalizeRecoveryCode(canonical.replaceAll('1', 'l').replaceAll('0', 'O')), canonical)
  }
  // Every character position is used: the first character is not stuck at a few values.
  t.ok(new Set(codes.map((c) => c[0])).size > 16)
  for (const bad of [
    '',
    'abcd-efgh',
    'abcd-efgh-ijkm-npqr-s',
    'uuuu-uuuu-uuuu-uuuu',
    '0000-0000-0000-000!',
  ]) {
    t.equal(normalizeRecoveryCode(bad), undefined, JSON.stringify(bad))
  }
  t.match(hashRecoveryCode('0123456789abcdef'), /^[0-9a-f]{64}$/)
  t.not(hashRecoveryCode('0123456789abcdef'), hashRecoveryCode('0123456789abcdeg'))
})

t.test('the name shown is the user’s own, else the email before the @', async (t) => {
  t.equal(displayName('Ada Lovelace', 'ada@example.com'), 'Ada Lovelace')
  t.equal(displayName(null, 'ada@example.com'), 'ada')
  t.equal(displayName('   ', 'ada@example.com'), 'ada')
})

t.test(
  'the sign-in notice: one-line subject, facts escaped in the HTML, a link to reset the password',
  async (t) => {
    const link = pageLink('https://app.example.com/trackly/', FORGOT_PASSWORD_PATH)
    t.equal(link, 'https://app.example.com/trackly/forgot-password')
    const mail = signInNoticeEmail({
      address: '203.0.113.9',
      userAgent: '<script>alert(1)</script>\r\nBcc: x@evil.example',
      at: new Date('2030-01-02T03:04:05Z'),
      resetLink: link,
    })
    t.equal(mail.subject, 'New sign-in to your Trackly login')
    t.match(mail.text, '203.0.113.9')
    t.match(mail.text, '2030-01-02 03:04 UTC')
    t.match(mail.text, link)
    t.notMatch(mail.text, /\r|\nBcc/, 'the browser string stays on one line')
    t.notMatch(mail.html, '<script>')
    t.match(mail.html, '&lt;script&gt;')
    t.match(mail.html, `href="${link}"`)
    t.match(
      signInNoticeEmail({ address: '::1', userAgent: undefined, at: new Date(), resetLink: link }).text,
      'unknown browser',
    )
  },
)
