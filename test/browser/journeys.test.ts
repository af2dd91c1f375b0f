// Journeys in Chromium against the real API and the journeys worker (issue 16): an owner builds a journey of all
// seven step types with a condition branching to two different steps and a nested trigger group; the API's
// refusal of a loop without a wait shows beside the step it names; the saved journey reloads as it was (and as
// GET /journeys/:id has it); once active, a contact added through the API with use_journeys is enrolled and its
// path shows step by step; then pause and archive. A viewer finds no write control. axe on every screen.
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import {
  accountWithOwner,
  addUser,
  launchChromium,
  seriousA11yProblems,
  signedIn,
  startBrowserPlatform,
} from '../harness/browser.js'
import { eventually } from '../harness/platform.js'

// The workers role runs the journeys worker (and dispatch, which sends the journey's message).
const platform = await startBrowserPlatform(t, { roles: ['api', 'ingest', 'workers'] })
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform, { name: 'Journey Deals' })
const listNumber = `+1800777${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`
const offerId = newObjectId()
let listId = 0
{
  const pg = platform.deps.postgres.acquire()
  try {
    const { rows } = await pg.pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
       VALUES ($1, $2, 'Welcome list', 'Brand', 'simulator') RETURNING id`,
      [owner.accountId, listNumber],
    )
    listId = rows[0]!.id
    await pg.pool.query(
      `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, payout)
       VALUES ($1, $2, $3, 'Welcome offer', 'https://offers.example.com/o?aff=1', 'everflow', 10)`,
      [offerId, owner.accountId, `ofr_welcome_${offerId}`],
    )
  } finally {
    await platform.deps.postgres.release()
  }
}

// biome-ignore lint/suspicious/noExplicitAny: replies are read loosely
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v2${path}`, {
    method,
    headers: {
      'x-api-key': owner.apiKey,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

const creative = await api('POST', '/creatives', {
  name: 'Welcome creative',
  message: 'Hello again {{link1}}',
  offer_links: [{ key: 'link1', offer_id: offerId }],
})
const creativeId: number = creative.body.creative?.id

const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page
const field = (name: string) => page.getByLabel(name, { exact: true })
const stepGroup = (n: number) => page.getByRole('group', { name: new RegExp(`^Step ${n}: `) })
let journeyPath = ''
const expectedSteps = [
  {
    type: 'send_message',
    id: 'welcome',
    message: 'Welcome to {{brand_name}}: {{link1}}',
    offer_links: [{ key: 'link1', offer_id: offerId }],
  },
  { type: 'set_custom_field', field: 'stage', value: 'welcomed' },
  { type: 'condition', check: 'sent_since_enrollment', yes: 'later', no: 'bye' },
  { type: 'wait', id: 'later', amount: 2, unit: 'hours' },
  { type: 'wait_until', time: '09:30' },
  { type: 'unsubscribe' },
  { type: 'exit', id: 'bye' },
]
const expectedTrigger = {
  operator: 'AND',
  conditions: [{ type: 'list', list_id: 0 }],
  groups: [
    {
      operator: 'OR',
      conditions: [
        { type: 'signup_method', value: 'api' },
        { type: 'custom_field', field: 'tier', operator: 'eq', value: 'vip' },
      ],
      groups: [],
    },
  ],
}

t.test('an owner builds a journey of every step type; a loop is refused beside its step', async (t) => {
  expectedTrigger.conditions[0]!.list_id = listId
  await page.getByRole('link', { name: 'Journeys' }).click()
  await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor()
  await page.getByText('No journeys here.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'empty journeys page')

  await page.getByRole('link', { name: 'New journey' }).click()
  await page.getByRole('heading', { level: 1, name: 'New journey' }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'new journey form')
  // The client's own checks come first: no list chosen, no message.
  await page.getByRole('button', { name: 'Create journey' }).click()
  await page
    .getByRole('group', { name: 'Trigger condition 1', exact: true })
    .getByRole('alert')
    .filter({ hasText: 'choose a list' })
    .waitFor()
  await stepGroup(1).getByRole('alert').filter({ hasText: 'the message text is empty' }).waitFor()
  t.equal(await field('Trigger condition 1: list').getAttribute('aria-invalid'), 'true')
  t.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true')

  await page.getByLabel('Name', { exact: true }).fill('Welcome series')
  // Trigger: joined the list AND (signed up through the API OR tier is vip).
  await field('Trigger condition 1: list').selectOption({ label: `Welcome list (${listNumber})` })
  await page.getByRole('button', { name: 'Trigger: add group' }).click()
  t.equal(await field('Group 1: match').inputValue(), 'OR')
  await field('Group 1 condition 1: kind').selectOption('signup_method')
  await field('Group 1 condition 1: signup method').fill('api')
  await page.getByRole('button', { name: 'Group 1: add condition' }).click()
  await field('Group 1 condition 2: kind').selectOption('custom_field')
  await field('Group 1 condition 2: custom field').fill('tier')
  await field('Group 1 condition 2: value').fill('vip')

  // Step 1: an inline message whose {{link1}} gets an offer.
  await field('Step 1: id').fill('welcome')
  await field('Step 1: message').fill('Welcome to {{brand_name}}: {{link1}}')
  await field('Step 1: offer for {{link1}}').selectOption({ label: 'Welcome offer' })
  // A send can use a creative instead; switching back keeps the inline message.
  await stepGroup(1).getByRole('radio', { name: 'A creative' }).check()
  await field('Step 1: creative').selectOption({ label: 'Welcome creative' })
  t.equal(await field('Step 1: creative').inputValue(), String(creativeId))
  t.equal(await field('Step 1: message').count(), 0, 'no message field while a creative is chosen')
  await stepGroup(1).getByRole('radio', { name: 'Inline message' }).check()
  t.equal(await field('Step 1: message').inputValue(), 'Welcome to {{brand_name}}: {{link1}}')
  // Steps 2-7, each added (a wait) and given its type.
  const types = ['set_custom_field', 'condition', 'wait', 'wait_until', 'unsubscribe', 'exit']
  for (const [i, type] of types.entries()) {
    await page.getByRole('button', { name: 'Add step' }).click()
    await field(`Step ${i + 2}: type`).selectOption(type)
  }
  await field('Step 2: custom field').fill('stage')
  await field('Step 2: value').fill('welcomed')
  await field('Step 4: id').fill('later')
  await field('Step 4: amount').fill('2')
  await field('Step 4: unit').selectOption('hours')
  await field('Step 5: time').fill('09:30')
  await field('Step 7: id').fill('bye')
  await field('Step 3: check').selectOption('sent_since_enrollment')
  await field('Step 3: yes goes to').selectOption({ label: 'Step 4 (Wait: later)' })
  await field('Step 3: no goes to').selectOption({ label: 'Step 7 (Exit: bye)' })
  // A loop with no wait in it: step 2 back to step 1, which runs straight into step 2 again.
  await field('Step 2: next step').selectOption({ label: 'Step 1 (Send message: welcome)' })
  await page.getByRole('button', { name: 'Create journey' }).click()
  const loop = stepGroup(2).getByRole('alert')
  await loop.waitFor()
  t.match(await loop.textContent(), /loop back to step 1 without a wait/)
  t.equal(await page.getByRole('heading', { level: 1, name: 'New journey' }).count(), 1, 'not created')
  for (const n of [1, 3, 4, 5, 6, 7])
    t.equal(await stepGroup(n).getByRole('alert').count(), 0, `none on step ${n}`)
  t.same(await seriousA11yProblems(page), [], 'the editor with a refused loop')

  // Moving step 2 down and back up keeps its target; then the loop is undone.
  await page.getByRole('button', { name: 'Move step 2 down' }).click()
  t.equal(await field('Step 3: type').inputValue(), 'set_custom_field')
  await page.getByRole('button', { name: 'Move step 3 up' }).click()
  t.equal(await field('Step 2: type').inputValue(), 'set_custom_field')
  await field('Step 2: next step').selectOption({ label: 'Step 3 (the next)' })
  await page.getByRole('button', { name: 'Create journey' }).click()
  await page.getByRole('heading', { level: 1, name: 'Welcome series' }).waitFor()
  await page.getByRole('status').filter({ hasText: 'Journey created as a draft.' }).waitFor()
  journeyPath = new URL(page.url()).pathname
  t.match(journeyPath, /^\/journeys\/[0-9a-f]{24}$/)
  t.equal(await page.getByTestId('journey-status').textContent(), 'draft')
  await page.getByText('No contact has entered this journey yet.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'a saved draft journey')

  const stored = await api('GET', journeyPath)
  t.equal(stored.status, 200)
  t.same(stored.body.journey.steps, expectedSteps, 'the API stored the steps as built')
  t.same(stored.body.journey.trigger, expectedTrigger, 'and the nested trigger')
})

t.test('reloaded, the editor shows the same steps and trigger', async (t) => {
  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Welcome series' }).waitFor()
  // The offer and list choices arrive by requests of their own, after the journey: until then a select has no
  // option for its stored value.
  await field('Step 1: offer for {{link1}}')
    .locator(`option[value="${offerId}"]`)
    .waitFor({ state: 'attached' })
  await field('Trigger condition 1: list').locator(`option[value="${listId}"]`).waitFor({ state: 'attached' })
  const types = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => field(`Step ${n}: type`).inputValue()))
  t.same(
    types,
    expectedSteps.map((s) => s.type),
  )
  t.equal(await field('Step 1: message').inputValue(), 'Welcome to {{brand_name}}: {{link1}}')
  t.equal(await field('Step 1: offer for {{link1}}').inputValue(), offerId)
  t.equal(await field('Step 2: custom field').inputValue(), 'stage')
  t.equal(await field('Step 2: value').inputValue(), 'welcomed')
  t.equal(await field('Step 3: check').inputValue(), 'sent_since_enrollment')
  t.equal(await field('Step 3: yes goes to').locator('option:checked').textContent(), 'Step 4 (Wait: later)')
  t.equal(await field('Step 3: no goes to').locator('option:checked').textContent(), 'Step 7 (Exit: bye)')
  t.equal(await field('Step 4: amount').inputValue(), '2')
  t.equal(await field('Step 4: unit').inputValue(), 'hours')
  t.equal(await field('Step 5: time').inputValue(), '09:30')
  t.equal(await field('Trigger condition 1: list').inputValue(), String(listId))
  t.equal(await field('Group 1: match').inputValue(), 'OR')
  t.equal(await field('Group 1 condition 1: signup method').inputValue(), 'api')
  t.equal(await field('Group 1 condition 2: custom field').inputValue(), 'tier')
  t.equal(await field('Group 1 condition 2: value').inputValue(), 'vip')
  // Saved unchanged, it is still the same document.
  await page.getByRole('button', { name: 'Save journey' }).click()
  await page.getByRole('status').filter({ hasText: 'Journey saved.' }).waitFor()
  const stored = await api('GET', journeyPath)
  t.same(stored.body.journey.steps, expectedSteps)
  t.same(stored.body.journey.trigger, expectedTrigger)
})

const phone = `+1212${String(2_000_000 + Math.floor(Math.random() * 7_000_000))}`

t.test('activated, a contact who joins with use_journeys is enrolled and its path shows', async (t) => {
  await page.getByRole('button', { name: 'Activate' }).click()
  await page.getByRole('status').filter({ hasText: 'Journey activated' }).waitFor()
  t.equal(await page.getByTestId('journey-status').textContent(), 'active')
  const joined = await api('POST', '/contacts', {
    phone_number: phone,
    list_number: listNumber,
    use_journeys: true,
  })
  t.equal(joined.status, 200, JSON.stringify(joined.body))
  t.equal(joined.body.journeys_enrolled, 1, 'enrolled in the journey')
  // The worker runs the send, the field, and the condition at once; nothing is sent yet inside that run, so the
  // condition answers no and the journey ends at its exit step.
  await eventually(
    async () => {
      const r = await api('GET', `${journeyPath}/enrollments`)
      return r.body.enrollments?.[0]?.status === 'completed' ? true : undefined
    },
    30_000,
    'the enrollment to complete',
  )
  await page.reload()
  const row = page.getByRole('row').filter({ hasText: phone })
  await row.waitFor()
  t.match(await row.textContent(), /completed/)
  t.match(await row.textContent(), /exit step/)
  t.match(
    await row.getByRole('link', { name: phone, exact: true }).getAttribute('href'),
    /^\/contacts\/[0-9a-f]{24}$/,
  )
  t.same(await seriousA11yProblems(page), [], 'a journey with an enrollment')
  // The status filter: the API's `status` query, kept in the address.
  const statusFilter = page.getByRole('combobox', { name: 'Status' })
  await statusFilter.selectOption('stopped')
  await page.getByText('No enrollment is stopped.').waitFor()
  t.match(page.url(), /[?&]status=stopped/)
  await statusFilter.selectOption('completed')
  await row.waitFor()
  await statusFilter.selectOption('')
  await row.waitFor()

  await row.getByRole('link', { name: `Path of ${phone}` }).click()
  await page.getByRole('heading', { level: 1, name: `Enrollment of ${phone}` }).waitFor()
  t.equal(await page.getByTestId('enrollment-status').textContent(), 'completed')
  const rows = page.getByRole('region', { name: 'Path' }).locator('tbody tr')
  await rows.first().waitFor()
  const texts = await rows.allTextContents()
  t.equal(texts.length, 4, texts.join(' | '))
  t.match(texts[0], /Step 1 \(Send message: welcome\)sent/)
  t.match(texts[1], /Step 2 \(Set custom field\)set/)
  t.match(texts[1], /stage = welcomed/)
  t.match(texts[2], /Step 3 \(Condition\)no→ Step 7 \(Exit: bye\)/)
  t.match(texts[3], /Step 7 \(Exit: bye\)exited/)
  const messageHref = (await rows.nth(0).getByRole('link', { name: 'Message' }).getAttribute('href')) ?? ''
  t.match(messageHref, /^\/messages\/[A-Za-z0-9]+$/)
  const sent = await api('GET', messageHref)
  t.equal(sent.body.message?.to, phone, 'the link names the message sent to the contact')
  t.same(await seriousA11yProblems(page), [], 'the enrollment path')
  await page.getByRole('link', { name: '← Welcome series' }).click()
  await page.getByRole('heading', { level: 1, name: 'Welcome series' }).waitFor()
})

t.test('pause, and a viewer finds no write control', async (t) => {
  await page.getByRole('button', { name: 'Pause' }).click()
  await page.getByRole('status').filter({ hasText: 'Journey paused.' }).waitFor()
  t.equal(await page.getByTestId('journey-status').textContent(), 'paused')
  t.equal((await api('GET', journeyPath)).body.journey.status, 'paused')

  const viewer = await addUser(platform, owner.accountId, 'viewer')
  const { context, page: vp } = await signedIn(browser, base, viewer)
  t.teardown(() => context.close())
  await vp.goto(`${base}/journeys`)
  const row = vp.getByRole('row').filter({ hasText: 'Welcome series' })
  await row.waitFor()
  t.match(await row.textContent(), /paused/)
  t.equal(await vp.getByRole('link', { name: 'New journey' }).count(), 0)
  t.same(await seriousA11yProblems(vp), [], 'journeys page as a viewer')
  await vp.getByRole('link', { name: 'Welcome series' }).click()
  await vp.getByRole('heading', { level: 1, name: 'Welcome series' }).waitFor()
  await vp.getByRole('row').filter({ hasText: phone }).waitFor()
  t.equal(await vp.getByLabel('Step 1: message', { exact: true }).inputValue(), expectedSteps[0]!.message)
  t.equal(await vp.locator('main').getByRole('button').count(), 0, 'no buttons')
  t.ok(await vp.getByLabel('Step 1: type', { exact: true }).isDisabled())
  t.equal(await vp.getByLabel('Step 1: message', { exact: true }).getAttribute('readonly'), '')
  t.same(await seriousA11yProblems(vp), [], 'journey page as a viewer')
})

t.test('an owner archives the journey', async (t) => {
  await page.getByRole('button', { name: 'Archive' }).click()
  await page.getByRole('button', { name: 'Yes, archive' }).click()
  await page.getByRole('status').filter({ hasText: 'Journey “Welcome series” archived.' }).waitFor()
  await page.getByText('No journeys here.').waitFor()
  t.equal((await api('GET', journeyPath)).body.journey.status, 'archived')
  await page.getByLabel('Show').selectOption('archived')
  await page.getByRole('row').filter({ hasText: 'Welcome series' }).filter({ hasText: 'archived' }).waitFor()
  await page.getByRole('link', { name: 'Welcome series' }).click()
  await page.getByText('This journey is archived').waitFor()
  t.equal(await page.locator('main').getByRole('button').count(), 0, 'archived: read only')
  t.same(await seriousA11yProblems(page), [], 'an archived journey')
})
