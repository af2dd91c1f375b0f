// Settings in Chromium against the real API (issue 16): an owner changes account settings through the form (a bad
// value is refused beside its field) and finds them after a reload; creates a key, sees it once, revokes it; invites
// a viewer; reads the changes in the audit log. A viewer finds no write control on these pages. axe on every page.
import t from 'tap'
import {
  accountWithOwner,
  addUser,
  launchChromium,
  seriousA11yProblems,
  signedIn,
  startBrowserPlatform,
} from '../harness/browser.js'

const platform = await startBrowserPlatform(t, { roles: ['api'] })
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform, { name: 'Settings Deals' })
const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page

/** The form's role choice (a member's row has its own, named after the member). */
const ROLE_SELECT = /^(Owner|Member|Viewer) Role$|^Role (Owner|Member|Viewer)$/

const open = async (path: string, heading: string) => {
  await page.goto(`${base}${path}`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await page.waitForLoadState('networkidle')
}

t.test('account settings: a bad value is refused beside its field; a change persists', async (t) => {
  await open('/settings/account', 'Account settings')
  t.same(await seriousA11yProblems(page), [], 'account settings page')
  const prefix = page.getByRole('textbox', { name: 'Template prefix' })
  const zone = page.getByRole('textbox', { name: 'Default time zone' })
  await prefix.fill('Deal {{link1}}: ')
  await zone.fill('Mars/Olympus')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await page.getByText('A template cannot hold a {{linkN}} placeholder').waitFor()
  await page.getByText('Enter an IANA time zone').waitFor()
  t.equal(await prefix.getAttribute('aria-invalid'), 'true', 'the prefix field is marked invalid')
  t.same(await seriousA11yProblems(page), [], 'with errors shown')

  await prefix.fill('[{{brand_name}}] ')
  await zone.fill('America/Chicago')
  await page.getByRole('textbox', { name: 'Brand name' }).fill('Settings Deals')
  const quiet = page.getByRole('switch', { name: /Quiet hours/ })
  const quietBefore = await quiet.isChecked()
  await quiet.click({ force: true })
  await page.getByRole('button', { name: /Spam complaints/ }).click()
  await page.getByRole('option', { name: 'Unsubscribe, like a STOP' }).click()
  await page.getByRole('button', { name: 'Save settings' }).click()
  await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor()

  await page.reload()
  await prefix.waitFor()
  t.equal(await prefix.inputValue(), '[{{brand_name}}] ', 'the prefix after a reload')
  t.equal(await zone.inputValue(), 'America/Chicago')
  t.equal(await quiet.isChecked(), !quietBefore, 'quiet hours switched')
  t.match(await page.getByRole('button', { name: /Spam complaints/ }).textContent(), /Unsubscribe/)
  const api = await (await page.request.get(`${base}/api/v2/account/settings`)).json()
  t.match(api, {
    template_prefix: '[{{brand_name}}] ',
    timezone: 'America/Chicago',
    brand_name: 'Settings Deals',
  })
})

t.test('API keys: created with a role and shown once, then revoked', async (t) => {
  await open('/settings/api-keys', 'API keys')
  t.same(await seriousA11yProblems(page), [], 'API keys page')
  await page.getByRole('textbox', { name: 'Name' }).fill('Reporting script')
  await page.getByRole('button', { name: ROLE_SELECT }).click()
  await page.getByRole('option', { name: 'Viewer' }).click()
  await page.getByRole('button', { name: 'Create key' }).click()
  const shown = page.getByTestId('new-api-key')
  await shown.waitFor()
  const key = (await shown.textContent()) ?? ''
  t.match(key, /^trk_[A-Za-z0-9]{32}$/, 'the key, once')
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base })
  await page.getByRole('button', { name: 'Copy key' }).click()
  await page.getByText('Copied.').waitFor()
  t.equal(
    await page.evaluate<string>('navigator.clipboard.readText()'),
    key,
    'the copy button copies the key',
  )
  const row = page.getByRole('row').filter({ hasText: 'Reporting script' })
  await row.waitFor()
  t.match(await row.textContent(), /viewer/)
  t.match(await row.textContent(), new RegExp(key.slice(0, 8)), 'the row shows the prefix only')
  t.notMatch((await row.textContent()) ?? '', key, 'never the key itself')
  t.same(await seriousA11yProblems(page), [], 'with the new key shown')
  const used = await fetch(`${base}/api/v2/reports/performance`, { headers: { 'x-api-key': key } })
  t.equal(used.status, 200, 'the key works')

  await page.getByRole('button', { name: 'Revoke Reporting script' }).click()
  await page.getByRole('button', { name: 'Confirm revoking Reporting script' }).click()
  await row.waitFor({ state: 'detached' })
  await page.reload()
  await page.getByRole('heading', { name: 'Active keys' }).waitFor()
  await page.waitForLoadState('networkidle')
  t.equal(await page.getByRole('row').filter({ hasText: 'Reporting script' }).count(), 0, 'gone after reload')
  const refused = await fetch(`${base}/api/v2/reports/performance`, { headers: { 'x-api-key': key } })
  t.equal(refused.status, 401, 'a revoked key is refused')
})

t.test('team: invite a viewer; the invitation is listed and mailed', async (t) => {
  await open('/settings/team', 'Team')
  t.same(await seriousA11yProblems(page), [], 'team page')
  const email = `viewer-${Date.now()}@example.test`
  await page.getByRole('textbox', { name: 'Email' }).fill(email)
  await page.getByRole('button', { name: ROLE_SELECT }).click()
  await page.getByRole('option', { name: 'Viewer' }).click()
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: `Invitation sent to ${email}` })
    .waitFor()
  const row = page.getByRole('row').filter({ hasText: email })
  await row.waitFor()
  t.match(await row.textContent(), /viewer/)
  t.match((await platform.mail.mailTo(email)).text, /accept-invitation/, 'the invitation is emailed')
  await page.getByRole('button', { name: `Resend the invitation to ${email}` }).click()
  await page.getByText('Sent again.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'with the invitation listed')

  // A member's role changes, then the member is removed.
  const member = await addUser(platform, owner.accountId, 'member')
  await page.reload()
  const memberRow = page.getByRole('row').filter({ hasText: member.email })
  await memberRow.waitFor()
  await page.getByRole('button', { name: new RegExp(`Role of ${member.email}`) }).click()
  await page.getByRole('option', { name: 'Viewer' }).click()
  await page
    .getByRole('button', {
      name: new RegExp(`^Viewer.*Role of ${member.email}|Role of ${member.email}.*Viewer$`),
    })
    .waitFor()
  const roles = await (await page.request.get(`${base}/api/v2/team`)).json()
  t.equal(
    roles.members.find((m: { email: string }) => m.email === member.email)?.role,
    'viewer',
    'role changed',
  )
  await page.getByRole('button', { name: `Remove ${member.email}` }).click()
  await page.getByRole('button', { name: `Confirm removing ${member.email}` }).click()
  await memberRow.waitFor({ state: 'detached' })
  t.pass('the member is removed')
})

t.test('the audit log lists the changes, newest first', async (t) => {
  await open('/settings/audit-log', 'Audit log')
  const table = page.getByRole('table')
  await table.waitFor()
  const text = (await table.textContent()) ?? ''
  for (const action of ['account.settings_updated', 'api_key.created', 'api_key.revoked'])
    t.match(text, action, action)
  t.match(text, /template prefix: .* → “\[\{\{brand_name\}\}\] ”/, 'the change, before and after')
  t.match(text, owner.email, 'by the owner')
  t.same(await seriousA11yProblems(page), [], 'audit log page')
})

t.test('a viewer reads the settings and finds no write control', async (t) => {
  const viewer = await addUser(platform, owner.accountId, 'viewer')
  const asViewer = await signedIn(browser, base, viewer)
  t.teardown(() => asViewer.context.close())
  const p = asViewer.page
  for (const [path, heading] of [
    ['/settings/account', 'Account settings'],
    ['/settings/team', 'Team'],
    ['/settings/api-keys', 'API keys'],
    ['/settings/audit-log', 'Audit log'],
  ] as const) {
    await p.goto(`${base}${path}`)
    await p.getByRole('heading', { level: 1, name: heading }).waitFor()
    await p.waitForLoadState('networkidle')
    t.equal(await p.locator('[data-write]').count(), 0, `${path}: no write control`)
    t.same(await seriousA11yProblems(p), [], path)
  }
  await p.goto(`${base}/settings/account`)
  const prefix = p.getByRole('textbox', { name: 'Template prefix' })
  await prefix.waitFor()
  t.equal(await prefix.inputValue(), '[{{brand_name}}] ', 'the values are shown')
  t.equal(await prefix.getAttribute('readonly'), '', 'read only')
})
