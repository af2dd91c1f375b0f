// Offers and creatives in Chromium against the real API (issue 16): an owner creates an offer through the form (a
// bad URL refused beside its field by the client, a URL with credentials by the API) and finds the postback URL
// to paste at its network; then writes a creative bound to it, watching the live count go from GSM-7 to UCS-2
// with the emoji that forces it marked; macros inserted at the cursor from the menu (a built-in, a custom field, the
// next free link) and a URL parameter of a link that is saved, shown again after a reload and answered by the API.
// A viewer finds no write control. The owner edits the offer and archives it. axe on every page.
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
const owner = await accountWithOwner(platform, { name: 'Offers Deals' })
const session = await signedIn(browser, base, owner)
t.teardown(() => session.context.close())
const page = session.page
let offerId = ''
let creativeId = ''

const open = async (path: string, heading: string | RegExp) => {
  await page.goto(`${base}${path}`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await page.waitForLoadState('networkidle')
}

t.test('an owner creates an offer and sees its postback URL', async (t) => {
  await open('/offers', 'Offers')
  await page.getByText('No offers yet.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'empty offers page')
  await page.getByRole('link', { name: 'New offer' }).click()
  await page.getByRole('heading', { level: 1, name: 'New offer' }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'new offer form')

  await page.getByRole('textbox', { name: 'Name' }).fill('Summer Shoes')
  await page.getByRole('button', { name: /Network/ }).click()
  await page.getByRole('option', { name: 'Everflow' }).click()
  const url = page.getByRole('textbox', { name: 'Tracking URL' })
  await url.fill('shoes.example/landing')
  await page.getByRole('textbox', { name: 'Payout (USD)' }).fill('2.5')
  await page.getByRole('button', { name: 'Create offer' }).click()
  await page.getByText('tracking_url: must be an http(s) URL').waitFor()
  t.equal(await url.getAttribute('aria-invalid'), 'true', 'refused on the client, beside the field')
  t.same(await seriousA11yProblems(page), [], 'the form with a refused field')

  await url.fill('https://user:secret@shoes.example/landing')
  await page.getByRole('button', { name: 'Create offer' }).click()
  await page.getByText('must not contain credentials').waitFor()
  t.equal(
    await url.getAttribute('aria-invalid'),
    'true',
    'the API’s destination_not_allowed, beside the field',
  )

  await url.fill('https://shoes.example/landing?cid={{click_id}}')
  await page.getByRole('button', { name: 'Create offer' }).click()
  await page.getByRole('status').filter({ hasText: 'Offer created.' }).waitFor()
  offerId = new URL(page.url()).pathname.split('/').pop() ?? ''
  t.match(offerId, /^[0-9a-f]{24}$/, 'on the new offer’s page')
  const postback = page.getByTestId('postback-url')
  await postback.waitFor()
  t.match(
    await postback.textContent(),
    /\/api\/postbacks\/everflow\?click_id=\{\w+\}.*&postback_secret=\S+$/,
    'the Everflow postback URL with the account’s secret',
  )
  t.equal(await page.locator('dl.facts dd').filter({ hasText: '$2.50 CPA' }).count(), 1, 'payout shown')
  t.same(await seriousA11yProblems(page), [], 'offer page')

  await open('/offers', 'Offers')
  const cells = await page
    .getByRole('row')
    .filter({ hasText: 'Summer Shoes' })
    .getByRole('cell')
    .allTextContents()
  t.same(cells, ['Summer Shoes', 'active', 'Everflow', '$2.50 CPA', '90 days'])
})

const countsOf = async () => {
  const text = (await page.getByTestId('creative-counts').textContent()) ?? ''
  const m = /(\d+) characters · (\d+) segments? · (GSM-7|UCS-2)/.exec(text)
  return m ? { characters: Number(m[1]), segments: Number(m[2]), encoding: m[3] } : null
}

t.test('an owner writes a creative bound to the offer, with a live count', async (t) => {
  await open('/creatives', 'Creatives')
  await page.getByText('No creatives yet.').waitFor()
  t.same(await seriousA11yProblems(page), [], 'empty creatives page')
  await page.getByRole('link', { name: 'New creative' }).click()
  await page.getByRole('heading', { level: 1, name: 'New creative' }).waitFor()
  await page.getByRole('textbox', { name: 'Name' }).fill('Shoes blast')
  const message = page.getByRole('textbox', { name: 'Message' })
  const words = 'Summer shoes are half price today only, see'
  await message.fill(`${words} {{link1}}`)
  await page.getByRole('button', { name: /Offer for \{\{link1\}\}/ }).click()
  await page.getByRole('option', { name: 'Summer Shoes' }).click()
  await page.getByTestId('creative-counts').filter({ hasText: 'GSM-7' }).waitFor()
  const gsm = await countsOf()
  t.equal(gsm?.segments, 1, 'one GSM-7 segment')
  t.equal(await page.locator('mark.ucs2').count(), 0, 'nothing marked')
  const preview = (await page.getByTestId('phone-preview').textContent()) ?? ''
  t.match(preview, /^Offers Deals: |^\{\{brand_name\}\}: /, 'the account prefix before the message')
  t.match(preview, /Reply stop to stop/, 'the account suffix after it')
  t.same(await seriousA11yProblems(page), [], 'creative editor')

  await message.fill(`${words} 😀 {{link1}}`)
  await page.getByTestId('creative-counts').filter({ hasText: 'UCS-2' }).waitFor()
  const ucs2 = await countsOf()
  t.ok(ucs2 && gsm && ucs2.segments > gsm.segments, `segments ${gsm?.segments} → ${ucs2?.segments}`)
  t.equal(await page.getByTestId('phone-preview').locator('mark.ucs2').textContent(), '😀', 'emoji marked')
  t.match(await page.getByTestId('ucs2-reason').textContent(), /😀.*UCS-2/)
  t.same(await seriousA11yProblems(page), [], 'creative editor with a UCS-2 message')

  await page.getByRole('button', { name: 'Create creative' }).click()
  await page.getByRole('status').filter({ hasText: 'Creative created.' }).waitFor()
  creativeId = new URL(page.url()).pathname.split('/').pop() ?? ''
  t.match(creativeId, /^\d+$/)
  await page.getByRole('link', { name: 'Summer Shoes' }).waitFor()
  t.same(await seriousA11yProblems(page), [], 'creative page')

  await open('/creatives', 'Creatives')
  const cells = await page
    .getByRole('row')
    .filter({ hasText: 'Shoes blast' })
    .getByRole('cell')
    .allTextContents()
  t.same(cells.slice(0, 3), ['Shoes blast', 'active', 'Summer Shoes'])
  t.equal(cells[3], String(ucs2?.characters), 'the saved length is the estimate')
  t.equal(cells[4], String(ucs2?.segments))
  t.same(await seriousA11yProblems(page), [], 'creatives page with a creative')
})

t.test('macros go in at the cursor; a link’s URL parameter is saved and shown again', async (t) => {
  await open(`/creatives/${creativeId}`, 'Shoes blast')
  const message = page.getByRole('textbox', { name: 'Message' })
  const before = await message.inputValue()
  const macro = async (item: string | RegExp) => {
    await page.getByRole('button', { name: 'Insert macro' }).click()
    await page.getByRole('menuitem', { name: item }).click()
  }
  await message.click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.type('Hi ')
  await macro('{{first_name}}')
  t.equal(await message.inputValue(), `Hi {{first_name}}${before}`, 'inserted where the cursor was')
  // The caret is after the macro: typing goes on from there.
  await page.keyboard.type(', ')
  await macro('Custom field…')
  await page.getByRole('textbox', { name: 'Custom field' }).fill('plan')
  await page.getByRole('button', { name: 'Insert field' }).click()
  t.equal(await message.inputValue(), `Hi {{first_name}}, {{plan}}${before}`, 'a custom field by name')
  await message.click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' or ')
  await macro(/^\{\{link2\}\} \(new link\)$/)
  const edited = `Hi {{first_name}}, {{plan}}${before} or {{link2}}`
  t.equal(await message.inputValue(), edited, 'the next free link at the end')
  await page.getByRole('button', { name: /Offer for \{\{link2\}\}/ }).click()
  await page.getByRole('option', { name: 'Summer Shoes' }).click()

  await page.getByRole('button', { name: 'Add parameter to {{link1}}' }).click()
  await page.getByRole('textbox', { name: '{{link1}} value 1' }).fill('spring')
  await page.getByRole('button', { name: 'Save creative' }).click()
  await page.getByText('a parameter of {{link1}} has a value but no key').waitFor()
  t.equal(
    await page.getByRole('textbox', { name: '{{link1}} key 1' }).getAttribute('aria-invalid'),
    'true',
    'a value without a key is refused beside it',
  )
  await page.getByRole('textbox', { name: '{{link1}} key 1' }).fill('sub1')
  t.same(await seriousA11yProblems(page), [], 'editor with URL parameters')
  await page.getByRole('button', { name: 'Save creative' }).click()
  await page.locator('dl.facts dd').filter({ hasText: 'with sub1=spring' }).waitFor()

  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Shoes blast' }).waitFor()
  t.equal(
    await page.getByRole('textbox', { name: 'Message' }).inputValue(),
    edited,
    'the message after a reload',
  )
  t.equal(await page.getByRole('textbox', { name: '{{link1}} key 1' }).inputValue(), 'sub1')
  t.equal(await page.getByRole('textbox', { name: '{{link1}} value 1' }).inputValue(), 'spring')
  t.equal(await page.getByRole('textbox', { name: '{{link2}} key 1' }).count(), 0, 'link2 has none')
  const res = await fetch(`${base}/api/v2/creatives/${creativeId}`, {
    headers: { 'x-api-key': owner.apiKey },
  })
  const { creative } = (await res.json()) as {
    creative: { message: string; offer_links: { key: string; offer_id: string; url_params: object }[] }
  }
  t.equal(creative.message, edited)
  t.same(
    creative.offer_links.map((l) => [l.key, l.offer_id, l.url_params]),
    [
      ['link1', offerId, { sub1: 'spring' }],
      ['link2', offerId, {}],
    ],
    'GET /creatives/:id answers the same parameters',
  )
  t.same(await seriousA11yProblems(page), [], 'creative page after the edit')
})

t.test('a viewer reads offers and creatives and finds no write control', async (t) => {
  const viewer = await addUser(platform, owner.accountId, 'viewer')
  const { context, page: vp } = await signedIn(browser, base, viewer)
  t.teardown(() => context.close())
  for (const [path, heading] of [
    ['/offers', 'Offers'],
    [`/offers/${offerId}`, 'Summer Shoes'],
    ['/creatives', 'Creatives'],
    [`/creatives/${creativeId}`, 'Shoes blast'],
  ] as const) {
    await vp.goto(`${base}${path}`)
    await vp.getByRole('heading', { level: 1, name: heading }).waitFor()
    await vp.waitForLoadState('networkidle')
    t.equal(await vp.locator('[data-write]').count(), 0, `no write control on ${path}`)
    t.equal(await vp.getByRole('textbox').count(), 0, `no form on ${path}`)
    t.same(await seriousA11yProblems(vp), [], `${path} as a viewer`)
  }
  t.equal(
    await vp.getByTestId('phone-preview').locator('mark.ucs2').textContent(),
    '😀',
    'viewer sees the preview',
  )
})

t.test('an owner edits the offer, then archives it', async (t) => {
  await open(`/offers/${offerId}`, 'Summer Shoes')
  await page.getByRole('button', { name: /Payout type/ }).click()
  await page.getByRole('option', { name: 'CPC (per click)' }).click()
  await page.getByRole('textbox', { name: 'Payout (USD)' }).fill('0.3')
  await page.getByRole('button', { name: 'Save offer' }).click()
  await page.locator('dl.facts dd').filter({ hasText: '$0.30 CPC' }).waitFor()
  await page.reload()
  await page.locator('dl.facts dd').filter({ hasText: '$0.30 CPC' }).waitFor()
  t.equal(await page.getByRole('textbox', { name: 'Payout (USD)' }).inputValue(), '0.3', 'after a reload')

  await page.getByRole('button', { name: 'Archive…' }).click()
  await page.getByRole('button', { name: 'Archive this offer' }).click()
  await page.getByRole('heading', { level: 1, name: 'Offers' }).waitFor()
  await page.getByText('No offers yet.').waitFor()
  t.pass('the archived offer left the list')
})
