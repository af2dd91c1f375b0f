// Schedules (spec §9): stored campaign definitions and their blast variants, scoped to one account. Storage
// and validation only; running them is the scheduler's job. DELETE archives, so reports that name one resolve.
import type pg from 'pg'
import { accountZoneOf, nextRunAt } from '../core/campaigns.js'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import {
  type BlastFields,
  type DaysOfWeek,
  type OfferLink,
  type ScheduleFields,
  scheduleIssues,
  toScheduleFields,
} from '../core/schedules.js'
import type { BlastView, ScheduleView } from '../core/views/schedules.js'
import { withTransaction } from '../lib/postgres.js'

/** A create body or a partial update, as the request schema typed it. */
export type ScheduleInput = Record<string, unknown> & {
  list_number?: string | null
  sending_list_id?: number | null
  audiences?: string[]
  source_lists?: number[]
  blasts?: Array<{ offer_links?: Array<Partial<OfferLink>> | null }>
}

interface ScheduleRow {
  id: string
  name: string
  send_type: ScheduleFields['send_type']
  status: string
  is_repeating: boolean
  send_time: string
  send_date: string | null
  start_date: string | null
  end_date: string | null
  days_of_week: DaysOfWeek | null
  skip_within_hours: number
  use_local_time: boolean
  is_mms: boolean
  is_cto: boolean
  filter_bots: boolean
  ir_revenue: boolean
  automated_percent: number
  audience_ids: string[]
  source_lists: number[]
  sending_list_id: number | null
  list_number: string | null
  account_settings: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

interface BlastRow extends BlastFields {
  id: number
  schedule_id: string
}

const SELECT_SCHEDULES = `
  SELECT s.id, s.name, s.send_type, s.status, s.is_repeating, s.send_time, s.send_date, s.start_date, s.end_date,
         s.days_of_week, s.skip_within_hours, s.use_local_time, s.is_mms, s.is_cto, s.filter_bots, s.ir_revenue,
         s.automated_percent, s.audience_ids, s.source_lists, s.sending_list_id, l.phone_number AS list_number,
         s.created_at, s.updated_at, a.settings AS account_settings
    FROM schedules s JOIN accounts a ON a.id = s.account_id
    LEFT JOIN sending_lists l ON l.id = s.sending_list_id`

const notFound = () => new AppError('not_found', 'Schedule not found')

async function withBlasts(db: pg.Pool | pg.PoolClient, rows: ScheduleRow[]): Promise<ScheduleView[]> {
  if (rows.length === 0) return []
  const { rows: blastRows } = await db.query<BlastRow>(
    `SELECT id, schedule_id, message, offer_links, percent_audience, variant_name, mms_image_url
       FROM schedule_blasts WHERE schedule_id = ANY($1::text[]) ORDER BY schedule_id, position`,
    [rows.map((r) => r.id)],
  )
  const bySchedule = new Map<string, BlastView[]>()
  for (const { schedule_id, ...blast } of blastRows) {
    const list = bySchedule.get(schedule_id) ?? []
    list.push(blast)
    bySchedule.set(schedule_id, list)
  }
  const now = new Date()
  return rows.map(({ audience_ids, account_settings, created_at, updated_at, ...r }) => ({
    ...r,
    audiences: audience_ids,
    blasts: bySchedule.get(r.id) ?? [],
    next_run_at:
      r.status === 'on' ? (nextRunAt(r, accountZoneOf(account_settings), now)?.toISOString() ?? null) : null,
    created_at: created_at.toISOString(),
    updated_at: updated_at.toISOString(),
  }))
}

async function loadSchedule(
  db: pg.Pool | pg.PoolClient,
  accountId: string,
  id: string,
  lock = false,
): Promise<ScheduleView> {
  if (!OBJECT_ID_PATTERN.test(id)) throw notFound()
  const { rows } = await db.query<ScheduleRow>(
    `${SELECT_SCHEDULES} WHERE s.id = $1 AND s.account_id = $2${lock ? ' FOR UPDATE OF s' : ''}`,
    [id, accountId],
  )
  if (!rows[0]) throw notFound()
  return (await withBlasts(db, rows))[0]!
}

function assertValid(doc: Record<string, unknown>): ScheduleFields {
  const issue = scheduleIssues(doc)[0]
  if (issue) throw new AppError(issue.code, issue.message)
  return toScheduleFields(doc)
}

/**
 * Ids the request names must be the caller's and usable: active audiences, lists not deleted, offers not
 * archived. Checked in the spec's order; another account's id answers exactly like a missing one.
 */
export async function checkReferences(
  db: pg.Pool | pg.PoolClient,
  accountId: string,
  input: ScheduleInput,
  fields: ScheduleFields,
): Promise<number | null> {
  if (input.audiences !== undefined) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM audiences WHERE account_id = $1 AND id = ANY($2::text[]) AND status = 'active'`,
      [accountId, fields.audiences],
    )
    const found = new Set(rows.map((r) => r.id))
    const missing = fields.audiences.find((id) => !found.has(id))
    if (missing !== undefined) throw new AppError('audience_not_found', `Audience ${missing} not found`)
  }
  if (input.source_lists !== undefined && fields.source_lists.length > 0) {
    const { rows } = await db.query<{ id: number }>(
      `SELECT id FROM sending_lists WHERE account_id = $1 AND id = ANY($2::int[]) AND status <> 'deleted'`,
      [accountId, fields.source_lists],
    )
    const found = new Set(rows.map((r) => r.id))
    const missing = fields.source_lists.find((id) => !found.has(id))
    if (missing !== undefined) throw new AppError('source_list_not_found', `Source list ${missing} not found`)
  }
  let sendingListId = fields.sending_list_id
  const byNumber = input.list_number ?? null
  if (byNumber !== null || (input.sending_list_id !== undefined && sendingListId !== null)) {
    const { rows } = await db.query<{ id: number }>(
      `SELECT id FROM sending_lists
        WHERE account_id = $1 AND status <> 'deleted'
          AND ($2::int IS NULL OR id = $2) AND ($3::text IS NULL OR phone_number = $3)`,
      [accountId, input.sending_list_id ?? null, byNumber],
    )
    if (!rows[0]) throw new AppError('list_not_found', 'Sending list not found')
    sendingListId = rows[0].id
  }
  const offerIds = [...new Set(fields.blasts.flatMap((b) => b.offer_links.map((l) => l.offer_id)))]
  if (input.blasts !== undefined && offerIds.length > 0) {
    // An offer may be named by its id or its slug.
    const { rows } = await db.query<{ id: string; slug: string }>(
      `SELECT id, slug FROM offers
        WHERE account_id = $1 AND status <> 'archived' AND (id = ANY($2::text[]) OR slug = ANY($2::text[]))`,
      [accountId, offerIds],
    )
    const found = new Set(rows.flatMap((r) => [r.id, r.slug]))
    const missing = offerIds.find((id) => !found.has(id))
    if (missing !== undefined) throw new AppError('offer_not_found', `Offer ${missing} not found`)
  }
  return sendingListId
}

async function insertBlasts(db: pg.PoolClient, scheduleId: string, blasts: BlastFields[]): Promise<void> {
  if (blasts.length === 0) return
  const params: unknown[] = [scheduleId]
  const values = blasts.map((blast, position) => {
    params.push(
      position,
      blast.variant_name,
      blast.message,
      JSON.stringify(blast.offer_links),
      blast.percent_audience,
      blast.mms_image_url,
    )
    const n = params.length
    return `($1, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}::jsonb, $${n - 1}, $${n})`
  })
  await db.query(
    `INSERT INTO schedule_blasts (schedule_id, position, variant_name, message, offer_links, percent_audience,
                                  mms_image_url)
     VALUES ${values.join(', ')}`,
    params,
  )
}

/** Column values of a schedule, in the order of COLUMNS below ($3 onwards). */
const columnValues = (f: ScheduleFields, sendingListId: number | null) => [
  f.name,
  f.send_type,
  f.status,
  f.is_repeating,
  f.send_time,
  f.send_date,
  f.start_date,
  f.end_date,
  f.days_of_week === null ? null : JSON.stringify(f.days_of_week),
  f.skip_within_hours,
  f.use_local_time,
  f.is_mms,
  f.is_cto,
  f.filter_bots,
  f.ir_revenue,
  f.automated_percent,
  sendingListId,
  f.source_lists,
  f.audiences,
]

const COLUMNS = [
  'name',
  'send_type',
  'status',
  'is_repeating',
  'send_time',
  'send_date',
  'start_date',
  'end_date',
  'days_of_week',
  'skip_within_hours',
  'use_local_time',
  'is_mms',
  'is_cto',
  'filter_bots',
  'ir_revenue',
  'automated_percent',
  'sending_list_id',
  'source_lists',
  'audience_ids',
]

export async function createSchedule(
  pool: pg.Pool,
  accountId: string,
  input: ScheduleInput,
): Promise<ScheduleView> {
  const fields = assertValid(input)
  return withTransaction(pool, async (client) => {
    const sendingListId = await checkReferences(client, accountId, input, fields)
    const id = newObjectId()
    await client.query(
      `INSERT INTO schedules (id, account_id, ${COLUMNS.join(', ')})
       VALUES ($1, $2, ${COLUMNS.map((_, i) => `$${i + 3}`).join(', ')})`,
      [id, accountId, ...columnValues(fields, sendingListId)],
    )
    await insertBlasts(client, id, fields.blasts)
    return loadSchedule(client, accountId, id)
  })
}

export async function listSchedules(
  pool: pg.Pool,
  accountId: string,
  status: string | undefined,
): Promise<ScheduleView[]> {
  const { rows } = await pool.query<ScheduleRow>(
    `${SELECT_SCHEDULES}
      WHERE s.account_id = $1 AND (CASE WHEN $2::text IS NULL THEN s.status <> 'archive' ELSE s.status = $2 END)
      ORDER BY s.created_at DESC, s.id DESC`,
    [accountId, status ?? null],
  )
  return withBlasts(pool, rows)
}

export const getSchedule = (pool: pg.Pool, accountId: string, id: string): Promise<ScheduleView> =>
  loadSchedule(pool, accountId, id)

/** The stored schedule as a document to merge an update into (runner-owned status left out: see scheduleIssues). */
function storedDocument(s: ScheduleView): Record<string, unknown> {
  const {
    id: _id,
    created_at: _c,
    updated_at: _u,
    list_number: _l,
    status: _s,
    next_run_at: _n,
    blasts,
    ...doc
  } = s
  return { ...doc, blasts: blasts.map(({ id: _b, ...blast }) => blast) }
}

/**
 * A partial update validated as the whole merged document. Ids are re-checked only where the update names them,
 * so turning a schedule off never fails on an audience archived since. `blasts`, when given, replace all variants.
 */
export async function updateSchedule(
  pool: pg.Pool,
  accountId: string,
  id: string,
  patch: ScheduleInput,
): Promise<ScheduleView> {
  return withTransaction(pool, async (client) => {
    const stored = await loadSchedule(client, accountId, id, true)
    if (stored.status === 'complete') {
      throw new AppError('schedule_complete', 'A complete schedule can no longer be changed')
    }
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    const merged: Record<string, unknown> = { ...storedDocument(stored), ...given }
    // A new list named by number replaces the stored list id.
    if (given.list_number !== undefined && given.sending_list_id === undefined) merged.sending_list_id = null
    const fields = assertValid(merged)
    fields.status =
      (patch.status as ScheduleFields['status'] | undefined) ?? (stored.status as ScheduleFields['status'])
    const sendingListId = await checkReferences(client, accountId, patch, fields)
    await client.query(
      `UPDATE schedules SET ${COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(', ')}, updated_at = now()
        WHERE id = $1 AND account_id = $2`,
      [id, accountId, ...columnValues(fields, sendingListId)],
    )
    if (patch.blasts !== undefined) {
      await client.query('DELETE FROM schedule_blasts WHERE schedule_id = $1', [id])
      await insertBlasts(client, id, fields.blasts)
    }
    return loadSchedule(client, accountId, id)
  })
}

export async function archiveSchedule(pool: pg.Pool, accountId: string, id: string): Promise<void> {
  if (!OBJECT_ID_PATTERN.test(id)) throw notFound()
  const { rowCount } = await pool.query(
    `UPDATE schedules SET status = 'archive', updated_at = now() WHERE id = $1 AND account_id = $2`,
    [id, accountId],
  )
  if (rowCount !== 1) throw notFound()
}
