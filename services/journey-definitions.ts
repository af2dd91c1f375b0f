// Welcome journeys (spec §17), their definitions: create, read, update and archive an account's journeys; the
// trigger and steps are compiled by core/journeys.ts and every offer, list and creative they name is checked.
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import {
  type CompiledJourney,
  type EnrollmentStatus,
  JOURNEY_STATUSES,
  type JourneyIssue,
  type JourneyStatus,
  journeyReferences,
  parseSteps,
  parseTrigger,
  type Step,
  type TriggerGroup,
} from '../core/journeys.js'
import type { JourneyView } from '../core/views/journeys.js'
import { withTransaction } from '../lib/postgres.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

// ---- CRUD ---------------------------------------------------------------------------------------------------

export interface JourneyFields {
  name?: string
  status?: string
  trigger?: unknown
  steps?: unknown
}

interface JourneyRow {
  id: string
  name: string
  status: JourneyStatus
  trigger: TriggerGroup
  steps: Step[]
  created_at: Date
  updated_at: Date
}

const fail = (issues: JourneyIssue[]): never => {
  const first = issues[0]!
  throw new AppError(first.code, first.error)
}

function checkTrigger(raw: unknown): TriggerGroup {
  const parsed = parseTrigger(raw)
  return parsed.ok ? parsed.value : fail(parsed.issues)
}

function checkSteps(raw: unknown): CompiledJourney {
  const parsed = parseSteps(raw)
  return parsed.ok ? parsed.value : fail(parsed.issues)
}

/** Every list, creative and offer a journey names must be the account's own (and not deleted or archived). */
async function checkReferences(
  db: Queryable,
  accountId: string,
  trigger: TriggerGroup,
  steps: readonly Step[],
): Promise<void> {
  const refs = journeyReferences(trigger, steps)
  const missing = async (sql: string, ids: readonly (number | string)[]) => {
    if (ids.length === 0) return undefined
    const { rows } = await db.query<{ id: number | string }>(sql, [accountId, ids])
    const found = new Set(rows.map((r) => String(r.id)))
    return ids.find((id) => !found.has(String(id)))
  }
  const list = await missing(
    `SELECT id FROM sending_lists WHERE account_id = $1 AND id = ANY($2::int[]) AND status <> 'deleted'`,
    refs.listIds,
  )
  if (list !== undefined) throw new AppError('list_not_found', `No sending list with id ${list}`)
  const creative = await missing(
    `SELECT id FROM creatives WHERE account_id = $1 AND id = ANY($2::int[]) AND status <> 'archived'`,
    refs.creativeIds,
  )
  if (creative !== undefined) throw new AppError('creative_not_found', `No creative with id ${creative}`)
  const offer = await missing(
    `SELECT id FROM offers WHERE account_id = $1 AND id = ANY($2::text[]) AND status <> 'archived'`,
    refs.offerIds,
  )
  if (offer !== undefined) throw new AppError('offer_not_found', `No offer with id ${offer}`)
}

function checkStatus(status: string | undefined): JourneyStatus | undefined {
  if (status === undefined) return undefined
  if (!JOURNEY_STATUSES.includes(status as JourneyStatus))
    throw new AppError('invalid_status', `status must be one of ${JOURNEY_STATUSES.join(', ')}`)
  return status as JourneyStatus
}

function checkName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  const trimmed = name.trim()
  if (!trimmed) throw new AppError('missing_name', 'name must not be empty')
  if (trimmed.length > 255) throw new AppError('name_too_long', 'name is at most 255 characters')
  return trimmed
}

const COLUMNS = 'id, name, status, trigger, steps, created_at, updated_at'

async function present(db: Queryable, rows: JourneyRow[]): Promise<JourneyView[]> {
  const counts = new Map<string, Record<EnrollmentStatus, number>>()
  if (rows.length > 0) {
    const { rows: grouped } = await db.query<{ journey_id: string; status: EnrollmentStatus; n: number }>(
      `SELECT journey_id, status, count(*)::int AS n FROM journey_enrollments
        WHERE journey_id = ANY($1::text[]) GROUP BY journey_id, status`,
      [rows.map((r) => r.id)],
    )
    for (const g of grouped) {
      const c = counts.get(g.journey_id) ?? { active: 0, completed: 0, exited: 0, stopped: 0 }
      c[g.status] = g.n
      counts.set(g.journey_id, c)
    }
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    trigger: { ...r.trigger },
    steps: r.steps.map((step) => ({ ...step })),
    enrollment_counts: counts.get(r.id) ?? { active: 0, completed: 0, exited: 0, stopped: 0 },
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }))
}

export async function createJourney(
  pool: pg.Pool,
  accountId: string,
  input: JourneyFields & { name: string; trigger: unknown; steps: unknown },
): Promise<JourneyView> {
  const name = checkName(input.name)!
  const status = checkStatus(input.status) ?? 'draft'
  if (status === 'archived') throw new AppError('invalid_status', 'a new journey cannot be archived')
  const trigger = checkTrigger(input.trigger)
  const { steps } = checkSteps(input.steps)
  await checkReferences(pool, accountId, trigger, steps)
  const { rows } = await pool.query<JourneyRow>(
    `INSERT INTO journeys (id, account_id, name, status, trigger, steps) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [newObjectId(), accountId, name, status, JSON.stringify(trigger), JSON.stringify(steps)],
  )
  return (await present(pool, rows))[0]!
}

function journeyId(id: string): string {
  if (!OBJECT_ID_PATTERN.test(id)) throw new AppError('journey_not_found', 'Journey not found')
  return id
}

export async function journeyRow(
  db: Queryable,
  accountId: string,
  id: string,
  lock = false,
): Promise<JourneyRow> {
  const { rows } = await db.query<JourneyRow>(
    `SELECT ${COLUMNS} FROM journeys WHERE account_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [accountId, journeyId(id)],
  )
  if (!rows[0]) throw new AppError('journey_not_found', 'Journey not found')
  return rows[0]
}

export async function getJourney(pool: pg.Pool, accountId: string, id: string): Promise<JourneyView> {
  return (await present(pool, [await journeyRow(pool, accountId, id)]))[0]!
}

export async function listJourneys(
  pool: pg.Pool,
  accountId: string,
  filter: { status?: string | undefined; limit: number; offset: number },
): Promise<{ journeys: JourneyView[]; total: number }> {
  const where = `account_id = $1 AND (CASE WHEN $2::text IS NULL THEN status <> 'archived' ELSE status = $2 END)`
  const params = [accountId, filter.status ?? null]
  const [page, count] = await Promise.all([
    pool.query<JourneyRow>(
      `SELECT ${COLUMNS} FROM journeys WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM journeys WHERE ${where}`, params),
  ])
  return { journeys: await present(pool, page.rows), total: count.rows[0]?.total ?? 0 }
}

/**
 * Partial update. Enrollments in progress carry on at their step index with the new steps (an index past the end
 * completes them). Archiving ends every active enrollment; an archived journey cannot be changed.
 */
export async function updateJourney(
  pool: pg.Pool,
  accountId: string,
  id: string,
  input: JourneyFields,
): Promise<JourneyView> {
  const name = checkName(input.name)
  const status = checkStatus(input.status)
  const trigger = input.trigger === undefined ? undefined : checkTrigger(input.trigger)
  const steps = input.steps === undefined ? undefined : checkSteps(input.steps).steps
  return withTransaction(pool, async (client) => {
    const current = await journeyRow(client, accountId, id, true)
    if (current.status === 'archived')
      throw new AppError('journey_archived', 'An archived journey cannot change')
    await checkReferences(
      client,
      accountId,
      trigger ?? { operator: 'AND', conditions: [], groups: [] },
      steps ?? [],
    )
    const { rows } = await client.query<JourneyRow>(
      `UPDATE journeys SET name = COALESCE($3, name), status = COALESCE($4, status),
              trigger = COALESCE($5::jsonb, trigger), steps = COALESCE($6::jsonb, steps), updated_at = now()
        WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [
        accountId,
        current.id,
        name ?? null,
        status ?? null,
        trigger ? JSON.stringify(trigger) : null,
        steps ? JSON.stringify(steps) : null,
      ],
    )
    if (status === 'archived') await endJourneyEnrollments(client, current.id)
    return (await present(client, rows))[0]!
  })
}

/** DELETE: archives the journey and ends its active enrollments. Archiving twice is not an error. */
export async function archiveJourney(pool: pg.Pool, accountId: string, id: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    const current = await journeyRow(client, accountId, id, true)
    if (current.status === 'archived') return
    await client.query(`UPDATE journeys SET status = 'archived', updated_at = now() WHERE id = $1`, [
      current.id,
    ])
    await endJourneyEnrollments(client, current.id)
  })
}

async function endJourneyEnrollments(db: Queryable, id: string): Promise<void> {
  const { rows } = await db.query<{ list_id: number; contact_id: string }>(
    `UPDATE journey_enrollments SET status = 'exited', end_reason = 'journey_archived', ended_at = now(),
            next_run_at = NULL
      WHERE journey_id = $1 AND status = 'active' RETURNING list_id, contact_id`,
    [id],
  )
  await refreshInWorkflow(db, rows)
}

/** `list_contacts.in_workflow` is true exactly while the contact has an active enrollment on that list. */
export async function refreshInWorkflow(
  db: Queryable,
  members: readonly { list_id: number; contact_id: string }[],
): Promise<void> {
  if (members.length === 0) return
  await db.query(
    `UPDATE list_contacts lc SET in_workflow = EXISTS (
            SELECT 1 FROM journey_enrollments e
             WHERE e.list_id = lc.list_id AND e.contact_id = lc.contact_id AND e.status = 'active'),
            updated_at = now()
       FROM unnest($1::int[], $2::text[]) AS v(list_id, contact_id)
      WHERE lc.list_id = v.list_id AND lc.contact_id = v.contact_id`,
    [members.map((m) => m.list_id), members.map((m) => m.contact_id)],
  )
}
