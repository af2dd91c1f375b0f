// CSV contact import (spec §5): the API's dry run and real run over the real app, and the CLI's file import
// on a generated 50,000-row file with bounded memory.
import { randomInt } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { progressLine } from '../../bin/import-contacts.js'
import { AppError } from '../../core/errors.js'
import { type FileImportProgress, importCsvFile } from '../../services/contact-import.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const other = await h.account()
const URL = '/api/v2/contacts/import'
const dir = await mkdtemp(join(tmpdir(), 'trackly-import-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))

/** Seven random digits of a valid US subscriber number (exchange 200–999, never an N11 service code). */
function subscriber(): string {
  const exchange = randomInt(200, 1000)
  if (exchange % 100 === 11) return subscriber()
  return `${exchange}${String(randomInt(0, 10_000)).padStart(4, '0')}`
}

async function listContactCount(listId: number): Promise<number> {
  const { rows } = await h.pg.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM list_contacts WHERE list_id = $1',
    [listId],
  )
  return rows[0]!.n
}

t.test('dry run (the default): validates, normalises, de-duplicates, writes nothing', async (t) => {
  const account = await h.account()
  const s1 = subscriber()
  const s2 = subscriber()
  const csv = [
    'MSISDN,First Name,email,line_type,ConsentDate,favourite_color',
    `(415) ${s1.slice(0, 3)}-${s1.slice(3)},Ada,ada@example.com,CELL PHONE,03/01/2024,blue`,
    `+1415${s1},Dup,,,,`,
    `212${s2},"Smith, Jo",,VOIP,2024-02-01,`,
    ',No Phone,,,,',
    '12345,Bad Phone,,,,',
    `312${subscriber()},,not-an-email,,,`,
    `312${subscriber()},,,PAGER,,`,
    `312${subscriber()},,,,2999-01-01,`,
    `312${subscriber()},,,,31/31/2024,`,
  ].join('\r\n')
  const res = await h.request('POST', URL, account.keys.member, {
    list_number: account.list.phoneNumber,
    csv,
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    success: true,
    dry_run: true,
    total_rows: 9,
    valid_rows: 2,
    invalid_rows: 6,
    duplicate_rows: 1,
    created: 2,
    updated: 0,
    ignored_columns: ['favourite_color'],
  })
  t.same(
    res.body.rows.map((r: { row: number; status: string; reason?: string }) => [
      r.row,
      r.status,
      r.reason ?? null,
    ]),
    [
      [2, 'valid', null],
      [3, 'duplicate', 'duplicate_phone_number'],
      [4, 'valid', null],
      [5, 'invalid', 'missing_phone_number'],
      [6, 'invalid', 'invalid_phone'],
      [7, 'invalid', 'invalid_email'],
      [8, 'invalid', 'invalid_line_type'],
      [9, 'invalid', 'future_consent_date'],
      [10, 'invalid', 'invalid_consent_date'],
    ],
  )
  t.equal(res.body.rows[0].phone_number, `+1415${s1}`, 'normalised to E.164')
  t.equal(res.body.rows[1].phone_number, `+1415${s1}`)
  t.equal(await listContactCount(account.list.id), 0, 'a dry run writes nothing')
})

t.test('a real run writes once; running it again creates nothing new', async (t) => {
  const account = await h.account()
  const numbers = [`+1415${subscriber()}`, `+1212${subscriber()}`, `+1907${subscriber()}`]
  const csv = [
    'phone,email,first_name,last_name,carrier,line_type,consent_date,ad_network_source,ad_network_id',
    `${numbers[0]},a@example.com,Ann,Lee,Verizon,CELL PHONE,2024-05-01,facebook,fb-1`,
    `${numbers[1]},,,,,LANDLINE,2024-05-02T10:00:00Z,,`,
    `${numbers[2]},,,,,,,,`,
  ].join('\n')
  const body = { list_number: account.list.phoneNumber, csv, dry_run: false }
  const first = await h.request('POST', URL, account.keys.member, body)
  t.match(first.body, { success: true, dry_run: false, valid_rows: 3, created: 3, updated: 0 })
  const { rows } = await h.pg.pool.query(
    `SELECT c.phone_number, c.carrier, c.line_type, c.timezone, lc.signup_method, lc.consent_date, lc.email,
            lc.first_name, lc.last_name, lc.ad_network_source, lc.ad_network_id, lc.active, lc.signup_date
     FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id WHERE lc.list_id = $1 ORDER BY c.phone_number`,
    [account.list.id],
  )
  const byPhone = new Map(rows.map((r) => [r.phone_number, r]))
  t.match(byPhone.get(numbers[0]), {
    carrier: 'Verizon',
    line_type: 'cell',
    timezone: 'America/Los_Angeles',
    signup_method: 'import',
    email: 'a@example.com',
    first_name: 'Ann',
    last_name: 'Lee',
    ad_network_source: 'facebook',
    ad_network_id: 'fb-1',
    active: true,
  })
  t.equal(byPhone.get(numbers[0]).consent_date.toISOString(), '2024-05-01T00:00:00.000Z')
  t.equal(
    byPhone.get(numbers[0]).signup_date.toISOString(),
    '2024-05-01T00:00:00.000Z',
    'signed up at consent',
  )
  t.match(byPhone.get(numbers[1]), { line_type: 'landline', timezone: 'America/New_York' })
  t.match(byPhone.get(numbers[2]), {
    line_type: 'unknown',
    timezone: 'America/Anchorage',
    consent_date: null,
  })

  const again = await h.request('POST', URL, account.keys.member, body)
  t.match(again.body, { created: 0, updated: 3 }, 'idempotent')
  t.equal(await listContactCount(account.list.id), 3)
  const preview = await h.request('POST', URL, account.keys.member, { ...body, dry_run: true })
  t.match(preview.body, { dry_run: true, created: 0, updated: 3 }, 'a dry run previews updates')
  const camel = await h.request('POST', URL, account.keys.member, {
    list_number: account.list.phoneNumber,
    csv,
    dryRun: true,
  })
  t.match(camel.body, { dry_run: true }, 'the dryRun spelling of the docs is accepted')

  // An import is not a new signup: an unsubscribed contact stays unsubscribed.
  await h.request('DELETE', '/api/v2/contacts', account.keys.member, {
    phone_number: numbers[2],
    list_number: account.list.phoneNumber,
  })
  await h.request('POST', URL, account.keys.member, body)
  const { rows: left } = await h.pg.pool.query(
    `SELECT lc.active FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
     WHERE lc.list_id = $1 AND c.phone_number = $2`,
    [account.list.id, numbers[2]],
  )
  t.equal(left[0].active, false)
})

t.test('import errors', async (t) => {
  const list = a.list.phoneNumber
  const expect = async (body: unknown, status: number, code: string, key = a.keys.member) => {
    const res = await h.request('POST', URL, key, body)
    t.same([res.status, res.body.code], [status, code], code)
  }
  await expect({ list_number: list }, 400, 'missing_csv')
  await expect({ csv: 'phone\n' }, 400, 'missing_list_number')
  await expect({ list_number: 'abc', csv: 'phone\n' }, 400, 'invalid_list_number')
  await expect({ list_number: other.list.phoneNumber, csv: 'phone\n' }, 404, 'list_not_found')
  await expect({ list_number: list, csv: '' }, 400, 'invalid_csv')
  await expect({ list_number: list, csv: 'email,name\na@b.co,A\n' }, 400, 'invalid_csv')
  await expect({ list_number: list, csv: 'phone\n"4155551234\n' }, 400, 'invalid_csv')
  await expect({ list_number: list, csv: 'phone\n' }, 403, 'forbidden', a.keys.viewer)
  const rows = (n: number) =>
    ['phone', ...Array.from({ length: n }, (_, i) => `+1212${2_000_000 + i}`)].join('\n')
  await expect({ list_number: list, csv: rows(5001) }, 413, 'too_many_rows')
  const max = await h.request('POST', URL, a.keys.member, { list_number: list, csv: rows(5000) })
  t.match(max.body, { total_rows: 5000, valid_rows: 5000 }, '5,000 rows are allowed')
  t.equal(max.body.rows.length, 5000)
  const headerOnly = await h.request('POST', URL, a.keys.member, { list_number: list, csv: 'phone' })
  t.match(headerOnly.body, { total_rows: 0, created: 0, rows: [] })
})

/** Writes a CSV of `rows` distinct valid numbers through a stream (the test itself never holds the file). */
async function generateCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('phone_number,first_name,email,consent_date\n')
  const area = ['415', '212', '312', '602', '907'][randomInt(0, 5)]
  for (let i = 0; i < rows; i++) {
    const line = `${area}${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')},Name ${i},user${i}@example.com,2024-01-0${1 + (i % 9)}\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

t.test('CLI core: a 50,000-row file streams through in batches with bounded memory', async (t) => {
  const account = await h.account()
  const path = join(dir, 'contacts-50k.csv')
  await generateCsv(path, 50_000)
  const progress: FileImportProgress[] = []
  const options = {
    accountId: account.accountId,
    listNumber: account.list.phoneNumber,
    path,
    onProgress: (p: FileImportProgress) => progress.push(p),
  }
  const dry = await importCsvFile(h.pg.pool, { ...options, commit: false })
  t.match(dry, { dry_run: true, total_rows: 50_000, valid_rows: 50_000, created: 50_000, updated: 0 })
  t.equal(await listContactCount(account.list.id), 0, 'without --commit nothing is written')

  const rssBefore = process.memoryUsage().rss
  let published = 0
  const committed = await importCsvFile(h.pg.pool, {
    ...options,
    commit: true,
    onEvents: async (events) => {
      published += events.length
    },
  })
  const growthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024
  t.match(committed, {
    dry_run: false,
    total_rows: 50_000,
    valid_rows: 50_000,
    invalid_rows: 0,
    created: 50_000,
  })
  t.equal(published, 50_000, 'one subscription event per new list contact')
  t.equal(await listContactCount(account.list.id), 50_000)
  t.ok(growthMb < 200, `RSS grew ${growthMb.toFixed(1)} MB`)
  t.ok(progress.length >= 20, 'progress after each 5,000-row batch of both runs')
  t.equal(progress.at(-1)?.bytesRead, progress.at(-1)?.totalBytes, 'the last report covers the whole file')

  const badRows = join(dir, 'bad.csv')
  await writeFile(badRows, `phone\n+1415${subscriber()}\nnope\n\n`)
  const withInvalid = await importCsvFile(h.pg.pool, { ...options, path: badRows, commit: false })
  t.match(withInvalid, {
    total_rows: 2,
    invalid_rows: 1,
    invalid: [{ row: 3, status: 'invalid', reason: 'invalid_phone' }],
  })
  const noPhone = join(dir, 'no-phone.csv')
  await writeFile(noPhone, 'email\na@b.co\n')
  await t.rejects(importCsvFile(h.pg.pool, { ...options, path: noPhone, commit: false }), AppError)
  await t.rejects(
    importCsvFile(h.pg.pool, { ...options, listNumber: other.list.phoneNumber, commit: false }),
    { code: 'list_not_found' },
  )
})

t.test('CLI progress bar', async (t) => {
  t.equal(
    progressLine({ bytesRead: 50, totalBytes: 100, rows: 12_345 }, 10),
    '\r[#####-----]  50%  12,345 rows',
  )
  t.equal(progressLine({ bytesRead: 0, totalBytes: 0, rows: 0 }, 4), '\r[####] 100%  0 rows')
})

t.test(
  "a row without a line type gets its numbering plan's, from the parse that validated the number",
  async (t) => {
    const account = await h.account()
    const csv = ['phone,line_type', '+44 7911 123456,', '0044 20 7946 0018,', `(415) ${subscriber()},`].join(
      '\n',
    )
    const body = { list_number: account.list.phoneNumber, csv, dry_run: false }
    t.match((await h.request('POST', URL, account.keys.member, body)).body, { created: 3 })
    const { rows } = await h.pg.pool.query<{ phone_number: string; line_type: string }>(
      `SELECT c.phone_number, c.line_type FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 ORDER BY c.phone_number`,
      [account.list.id],
    )
    const types = new Map(rows.map((r) => [r.phone_number, r.line_type]))
    t.equal(types.get('+447911123456'), 'cell', 'a UK mobile number')
    t.equal(types.get('+442079460018'), 'landline', 'a London number')
    t.equal(
      rows.filter((r) => r.phone_number.startsWith('+1415'))[0]?.line_type,
      'unknown',
      'NANP: the plan cannot tell',
    )
  },
)
