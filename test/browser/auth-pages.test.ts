// The signed-out pages in Chromium, through the real mail: forgot password → the emailed link → the reset page →
// a new password; an invitation → its link → the accept page → a new user's password. axe finds no serious or
// critical violation on any of them.
import t from 'tap'
import { randomAlphanumeric } from '../../core/ids.js'
import { verifyPassword } from '../../services/passwords.js'
import {
  accountWithOwner,
  launchChromium,
  newPage,
  seriousA11yProblems,
  startBrowserPlatform,
} from '../harness/browser.js'
import { linkIn } from '../harness/mail.js'

const platform = await startBrowserPlatform(t, { roles: ['api'] })
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform)

const passwordHashOf = async (email: string): Promise<string> => {
  const pg = platform.deps.postgres.acquire()
  try {
    const { rows } = await pg.pool.query('SELECT password_hash FROM users WHERE email = $1', [email])
    return rows[0]?.password_hash ?? ''
  } finally {
    await platform.deps.postgres.release()
  }
}

t.test('sign-in, forgot and reset pages have no serious accessibility problem', async (t) => {
  const page = await newPage(browser, t)
  for (const path of [
    '/sign-in',
    '/forgot-password',
    '/reset-password?token=nope',
    '/accept-invitation?token=nope',
  ]) {
    await page.goto(`${base}${path}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.waitForLoadState('networkidle')
    t.same(await seriousA11yProblems(page), [], path)
  }
  t.match(
    await page.getByRole('alert').textContent(),
    /invalid|expired|not/i,
    'an unknown token is explained',
  )
})

t.test('forgot password → the mail → the reset page → the new password is stored', async (t) => {
  const page = await newPage(browser, t)
  await page.goto(`${base}/sign-in`)
  await page.getByRole('link', { name: 'Forgot password?' }).click()
  await page.getByRole('heading', { name: 'Reset your password' }).waitFor()
  await page.getByLabel('Email').fill(owner.email)
  await page.getByRole('button', { name: 'Email me a reset link' }).click()
  await page.getByRole('status').filter({ hasText: 'reset link is on its way' }).waitFor()

  const link = linkIn(await platform.mail.mailTo(owner.email))
  t.equal(link.pathname, '/reset-password')
  await page.goto(link.href)
  await page.getByText(`Choose a new password for ${owner.email}`).waitFor()
  t.same(await seriousA11yProblems(page), [], 'the reset page with a real token')
  await page.getByLabel('New password').fill('browser reset 1')
  await page.getByRole('button', { name: 'Set password' }).click()
  await page.getByText('Your password is changed.').waitFor()
  t.ok(
    await verifyPassword('browser reset 1', await passwordHashOf(owner.email)),
    'the new password is stored',
  )
})

t.test('an invitation → its link → the accept page → the new user sets a password', async (t) => {
  const invitee = `invitee-${randomAlphanumeric(8).toLowerCase()}@example.test`
  const invited = await fetch(`${base}/api/v2/team/invitations`, {
    method: 'POST',
    headers: { 'x-api-key': owner.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: invitee, role: 'viewer' }),
  })
  t.equal(invited.status, 200)
  const link = linkIn(await platform.mail.mailTo(invitee))
  t.equal(link.pathname, '/accept-invitation')
  const page = await newPage(browser, t)
  await page.goto(link.href)
  await page.getByText(`${invitee} is invited to join`).waitFor()
  t.same(await seriousA11yProblems(page), [], 'the invitation page')
  await page.getByLabel('Choose a password').fill('invited password 1')
  await page.getByRole('button', { name: 'Accept invitation' }).click()
  await page.getByRole('status').filter({ hasText: 'Welcome to' }).waitFor()
  t.ok(
    await verifyPassword('invited password 1', await passwordHashOf(invitee)),
    'the new user has the password',
  )
})
