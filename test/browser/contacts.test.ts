// The contacts screens in Chromium (issue 16, issue 14's contact page): a 1,000-row CSV imported through the
// page (a column mapped by hand, a dry run that lists the invalid row, then the import with its progress bar),
// a search that finds a contact, the contact's page with its consent evidence (and the CSV download), its
// messages, custom fields edited, an unsubscribe, a block on every list and its unblock (each confirmed first); a
// viewer finds no write control. axe on every page.
import { readFileSync } from 'node:fs'
import t from 'tap'
import {
  accountWithOwner,
  addUser,
  launchChromium,
  seriousA11yProblems,
  signedIn,
  startBrowserPlatform,
} from '../harness/browser.js'

const platform = await startBrowserPlatform(t)
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const LIST = '+18005550177'
const { rows: lists } = await pg.pool.query<{ id: number }>(
  `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
   VALUES ($1, $2, 'Spring list', 'Spring Brand', 'simulator') RETURNING id`,
  [owner.accountId, LIST],
)
const listId = lists[0]!.id
const viewer = await addUser(platform, owner.accountId, 'viewer')

/** Row i's number, E.164 and as the file writes it (a formatted national number, as spreadsheets hold them). */
const e164 = (i: number) => `+1415234${1000 + i}`
const BAD_ROW = 499
const ROWS = 1000
const csv = [
  'Mobile,Given name,Opted in,Source IP,Landing page,Favourite colour',
  ...Array.from({ length: ROWS }, (_, i) =>
    i === BAD_ROW
      ? '12345,Broken,2024-01-01,,,red'
      : `(415) 234-${1000 + i},Name ${i},2024-02-${String(1 + (i % 28)).padStart(2, '0')},198.51.100.${i % 250},"https://spring.example/join?a=1,b=${i}",blue`,
  ),
].join('\r\n')

const { context, page } = await signedIn(browser, base, owner)
t.teardown(() => context.close())
await page.setViewportSize({ width: 1360, height: 1000 })

async function settled() {
  await page.waitForLoadState('networkidle')
}

/** Chooses an option of a labelled React Aria select (its button is named by the label and the value). */
async function choose(label: string, option: string) {
  await page.getByRole('button', { name: new RegExp(label) }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

t.test('import 1,000 contacts: map the columns, dry run lists the invalid row, then import', async (t) => {
  await page.getByRole('link', { name: 'Contacts', exact: true }).click()
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor()
  await page.getByRole('link', { name: 'Import contacts' }).click()
  await page.getByRole('heading', { name: 'Import contacts' }).waitFor()
  await page.getByLabel('CSV file').setInputFiles({
    name: 'spring.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await page.getByText('spring.csv: 1,000 rows').waitFor()
  t.match(
    await page.getByRole('button', { name: /Field for column Mobile/ }).textContent(),
    /Phone number/,
    'a known header is mapped by itself',
  )
  await choose('Field for column Given name', 'First name')
  await choose('Field for column Opted in', 'Consent date')
  await choose('Field for column Source IP', 'Signup IP address')
  await choose('Field for column Landing page', 'Signup URL')
  t.match(
    await page.getByRole('button', { name: /Field for column Favourite colour/ }).textContent(),
    /Ignore/,
  )
  await settled()
  t.same(await seriousA11yProblems(page), [], 'import page with its mapping: axe')

  await page.getByRole('button', { name: 'Check file (dry run)' }).click()
  await page.getByRole('heading', { name: 'Dry run: nothing imported yet' }).waitFor()
  const problems = page.getByRole('region', { name: 'Rows not imported' }).getByRole('row')
  t.equal(await problems.count(), 2, 'the header and the one invalid row')
  t.match(await problems.nth(1).textContent(), /^501.*12345.*Not a valid phone number/, 'its line and why')
  const dryRun = page.getByRole('region', { name: 'Dry run result' })
  t.match(await dryRun.locator('dl').textContent(), /Valid999Invalid1Repeated0Would be new on the list999/)
  t.equal(
    (await pg.pool.query('SELECT 1 FROM list_contacts WHERE list_id = $1', [listId])).rowCount,
    0,
    'the dry run wrote nothing',
  )
  t.same(await seriousA11yProblems(page), [], 'dry run result: axe')

  // The bar moves chunk by chunk: record the values it shows on the way.
  await page.evaluate(`(() => {
    window.__seen = []
    new MutationObserver(() => {
      const bar = document.querySelector('progress')
      if (bar) window.__seen.push(bar.value)
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
  })()`)
  await page.getByRole('button', { name: 'Import 999 contacts' }).click()
  await page.getByText('Import finished.').waitFor({ timeout: 60_000 })
  const bar = page.getByRole('progressbar', { name: 'Import progress' })
  t.equal(await bar.getAttribute('value'), String(ROWS), 'the bar is full')
  const seen = await page.evaluate<number[]>('window.__seen')
  t.ok(
    seen.some((v) => v > 0 && v < ROWS),
    `the bar showed progress on the way (${[...new Set(seen)].join(', ')})`,
  )
  t.match(
    await page.getByRole('region', { name: 'Import result' }).locator('dl').textContent(),
    /New on the list999/,
  )
  const { rows } = await pg.pool.query(
    `SELECT count(*)::int AS n, count(ip_address)::int AS ips, count(signup_url)::int AS urls,
            count(consent_date)::int AS consents, count(first_name)::int AS names
       FROM list_contacts WHERE list_id = $1 AND signup_method = 'import'`,
    [listId],
  )
  t.same(rows[0], { n: 999, ips: 999, urls: 999, consents: 999, names: 999 }, 'every mapped field is stored')
  t.same(await seriousA11yProblems(page), [], 'import result: axe')
})

t.test('search finds a contact; its page shows consent, messages and replies', async (t) => {
  const number = e164(42)
  const sent = await fetch(`${base}/api/v2/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': owner.apiKey },
    body: JSON.stringify({ to: number, list_number: LIST, body: 'Spring is here' }),
  })
  const messageId = ((await sent.json()) as { message_id: string }).message_id

  await page.goto(`${base}/contacts`)
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor()
  await page.getByRole('searchbox', { name: 'Search' }).fill('234-1042')
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await page.getByText('1 subscription', { exact: true }).waitFor()
  await settled()
  t.same(await seriousA11yProblems(page), [], 'contacts list: axe')
  await page.getByRole('link', { name: number }).click()

  await page.getByRole('heading', { name: `Contact ${number}` }).waitFor()
  const consent = page.getByRole('region', { name: 'Consent evidence' })
  await consent.getByRole('row').nth(1).waitFor()
  const consentRow = (await consent.getByRole('row').nth(1).textContent()) ?? ''
  t.match(consentRow, LIST)
  t.match(consentRow, /import/)
  t.match(consentRow, '198.51.100.42')
  t.match(consentRow, 'https://spring.example/join?a=1,b=42')
  t.match(await page.locator('.facts').textContent(), /Name 42/)
  const messages = page.getByRole('region', { name: 'Messages' })
  await messages.getByRole('link', { name: new RegExp(`^Message ${messageId}`) }).waitFor()
  t.match(await messages.textContent(), /Spring is here/)
  await settled()
  t.same(await seriousA11yProblems(page), [], 'contact page: axe')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download consent (CSV)' }).click(),
  ])
  t.match(download.suggestedFilename(), /^consent-[a-f0-9]{24}\.csv$/)
  const text = readFileSync((await download.path()) ?? '', 'utf8')
  t.match(text, /^phone_number,list_number,list_id,active,signup_method/)
  t.match(text, '198.51.100.42')

  await messages.getByRole('link', { name: new RegExp(`^Message ${messageId}`) }).click()
  await page.getByRole('heading', { name: `Message ${messageId}` }).waitFor()
  t.pass('a message opens its own page')
})

t.test('edit custom fields, then unsubscribe', async (t) => {
  const number = e164(7)
  await page.goto(`${base}/contacts?search=${encodeURIComponent(number)}`)
  await page.getByRole('link', { name: number }).click()
  await page.getByRole('heading', { name: `Contact ${number}` }).waitFor()
  await page.getByRole('button', { name: `Edit custom fields on ${LIST}` }).click()
  await page.getByRole('textbox', { name: 'Field 1 name' }).fill('plan')
  await page.getByRole('textbox', { name: 'Field 1 value' }).fill('gold')
  await page.getByRole('button', { name: 'Save fields' }).click()
  const fields = page.getByRole('region', { name: `Custom fields on ${LIST}` })
  await fields.getByText('gold').waitFor()
  const { rows } = await pg.pool.query(
    `SELECT lc.custom_fields FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 AND c.phone_number = $2`,
    [listId, number],
  )
  t.same(rows[0].custom_fields, { plan: 'gold' })

  await page.getByRole('button', { name: `Unsubscribe from ${LIST}` }).click()
  await page
    .getByRole('region', { name: 'Subscriptions' })
    .getByText('unsubscribed', { exact: true })
    .waitFor()
  const consent = page.getByRole('region', { name: 'Consent evidence' })
  await consent.getByText(/\(api\)/).waitFor()
  t.pass('the consent evidence shows the opt-out and its reason')
  await page.goto(`${base}/contacts?active=false`)
  await page.getByText('1 subscription', { exact: true }).waitFor()
  t.ok(await page.getByRole('link', { name: number }).isVisible(), 'the status filter finds it')
})

t.test('block a contact on every list (confirmed first), then unblock it', async (t) => {
  const number = e164(8)
  const blockRows = async () =>
    (
      await pg.pool.query('SELECT reason FROM contact_blocks WHERE account_id = $1 AND phone_number = $2', [
        owner.accountId,
        number,
      ])
    ).rows
  await page.goto(`${base}/contacts?search=${encodeURIComponent(number)}`)
  await page.getByRole('link', { name: number }).click()
  const heading = page.getByRole('heading', { level: 1 })
  await page.getByRole('heading', { name: `Contact ${number}` }).waitFor()
  t.equal(await heading.getByText('Blocked', { exact: true }).count(), 0, 'no badge before the block')

  await page.getByRole('button', { name: 'Block…', exact: true }).click()
  t.same(await blockRows(), [], 'nothing is blocked before the confirm')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await page.getByRole('button', { name: 'Block…', exact: true }).click()
  await page.getByRole('button', { name: `Block ${number} on every list` }).click()
  await page.getByRole('status').getByText(`${number} is blocked.`).waitFor()
  await heading.getByText('Blocked', { exact: true }).waitFor()
  t.same(await blockRows(), [{ reason: 'manual' }], 'the block is stored')
  t.match(await page.locator('.facts').textContent(), /BlockedSince /)
  await settled()
  t.same(await seriousA11yProblems(page), [], 'blocked contact: axe')

  await page.reload()
  await heading.getByText('Blocked', { exact: true }).waitFor()
  t.pass('the badge is there after a reload')
  await page.getByRole('button', { name: 'Unblock…' }).click()
  await page.getByRole('button', { name: `Unblock ${number}` }).click()
  await page.getByRole('status').getByText(`${number} is unblocked.`).waitFor()
  await page.getByRole('button', { name: 'Block…', exact: true }).waitFor()
  t.equal(await heading.getByText('Blocked', { exact: true }).count(), 0, 'the badge is gone')
  t.same(await blockRows(), [], 'the block is lifted')
})

t.test('a viewer finds no write control on the contact pages', async (t) => {
  const asViewer = await signedIn(browser, base, viewer)
  t.teardown(() => asViewer.context.close())
  const { rows } = await pg.pool.query<{ id: string }>(
    'SELECT id FROM contacts WHERE account_id = $1 AND phone_number = $2',
    [owner.accountId, e164(42)],
  )
  for (const path of ['/contacts', `/contacts/${rows[0]!.id}`, '/contacts/import']) {
    await asViewer.page.goto(`${base}${path}`)
    await asViewer.page.getByRole('heading', { level: 1 }).waitFor()
    await asViewer.page.waitForLoadState('networkidle')
    t.equal(await asViewer.page.locator('[data-write]').count(), 0, `${path}: no write control`)
    t.equal(
      await asViewer.page
        .getByRole('button', { name: /Unsubscribe|Edit custom fields|dry run|Block|Unblock/ })
        .count(),
      0,
    )
    t.same(await seriousA11yProblems(asViewer.page), [], `${path}: axe`)
  }
})
