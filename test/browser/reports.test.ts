// Every report page in Chromium on demo-like data (issue 14): the performance report under each grouping the API
// has (sortable table, totals row, a chart per metric), CSV and Excel downloads whose rows match the page, LTV
// cohorts as a heatmap with its exports, a message's lifecycle, campaigns with a run's variants, the replies
// inbox filtered by kind. axe on every page; a screenshot of the performance report for the README.
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import t from 'tap'
import { launchChromium, seriousA11yProblems, signedIn, startBrowserPlatform } from '../harness/browser.js'
import { seedDemoData } from '../harness/demo-data.js'
import { eventually } from '../harness/platform.js'
import { screenshot } from '../harness/screenshots.js'

const platform = await startBrowserPlatform(t)
const base = platform.apiUrl
const browser = await launchChromium(t)
const demo = await seedDemoData(t, platform, { liveMs: 8_000 })
const { context, page } = await signedIn(browser, base, demo.owner)
t.teardown(() => context.close())
await page.setViewportSize({ width: 1360, height: 1000 })

async function open(path: string, ready: () => Promise<unknown>) {
  await page.goto(`${base}${path}`)
  await ready()
  await page.waitForLoadState('networkidle')
}

/** Downloads what the link points to, as the browser saves it. */
async function download(p: Page, name: string): Promise<{ file: string; path: string }> {
  const [event] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name }).click()])
  return { file: event.suggestedFilename(), path: (await event.path()) ?? '' }
}

const rowsOf = async (sheetFile: string) => {
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(sheetFile)
  const rows: unknown[][] = []
  book.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1))
  })
  return rows
}

/** The report's own rows (uPlot's legends are tables too). */
const reportRows = () => page.getByRole('grid', { name: 'Performance report' }).getByRole('row')
const totalsShown = () =>
  reportRows()
    .filter({ hasText: /^Total/ })
    .waitFor()

const GROUPS = ['date', 'hour', 'offer', 'creative', 'schedule', 'variant', 'list', 'carrier', 'custom_field']

t.test('the performance report under every grouping, with totals and a chart per metric', async (t) => {
  for (const group of GROUPS) {
    const query = `group_by=${group}&range=7d${group === 'custom_field' ? '&field=plan' : ''}`
    await open(`/reports/performance?${query}`, totalsShown)
    const rows = await reportRows().count()
    t.ok(rows >= 3, `${group}: header, at least one group and the totals (${rows} rows)`)
    // Opt-outs carry only a list and a contact: other groupings have no value (and no chart) for them.
    const charts = ['date', 'hour', 'list', 'custom_field'].includes(group) ? 9 : 8
    await page
      .locator('figure.chart canvas')
      .nth(charts - 1)
      .waitFor()
    t.equal(await page.locator('figure.chart').count(), charts, `${group}: a chart per metric`)
    t.same(await seriousA11yProblems(page), [], `${group}: axe`)
  }
})

t.test('sorting by a column keeps the totals last', async (t) => {
  await open('/reports/performance?group_by=offer&range=7d', totalsShown)
  const header = page.getByRole('columnheader', { name: 'Sends' })
  await header.click()
  t.equal(await header.getAttribute('aria-sort'), 'ascending')
  await header.click()
  t.equal(await header.getAttribute('aria-sort'), 'descending')
  t.match(await reportRows().last().textContent(), /^Total/, 'totals stay last')
})

t.test('a filter narrows the report and its totals, and stays in the address', async (t) => {
  await open('/reports/performance?group_by=offer&range=7d', totalsShown)
  const groupRows = async () => (await reportRows().count()) - 2 // header and totals
  t.ok((await groupRows()) >= 2, 'the demo has several offers')
  await page.getByRole('button', { name: /All offers/ }).click()
  const choice = page.getByRole('option').nth(1)
  const offerName = (await choice.textContent()) ?? ''
  await choice.click()
  await page.waitForURL(/offer_id=/)
  await eventually(async () => {
    if ((await groupRows()) !== 1) throw new Error('still unfiltered')
    return true
  })
  t.match(await reportRows().nth(1).textContent(), offerName, 'the one row is the chosen offer')
  t.same(await seriousA11yProblems(page), [], 'axe with a filter')
  await page.reload()
  await totalsShown()
  t.equal(await groupRows(), 1, 'the filter survives a reload')
})

t.test('CSV and Excel exports of the performance report match the table', async (t) => {
  await open('/reports/performance?group_by=date&range=7d', totalsShown)
  const shown = (await reportRows().count()) - 2 // header and totals
  const csv = await download(page, 'Export CSV')
  t.match(csv.file, /^performance-date\.csv$/)
  const lines = readFileSync(csv.path, 'utf8').trim().split(/\r\n/)
  t.match(lines[0], /sends/, 'the header row')
  t.equal(lines.length - 1, shown, 'a line per row on the page')
  const xlsx = await download(page, 'Export Excel')
  t.match(xlsx.file, /^performance-date\.xlsx$/)
  const sheet = await rowsOf(xlsx.path)
  t.ok(sheet[0]?.includes('sends'), 'the header row')
  t.equal(sheet.length - 1, shown, 'a row per row on the page')
  await open('/reports/performance?group_by=creative&range=7d', totalsShown)
  await page.locator('figure.chart canvas').nth(7).waitFor()
  await screenshot(page, 'performance-report')
})

t.test('LTV cohorts: a heatmap per cohort grouping, and its exports', async (t) => {
  for (const group of ['signup_date', 'list', 'carrier']) {
    await open(`/reports/ltv?group_by=${group}`, () => page.locator('table.heatmap').waitFor())
    t.ok((await page.locator('table.heatmap tbody tr').count()) >= 1, `${group}: cohorts`)
    t.same(await seriousA11yProblems(page), [], `${group}: axe`)
  }
  const csv = await download(page, 'Export CSV')
  t.match(csv.file, /^ltv-carrier\.csv$/)
  t.match(readFileSync(csv.path, 'utf8'), /ltv_30d/)
  const xlsx = await download(page, 'Export Excel')
  t.ok((await rowsOf(xlsx.path))[0]?.includes('revenue_lifetime'))
})

t.test('a message: its lifecycle, clicks with bot marks, conversions', async (t) => {
  await open(`/messages/${demo.messageIds[0]}`, () => page.locator('ol.timeline li').first().waitFor())
  const steps: Array<string | null> = []
  for (const li of await page.locator('ol.timeline li').all()) steps.push(await li.getAttribute('data-step'))
  t.equal(steps[0], 'queued')
  t.ok(steps.includes('sent'), 'sent')
  t.ok(steps.includes('click'), 'clicked')
  t.same(await seriousA11yProblems(page), [], 'axe')
})

t.test('campaigns: the list, the campaign, a run with its variants side by side', async (t) => {
  await open('/campaigns', () => page.getByRole('link', { name: 'Summer campaign' }).waitFor())
  t.same(await seriousA11yProblems(page), [], 'campaigns: axe')
  await page.getByRole('link', { name: 'Summer campaign' }).click()
  await page.getByRole('heading', { name: 'Summer campaign' }).waitFor()
  await page
    .getByRole('link', { name: /^Open the run for/ })
    .first()
    .waitFor()
  await page.waitForLoadState('networkidle')
  t.same(await seriousA11yProblems(page), [], 'campaign: axe')
  await page
    .getByRole('link', { name: /^Open the run for/ })
    .first()
    .click()
  // The campaign's page has a Variants table too: wait for the run's own page before reading one.
  const runHeading = page.getByRole('heading', { level: 1, name: /^Run for / })
  await runHeading.waitFor()
  // The run's messages reach its variants as they are sent: reload until both blast variants are there.
  const variants = await eventually(async () => {
    await page.reload()
    await runHeading.waitFor()
    await page.getByRole('heading', { name: 'Variants' }).waitFor()
    await page.waitForLoadState('networkidle')
    const names = await page.locator('table.data-table tbody th').allTextContents()
    return names.includes('A') && names.includes('B') ? names : undefined
  }, 30_000)
  t.ok(variants.includes('A') && variants.includes('B'), `blast variants A and B (${variants.join(', ')})`)
  t.match(await page.locator('table.data-table').textContent(), /–/, 'credible intervals')
  t.same(await seriousA11yProblems(page), [], 'run: axe')
})

t.test('replies inbox: classified, filtered by kind, a contact’s replies, the contact’s page', async (t) => {
  await open('/replies', () => page.getByRole('table').waitFor())
  t.same(await seriousA11yProblems(page), [], 'axe')
  const all = await page.locator('tbody tr').count()
  t.ok(all >= 1, 'replies are listed')
  await open('/replies?kind=opt_out', () => page.getByRole('table').waitFor())
  const kinds = await page.locator('tbody .badge').allTextContents()
  t.ok(kinds.length > 0 && kinds.every((k) => k === 'opt out'), `only opt-outs (${kinds.join(', ')})`)
  await page.getByRole('link', { name: 'Every reply from +12015550100' }).first().click()
  await page.getByText('Replies of one contact.').waitFor()
  // The previous page's rows stay until the contact's arrive.
  const from = await eventually(async () => {
    const numbers = await page.locator('tbody tr td:nth-child(2)').allTextContents()
    return numbers.length > 0 && numbers.every((f) => f === '+12015550100') ? numbers : undefined
  }, 10_000)
  t.ok(from.length, `the contact’s replies only (${from.length})`)
  await page.getByRole('link', { name: 'The contact +12015550100' }).first().click()
  await page.getByRole('heading', { name: 'Contact +12015550100' }).waitFor()
  t.pass('the Contact column opens the contact’s page')
})
