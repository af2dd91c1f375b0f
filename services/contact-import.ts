// CSV contact import (spec §5 "CSV import"): validate, normalise to E.164 and de-duplicate, then (unless it
// is a dry run) upsert in batches of 5,000 rows with one set-based statement per table. A real run is
// idempotent: a second run finds every contact on the list and creates nothing. Existing list contacts get
// missing fields filled in; an unsubscribed one stays unsubscribed, since an import is not a new signup
// (spec §19 lists START, signing up again, or an admin with consent as the ways back).
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type pg from 'pg'
import {
  type CsvContact,
  type CsvHeader,
  IMPORT_MAX_ROWS,
  parseCsvHeader,
  parseCsvRow,
} from '../core/contacts.js'
import { CsvError, CsvParser } from '../core/csv.js'
import { AppError } from '../core/errors.js'
import type { ContactEvent } from '../core/events.js'
import { newObjectId } from '../core/ids.js'
import type { ImportReplyView, ImportRowView, ImportSummaryView } from '../core/views/contact-import.js'
import { withTransaction } from '../lib/postgres.js'
import { upsertContactRecords } from './contact-records.js'
import { contactEvent, findList, type SendingListRef } from './contacts.js'
import { enrollMembers, type StepJob } from './journey-enrollment.js'

export const IMPORT_BATCH_ROWS = 5000

/** Row-by-row state of one import: header, numbers seen so far, counts, the pending batch and the row report. */
class ImportSession {
  private header: CsvHeader | null = null
  private readonly seen = new Set<string>()
  private record = 0
  readonly summary: ImportSummaryView = {
    total_rows: 0,
    valid_rows: 0,
    invalid_rows: 0,
    duplicate_rows: 0,
    created: 0,
    updated: 0,
    ignored_columns: [],
  }
  readonly rows: ImportRowView[] = []
  batch: CsvContact[] = []

  constructor(
    private readonly now: Date,
    private readonly rowsCap: number,
  ) {}

  /** Takes the next record; returns the row's report (null for the header). */
  add(cells: string[]): ImportRowView | null {
    this.record++
    if (!this.header) {
      const parsed = parseCsvHeader(cells)
      if (!parsed.ok) throw new AppError('invalid_csv', parsed.error)
      this.header = parsed.value
      this.summary.ignored_columns = parsed.value.ignored
      return null
    }
    this.summary.total_rows++
    const parsed = parseCsvRow(cells, this.header, this.now)
    let report: ImportRowView
    if (!parsed.ok) {
      this.summary.invalid_rows++
      report = {
        row: this.record,
        phone_number: parsed.phoneNumber,
        status: 'invalid',
        reason: parsed.reason,
      }
    } else if (this.seen.has(parsed.value.phoneNumber)) {
      this.summary.duplicate_rows++
      report = {
        row: this.record,
        phone_number: parsed.value.phoneNumber,
        status: 'duplicate',
        reason: 'duplicate_phone_number',
      }
    } else {
      this.seen.add(parsed.value.phoneNumber)
      this.summary.valid_rows++
      this.batch.push(parsed.value)
      report = { row: this.record, phone_number: parsed.value.phoneNumber, status: 'valid' }
    }
    if (this.rows.length < this.rowsCap) this.rows.push(report)
    return report
  }

  get hasHeader(): boolean {
    return this.header !== null
  }

  takeBatch(): CsvContact[] {
    const batch = this.batch
    this.batch = []
    return batch
  }
}

/** Upserts one batch of de-duplicated rows (or, in a dry run, only counts what would change). */
async function writeBatch(
  pool: pg.Pool,
  accountId: string,
  list: SendingListRef,
  rows: CsvContact[],
  dryRun: boolean,
  useJourneys = false,
): Promise<{ created: number; updated: number; events: ContactEvent[]; stepJobs: StepJob[] }> {
  if (rows.length === 0) return { created: 0, updated: 0, events: [], stepJobs: [] }
  const phones = rows.map((r) => r.phoneNumber)
  if (dryRun) {
    const { rows: existing } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
       WHERE lc.list_id = $1 AND c.phone_number = ANY($2::text[])`,
      [list.id, phones],
    )
    const updated = existing[0]?.n ?? 0
    return { created: rows.length - updated, updated, events: [], stepJobs: [] }
  }
  return withTransaction(pool, async (client) => {
    const records = await upsertContactRecords(
      client,
      accountId,
      rows.map((r) => ({
        phoneNumber: r.phoneNumber,
        carrier: r.carrier,
        lineType: r.lineType,
        planLineType: r.planLineType,
      })),
    )
    const { rows: listContacts } = await client.query<{ id: string; contact_id: string; created: boolean }>(
      `INSERT INTO list_contacts AS lc (id, account_id, list_id, contact_id, signup_date, signup_method,
         consent_date, email, first_name, last_name, ad_network_source, ad_network_id, ip_address, signup_url,
         opt_in_keyword, opt_in_form)
       SELECT u.id, $1, $2, u.contact_id, COALESCE(u.consent_date, now()), 'import', u.consent_date, u.email,
              u.first_name, u.last_name, u.ad_network_source, u.ad_network_id, u.ip_address, u.signup_url,
              u.opt_in_keyword, u.opt_in_form
       FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
         AS u(id, contact_id, consent_date, email, first_name, last_name, ad_network_source, ad_network_id,
              ip_address, signup_url, opt_in_keyword, opt_in_form)
       ON CONFLICT (list_id, contact_id) DO UPDATE SET
         consent_date = COALESCE(EXCLUDED.consent_date, lc.consent_date),
         ip_address = COALESCE(EXCLUDED.ip_address, lc.ip_address),
         signup_url = COALESCE(EXCLUDED.signup_url, lc.signup_url),
         opt_in_keyword = COALESCE(EXCLUDED.opt_in_keyword, lc.opt_in_keyword),
         opt_in_form = COALESCE(EXCLUDED.opt_in_form, lc.opt_in_form),
         email = COALESCE(EXCLUDED.email, lc.email),
         first_name = COALESCE(EXCLUDED.first_name, lc.first_name),
         last_name = COALESCE(EXCLUDED.last_name, lc.last_name),
         ad_network_source = COALESCE(EXCLUDED.ad_network_source, lc.ad_network_source),
         ad_network_id = COALESCE(EXCLUDED.ad_network_id, lc.ad_network_id),
         updated_at = now()
       RETURNING lc.id, lc.contact_id, (xmax = 0) AS created`,
      [
        accountId,
        list.id,
        rows.map(() => newObjectId()),
        phones.map((p) => records.get(p)!.id),
        rows.map((r) => r.consentDate?.toISOString() ?? null),
        rows.map((r) => r.email),
        rows.map((r) => r.firstName),
        rows.map((r) => r.lastName),
        rows.map((r) => r.adNetworkSource),
        rows.map((r) => r.adNetworkId),
        rows.map((r) => r.ipAddress),
        rows.map((r) => r.signupUrl),
        rows.map((r) => r.optInKeyword),
        rows.map((r) => r.optInForm),
      ],
    )
    const phoneOf = new Map([...records].map(([phone, c]) => [c.id, phone]))
    const created = listContacts.filter((lc) => lc.created)
    // Only contacts the import added to the list join journeys (an existing one did not just sign up).
    const stepJobs = useJourneys
      ? await enrollMembers(
          client,
          accountId,
          created.map((lc) => ({ listId: list.id, contactId: lc.contact_id })),
        )
      : []
    return {
      stepJobs,
      created: created.length,
      updated: listContacts.length - created.length,
      events: created.map((lc) =>
        contactEvent(accountId, 'subscribed', {
          contactId: lc.contact_id,
          listContactId: lc.id,
          listId: list.id,
          phoneNumber: phoneOf.get(lc.contact_id)!,
          signupMethod: 'import',
          reason: null,
        }),
      ),
    }
  })
}

async function requireList(pool: pg.Pool, accountId: string, listNumber: string): Promise<SendingListRef> {
  const list = await findList(pool, accountId, listNumber.trim())
  if (!list) throw new AppError('list_not_found', `No sending list with number ${listNumber}`)
  return list
}

/** POST /contacts/import: one CSV text of at most 5,000 data rows. */
export async function importCsvText(
  pool: pg.Pool,
  accountId: string,
  input: { listNumber: string; csv: string; dryRun: boolean; useJourneys?: boolean },
  now = new Date(),
): Promise<{ reply: ImportReplyView; events: ContactEvent[]; stepJobs: StepJob[] }> {
  const list = await requireList(pool, accountId, input.listNumber)
  let records: string[][]
  try {
    const parser = new CsvParser()
    records = [...parser.push(input.csv), ...parser.finish()]
  } catch (err) {
    if (err instanceof CsvError) throw new AppError('invalid_csv', err.message)
    throw err
  }
  if (records.length === 0) throw new AppError('invalid_csv', 'The CSV is empty')
  if (records.length - 1 > IMPORT_MAX_ROWS)
    throw new AppError(
      'too_many_rows',
      `At most ${IMPORT_MAX_ROWS} rows per import (this CSV has ${records.length - 1}); split the file or use the CLI`,
    )
  const session = new ImportSession(now, IMPORT_MAX_ROWS)
  for (const record of records) session.add(record)
  const written = await writeBatch(
    pool,
    accountId,
    list,
    session.takeBatch(),
    input.dryRun,
    input.useJourneys ?? false,
  )
  session.summary.created = written.created
  session.summary.updated = written.updated
  return {
    reply: {
      success: true,
      dry_run: input.dryRun,
      ...session.summary,
      rows: session.rows,
      journeys_enrolled: written.stepJobs.length,
    },
    events: written.events,
    stepJobs: written.stepJobs,
  }
}

export interface FileImportProgress {
  bytesRead: number
  totalBytes: number
  rows: number
}

export interface FileImportOptions {
  accountId: string
  listNumber: string
  path: string
  /** Write the contacts; without it the file is only validated (the spec's dry-run default). */
  commit: boolean
  batchRows?: number
  onProgress?: (progress: FileImportProgress) => void
  /** Receives the subscription events of each committed batch (e.g. to publish them to Kafka). */
  onEvents?: (events: ContactEvent[]) => Promise<void>
  /** Invalid rows to keep in the returned report (the summary counts all of them). */
  invalidRowsCap?: number
}

/**
 * `trackly import-contacts`: a CSV file of any size, read line by line through the streaming parser and
 * written in batches, so memory holds one batch and the set of numbers seen, never the file.
 */
export async function importCsvFile(
  pool: pg.Pool,
  options: FileImportOptions,
  now = new Date(),
): Promise<ImportSummaryView & { dry_run: boolean; invalid: ImportRowView[] }> {
  const list = await requireList(pool, options.accountId, options.listNumber)
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS
  const totalBytes = (await stat(options.path)).size
  const stream = createReadStream(options.path, { encoding: 'utf8' })
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })
  const session = new ImportSession(now, 0)
  const invalid: ImportRowView[] = []
  const invalidCap = options.invalidRowsCap ?? 100
  const parser = new CsvParser()
  const flush = async () => {
    const written = await writeBatch(pool, options.accountId, list, session.takeBatch(), !options.commit)
    session.summary.created += written.created
    session.summary.updated += written.updated
    if (written.events.length > 0) await options.onEvents?.(written.events)
    options.onProgress?.({ bytesRead: stream.bytesRead, totalBytes, rows: session.summary.total_rows })
  }
  const addAll = async (records: string[][]) => {
    for (const record of records) {
      const report = session.add(record)
      if (report?.status === 'invalid' && invalid.length < invalidCap) invalid.push(report)
      if (session.batch.length >= batchRows) await flush()
    }
  }
  try {
    for await (const line of lines) await addAll(parser.push(`${line}\n`))
    await addAll(parser.finish())
  } catch (err) {
    if (err instanceof CsvError) throw new AppError('invalid_csv', err.message)
    throw err
  } finally {
    lines.close()
    stream.destroy()
  }
  if (!session.hasHeader) throw new AppError('invalid_csv', 'The CSV is empty')
  await flush()
  return { dry_run: !options.commit, ...session.summary, invalid }
}
