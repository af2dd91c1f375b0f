// Audiences in Chromium against the real API (issue 16): an owner builds an audience of two conditions joined by
// AND, watches its size follow the edits, saves it and finds the conditions again after a reload; a value the API
// refuses shows its error beside its own condition; the audience is archived. A viewer finds no write control.
// axe on every screen.
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

const platform = await startBrowserPlatform(t, { roles: ['api'] })
const base = platform.apiUrl
const browser = await launchChromium(t)
const owner = await accountWithOwner(platform, { name: 'Audience Deals' })

// Ten contacts on one list: contact i was sent i messages and clicked i % 3 times.
{
  const pg = platform.deps.postgres.acquire()
  try {
    const { rows } = await pg.pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
       VALUES ($1, $2, 'Audience list', 'Brand', 'simulator') RETURNING id`,
      [owner.accountId, `+1800666${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`],
    )
    for (let i = 0; i < 10; i++) {
      const contactId = newObjectId()
      await pg.pool.query('INSERT INTO contacts (id, account_id, phone_number) VALUES ($1, $2, $3)', [
        contactId,
        owner.accountId,
        `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      ])
      await pg.pool.query(
        `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, send_count, click_count, signup_date)
         VALUES ($1, $2, $3, $4, true, $5, $6, now())`,
        [newObjectId(), owner.accountId, rows[0]!.id, contactId, i, i % 3],
      )
    }
  } finally {
    await platform.deps.postgres.release()
  }
}

const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page
const size = page.getByTestId('audience-size')
let audiencePath = ''

t.test('an owner builds an audience of two AND conditions and sees its size follow', async (t) => {
  await page.getByRole('link', { name: 'Audiences' }).click()
  await page.getByRole('heading', { level: 1, name: 'Audiences' }).waitFor()
  await page.getByText('No active audiences.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'empty audiences page')

  await page.getByRole('link', { name: 'New audience' }).click()
  await page.getByRole('heading', { level: 1, name: 'New audience' }).waitFor()
  await page.getByLabel('Name', { exact: true }).fill('Heavy clickers')
  await page.getByLabel('Condition 1: field').selectOption('send_count')
  await page.getByLabel('Condition 1: operator').selectOption('gte')
  await page.getByLabel('Condition 1: value').fill('5')
  // Counted before it exists (POST /audiences/size stores nothing). Sent 5 or more: contacts 5..9.
  await size.filter({ hasText: /^5$/ }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'new audience form')
  await page.getByRole('button', { name: 'Create audience' }).click()
  await page.getByRole('heading', { level: 1, name: 'Heavy clickers' }).waitFor()
  await page.getByRole('status').filter({ hasText: 'Audience created.' }).waitFor()
  audiencePath = new URL(page.url()).pathname
  t.match(audiencePath, /^\/audiences\/[0-9a-f]{24}$/)
  await size.filter({ hasText: /^5$/ }).waitFor()

  t.equal(await page.getByLabel('Match').inputValue(), 'AND')
  await page.getByRole('button', { name: 'Add condition' }).click()
  await page.getByLabel('Condition 2: field').selectOption('click_count')
  await page.getByLabel('Condition 2: operator').selectOption('gte')
  await page.getByLabel('Condition 2: value').fill('1')
  // And clicked at least once: 5, 7 and 8.
  await size.filter({ hasText: /^3$/ }).waitFor()
  // OR widens it: sent 5 or more, or clicked (1, 2, 4 and 5..9).
  await page.getByLabel('Match').selectOption('OR')
  await size.filter({ hasText: /^8$/ }).waitFor()
  await page.getByLabel('Match').selectOption('AND')
  await size.filter({ hasText: /^3$/ }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'the builder with two conditions')

  await page.getByRole('button', { name: 'Save audience' }).click()
  await page.getByRole('status').filter({ hasText: 'Audience saved.' }).waitFor()

  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Heavy clickers' }).waitFor()
  t.equal(await page.getByLabel('Match').inputValue(), 'AND')
  t.equal(await page.getByLabel('Condition 1: field').inputValue(), 'send_count')
  t.equal(await page.getByLabel('Condition 1: operator').inputValue(), 'gte')
  t.equal(await page.getByLabel('Condition 1: value').inputValue(), '5')
  t.equal(await page.getByLabel('Condition 2: field').inputValue(), 'click_count')
  t.equal(await page.getByLabel('Condition 2: operator').inputValue(), 'gte')
  t.equal(await page.getByLabel('Condition 2: value').inputValue(), '1')
  await size.filter({ hasText: /^3$/ }).waitFor()
  // An edit counts at once but changes the audience only on Save: left unsaved, a reload brings back AND.
  await page.getByLabel('Match').selectOption('OR')
  await size.filter({ hasText: /^8$/ }).waitFor()
  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Heavy clickers' }).waitFor()
  t.equal(await page.getByLabel('Match').inputValue(), 'AND', 'the unsaved OR changed nothing')
  await size.filter({ hasText: /^3$/ }).waitFor()

  await page.getByRole('link', { name: '← Audiences' }).click()
  const row = page.getByRole('row').filter({ hasText: 'Heavy clickers' })
  await row.waitFor()
  t.match(await row.textContent(), /active3/, 'the list shows the last counted size')
  t.same(await seriousA11yProblems(page), [], 'audiences page with an audience')
})

t.test('a value the API refuses shows its error beside its condition', async (t) => {
  await page.goto(`${base}${audiencePath}`)
  await size.filter({ hasText: /^3$/ }).waitFor()
  await page.getByLabel('Condition 2: value').fill('1.5')
  const second = page.getByRole('group', { name: 'Condition 2', exact: true })
  const alert = second.getByRole('alert')
  await alert.waitFor()
  t.match(await alert.textContent(), /non-negative integer/)
  t.equal(await page.getByRole('group', { name: 'Condition 1', exact: true }).getByRole('alert').count(), 0)
  t.equal(await page.getByLabel('Condition 2: value').getAttribute('aria-invalid'), 'true')
  t.same(await seriousA11yProblems(page), [], 'the builder with a refused value')
  // Fixed, the error goes and the size comes back.
  await page.getByLabel('Condition 2: value').fill('2')
  await alert.waitFor({ state: 'detached' })
  // Sent 5+ and clicked 2+: 5 and 8.
  await size.filter({ hasText: /^2$/ }).waitFor()

  // A nested group: its new condition has no value yet, refused at groups[0].conditions[0].value.
  await page.getByRole('button', { name: 'Add group' }).click()
  const nested = page.getByRole('group', { name: 'Group 1, condition 1', exact: true })
  await nested.getByRole('alert').waitFor()
  t.equal(await second.getByRole('alert').count(), 0, 'the error is on the nested condition only')
  await page.getByLabel('Group 1, condition 1: value').fill('8')
  // ... and sent exactly 8: contact 8.
  await size.filter({ hasText: /^1$/ }).waitFor()
  await page.getByRole('button', { name: 'Remove group 1', exact: true }).click()
  await size.filter({ hasText: /^2$/ }).waitFor()
  await page.getByRole('button', { name: 'Save audience' }).click()
  await page.getByRole('status').filter({ hasText: 'Audience saved.' }).waitFor()
})

t.test('a viewer reads the audience and finds no write control', async (t) => {
  const viewer = await addUser(platform, owner.accountId, 'viewer')
  const { context, page: vp } = await signedIn(browser, base, viewer)
  t.teardown(() => context.close())
  await vp.goto(`${base}/audiences`)
  await vp.getByRole('row').filter({ hasText: 'Heavy clickers' }).waitFor()
  t.equal(await vp.getByRole('link', { name: 'New audience' }).count(), 0)
  await vp.getByRole('link', { name: 'Heavy clickers' }).click()
  await vp.getByRole('heading', { level: 1, name: 'Heavy clickers' }).waitFor()
  await vp.getByTestId('audience-size').filter({ hasText: /^2$/ }).waitFor()
  t.equal(await vp.getByLabel('Condition 2: value').inputValue(), '2')
  t.equal(await vp.locator('main').getByRole('button').count(), 0, 'no buttons')
  t.ok(await vp.getByLabel('Condition 1: field').isDisabled())
  t.equal(await vp.getByLabel('Condition 1: value').getAttribute('readonly'), '')
  t.same(await seriousA11yProblems(vp), [], 'audience page as a viewer')
})

t.test('an owner archives the audience', async (t) => {
  await page.goto(`${base}${audiencePath}`)
  await page.getByRole('heading', { level: 1, name: 'Heavy clickers' }).waitFor()
  await page.getByRole('button', { name: 'Archive audience' }).click()
  await page.getByRole('button', { name: 'Yes, archive' }).click()
  await page.getByRole('status').filter({ hasText: 'Audience “Heavy clickers” archived.' }).waitFor()
  await page.getByText('No active audiences.').waitFor()
  await page.getByLabel('Show').selectOption('archived')
  await page.getByRole('row').filter({ hasText: 'Heavy clickers' }).filter({ hasText: 'archived' }).waitFor()
  await page.getByRole('link', { name: 'Heavy clickers' }).click()
  await page.getByText('This audience is archived.').waitFor()
  t.equal(await page.getByRole('button', { name: 'Save audience' }).count(), 0, 'archived: read only')
  t.same(await seriousA11yProblems(page), [], 'an archived audience')
})
