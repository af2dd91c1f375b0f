// Integration settings in Chromium against the real API (issue 16): an owner registers a webhook (its secret shown
// once), sends a test to a local receiver and finds the delivery in the log, rotates and deletes it; rotates the
// postback secret and edits the IP allow-list (a bad entry refused beside the field); changes the bot-filter mode
// and blocked countries and finds them after a reload. A member manages webhooks only; a viewer finds no write
// control. axe on every page.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import {
  accountWithOwner,
  addUser,
  launchChromium,
  seriousA11yProblems,
  signedIn,
  startBrowserPlatform,
} from '../harness/browser.js'

// The receiver is on loopback, which production refuses (SSRF); the test platform allows private networks.
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = []
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString()
  })
  req.on('end', () => {
    received.push({ headers: req.headers, body })
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
t.teardown(() => new Promise((resolve) => receiver.close(resolve)))
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/trackly-hook`

const platform = await startBrowserPlatform(t, { roles: ['api'], webhookAllowPrivateNetworks: true })
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform, { name: 'Integrations Deals' })
const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page

const open = async (path: string, heading: string) => {
  await page.goto(`${base}${path}`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await page.waitForLoadState('networkidle')
}

t.test('webhooks: register (secret once), test, delivery log, rotate, delete', async (t) => {
  await open('/settings/webhooks', 'Webhooks')
  t.same(await seriousA11yProblems(page), [], 'webhooks page')
  const url = page.getByRole('textbox', { name: 'URL' })
  await url.fill('not a url')
  await page.getByRole('button', { name: 'Register webhook' }).click()
  await page.getByText('Enter a full URL').waitFor()
  t.equal(await url.getAttribute('aria-invalid'), 'true', 'the URL field is marked invalid')
  t.same(await seriousA11yProblems(page), [], 'with an error shown')

  await url.fill(hookUrl)
  const replies = page.getByRole('checkbox', { name: /Replies/ })
  await page.locator('label').filter({ hasText: 'Replies' }).click()
  t.equal(await replies.isChecked(), false, 'replies unchecked by its label')
  await page.getByRole('textbox', { name: 'Description' }).fill('CRM sync')
  await page.getByRole('button', { name: 'Register webhook' }).click()
  const shown = page.getByTestId('webhook-secret')
  await shown.waitFor()
  const secret = (await shown.textContent()) ?? ''
  t.match(secret, /^whsec_[A-Za-z0-9]{32}$/, 'the secret, once')
  const link = page.getByRole('link', { name: hookUrl })
  await link.waitFor()
  const row = page.getByRole('row').filter({ hasText: hookUrl })
  t.match(await row.textContent(), /delivery, unsubscribe/)
  t.notMatch(await row.textContent(), /reply/, 'replies unchecked')
  t.same(await seriousA11yProblems(page), [], 'with the secret shown')
  await page.reload()
  await link.waitFor()
  t.notMatch(await page.content(), secret, 'the secret is not shown again')

  await link.click()
  await page.getByRole('heading', { level: 1, name: 'Webhook' }).waitFor()
  await page.getByRole('heading', { name: 'Deliveries' }).waitFor()
  await page.waitForLoadState('networkidle')
  t.same(await seriousA11yProblems(page), [], 'webhook page')
  await page.getByRole('button', { name: 'Send a test event' }).click()
  const result = page.getByTestId('test-result')
  await result.waitFor()
  t.match(await result.textContent(), /Test delivered: HTTP 200/, 'the test result')
  t.equal(received.length, 1, 'the receiver got the test')
  t.match(received[0]?.headers['x-trackly-signature'], /./, 'signed')
  t.match(received[0]?.body, /"test"/, 'a test event')
  const delivery = page
    .getByRole('region', { name: 'Deliveries' })
    .getByRole('row')
    .filter({ hasText: 'test' })
  await delivery.waitFor()
  t.match(await delivery.textContent(), /succeeded/, 'the delivery is in the log')
  t.match(await delivery.textContent(), /HTTP 200/)
  t.same(await seriousA11yProblems(page), [], 'with a delivery listed')

  await page.getByRole('textbox', { name: 'Description' }).fill('CRM sync v2')
  await page.getByRole('button', { name: 'Save webhook' }).click()
  await page.getByRole('status').filter({ hasText: 'Webhook saved.' }).waitFor()

  await page.getByRole('button', { name: 'Rotate secret' }).click()
  await page.getByRole('button', { name: 'Confirm new secret' }).click()
  await shown.waitFor()
  const rotated = (await shown.textContent()) ?? ''
  t.match(rotated, /^whsec_[A-Za-z0-9]{32}$/)
  t.not(rotated, secret, 'a new secret')

  const listed = await (await page.request.get(`${base}/api/v2/webhooks`)).json()
  t.match(listed.webhooks, [
    { url: hookUrl, description: 'CRM sync v2', events: ['delivery', 'unsubscribe'] },
  ])

  await page.getByRole('button', { name: 'Delete webhook' }).click()
  await page.getByRole('button', { name: 'Confirm delete' }).click()
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor()
  await page.getByText('No endpoints yet.').waitFor()
  t.pass('deleted')
  // One left for the viewer's read-only check.
  await url.fill(hookUrl)
  await page.getByRole('button', { name: 'Register webhook' }).click()
  await shown.waitFor()
})

t.test('postbacks: URLs per network, rotate the secret, allow-list with a bad entry', async (t) => {
  await open('/settings/postbacks', 'Postbacks')
  t.same(await seriousA11yProblems(page), [], 'postbacks page')
  const before = (await page.getByTestId('postback-secret').textContent()) ?? ''
  t.ok(before.length > 0, 'the owner sees the secret')
  const tune = page.getByTestId('postback-url-tune')
  t.match(await tune.textContent(), `/api/postbacks/tune?`)
  t.match(await tune.textContent(), before, 'the TUNE URL carries the secret')
  t.match(await page.getByTestId('postback-url-everflow').textContent(), '/api/postbacks/everflow?')
  t.match(await page.getByTestId('postback-url-cake').textContent(), '/api/postbacks/cake?')

  await page.getByRole('button', { name: 'Rotate secret' }).click()
  await page.getByRole('button', { name: 'Confirm new secret' }).click()
  const fresh = page.getByTestId('new-postback-secret')
  await fresh.waitFor()
  const after = (await fresh.textContent()) ?? ''
  t.not(after, before, 'a new secret')
  t.match(await tune.textContent(), after, 'the URLs carry the new secret')
  t.same(await seriousA11yProblems(page), [], 'with the new secret shown')

  const list = page.getByRole('textbox', { name: 'Allowed addresses' })
  await list.fill('203.0.113.7\nnot-an-ip')
  await page.getByRole('button', { name: 'Save allow-list' }).click()
  await page.getByText('is not an IPv4/IPv6 address or CIDR range').waitFor()
  t.equal(await list.getAttribute('aria-invalid'), 'true', 'the allow-list is marked invalid')
  t.same(await seriousA11yProblems(page), [], 'with the allow-list error shown')
  await list.fill('203.0.113.7\n198.51.100.9/24')
  await page.getByRole('button', { name: 'Save allow-list' }).click()
  await page.getByRole('status').filter({ hasText: 'Allow-list saved.' }).waitFor()
  t.equal(await list.inputValue(), '203.0.113.7\n198.51.100.0/24', 'shown as stored (canonical)')

  await page.getByRole('switch', { name: /Accept postbacks without the secret/ }).click({ force: true })
  await page.reload()
  await list.waitFor()
  t.equal(await page.getByTestId('postback-secret').textContent(), after, 'the new secret after a reload')
  t.equal(await list.inputValue(), '203.0.113.7\n198.51.100.0/24', 'the allow-list after a reload')
  const api = await (await page.request.get(`${base}/api/v2/postbacks/settings`)).json()
  t.match(api, { secret: after, allow_unsigned: true, ip_allowlist: ['203.0.113.7', '198.51.100.0/24'] })
})

t.test('tracking: bot-filter mode and blocked countries persist', async (t) => {
  await open('/settings/tracking', 'Tracking')
  t.same(await seriousA11yProblems(page), [], 'tracking page')
  const countries = page.getByRole('textbox', { name: 'Blocked countries' })
  await countries.fill('cn, russia')
  await page.getByRole('button', { name: 'Save tracking settings' }).click()
  await page.getByText('Not two-letter country codes: RUSSIA').waitFor()
  t.equal(await countries.getAttribute('aria-invalid'), 'true', 'the field is marked invalid')
  await countries.fill('cn, ru, XX')
  await page.getByRole('button', { name: 'Save tracking settings' }).click()
  await page.getByText('not recognised: XX').waitFor()
  t.equal(await countries.getAttribute('aria-invalid'), 'true', "the API's refusal beside the field")
  t.same(await seriousA11yProblems(page), [], 'with an error shown')

  await countries.fill('cn ru')
  await page.getByRole('button', { name: /Bot filter/ }).click()
  await page.getByRole('option', { name: /^Filter/ }).click()
  await page.getByRole('button', { name: 'Save tracking settings' }).click()
  await page.getByRole('status').filter({ hasText: 'Tracking settings saved.' }).waitFor()
  await page.reload()
  await countries.waitFor()
  t.equal(await countries.inputValue(), 'CN, RU', 'the countries after a reload')
  t.match(
    await page.getByRole('button', { name: /Bot filter/ }).textContent(),
    /^Filter/,
    'the mode after a reload',
  )
  t.match(await page.getByRole('list', { name: 'Blocked countries by name' }).textContent(), /China/)
  const api = await (await page.request.get(`${base}/api/v2/tracking/settings`)).json()
  t.same(api, { bot_filter_mode: 'filter', blocked_countries: ['CN', 'RU'] })
})

t.test('a member manages webhooks only; a viewer finds no write control', async (t) => {
  const pages = [
    ['/settings/webhooks', 'Webhooks'],
    ['/settings/postbacks', 'Postbacks'],
    ['/settings/tracking', 'Tracking'],
  ] as const
  const member = await signedIn(browser, base, await addUser(platform, owner.accountId, 'member'))
  t.teardown(() => member.context.close())
  const writes: Record<string, number> = {}
  for (const [path, heading] of pages) {
    await member.page.goto(`${base}${path}`)
    await member.page.getByRole('heading', { level: 1, name: heading }).waitFor()
    await member.page.waitForLoadState('networkidle')
    writes[path] = await member.page.locator('[data-write]').count()
  }
  t.ok((writes['/settings/webhooks'] ?? 0) > 0, 'a member registers webhooks')
  t.equal(writes['/settings/postbacks'], 0, 'a member changes no postback setting')
  t.equal(writes['/settings/tracking'], 0, 'a member changes no tracking setting')
  t.equal(await member.page.getByTestId('postback-secret').count(), 0)

  const viewer = await signedIn(browser, base, await addUser(platform, owner.accountId, 'viewer'))
  t.teardown(() => viewer.context.close())
  const p = viewer.page
  for (const [path, heading] of pages) {
    await p.goto(`${base}${path}`)
    await p.getByRole('heading', { level: 1, name: heading }).waitFor()
    await p.waitForLoadState('networkidle')
    t.equal(await p.locator('[data-write]').count(), 0, `${path}: no write control`)
    t.same(await seriousA11yProblems(p), [], path)
  }
  await p.goto(`${base}/settings/postbacks`)
  await p.getByTestId('postback-url-tune').waitFor()
  t.equal(await p.getByTestId('postback-secret').count(), 0, 'a viewer does not see the secret')
  t.notMatch(await p.getByTestId('postback-url-tune').textContent(), /postback_secret=[A-Za-z0-9]{16}/)
  await p.goto(`${base}/settings/webhooks`)
  await p.getByRole('link', { name: hookUrl }).click()
  await p.getByRole('heading', { name: 'Deliveries' }).waitFor()
  await p.waitForLoadState('networkidle')
  t.equal(await p.locator('[data-write]').count(), 0, 'webhook page: no write control')
  t.same(await seriousA11yProblems(p), [], 'webhook page as a viewer')
})
