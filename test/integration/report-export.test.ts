// Excel export of the reports (spec §22: CSV or Excel), over the real stack: traffic through the simulator,
// ingest and postbacks; each report fetched as JSON, CSV and xlsx; the workbook opened with exceljs has the CSV's
// header and exactly the JSON's rows; a formula-looking custom field stays text; the right type and file name.
import ExcelJS from 'exceljs'
import t from 'tap'
import { LTV_CSV_COLUMNS } from '../../analytics/ltv-report.js'
import { PERFORMANCE_CSV_COLUMNS } from '../../analytics/performance-report.js'
import { parseCsv } from '../../core/csv.js'
import { trafficFor } from '../harness/live.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

t.setTimeout(180_000)

const platform = await startTestPlatform(t, { simulatorReceiptDelayMs: 50 })
const { pool } = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const fixture = await createFixture(platform, platform.ingestUrl)
const traffic = await trafficFor(t, platform, fixture, pool)
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const FORMULA = '=HYPERLINK("https://evil.example","click")'

const messages = await traffic.send(3)
const click = await traffic.click(messages[0]!)
await traffic.click(messages[1]!)
if ((await traffic.convert(click.clickId!, 9.5)) !== 200) throw new Error('postback refused')
await pool.query(
  `UPDATE list_contacts SET custom_fields = jsonb_build_object('source', $2::text) WHERE contact_id = $1`,
  [messages[0]!.contactId, FORMULA],
)
await pool.query(`UPDATE list_contacts SET custom_fields = '{"source":"google"}' WHERE contact_id = $1`, [
  messages[1]!.contactId,
])

const fetchReport = (path: string) =>
  fetch(`${platform.apiUrl}/api/v2${path}`, { headers: { 'x-api-key': fixture.apiKey } })

await eventually(
  async () => {
    const body = (await (await fetchReport('/reports/performance?group_by=offer')).json()) as {
      rows: { revenue: number; clicks: number }[]
    }
    return body.rows[0]?.revenue === 9.5 && body.rows[0]?.clicks === 2 ? true : undefined
  },
  // Generous: the traffic crosses ingest, Kafka and the processors while a full run's browser files load both
  // cores (30 s was once not enough there).
  90_000,
  'the traffic in the performance report',
)

async function workbookOf(path: string, name: string) {
  const res = await fetchReport(path)
  const buffer = Buffer.from(await res.arrayBuffer())
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[0]!
  const rows: unknown[][] = []
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1))
  })
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    name,
    sheet,
    header: rows[0] as string[],
    rows: rows.slice(1),
  }
}

/** The JSON rows as the workbook should hold them: the export's columns, nulls as empty cells. */
const expectedRows = (rows: Record<string, unknown>[], columns: readonly string[]) =>
  rows.map((r) => {
    const cells = columns.map((c) => (r[c] === null ? undefined : r[c]))
    while (cells.length > 0 && cells[cells.length - 1] === undefined) cells.pop()
    return cells
  })

for (const [label, path, columns, file] of [
  [
    'performance by offer',
    '/reports/performance?group_by=offer',
    PERFORMANCE_CSV_COLUMNS,
    'performance-offer',
  ],
  ['performance by date', '/reports/performance?group_by=date', PERFORMANCE_CSV_COLUMNS, 'performance-date'],
  ['LTV by signup date', '/reports/ltv?group_by=signup_date', LTV_CSV_COLUMNS, 'ltv-signup_date'],
  [
    'LTV by custom field',
    '/reports/ltv?group_by=custom_field&field=source',
    LTV_CSV_COLUMNS,
    'ltv-custom_field',
  ],
] as const) {
  t.test(`${label}: the workbook holds the CSV's header and the JSON's rows`, async (t) => {
    const json = (await (await fetchReport(path)).json()) as { rows: Record<string, unknown>[] }
    t.ok(json.rows.length >= 1, 'rows to export')
    const book = await workbookOf(`${path}&format=xlsx`, file)
    t.equal(book.status, 200)
    t.equal(book.type, XLSX)
    t.equal(book.disposition, `attachment; filename="${file}.xlsx"`)
    t.same(book.header, [...columns])
    const csv = parseCsv(await (await fetchReport(`${path}&format=csv`)).text())
    t.same(book.header, csv[0], 'the same columns as the CSV')
    t.same(book.rows, expectedRows(json.rows, columns), 'every row and value of the JSON')
  })
}

t.test('a formula-looking custom field is a text cell, not a formula', async (t) => {
  const book = await workbookOf('/reports/ltv?group_by=custom_field&field=source&format=xlsx', 'ltv')
  const keys: { value: unknown; type: number }[] = []
  book.sheet.eachRow((row, n) => {
    if (n > 1) keys.push({ value: row.getCell(1).value, type: row.getCell(1).type })
  })
  const formula = keys.find((k) => k.value === FORMULA)
  t.ok(formula, 'the value is kept as written')
  t.equal(formula?.type, ExcelJS.ValueType.String)
  t.notOk(
    keys.some((k) => k.type === ExcelJS.ValueType.Formula),
    'no formula cell',
  )
})

t.test('one message: JSON, CSV and xlsx agree', async (t) => {
  const id = messages[0]!.messageId
  const json = (await (await fetchReport(`/reports/messages/${id}`)).json()) as Record<string, unknown>
  t.match(json, { message_id: id, sends: 1, clicks: 1, revenue: 9.5 })
  const book = await workbookOf(`/reports/messages/${id}?format=xlsx`, `message-${id}`)
  t.equal(book.type, XLSX)
  t.equal(book.disposition, `attachment; filename="message-${id}.xlsx"`)
  t.same(book.header, Object.keys(json), 'every field of the JSON, in order')
  t.same(book.rows, [Object.values(json)])
  const csvRes = await fetchReport(`/reports/messages/${id}?format=csv`)
  t.match(csvRes.headers.get('content-type'), /^text\/csv/)
  const csv = parseCsv(await csvRes.text())
  t.same(csv[0], Object.keys(json))
  t.same(csv[1], Object.values(json).map(String))
})

t.test('an unknown format is a coded 400; another account cannot export this message', async (t) => {
  const res = await fetchReport('/reports/performance?format=pdf')
  t.equal(res.status, 400)
  t.match(await res.json(), { code: 'validation_error' })
  const other = await createFixture(platform, platform.ingestUrl)
  const foreign = await fetch(
    `${platform.apiUrl}/api/v2/reports/messages/${messages[0]!.messageId}?format=xlsx`,
    {
      headers: { 'x-api-key': other.apiKey },
    },
  )
  t.equal(foreign.status, 404)
})
