// A marketer's first day, end to end in Chromium on the whole platform (issue 16): create a list on the simulator,
// import 1,000 contacts from a CSV, create an offer and a creative, build an audience and check its size, schedule
// a campaign with two variants, watch it send and get clicks on the overview, change a setting, and invite a viewer
// who then finds no write control. Every step goes through the screens; the test reads the API only to check
// what the screens say. axe: 0 serious or critical problems on every screen.
import t from 'tap'
import {
  accountWithOwner,
  launchChromium,
  seriousA11yProblems,
  signedIn,
  startBrowserPlatform,
} from '../harness/browser.js'
import { linkIn } from '../harness/mail.js'

t.setTimeout(900_000)

const BROWSER_UA =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const CONTACTS = 1000
const CLICKS = 20

const platform = await startBrowserPlatform(t)
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform, { name: 'First Day Deals' })
const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page
await page.setViewportSize({ width: 1360, height: 1000 })

const LIST_NUMBER = `+1800777${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`
let campaignPath = ''

/** The API as the owner's key sees it (for checking what a screen shows). */
async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${base}/api/v2${path}`, { headers: { 'x-api-key': owner.apiKey } })
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`)
  return (await res.json()) as T
}

async function open(path: string, heading: string | RegExp) {
  await page.goto(`${base}${path}`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await page.waitForLoadState('networkidle')
}

async function axe(t: { same(found: unknown, wanted: unknown, message: string): void }, what: string) {
  await page.waitForLoadState('networkidle')
  t.same(await seriousA11yProblems(page), [], `${what}: axe`)
}

const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, '') || Number.NaN)

/** Waits until the overview tile `key` shows at least `n` (it moves with the live stream, without a reload). */
async function tileReaches(key: string, n: number, timeoutMs: number): Promise<number> {
  const tile = page.getByTestId(`tile-${key}`)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = digits(await tile.textContent())
    if (value >= n || Date.now() > deadline) return value
    await page.waitForTimeout(1000)
  }
}

t.test('a list on the simulator', async (t) => {
  await open('/lists', 'Lists')
  await page.getByRole('link', { name: 'New list' }).click()
  await page.getByRole('heading', { level: 1, name: 'New list' }).waitFor()
  await page.getByRole('textbox', { name: 'Sending number' }).fill(LIST_NUMBER)
  await page.getByRole('textbox', { name: 'Brand name' }).fill('First Day Deals')
  await page.getByRole('textbox', { name: 'Link-shortener domain' }).fill('go.firstday.example')
  // 10DLC's default (240 a minute) would take four minutes for the send; the simulator takes any rate.
  await page.getByRole('textbox', { name: 'Rate (messages per minute)' }).fill('20000')
  await axe(t, 'new list form')
  await page.getByRole('button', { name: 'Create list' }).click()
  await page.getByRole('status').filter({ hasText: 'List created.' }).waitFor()
  const lists = await apiGet<{ lists: Array<{ phone_number: string; provider: string }> }>('/lists')
  t.same(
    lists.lists.map((l) => [l.phone_number, l.provider]),
    [[LIST_NUMBER, 'simulator']],
    'the list exists, on the simulator',
  )
})

t.test('1,000 contacts imported from a CSV', async (t) => {
  const csv = [
    'Mobile,First name',
    ...Array.from({ length: CONTACTS }, (_, i) => `+1415777${String(i).padStart(4, '0')},Pat${i}`),
  ].join('\n')
  await open('/contacts', 'Contacts')
  await page.getByRole('link', { name: 'Import contacts' }).click()
  await page.getByRole('heading', { name: 'Import contacts' }).waitFor()
  await page.getByLabel('CSV file').setInputFiles({
    name: 'first-day.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await page.getByText('first-day.csv: 1,000 rows').waitFor()
  await axe(t, 'import page')
  await page.getByRole('button', { name: 'Check file (dry run)' }).click()
  await page.getByRole('heading', { name: 'Dry run: nothing imported yet' }).waitFor()
  await page.getByRole('button', { name: /^Import 1,?000 contacts$/ }).click()
  await page.getByText('Import finished.').waitFor({ timeout: 120_000 })
  const listed = await apiGet<{ pagination: { total: number } }>('/contacts?per_page=1')
  t.equal(listed.pagination.total, CONTACTS, 'the account has the 1,000 contacts')
})

t.test('an offer and a creative bound to it', async (t) => {
  await open('/offers/new', 'New offer')
  await page.getByRole('textbox', { name: 'Name' }).fill('Spring Shoes')
  await page.getByRole('button', { name: /Network/ }).click()
  await page.getByRole('option', { name: 'Everflow' }).click()
  await page
    .getByRole('textbox', { name: 'Tracking URL' })
    .fill('https://shoes.example/spring?cid={{click_id}}')
  await page.getByRole('textbox', { name: 'Payout (USD)' }).fill('12')
  await page.getByRole('button', { name: 'Create offer' }).click()
  await page.getByRole('status').filter({ hasText: 'Offer created.' }).waitFor()
  await page.getByTestId('postback-url').waitFor()
  await axe(t, 'offer page')

  await open('/creatives/new', 'New creative')
  await page.getByRole('textbox', { name: 'Name' }).fill('Spring shoes')
  await page.getByRole('textbox', { name: 'Message' }).fill('Spring shoes, half price today: {{link1}}')
  await page.getByRole('button', { name: /Offer for \{\{link1\}\}/ }).click()
  await page.getByRole('option', { name: 'Spring Shoes' }).click()
  await page.getByTestId('creative-counts').filter({ hasText: 'GSM-7' }).waitFor()
  await page.getByRole('button', { name: 'Create creative' }).click()
  await page.getByRole('status').filter({ hasText: 'Creative created.' }).waitFor()
  const creatives = await apiGet<{ creatives: Array<{ name: string; offer_links: Array<{ key: string }> }> }>(
    '/creatives',
  )
  t.same(
    creatives.creatives.map((c) => [c.name, c.offer_links.map((l) => l.key)]),
    [['Spring shoes', ['link1']]],
    'the creative is bound',
  )
})

t.test('an audience over the list, with its size', async (t) => {
  await open('/audiences/new', 'New audience')
  await page.getByLabel('Name', { exact: true }).fill('Everyone on the list')
  await page.getByRole('checkbox', { name: /First Day Deals|\+1800777/ }).check()
  await page.getByLabel('Condition 1: field').selectOption('send_count')
  await page.getByLabel('Condition 1: operator').selectOption('gte')
  await page.getByLabel('Condition 1: value').fill('0')
  await page
    .getByTestId('audience-size')
    .filter({ hasText: /^1,000$/ })
    .waitFor()
  await axe(t, 'audience builder')
  await page.getByRole('button', { name: 'Create audience' }).click()
  await page.getByRole('status').filter({ hasText: 'Audience created.' }).waitFor()
  await page
    .getByTestId('audience-size')
    .filter({ hasText: /^1,000$/ })
    .waitFor()
  t.pass('1,000 contacts in the audience')
})

/** Now minus a minute on the account's wall clock: a one-time campaign due at once (the scheduler ticks each minute). */
function dueNow(zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(Date.now() - 60_000))
      .map((p) => [p.type, p.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

t.test('a campaign with two variants, reviewed and scheduled', async (t) => {
  const settings = await apiGet<{ timezone: string }>('/account/settings')
  const due = dueNow(settings.timezone)
  await open('/campaigns', 'Campaigns')
  await page.getByRole('link', { name: 'New campaign' }).click()
  await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor()
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring launch')
  await page.getByRole('button', { name: /Sending list/ }).click()
  await page.getByRole('option', { name: /First Day Deals|\+1800777/ }).click()
  // React Aria's checkboxes and radios: the user clicks the label (the input itself is visually hidden).
  const audiences = page.getByRole('group', { name: 'Audiences' })
  await audiences.getByText('Everyone on the list', { exact: true }).click()
  t.ok(await audiences.getByRole('checkbox', { name: 'Everyone on the list' }).isChecked(), 'audience chosen')
  await page.getByRole('radiogroup', { name: 'Sends' }).getByText('One time', { exact: true }).click()
  await page.getByRole('textbox', { name: 'Send date' }).fill(due.date)
  await page.getByRole('textbox', { name: 'Send time' }).fill(due.time)
  await page.getByRole('textbox', { name: 'Variant 1 name' }).fill('Half price')
  await page
    .getByRole('textbox', { name: 'Variant 1 message' })
    .fill('{{first_name}}, spring shoes half price: {{link1}}')
  await page.getByRole('button', { name: /Variant 1 link1 offer/ }).click()
  await page.getByRole('option', { name: 'Spring Shoes' }).click()
  await page.getByRole('textbox', { name: 'Variant 1 percent' }).fill('50')
  await page.getByRole('button', { name: 'Add variant' }).click()
  await page.getByRole('textbox', { name: 'Variant 2 name' }).fill('Today only')
  await page
    .getByRole('textbox', { name: 'Variant 2 message' })
    .fill('Spring sale on shoes, today only: {{link1}}')
  await page.getByRole('button', { name: /Variant 2 link1 offer/ }).click()
  await page.getByRole('option', { name: 'Spring Shoes' }).click()
  await page.getByRole('textbox', { name: 'Variant 2 percent' }).fill('50')
  await axe(t, 'campaign builder')

  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByRole('heading', { level: 2, name: 'Review' }).waitFor()
  t.equal(digits(await page.getByTestId('review-audience').textContent()), CONTACTS, 'review: the audience')
  t.equal(
    digits(await page.getByTestId('review-recipients').textContent()),
    CONTACTS,
    'review: nobody left out',
  )
  t.ok(digits(await page.getByTestId('review-segments').textContent()) >= CONTACTS, 'review: segments')
  t.match(await page.getByTestId('review-cost').textContent(), /\$\s?\d/, 'review: a cost in dollars')
  await axe(t, 'review step')
  await page.getByRole('button', { name: 'Schedule campaign' }).click()
  await page.getByRole('status').filter({ hasText: 'Campaign scheduled.' }).waitFor()
  campaignPath = new URL(page.url()).pathname
  t.match(campaignPath, /^\/campaigns\/[0-9a-f]{24}$/, 'on the campaign’s page')
  await axe(t, 'campaign page')
})

t.test('it sends, and clicks show on the overview', async (t) => {
  await open('/', 'Overview')
  // The scheduler's next tick expands the run; dispatch sends through the simulator; the pipeline counts.
  t.equal(await tileReaches('sends', CONTACTS, 240_000), CONTACTS, 'the overview counts every send')

  const { messages } = await apiGet<{ messages: Array<{ body: string }> }>(`/messages?per_page=${CLICKS}`)
  const codes = messages.map((m) => /https?:\/\/[^\s/]+\/([A-Za-z0-9]{7})\b/.exec(m.body)?.[1])
  t.equal(codes.filter(Boolean).length, CLICKS, 'each message carries a short link')
  const variants = new Set(messages.map((m) => (m.body.includes('half price') ? 'Half price' : 'Today only')))
  t.equal(variants.size, 2, 'both variants were sent (50/50 over 20 messages)')
  for (const code of codes) {
    const res = await fetch(`${platform.ingestUrl}/${code}`, {
      redirect: 'manual',
      headers: { 'user-agent': BROWSER_UA },
    })
    t.equal(res.status, 302, `click ${code}`)
  }
  t.equal(await tileReaches('clicks_unique', CLICKS, 60_000), CLICKS, 'the clicks are counted')
  await page.locator('.feed-list li[data-event-type="click"]').first().waitFor()
  await axe(t, 'overview with the campaign’s traffic')

  await page.goto(`${base}${campaignPath}`)
  await page.getByRole('heading', { level: 1, name: 'Spring launch' }).waitFor()
  await page.waitForLoadState('networkidle')
  t.match(await page.locator('main').textContent(), /Half price[\s\S]*Today only|Today only[\s\S]*Half price/)
})

t.test('a setting changed', async (t) => {
  await open('/settings/account', 'Account settings')
  await page.getByRole('textbox', { name: 'Brand name' }).fill('First Day Shoes')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor()
  const settings = await apiGet<{ brand_name: string }>('/account/settings')
  t.equal(settings.brand_name, 'First Day Shoes')
})

t.test('an invited viewer finds no write control', async (t) => {
  const email = `first-day-viewer-${Date.now()}@example.test`
  await open('/settings/team', 'Team')
  await page.getByRole('textbox', { name: 'Email' }).fill(email)
  await page
    .getByRole('button', { name: /^(Owner|Member|Viewer) Role$|^Role (Owner|Member|Viewer)$/ })
    .click()
  await page.getByRole('option', { name: 'Viewer' }).click()
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: `Invitation sent to ${email}` })
    .waitFor()

  const context = await browser.newContext({ baseURL: base })
  t.teardown(() => context.close())
  const invited = await context.newPage()
  await invited.goto(linkIn(await platform.mail.mailTo(email)).href)
  await invited.getByText(`${email} is invited to join`).waitFor()
  await invited.getByLabel('Choose a password').fill('first day viewer 1')
  await invited.getByRole('button', { name: 'Accept invitation' }).click()
  await invited.getByRole('status').filter({ hasText: 'Welcome to' }).waitFor()

  const viewer = await signedIn(browser, base, { email, password: 'first day viewer 1' })
  t.teardown(() => viewer.context.close())
  const p = viewer.page
  for (const [path, heading] of [
    ['/lists', 'Lists'],
    ['/contacts', 'Contacts'],
    ['/offers', 'Offers'],
    ['/creatives', 'Creatives'],
    ['/audiences', 'Audiences'],
    ['/campaigns', 'Campaigns'],
    [campaignPath, 'Spring launch'],
    ['/settings/account', 'Account settings'],
    ['/settings/team', 'Team'],
  ] as const) {
    await p.goto(`${base}${path}`)
    await p.getByRole('heading', { level: 1, name: heading }).waitFor()
    await p.waitForLoadState('networkidle')
    t.equal(await p.locator('[data-write]').count(), 0, `${path}: no write control`)
    t.equal(await p.getByRole('link', { name: /^New / }).count(), 0, `${path}: no link to create anything`)
    t.same(await seriousA11yProblems(p), [], `${path}: axe`)
  }
})
