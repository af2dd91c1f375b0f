// Lists in Chromium against the real API (issue 16): an owner creates a list on the simulator through the form (a
// bad number is refused beside its field on the client, a taken one by the API), finds it on the Lists page with
// its health figures, sees its webhook URLs, and edits its brand name; it runs the set-up check (credentials test →
// send test → webhook reply): a test text through the list's provider, whose receipt reaches ingest and turns the
// last step. A viewer sees the steps and finds no write control. axe on every page.
import t from 'tap'
import { chTime } from '../../analytics/reports.js'
import { randomAlphanumeric } from '../../core/ids.js'
import {
  accountWithOwner,
  addUser,
  launchChromium,
  seriousA11yProblems,
  signedIn,
  startBrowserPlatform,
} from '../harness/browser.js'

// Ingest takes the simulator's receipt of the test send: the check's webhook reply.
const platform = await startBrowserPlatform(t, { roles: ['api', 'ingest'] })
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform, { name: 'Lists Deals' })
const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page
const number = `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
let listId = 0

const open = async (path: string, heading: string | RegExp) => {
  await page.goto(`${base}${path}`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await page.waitForLoadState('networkidle')
}

/** Four sends an hour ago (three delivered, one undelivered) and one opt-out, written straight to ClickHouse. */
async function someTraffic(accountId: string, list: number): Promise<void> {
  const ch = platform.deps.clickhouse.acquire()
  try {
    const at = chTime(new Date(Date.now() - 3_600_000))
    const id = randomAlphanumeric(6)
    await ch.insert(
      'sends',
      [1, 2, 3, 4].map((n) => ({
        account_id: accountId,
        event_id: `s-${id}-${n}`,
        event_time: at,
        message_id: `${id}${n}`,
        contact_id: `c${n}`,
        list_id: list,
        to_number: `+1201555010${n}`,
        provider: 'simulator',
        segments: 1,
        cost: 0.01,
        creative_id: null,
        schedule_id: null,
        variant: null,
        offer_ids: [],
        imported: 0,
        carrier: '',
      })),
    )
    await ch.insert(
      'deliveries',
      ['delivered', 'delivered', 'delivered', 'undelivered'].map((status, i) => ({
        account_id: accountId,
        event_id: `d-${id}-${i}`,
        event_time: at,
        message_id: `${id}${i + 1}`,
        list_id: list,
        provider: 'simulator',
        provider_message_id: `p${i}`,
        status,
        status_detail: status,
        error_code: null,
      })),
    )
    await ch.insert('contact_events', [
      {
        account_id: accountId,
        event_id: `u-${id}`,
        event_time: at,
        type: 'unsubscribed',
        contact_id: 'c4',
        list_contact_id: 'lc4',
        list_id: list,
        signup_method: '',
        reason: 'stop',
      },
    ])
  } finally {
    await platform.deps.clickhouse.release()
  }
}

t.test('an owner creates a list on the simulator through the form', async (t) => {
  await open('/lists', 'Lists')
  await page.getByText('Create your first list').waitFor()
  t.same(await seriousA11yProblems(page), [], 'empty lists page')
  await page.getByRole('link', { name: 'New list' }).click()
  await page.getByRole('heading', { level: 1, name: 'New list' }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'new list form')

  await page.getByRole('textbox', { name: 'Sending number' }).fill('4155550100')
  await page.getByRole('textbox', { name: 'Brand name' }).fill('Acme Deals')
  await page.getByRole('textbox', { name: 'Link-shortener domain' }).fill('go.acme.example')
  await page.getByRole('button', { name: 'Create list' }).click()
  await page.getByText('phone_number must be an E.164 number').waitFor()
  t.same(await seriousA11yProblems(page), [], 'the form with a refused field')

  await page.getByRole('textbox', { name: 'Sending number' }).fill(number)
  await page.getByRole('button', { name: 'Create list' }).click()
  await page.getByRole('status').filter({ hasText: 'List created.' }).waitFor()
  listId = Number(new URL(page.url()).pathname.split('/').pop())
  t.ok(listId > 0, 'on the new list’s page')
  const status = await page.locator('code.webhook-url').first().textContent()
  t.match(status, new RegExp(`/webhooks/simulator/${listId}/status\\?token=[A-Za-z0-9]{32}$`))
  await page.getByText('None yet').waitFor()
  t.same(await seriousA11yProblems(page), [], 'list page')
})

t.test('the API refuses a taken number beside the field', async (t) => {
  await open('/lists/new', 'New list')
  await page.getByRole('textbox', { name: 'Sending number' }).fill(number)
  await page.getByRole('textbox', { name: 'Brand name' }).fill('Again')
  await page.getByRole('button', { name: 'Create list' }).click()
  const field = page.getByRole('textbox', { name: 'Sending number' })
  await page.getByText(`the account already has a list for ${number}`).waitFor()
  t.equal(await field.getAttribute('aria-invalid'), 'true', 'the number field is marked invalid')
})

t.test('the list is on the Lists page with its health figures', async (t) => {
  await someTraffic(owner.accountId, listId)
  await open('/lists', 'Lists')
  const row = page.getByRole('row').filter({ hasText: number })
  await row.waitFor()
  const cells = await row.getByRole('cell').allTextContents()
  t.match(cells, [
    number,
    `Acme Deals ${number}`,
    'active',
    '10DLC',
    'Simulator',
    '0',
    '0',
    '4',
    '75%',
    '25%',
    '25%',
  ])
  t.same(await seriousA11yProblems(page), [], 'lists page with a list')
})

t.test('an owner edits the brand name', async (t) => {
  await open(`/lists/${listId}`, /Acme Deals/)
  const brand = page.getByRole('textbox', { name: 'Brand name' })
  t.equal(await brand.inputValue(), 'Acme Deals')
  await brand.fill('Acme Summer')
  await page.getByRole('button', { name: 'Save list' }).click()
  await page.locator('dl.facts dd').filter({ hasText: 'Acme Summer' }).waitFor()
  await page.reload()
  await page.getByRole('heading', { level: 1 }).waitFor()
  t.equal(
    await page.getByRole('textbox', { name: 'Brand name' }).inputValue(),
    'Acme Summer',
    'after a reload',
  )
})

t.test('an owner runs the set-up check: send test, then the webhook reply', async (t) => {
  await open(`/lists/${listId}`, /Acme Summer|Acme Deals/)
  const steps = page.getByRole('list', { name: 'Set-up check' }).getByRole('listitem')
  const stateOf = async () =>
    (await steps.allTextContents()).map((text) => /^(.+?) (passed|to do)/.exec(text)?.slice(1, 3))
  t.same(await stateOf(), [
    ['Credentials test', 'passed'],
    ['Send test', 'to do'],
    ['Webhook reply', 'to do'],
  ])
  const to = page.getByRole('textbox', { name: 'Send the test text to' })
  await to.fill('201 555 0401')
  await page.getByRole('button', { name: 'Send test' }).click()
  await page.getByText('to must be an E.164 number').waitFor()
  t.equal(await to.getAttribute('aria-invalid'), 'true', 'refused beside the field on the client')
  t.same(await seriousA11yProblems(page), [], 'set-up check with a refused number')

  await to.fill('+12015550401')
  await page.getByRole('button', { name: 'Send test' }).click()
  const sent = page.getByRole('status').filter({ hasText: 'Test text sent' })
  await sent.waitFor()
  t.match(await sent.textContent(), /simulator message id sim[0-9a-f]{29}\./, 'the provider’s message id')
  await steps.nth(1).filter({ hasText: 'passed' }).waitFor()
  await steps.nth(2).filter({ hasText: 'passed' }).waitFor({ timeout: 20_000 })
  t.same(
    await stateOf(),
    [
      ['Credentials test', 'passed'],
      ['Send test', 'passed'],
      ['Webhook reply', 'passed'],
    ],
    'the receipt turned the last step without a reload',
  )
  const pg = platform.deps.postgres.acquire()
  try {
    const { rows } = await pg.pool.query(
      'SELECT test_sent_at IS NOT NULL AS tested, webhook_verified_at IS NOT NULL AS verified FROM sending_lists WHERE id = $1',
      [listId],
    )
    t.same(rows[0], { tested: true, verified: true })
  } finally {
    await platform.deps.postgres.release()
  }
  await page
    .locator('dl.facts dd')
    .filter({ hasText: /^Arrived / })
    .waitFor()
  t.same(await seriousA11yProblems(page), [], 'set-up check passed')
})

t.test('a viewer reads lists and finds no write control', async (t) => {
  const viewer = await addUser(platform, owner.accountId, 'viewer')
  const { context, page: vp } = await signedIn(browser, base, viewer)
  t.teardown(() => context.close())
  await vp.goto(`${base}/lists`)
  await vp.getByRole('row').filter({ hasText: number }).waitFor()
  t.equal(await vp.getByRole('link', { name: 'New list' }).count(), 0)
  await vp.getByRole('link', { name: number }).click()
  await vp.getByRole('heading', { level: 1, name: `Acme Deals ${number} ${number}` }).waitFor()
  await vp.locator('dl.facts dd').filter({ hasText: 'Acme Summer' }).waitFor()
  await vp.waitForLoadState('networkidle')
  t.equal(await vp.locator('[data-write]').count(), 0, 'no write control')
  t.equal(await vp.getByRole('textbox').count(), 0, 'no form')
  t.equal(await vp.locator('code.webhook-url').count(), 0, 'no webhook URLs with the token')
  t.equal(
    await vp.getByRole('list', { name: 'Set-up check' }).getByText('passed').count(),
    3,
    'the viewer sees the check’s state',
  )
  t.same(await seriousA11yProblems(vp), [], 'list page as a viewer')
})
