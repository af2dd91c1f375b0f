// The invitation and password-reset emails (core/emails.ts) and the email settings of core/config.ts: links on
// the public URL only, values escaped in HTML, one-line subjects.
import fc from 'fast-check'
import t from 'tap'
import {
  escapeHtml,
  INVITATION_PATH,
  invitationEmail,
  PASSWORD_RESET_PATH,
  passwordResetEmail,
  tokenLink,
} from '../../core/emails.js'
import { loadConfig } from '../../lib/config.js'

const TOKEN = 'AbC-_0123456789abcdefghijklmnopqrstuvwxyzAB'
const decodeHtml = (html: string) =>
  html
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')

t.test('token links are built on the public URL, keeping a path prefix', async (t) => {
  t.equal(
    tokenLink('https://app.example.com', INVITATION_PATH, TOKEN),
    `https://app.example.com/accept-invitation?token=${TOKEN}`,
  )
  t.equal(
    tokenLink('https://example.com/trackly/', PASSWORD_RESET_PATH, TOKEN),
    `https://example.com/trackly/reset-password?token=${TOKEN}`,
  )
  fc.assert(
    fc.property(
      fc.constantFrom('http://127.0.0.1:3000', 'https://a.example', 'https://b.example/x/y'),
      fc.string({ unit: fc.constantFrom(...'ab+/=&?#% _-Z9é'), minLength: 1, maxLength: 60 }),
      (base, token) => {
        const link = new URL(tokenLink(base, INVITATION_PATH, token))
        return link.searchParams.get('token') === token && link.href.startsWith(base) && link.hash === ''
      },
    ),
  )
})

t.test('escapeHtml leaves no markup and loses nothing', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      const escaped = escapeHtml(s)
      return !/[<>"']/.test(escaped) && decodeHtml(escaped) === s
    }),
  )
  t.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
})

t.test('invitation email: escaped account name, one-line subject, the link in both bodies', async (t) => {
  const link = tokenLink('https://app.example.com', INVITATION_PATH, TOKEN)
  const hostile = '<img src=x onerror=alert(1)>\r\nBcc: victim@example.com'
  const mail = invitationEmail({
    link,
    accountName: hostile,
    role: 'member',
    expiresAt: new Date('2026-01-08T10:00:00Z'),
    existingUser: false,
  })
  t.notMatch(mail.subject, /[\r\n]/, 'no header can be injected through the subject')
  t.match(mail.subject, /^You are invited to <img .* Bcc: victim@example.com on Trackly$/)
  t.notMatch(mail.html, /<img/, 'no markup from the account name')
  t.match(mail.html, '&lt;img src=x onerror=alert(1)&gt;')
  t.equal(mail.text.split(link).length, 2, 'the text carries the link once')
  t.match(mail.html, `href="${link}"`)
  t.match(mail.text, /choose a password/)
  t.match(mail.text, /2026-01-08 10:00 UTC/)

  const existing = invitationEmail({
    link,
    accountName: 'Acme',
    role: 'viewer',
    expiresAt: new Date(),
    existingUser: true,
  })
  t.match(existing.text, /No password is asked/)
  t.notMatch(existing.text, /choose a password/)
  // Whatever the name, the HTML has exactly the template's tags.
  const tags = (html: string) => html.match(/[<>]/g)?.length
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (accountName, existingUser) => {
      const input = { link, role: 'owner', expiresAt: new Date(), existingUser }
      const m = invitationEmail({ ...input, accountName })
      const plain = invitationEmail({ ...input, accountName: 'Acme' })
      return (
        !/[\r\n]/.test(m.subject) && tags(m.html) === tags(plain.html) && m.html.includes(`href="${link}"`)
      )
    }),
  )
})

t.test('password reset email: the link, its 1-hour life', async (t) => {
  const link = tokenLink('https://app.example.com', PASSWORD_RESET_PATH, TOKEN)
  const mail = passwordResetEmail({ link, expiresAt: new Date('2026-01-01T01:00:00Z') })
  t.equal(mail.subject, 'Reset your Trackly password')
  t.equal(mail.text.split(link).length, 2)
  t.match(mail.html, `href="${link}"`)
  t.match(mail.text, /2026-01-01 01:00 UTC \(1 hour\)/)
})

t.test(
  'config: PUBLIC_URL without trailing slash, SMTP_URL defaults to the local receiver outside production',
  async (t) => {
    const dir = '/tmp/trackly-emails-unit'
    const dev = loadConfig({ TRACKLY_DATA_DIR: dir, API_PORT: '3100' })
    t.equal(dev.publicUrl, 'http://127.0.0.1:3100')
    t.equal(dev.smtpUrl, 'smtp://127.0.0.1:51025')
    const set = loadConfig({
      TRACKLY_DATA_DIR: dir,
      PUBLIC_URL: 'https://app.example.com/',
      SMTP_URL: 'smtps://u:p@mail.example.com',
    })
    t.equal(set.publicUrl, 'https://app.example.com')
    t.equal(set.smtpUrl, 'smtps://u:p@mail.example.com')
    const prod = loadConfig({
      TRACKLY_DATA_DIR: dir,
      NODE_ENV: 'production',
      TRACKLY_SECRET_KEY: 'a'.repeat(64),
    })
    t.equal(prod.smtpUrl, undefined, 'production sends nothing until SMTP_URL is set')
    t.throws(() => loadConfig({ TRACKLY_DATA_DIR: dir, PUBLIC_URL: 'app.example.com' }), /publicUrl/)
    t.throws(() => loadConfig({ TRACKLY_DATA_DIR: dir, SMTP_URL: 'http://mail.example.com' }), /smtpUrl/)
  },
)
