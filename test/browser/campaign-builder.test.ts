// The campaign builder in Chromium against the real API (issue 16): an owner builds a one-time campaign with two
// variants bound to an offer, is refused by the client when the percents add up to 90 and by the API when an
// audience was archived meanwhile (each beside its field), reviews figures equal to the API's estimate of the same
// body, schedules it, pauses, resumes, edits it (the change still there after a reload) and archives it. A repeating
// campaign needs a weekday. A viewer finds no write control. axe on every step.
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import { formatCost } from '../../web/src/campaigns/builder/builderRules.js'
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
const owner = await accountWithOwner(platform, { name: 'Campaign Deals' })

// biome-ignore lint/suspicious/noExplicitAny: replies of several operations
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
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

// One list of 20 contacts, every other one tagged gold; contact 5 unsubscribed.
let listId = 0
{
  const pg = platform.deps.postgres.acquire()
  try {
    const { rows } = await pg.pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, shortener_domain)
       VALUES ($1, $2, 'Main list', 'Deals', 'simulator', 'trk.example') RETURNING id`,
      [owner.accountId, `+1800444${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`],
    )
    listId = rows[0]!.id
    for (let i = 0; i < 20; i++) {
      const contactId = newObjectId()
      await pg.pool.query('INSERT INTO contacts (id, account_id, phone_number) VALUES ($1, $2, $3)', [
        contactId,
        owner.accountId,
        `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      ])
      await pg.pool.query(
        `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, custom_fields, signup_date)
         VALUES ($1, $2, $3, $4, $5, $6, now())`,
        [
          newObjectId(),
          owner.accountId,
          listId,
          contactId,
          i !== 5,
          JSON.stringify({ tier: i % 2 ? 'gold' : 'basic' }),
        ],
      )
    }
  } finally {
    await platform.deps.postgres.release()
  }
}

const filterOf = (condition: Record<string, unknown>) => ({
  operator: 'AND',
  conditions: [condition],
  groups: [],
})
const audience = async (name: string, condition: Record<string, unknown>): Promise<string> => {
  const res = await call('POST', '/audiences', { name, source_lists: [listId], filter: filterOf(condition) })
  if (res.status !== 201) throw new Error(JSON.stringify(res.body))
  return res.body.audience.id
}
const goldFans = await audience('Gold fans', {
  condition_type: 'custom_field',
  field: 'custom_fields.tier',
  operator: 'eq',
  value: 'gold',
})
const everyone = await audience('Everyone', {
  condition_type: 'count',
  field: 'send_count',
  operator: 'gte',
  value: 0,
})
const soonGone = await audience('Soon gone', {
  condition_type: 'count',
  field: 'send_count',
  operator: 'gte',
  value: 0,
})
const offer = await call('POST', '/offers', {
  name: 'Winter Boots',
  tracking_url: 'https://boots.example/landing?cid={{click_id}}',
})
if (offer.status !== 201) throw new Error(JSON.stringify(offer.body))
const offerId: string = offer.body.offer.id

const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page
const LONG = `${'Every winter boot in the store is half price today, and delivery is free. '.repeat(2)}{{link1}}`
let campaignPath = ''

const textbox = (name: string) => page.getByRole('textbox', { name, exact: true })
const pick = async (name: string, option: string) => {
  await page.getByRole('button', { name }).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

t.test('an owner builds, reviews and schedules a one-time campaign with two variants', async (t) => {
  await page.getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor()
  await page.getByText('No campaigns yet.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'campaigns page')
  await page.getByRole('link', { name: 'New campaign' }).click()
  await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor()
  t.equal(new URL(page.url()).pathname, '/campaigns/new')
  await page.getByRole('checkbox', { name: 'Gold fans' }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'the empty builder')

  await textbox('Name').fill('Winter sale')
  await pick('Sending list', 'Main list')
  const audiences = page.getByRole('group', { name: 'Audiences' })
  await audiences.getByRole('checkbox', { name: 'Gold fans' }).check()
  await audiences.getByRole('checkbox', { name: 'Soon gone' }).check()
  t.ok(await page.getByRole('radio', { name: 'One time' }).isChecked(), 'one time by default')
  await textbox('Send date').fill('2026-12-20')
  await textbox('Send time').fill('09:30')
  await textbox('Variant 1 name').fill('Short')
  await textbox('Variant 1 message').fill('Sale {{link1}}')
  await pick('Variant 1 link1 offer', 'Winter Boots')
  await textbox('Variant 1 percent').fill('50')
  await page.getByRole('button', { name: 'Add variant' }).click()
  await textbox('Variant 2 name').fill('Long')
  await textbox('Variant 2 message').fill(LONG)
  await pick('Variant 2 link1 offer', 'Winter Boots')
  await textbox('Variant 2 percent').fill('40')

  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByText('add up to exactly 100').waitFor()
  t.equal(
    await textbox('Variant 2 percent').getAttribute('aria-invalid'),
    'true',
    'refused beside the percent',
  )
  t.equal(await page.getByRole('heading', { level: 2, name: 'Review' }).count(), 0, 'no review yet')
  t.same(await seriousA11yProblems(page), [], 'the builder with a refused percent')

  await textbox('Variant 2 percent').fill('50')
  // Archived while the marketer builds: the API refuses the audience, beside the audiences.
  t.equal((await call('DELETE', `/audiences/${soonGone}`)).status, 200)
  await page.getByRole('button', { name: 'Review' }).click()
  await audiences.getByText(`Audience ${soonGone} not found`).waitFor()
  t.pass('the API’s audience_not_found beside the audiences')
  t.same(await seriousA11yProblems(page), [], 'the builder with an API refusal')
  await audiences.getByRole('checkbox', { name: 'Soon gone' }).uncheck()
  await audiences.getByRole('checkbox', { name: 'Everyone' }).check()

  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByRole('heading', { level: 2, name: 'Review' }).waitFor()
  const estimate = await call('POST', '/schedules/estimate', {
    name: 'Winter sale',
    send_type: 'blast',
    is_repeating: false,
    send_time: '09:30',
    send_date: '2026-12-20',
    audiences: [goldFans, everyone],
    sending_list_id: listId,
    blasts: [
      {
        variant_name: 'Short',
        message: 'Sale {{link1}}',
        percent_audience: 50,
        offer_links: [{ key: 'link1', offer_id: offerId }],
      },
      {
        variant_name: 'Long',
        message: LONG,
        percent_audience: 50,
        offer_links: [{ key: 'link1', offer_id: offerId }],
      },
    ],
  })
  t.equal(estimate.status, 200)
  t.equal(estimate.body.audience, 19, 'everyone subscribed (the union with the gold fans adds no one)')
  t.equal(await page.getByTestId('review-audience').textContent(), String(estimate.body.audience))
  t.equal(await page.getByTestId('review-segments').textContent(), String(estimate.body.segments))
  t.equal(await page.getByTestId('review-cost').textContent(), formatCost(estimate.body.cost_usd))
  t.ok(estimate.body.segments > estimate.body.audience, 'the long variant takes two segments')
  for (const v of estimate.body.variants) {
    const cells = await page.getByRole('row').filter({ hasText: v.name }).getByRole('cell').allTextContents()
    t.same(
      cells.slice(0, 6),
      [
        `${v.percent}%`,
        String(v.recipients),
        String(v.character_count),
        v.encoding,
        String(v.segment_count),
        String(v.segments),
      ],
      `${v.name} row`,
    )
  }
  t.same(await seriousA11yProblems(page), [], 'the review')

  await page.getByRole('button', { name: 'Back to edit' }).click()
  t.equal(await textbox('Name').inputValue(), 'Winter sale', 'the form kept its values')
  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByRole('button', { name: 'Schedule campaign' }).click()
  await page.getByRole('status').filter({ hasText: 'Campaign scheduled.' }).waitFor()
  campaignPath = new URL(page.url()).pathname
  t.match(campaignPath, /^\/campaigns\/[0-9a-f]{24}$/)
  await page.getByRole('heading', { level: 1, name: 'Winter sale' }).waitFor()
  const stored = (await call('GET', `/schedules/${campaignPath.split('/').pop()}`)).body.schedule
  t.match(stored, {
    status: 'on',
    send_date: '2026-12-20',
    send_time: '09:30',
    audiences: [goldFans, everyone],
    sending_list_id: listId,
  })
  t.same(
    stored.blasts.map((b: { variant_name: string; percent_audience: number; offer_links: unknown[] }) => [
      b.variant_name,
      b.percent_audience,
      b.offer_links,
    ]),
    [
      ['Short', 50, [{ key: 'link1', offer_id: offerId, url_params: {} }]],
      ['Long', 50, [{ key: 'link1', offer_id: offerId, url_params: {} }]],
    ],
  )
  t.same(await seriousA11yProblems(page), [], 'the scheduled campaign')
})

t.test('pause, resume, edit and archive', async (t) => {
  const id = campaignPath.split('/').pop()
  const status = async () => (await call('GET', `/schedules/${id}`)).body.schedule.status
  await page.getByRole('button', { name: 'Pause' }).click()
  await page.getByRole('status').filter({ hasText: 'Campaign paused.' }).waitFor()
  await page.getByRole('button', { name: 'Resume' }).waitFor()
  t.equal(await status(), 'off', 'paused')
  await page.getByRole('button', { name: 'Resume' }).click()
  await page.getByRole('status').filter({ hasText: 'Campaign resumed.' }).waitFor()
  await page.getByRole('button', { name: 'Pause' }).waitFor()
  t.equal(await status(), 'on', 'resumed')

  await page.getByRole('button', { name: 'Edit' }).click()
  await page.getByRole('heading', { level: 1, name: 'Edit Winter sale' }).waitFor()
  t.equal(await textbox('Variant 2 message').inputValue(), LONG, 'the stored variants')
  t.same(await seriousA11yProblems(page), [], 'the edit form')
  await textbox('Send time').fill('10:15')
  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByRole('button', { name: 'Save campaign' }).click()
  await page.getByRole('status').filter({ hasText: 'Campaign saved.' }).waitFor()
  await page.reload()
  await page.getByText('2026-12-20 at 10:15').waitFor()
  t.equal(
    await page.getByRole('status').filter({ hasText: 'Campaign saved.' }).count(),
    0,
    'the note is not said again after a reload',
  )
  t.equal(await status(), 'on', 'editing kept it on')

  await page.getByRole('button', { name: 'Archive' }).click()
  const dialog = page.getByRole('alertdialog')
  await dialog.waitFor()
  t.same(await seriousA11yProblems(page), [], 'the archive confirmation')
  await dialog.getByRole('button', { name: 'Archive campaign' }).click()
  await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor()
  await page.getByText('No campaigns yet.').waitFor()
  t.equal(await status(), 'archive', 'archived')
})

t.test('a repeating campaign needs a weekday', async (t) => {
  await page.goto(`${base}/campaigns/new`)
  await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor()
  await textbox('Name').fill('Weekly news')
  await page.getByRole('group', { name: 'Audiences' }).getByRole('checkbox', { name: 'Everyone' }).check()
  await page.getByRole('radio', { name: 'Repeating' }).check()
  t.equal(await textbox('Send date').count(), 0, 'no send date when repeating')
  await textbox('Start date').fill('2026-12-01')
  await textbox('End date').fill('2027-02-28')
  await textbox('Variant 1 message').fill('News of the week')
  await page.getByRole('button', { name: 'Review' }).click()
  const days = page.getByRole('group', { name: 'Days' })
  await days.getByText('days_of_week must select at least one day when repeating').waitFor()
  t.same(await seriousA11yProblems(page), [], 'repeating without a day')
  await days.getByRole('checkbox', { name: 'Mon' }).check()
  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByRole('heading', { level: 2, name: 'Review' }).waitFor()
  t.equal(await page.getByTestId('review-audience').textContent(), '19')
  t.same(await seriousA11yProblems(page), [], 'the repeating review')
})

t.test('a viewer finds no write control', async (t) => {
  const created = await call('POST', '/schedules', {
    name: 'Holiday notice',
    send_type: 'blast',
    is_repeating: false,
    send_time: '08:00',
    send_date: '2026-12-24',
    audiences: [everyone],
    status: 'on',
    blasts: [{ message: 'Hello', percent_audience: 100 }],
  })
  t.equal(created.status, 201)
  const viewer = await addUser(platform, owner.accountId, 'viewer')
  const { context, page: vp } = await signedIn(browser, base, viewer)
  t.teardown(() => context.close())
  await vp.goto(`${base}/campaigns`)
  await vp.getByRole('link', { name: 'Holiday notice' }).waitFor()
  t.equal(await vp.getByRole('link', { name: 'New campaign' }).count(), 0, 'no New campaign link')
  t.same(await seriousA11yProblems(vp), [], 'campaigns as a viewer')
  await vp.getByRole('link', { name: 'Holiday notice' }).click()
  await vp.getByRole('heading', { level: 1, name: 'Holiday notice' }).waitFor()
  for (const name of ['Edit', 'Pause', 'Resume', 'Archive']) {
    t.equal(await vp.getByRole('button', { name }).count(), 0, `no ${name}`)
  }
  t.equal(await vp.locator('[data-write]').count(), 0, 'no write control at all')
  t.same(await seriousA11yProblems(vp), [], 'a campaign as a viewer')
  await vp.goto(`${base}/campaigns/new`)
  await vp.getByText('Viewers cannot create campaigns.').waitFor()
  t.equal(await vp.getByRole('textbox', { name: 'Name' }).count(), 0, 'no builder for a viewer')
})
