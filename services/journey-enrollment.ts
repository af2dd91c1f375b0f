// Welcome journeys (spec §17), enrollment: contacts joining a list enter the journeys whose trigger they match,
// at most 1,000 per statement; enrollments are listed and stopped here. The steps themselves run in journey-steps.ts.
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import { newObjectId } from '../core/ids.js'
import {
  type EnrollmentStatus,
  evaluateTrigger,
  type FieldValue,
  parseTrigger,
  type Step,
} from '../core/journeys.js'
import type { EnrollmentDetailView, EnrollmentView, JourneyEventView } from '../core/views/journeys.js'
import { journeyRow, refreshInWorkflow } from './journey-definitions.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

/** Enrollments written per statement (spec §17: at most 1,000 executions per enrolment batch). */
export const ENROLL_BATCH = 1_000
interface EnrollmentRow {
  id: string
  journey_id: string
  contact_id: string
  phone_number: string
  list_id: number
  status: EnrollmentStatus
  step_index: number
  step_seq: number
  next_run_at: Date | null
  enrolled_at: Date
  ended_at: Date | null
  end_reason: string | null
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function enrollmentView(r: EnrollmentRow, steps: readonly Step[]): EnrollmentView {
  const step = r.status === 'active' ? steps[r.step_index] : undefined
  return {
    ...r,
    current_step: step ? { index: r.step_index, type: step.type, id: step.id ?? null } : null,
    next_run_at: iso(r.next_run_at),
    enrolled_at: r.enrolled_at.toISOString(),
    ended_at: iso(r.ended_at),
  }
}

const ENROLLMENT_COLUMNS = `e.id, e.journey_id, e.contact_id, c.phone_number, e.list_id, e.status, e.step_index,
  e.step_seq, e.next_run_at, e.enrolled_at, e.ended_at, e.end_reason`

export async function listEnrollments(
  pool: pg.Pool,
  accountId: string,
  id: string,
  filter: { status?: string | undefined; limit: number; offset: number },
): Promise<{ enrollments: EnrollmentView[]; total: number }> {
  const journey = await journeyRow(pool, accountId, id)
  const where = 'e.account_id = $1 AND e.journey_id = $2 AND ($3::text IS NULL OR e.status = $3)'
  const params = [accountId, journey.id, filter.status ?? null]
  const [page, count] = await Promise.all([
    pool.query<EnrollmentRow>(
      `SELECT ${ENROLLMENT_COLUMNS} FROM journey_enrollments e JOIN contacts c ON c.id = e.contact_id
        WHERE ${where} ORDER BY e.enrolled_at DESC, e.id DESC LIMIT $4 OFFSET $5`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM journey_enrollments e WHERE ${where}`,
      params,
    ),
  ])
  return {
    enrollments: page.rows.map((r) => enrollmentView(r, journey.steps)),
    total: count.rows[0]?.total ?? 0,
  }
}

/** One enrollment with every step it ran (which step, what it did, which branch a condition took). */
export async function getEnrollment(
  pool: pg.Pool,
  accountId: string,
  id: string,
  enrollmentId: string,
): Promise<EnrollmentDetailView> {
  const journey = await journeyRow(pool, accountId, id)
  const { rows } = await pool.query<EnrollmentRow>(
    `SELECT ${ENROLLMENT_COLUMNS} FROM journey_enrollments e JOIN contacts c ON c.id = e.contact_id
      WHERE e.account_id = $1 AND e.journey_id = $2 AND e.id = $3`,
    [accountId, journey.id, enrollmentId],
  )
  if (!rows[0]) throw new AppError('enrollment_not_found', 'Enrollment not found')
  const { rows: events } = await pool.query<JourneyEventView & { at: Date }>(
    `SELECT step_seq, step_index, step_type, outcome, detail, at FROM journey_events
      WHERE enrollment_id = $1 ORDER BY step_seq`,
    [enrollmentId],
  )
  return {
    ...enrollmentView(rows[0], journey.steps),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  }
}

// ---- Enrollment -------------------------------------------------------------------------------------------

/** A step job to queue once the enrollment's transaction has committed. */
export interface StepJob {
  enrollmentId: string
  seq: number
  runAt: Date
}

export interface JoinedMember {
  listId: number
  contactId: string
}

interface MemberFacts {
  list_id: number
  contact_id: string
  signup_method: string
  custom_fields: Record<string, FieldValue>
}

/** The active journeys of the account whose trigger each (subscribed) member matches. */
async function matches(
  db: Queryable,
  accountId: string,
  members: readonly JoinedMember[],
): Promise<{ journeyId: string; member: MemberFacts }[]> {
  if (members.length === 0) return []
  const { rows: journeys } = await db.query<{ id: string; trigger: unknown }>(
    `SELECT id, trigger FROM journeys WHERE account_id = $1 AND status = 'active'`,
    [accountId],
  )
  if (journeys.length === 0) return []
  const { rows: facts } = await db.query<MemberFacts>(
    `SELECT lc.list_id, lc.contact_id, lc.signup_method, lc.custom_fields
       FROM list_contacts lc JOIN unnest($2::int[], $3::text[]) AS v(list_id, contact_id)
         ON lc.list_id = v.list_id AND lc.contact_id = v.contact_id
      WHERE lc.account_id = $1 AND lc.active`,
    [accountId, members.map((m) => m.listId), members.map((m) => m.contactId)],
  )
  const out: { journeyId: string; member: MemberFacts }[] = []
  for (const journey of journeys) {
    const trigger = parseTrigger(journey.trigger)
    if (!trigger.ok) continue
    for (const member of facts) {
      const joined = {
        listId: member.list_id,
        signupMethod: member.signup_method,
        customFields: member.custom_fields,
      }
      if (evaluateTrigger(trigger.value, joined)) out.push({ journeyId: journey.id, member })
    }
  }
  return out
}

/** How many active journeys would enrol these members (the contacts API's warning when use_journeys is false). */
export async function countMatchingJourneys(
  db: Queryable,
  accountId: string,
  members: readonly JoinedMember[],
): Promise<number> {
  return new Set((await matches(db, accountId, members)).map((m) => m.journeyId)).size
}

/**
 * Enrols members that just joined a list in every ACTIVE journey whose trigger they match, inside the caller's
 * transaction: at most one enrollment per contact per journey (a repeat is ignored), `in_workflow` set. Returns
 * the first step job of each new enrollment, for the caller to queue after its commit; an enrollment whose job
 * is never queued (a crash in between) is picked up by the journeys sweep.
 */
export async function enrollMembers(
  db: Queryable,
  accountId: string,
  members: readonly JoinedMember[],
  now: Date = new Date(),
): Promise<StepJob[]> {
  const pairs = (await matches(db, accountId, members)).sort(
    (a, b) =>
      a.journeyId.localeCompare(b.journeyId) || a.member.contact_id.localeCompare(b.member.contact_id),
  )
  const jobs: StepJob[] = []
  for (let i = 0; i < pairs.length; i += ENROLL_BATCH) {
    const batch = pairs.slice(i, i + ENROLL_BATCH)
    const { rows } = await db.query<{ id: string; list_id: number; contact_id: string }>(
      `INSERT INTO journey_enrollments (id, account_id, journey_id, contact_id, list_id, next_run_at, enrolled_at)
       SELECT v.id, $1, v.journey_id, v.contact_id, v.list_id, $2, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) AS v(id, journey_id, contact_id, list_id)
       ON CONFLICT (journey_id, contact_id) DO NOTHING
       RETURNING id, list_id, contact_id`,
      [
        accountId,
        now,
        batch.map(() => newObjectId()),
        batch.map((p) => p.journeyId),
        batch.map((p) => p.member.contact_id),
        batch.map((p) => p.member.list_id),
      ],
    )
    if (rows.length === 0) continue
    await db.query(
      `UPDATE list_contacts lc SET in_workflow = true, updated_at = now()
         FROM unnest($1::int[], $2::text[]) AS v(list_id, contact_id)
        WHERE lc.list_id = v.list_id AND lc.contact_id = v.contact_id AND NOT lc.in_workflow`,
      [rows.map((r) => r.list_id), rows.map((r) => r.contact_id)],
    )
    for (const r of rows) jobs.push({ enrollmentId: r.id, seq: 0, runAt: now })
  }
  return jobs
}

/**
 * An unsubscribe (STOP, DELETE /contacts, carrier opt-out, complaint) ends the contact's active enrollments on
 * that list: status `stopped`, reason `unsubscribed`; a pending step job then finds nothing to do.
 */
export async function stopEnrollments(
  db: Queryable,
  members: readonly { listId: number; contactId: string }[],
): Promise<number> {
  if (members.length === 0) return 0
  const { rows } = await db.query<{ list_id: number; contact_id: string }>(
    `UPDATE journey_enrollments e SET status = 'stopped', end_reason = 'unsubscribed', ended_at = now(),
            next_run_at = NULL
       FROM unnest($1::int[], $2::text[]) AS v(list_id, contact_id)
      WHERE e.contact_id = v.contact_id AND e.list_id = v.list_id AND e.status = 'active'
      RETURNING e.list_id, e.contact_id`,
    [members.map((m) => m.listId), members.map((m) => m.contactId)],
  )
  await refreshInWorkflow(db, rows)
  return rows.length
}
