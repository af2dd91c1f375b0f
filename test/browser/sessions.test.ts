// Signing in and out in Chromium against the real API (issue 14): email and password, keyboard only, a wrong
// password; two-factor enrolment in Settings → Security and sign-in with a code and with a recovery code; switching
// between a user's accounts; a viewer sees no write control (and the API refuses the write anyway); "sign out
// everywhere" ends the user's sessions in every browser. axe on every page visited.
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import {
  accountWithOwner,
  addUser,
  launchChromium,
  newPage,
  seriousA11yProblems,
  signedIn,
  signIn,
  startBrowserPlatform,
  totpCode,
} from '../harness/browser.js'

const platform = await startBrowserPlatform(t, { roles: ['api'] })
const base = platform.apiUrl
const browser = await launchChromium(t)
const alpha = await accountWithOwner(platform, { name: 'Alpha Deals' })
const beta = await accountWithOwner(platform, { name: 'Beta Offers', email: alpha.email })

/** A schedule in the account, created over the API with its key. */
async function schedule(account: { apiKey: string; accountId: string }, name: string): Promise<string> {
  const pg = platform.deps.postgres.acquire()
  try {
    const id = newObjectId()
    await pg.pool.query(
      `INSERT INTO schedules (id, account_id, name, send_type, status, is_repeating, send_time, send_date, audience_ids)
       VALUES ($1, $2, $3, 'blast', 'off', false, '10:00', '2030-01-01', ARRAY[]::text[])`,
      [id, account.accountId, name],
    )
    return id
  } finally {
    await platform.deps.postgres.release()
  }
}
const alphaSchedule = await schedule(alpha, 'Alpha spring campaign')
await schedule(beta, 'Beta winter campaign')

t.test('email and password sign in to the overview; a wrong password does not', async (t) => {
  const page = await newPage(browser, t)
  await signIn(page, base, { email: alpha.email, password: 'not the password' })
  t.match(await page.getByRole('alert').textContent(), /./, 'the refusal is announced')
  t.equal(new URL(page.url()).pathname, '/sign-in')

  await signIn(page, base, alpha)
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  await page.waitForLoadState('networkidle')
  t.same(await seriousA11yProblems(page), [], 'overview')
})

t.test('keyboard only: focus starts in Email, Tab reaches Password, Enter signs in', async (t) => {
  const page = await newPage(browser, t)
  await page.goto(`${base}/sign-in`)
  await page.getByLabel('Email').waitFor()
  const focused = () => page.evaluate<string>("document.activeElement?.getAttribute('name') ?? ''")
  t.equal(await focused(), 'email', 'the email field has focus on arrival')
  await page.keyboard.type(alpha.email)
  await page.keyboard.press('Tab')
  t.equal(await focused(), 'password', 'Tab moves to the password')
  await page.keyboard.type(alpha.password)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  t.pass('signed in without the mouse')
})

t.test('a user with two accounts switches between them', async (t) => {
  const { context, page } = await signedIn(browser, base, alpha)
  t.teardown(() => context.close())
  await page.goto(`${base}/campaigns`)
  const first = (await page.getByRole('table').textContent()) ?? ''
  const [shown, hidden] = first.includes('Alpha spring campaign')
    ? ['Alpha spring campaign', 'Beta winter campaign']
    : ['Beta winter campaign', 'Alpha spring campaign']
  t.notMatch(first, hidden, 'one account at a time')
  const other = shown.startsWith('Alpha') ? 'Beta Offers' : 'Alpha Deals'
  await page.getByRole('button', { name: /Account/ }).click()
  await page.getByRole('option', { name: new RegExp(other) }).click()
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  await page.goto(`${base}/campaigns`)
  await page.getByRole('link', { name: hidden }).waitFor()
  t.notMatch((await page.getByRole('table').textContent()) ?? '', shown, 'the other account’s campaigns')
  t.same(await seriousA11yProblems(page), [], 'campaigns')
})

t.test('a viewer finds no write control, and the API refuses the write anyway', async (t) => {
  const viewer = await addUser(platform, alpha.accountId, 'viewer')
  const writeControls = async (page: import('playwright-core').Page) => {
    let total = 0
    for (const path of ['/campaigns', `/campaigns/${alphaSchedule}`, '/settings/security']) {
      await page.goto(`${base}${path}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await page.waitForLoadState('networkidle')
      total += await page.locator('[data-write]').count()
      t.same(await seriousA11yProblems(page), [], path)
    }
    return total
  }
  const asOwner = await signedIn(browser, base, alpha)
  t.teardown(() => asOwner.context.close())
  t.ok((await writeControls(asOwner.page)) > 0, 'an owner has write controls on these pages')

  const { context, page } = await signedIn(browser, base, viewer)
  t.teardown(() => context.close())
  t.equal(await writeControls(page), 0, 'a viewer has none')
  t.equal(await page.getByRole('switch').count(), 0)
  const session = await (await page.request.get(`${base}/api/v2/auth/session`)).json()
  const refused = await page.request.put(`${base}/api/v2/schedules/${alphaSchedule}`, {
    data: { status: 'on' },
    headers: { 'x-csrf-token': session.csrf_token },
  })
  t.equal(refused.status(), 403, 'the API refuses a viewer’s write')
})

t.test(
  'two-factor: enrol in Settings → Security, then sign in with a code and with a recovery code',
  async (t) => {
    const user = await accountWithOwner(platform, { name: 'Gamma Two-Factor' })
    const { context, page } = await signedIn(browser, base, user)
    t.teardown(() => context.close())
    await page.goto(`${base}/settings/security`)
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
    await page.getByRole('img', { name: 'QR code of the two-factor secret' }).waitFor()
    t.same(await seriousA11yProblems(page), [], 'the enrolment step')
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? ''
    t.match(secret, /^[A-Z2-7]{16,}$/, 'the key is shown as text too')
    await page.getByLabel('Code from the app').fill(totpCode(secret))
    await page.getByRole('button', { name: 'Turn on' }).click()
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
    await codes.first().waitFor()
    t.equal(await codes.count(), 10, 'ten recovery codes, shown once')
    const recovery = ((await codes.nth(3).textContent()) ?? '').trim()
    await page.getByRole('button', { name: 'I have saved them' }).click()
    await page.getByText('Two-factor authentication is on.').waitFor()

    // The code of the next time step: the one used to enrol cannot be used again.
    const next = await newPage(browser, t)
    await signIn(next, base, user)
    await next.getByRole('heading', { name: 'Two-factor authentication' }).waitFor()
    t.same(await seriousA11yProblems(next), [], 'the code step')
    await next.getByLabel('Authentication code').fill(totpCode(secret, 30))
    await next.getByLabel('Authentication code').press('Enter')
    await next.getByRole('heading', { name: 'Overview' }).waitFor()
    t.pass('signed in with password and code')

    const third = await newPage(browser, t)
    await signIn(third, base, user)
    await third.getByRole('button', { name: 'Use a recovery code instead' }).click()
    await third.getByLabel('Recovery code').fill(recovery)
    await third.getByRole('button', { name: 'Verify' }).click()
    await third.getByRole('heading', { name: 'Overview' }).waitFor()
    t.pass('signed in with a recovery code')

    const again = await newPage(browser, t)
    await signIn(again, base, user)
    await again.getByRole('button', { name: 'Use a recovery code instead' }).click()
    await again.getByLabel('Recovery code').fill(recovery)
    await again.getByRole('button', { name: 'Verify' }).click()
    await again.getByRole('alert').waitFor()
    t.equal(new URL(again.url()).pathname, '/sign-in', 'a recovery code works once')
  },
)

t.test('sign out everywhere ends the session in the other browser too', async (t) => {
  const first = await signedIn(browser, base, alpha)
  const second = await signedIn(browser, base, alpha)
  t.teardown(() => Promise.all([first.context.close(), second.context.close()]))
  t.equal((await second.page.request.get(`${base}/api/v2/auth/session`)).status(), 200, 'both signed in')
  await first.page.getByRole('button', { name: 'Sign out everywhere' }).click()
  await first.page.getByRole('heading', { name: 'Sign in' }).waitFor()
  t.equal(
    (await second.page.request.get(`${base}/api/v2/auth/session`)).status(),
    401,
    'the other session ended',
  )
  await second.page.reload()
  await second.page.getByRole('heading', { name: 'Sign in' }).waitFor()
  t.pass('the other browser is back on the sign-in page')
})

t.test('an owner requires two-factor: a member without it is sent to Security until it is on', async (t) => {
  const owner = await accountWithOwner(platform, { name: 'Delta Strict' })
  const member = await addUser(platform, owner.accountId, 'member')
  const asOwner = await signedIn(browser, base, owner)
  t.teardown(() => asOwner.context.close())
  await asOwner.page.goto(`${base}/settings/security`)
  const require = asOwner.page.getByRole('switch', { name: /Require two-factor/ })
  await require.waitFor()
  // From the keyboard: the switch takes focus and Space turns it on.
  await require.focus()
  await asOwner.page.keyboard.press('Space')
  // The owner has no two-factor either: the page now asks them to turn it on too.
  await asOwner.page.getByRole('alert').filter({ hasText: 'requires two-factor authentication' }).waitFor()
  const policy = await fetch(`${base}/api/v2/account/security`, { headers: { 'x-api-key': owner.apiKey } })
  t.same(await policy.json(), { require_two_factor: true }, 'the account requires two-factor')

  const page = await newPage(browser, t)
  await signIn(page, base, member)
  await page.getByRole('alert').filter({ hasText: 'requires two-factor authentication' }).waitFor()
  t.equal(new URL(page.url()).pathname, '/settings/security', 'sent to Security')
  await page.goto(`${base}/campaigns`)
  await page.getByRole('heading', { name: 'Security' }).waitFor()
  t.equal(new URL(page.url()).pathname, '/settings/security', 'other pages send it back')
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click()
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? ''
  await page.getByLabel('Code from the app').fill(totpCode(secret))
  await page.getByRole('button', { name: 'Turn on' }).click()
  await page.getByRole('button', { name: 'I have saved them' }).click()
  await page.getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor()
  t.pass('with two-factor on, the member reaches the account')
})
