// Invitations and password resets by email (issues 12 and 14), over real HTTP and real SMTP: the API sends to a
// receiver of this file's own, the tests read the mail that arrived and follow its link. The invitation token
// reaches only the invitee's mailbox, so the accept route cannot be used to test a password.
import { createServer } from 'node:net'
import t from 'tap'
import { apiApp } from '../../api/app.js'
import { randomAlphanumeric } from '../../core/ids.js'
import { Shared } from '../../lib/deps.js'
import { createMailer } from '../../lib/mailer.js'
import { buildHttpApp } from '../../lib/server.js'
import { verifyPassword } from '../../services/passwords.js'
import { linkIn, tokenIn } from '../harness/mail.js'
import { createFixture, startTestPlatform } from '../harness/platform.js'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

// The public URL is the address the API really listens on, so the links in the mail can be followed.
const port = await freePort()
const publicUrl = `http://127.0.0.1:${port}`
const p = await startTestPlatform(t, { roles: ['api'], apiPort: port, publicUrl })
const pool = p.deps.postgres.acquire().pool
t.teardown(() => p.deps.postgres.release())
const ownerA = await createFixture(p, 'http://trk.example')
const ownerB = await createFixture(p, 'http://trk.example')

const address = (tag: string) => `${tag}-${randomAlphanumeric(10).toLowerCase()}@example.test`

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, body: (await res.json()) as any }
}

const passwordHashOf = async (email: string): Promise<string | null> =>
  (await pool.query('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0]?.password_hash ??
  null

const newUser = address('invitee')
const firstPassword = 'first password'

t.test('invite → the mail → its link → accept: a new user sets a password', async (t) => {
  // A Host and X-Forwarded-Host of the attacker's choosing must not reach the link.
  const invited = await api(
    'POST',
    '/api/v2/team/invitations',
    { email: newUser, role: 'member' },
    { 'x-api-key': ownerA.apiKey, 'x-forwarded-host': 'evil.example', host: 'evil.example' },
  )
  t.equal(invited.status, 200)
  t.same(Object.keys(invited.body).sort(), ['invitation', 'success'], 'the reply carries no link')

  const mail = await p.mail.mailTo(newUser)
  t.equal(mail.envelope.to.join(), newUser)
  t.match(mail.subject, /^You are invited to Test \w+ on Trackly$/)
  const link = linkIn(mail)
  t.equal(link.origin, publicUrl, 'the link is on the configured public URL')
  t.equal(link.pathname, '/accept-invitation', 'the link opens the dashboard page')
  t.match(mail.html, `href="${link.href}"`, 'the HTML body carries the same link')
  t.notMatch(JSON.stringify(invited.body), tokenIn(mail), 'the token is not in the reply')

  const page = await fetch(link, { headers: { accept: 'text/html' } })
  t.equal(page.status, 200, 'the link opens')
  t.match(page.headers.get('content-type'), /text\/html/, 'the page (test setup builds dist/web)')
  const opened = await api('GET', `/api/v2/invitations/accept?token=${tokenIn(mail)}`)
  t.equal(opened.status, 200, 'the page asks the API what the token opens')
  t.match(opened.body, { email: newUser, role: 'member', existing_user: false })

  const token = tokenIn(mail)
  const noPassword = await api('POST', '/api/v2/invitations/accept', { token })
  t.same([noPassword.status, noPassword.body.code], [400, 'missing_password'])
  const accepted = await api('POST', '/api/v2/invitations/accept', { token, password: firstPassword })
  t.match(accepted.body, { success: true, account_id: ownerA.accountId, role: 'member', new_user: true })
  t.ok(await verifyPassword(firstPassword, (await passwordHashOf(newUser)) as string), 'the password is set')
  const again = await api('POST', '/api/v2/invitations/accept', { token, password: firstPassword })
  t.equal(again.body.code, 'invalid_token', 'the link works once')
})

t.test(
  'an existing user joins through the emailed link alone; the inviter cannot test a password',
  async (t) => {
    const invited = await api(
      'POST',
      '/api/v2/team/invitations',
      { email: newUser, role: 'viewer' },
      { 'x-api-key': ownerB.apiKey },
    )
    t.equal(invited.status, 200)
    t.same(Object.keys(invited.body).sort(), ['invitation', 'success'])
    t.notMatch(JSON.stringify(invited.body), /[A-Za-z0-9_-]{43}/, 'nothing token-shaped reaches the inviter')

    // The inviter's guesses: without the emailed token every try is the same refusal, whatever the password.
    const hashBefore = await passwordHashOf(newUser)
    for (let i = 0; i < 50; i++) {
      const guess = await api('POST', '/api/v2/invitations/accept', {
        token: randomAlphanumeric(43),
        password: i === 49 ? firstPassword : `guess number ${i}`,
      })
      if (guess.body.code !== 'invalid_token') t.fail(`guess ${i} answered ${JSON.stringify(guess.body)}`)
    }
    t.pass('50 guesses, 50 identical invalid_token answers')

    const mail = await p.mail.mailTo(newUser, 2)
    t.match(mail.text, /No password is asked/)
    const opened = await api('GET', `/api/v2/invitations/accept?token=${tokenIn(mail)}`)
    t.equal(opened.body.existing_user, true)
    // Whatever password comes along is neither checked nor stored.
    const joined = await api('POST', '/api/v2/invitations/accept', {
      token: tokenIn(mail),
      password: 'not the password',
    })
    t.match(joined.body, { success: true, account_id: ownerB.accountId, role: 'viewer', new_user: false })
    t.equal(await passwordHashOf(newUser), hashBefore, 'the password is unchanged')
    const team = await api('GET', '/api/v2/team', undefined, { 'x-api-key': ownerB.apiKey })
    t.ok(
      team.body.members.some((m: { email: string }) => m.email === newUser),
      'a member of the second account',
    )
  },
)

t.test('forgot → the reset mail → its link → confirm → the new password works', async (t) => {
  const asked = await api('POST', '/api/v2/auth/password-reset', { email: newUser.toUpperCase() })
  t.same([asked.status, asked.body], [200, { success: true }])
  const mail = await p.mail.mailTo(newUser, 3)
  t.equal(mail.subject, 'Reset your Trackly password')
  const link = linkIn(mail)
  t.equal(`${link.origin}${link.pathname}`, `${publicUrl}/reset-password`)
  t.match(mail.html, `href="${link.href}"`)
  t.equal((await fetch(link, { headers: { accept: 'text/html' } })).status, 200, 'the link opens the page')
  const preview = `/api/v2/auth/password-reset/confirm?token=${tokenIn(mail)}`
  const opened = await api('GET', preview)
  t.equal(opened.status, 200)
  t.match(opened.body, { email: newUser })

  const confirmed = await api('POST', '/api/v2/auth/password-reset/confirm', {
    token: tokenIn(mail),
    password: 'a new password',
  })
  t.same([confirmed.status, confirmed.body], [200, { success: true }])
  const hash = (await passwordHashOf(newUser)) as string
  t.ok(await verifyPassword('a new password', hash), 'the new password signs in')
  t.notOk(await verifyPassword(firstPassword, hash), 'the old one no longer does')
  t.equal((await api('GET', preview)).status, 400, 'the link is used up')

  // An unknown email gets the same answer and no mail.
  const nobody = address('nobody')
  const unknown = await api('POST', '/api/v2/auth/password-reset', { email: nobody })
  t.same([unknown.status, unknown.body], [200, { success: true }])
  await new Promise((r) => setTimeout(r, 500))
  t.equal(p.mail.countTo(nobody), 0)
})

t.test('SMTP unreachable: the invitation is refused and nothing is stored', async (t) => {
  // The same API and services, with a mailer whose SMTP server does not answer.
  const config = { ...p.config, smtpUrl: `smtp://127.0.0.1:${await freePort()}` }
  const mailer = new Shared(
    'mailer',
    () => createMailer(config),
    async (m) => m.close(),
  )
  const app = await buildHttpApp(apiApp, { ...p.deps, config, mailer })
  t.teardown(() => app.close())
  const email = address('unsent')
  const res = await app.inject({
    method: 'POST',
    url: '/api/v2/team/invitations',
    headers: { 'x-api-key': ownerA.apiKey },
    payload: { email, role: 'member' },
  })
  t.same([res.statusCode, res.json().code], [503, 'service_unavailable'])
  const stored = await pool.query('SELECT count(*)::int AS n FROM invitations WHERE email = $1', [email])
  t.equal(stored.rows[0].n, 0, 'no invitation without its email')
  const audit = await pool.query(
    `SELECT count(*)::int AS n FROM audit_log WHERE account_id = $1 AND action = 'invitation.created'
        AND detail->>'email' = $2`,
    [ownerA.accountId, email],
  )
  t.equal(audit.rows[0].n, 0, 'no audit row for it either')
  const reset = await app.inject({
    method: 'POST',
    url: '/api/v2/auth/password-reset',
    payload: { email: newUser },
  })
  t.same([reset.statusCode, reset.json()], [200, { success: true }], 'a reset answers alike, mail or not')
})
