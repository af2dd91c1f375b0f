// Welcome journeys (spec §17): CRUD of an account's journeys, enrollment of contacts joining a list, and the step
// engine. A step run is one Postgres transaction over the enrollment row (locked, compare-and-set on step_seq) and
// its journey_events rows, so a repeated or stale job changes nothing; messages go through insertTrackedMessages
// and the dispatch queue like every other send, so dispatch re-checks opt-out, blocks and quiet hours.
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import type { ContactEvent } from '../core/events.js'
import { newMessageId, newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import {
  type CompiledJourney,
  ENROLLMENT_MAX_AGE_MS,
  type EnrollmentStatus,
  evaluateTrigger,
  type FieldValue,
  JOURNEY_STATUSES,
  type JourneyIssue,
  type JourneyStatus,
  journeyReferences,
  MAX_STEPS_PER_RUN,
  matchField,
  nextLocalTime,
  nextStepIndex,
  parseSteps,
  parseTrigger,
  type Step,
  type TriggerGroup,
  waitMs,
} from '../core/journeys.js'
import { renderMacros } from '../core/message-template.js'
import { resolveTimezone } from '../core/quiet-hours.js'
import { withTransaction } from '../lib/postgres.js'
import { unsubscribeMembers } from './contacts.js'
import { insertTrackedMessages, type LinkTarget, UnknownOfferError } from './messages.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

/** Enrollments written per statement (spec §17: at most 1,000 executions per enrolment batch). */
export const ENROLL_BATCH = 1_000

// ---- CRUD ---------------------------------------------------------------------------------------------------

export interface JourneyView {
  id: string
  name: string
  status: JourneyStatus
  /** The documents as validated (core/journeys TriggerGroup and Step), in JSON form. */
  trigger: Record<string, unknown>
  steps: Record<string, unknown>[]
  enrollment_counts: Record<EnrollmentStatus, number>
  created_at: string
  updated_at: string
}

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

async function journeyRow(db: Queryable, accountId: string, id: string, lock = false): Promise<JourneyRow> {
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
async function refreshInWorkflow(
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

export interface EnrollmentView {
  id: string
  journey_id: string
  contact_id: string
  phone_number: string
  list_id: number
  status: EnrollmentStatus
  /** The step that runs next (null once ended or past the last step). */
  current_step: { index: number; type: string; id: string | null } | null
  step_index: number
  step_seq: number
  next_run_at: string | null
  enrolled_at: string
  ended_at: string | null
  end_reason: string | null
}

export interface JourneyEventView {
  step_seq: number
  step_index: number
  step_type: string
  outcome: string
  detail: Record<string, unknown>
  at: string
}

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
): Promise<EnrollmentView & { events: JourneyEventView[] }> {
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

// ---- Step engine ------------------------------------------------------------------------------------------

export interface StepRunOptions {
  /** Base of short links for lists without a shortener domain of their own. */
  defaultLinkBaseUrl: string
}

export type StepRun =
  /** The enrollment moved on (or ended) since this job was made: nothing done. */
  | { kind: 'stale' }
  /** The job came before the enrollment's next_run_at: run again then. */
  | { kind: 'early'; runAt: Date }
  | {
      kind: 'ran'
      status: EnrollmentStatus
      /** Messages to hand to the dispatch queue. */
      messageIds: string[]
      /** The next step job, when the enrollment waits. */
      next: StepJob | null
      /** Subscription changes (an unsubscribe step) to publish. */
      contactEvents: ContactEvent[]
    }

interface LockedEnrollment {
  id: string
  account_id: string
  journey_id: string
  contact_id: string
  list_id: number
  status: EnrollmentStatus
  step_index: number
  step_seq: number
  next_run_at: Date | null
  enrolled_at: Date
  journey_status: JourneyStatus
  steps: unknown
}

interface ContactContext {
  phone_number: string
  timezone: string | null
  first_name: string | null
  last_name: string | null
  custom_fields: Record<string, FieldValue>
  active: boolean
  brand_name: string
  shortener_domain: string | null
  account_timezone: string | null
}

interface EventRow {
  seq: number
  index: number
  type: string
  outcome: string
  detail: Record<string, unknown>
}

/** What each step type does, within the run's transaction. */
class StepRunner {
  readonly events: EventRow[] = []
  readonly messageIds: string[] = []
  contactEvents: ContactEvent[] = []
  seq: number

  constructor(
    private readonly client: pg.PoolClient,
    private readonly e: LockedEnrollment,
    private readonly contact: ContactContext,
    private readonly options: StepRunOptions,
  ) {
    this.seq = e.step_seq
  }

  record(index: number, type: string, outcome: string, detail: Record<string, unknown> = {}): void {
    this.seq++
    this.events.push({ seq: this.seq, index, type, outcome, detail })
  }

  async send(step: Extract<Step, { type: 'send_message' }>, index: number): Promise<void> {
    let template: string
    let links: Record<string, LinkTarget>
    let creativeId: number | null = null
    if ('creative_id' in step) {
      const { rows } = await this.client.query<{
        message: string
        offer_links: { key: string; offer_id: string }[]
      }>(
        `SELECT message, offer_links FROM creatives WHERE id = $1 AND account_id = $2 AND status <> 'archived'`,
        [step.creative_id, this.e.account_id],
      )
      if (!rows[0]) return this.record(index, step.type, 'skipped', { reason: 'creative_unavailable' })
      template = rows[0].message
      links = Object.fromEntries(rows[0].offer_links.map((l) => [l.key, { offerId: l.offer_id }]))
      creativeId = step.creative_id
    } else {
      template = step.message
      links = Object.fromEntries(step.offer_links.map((l) => [l.key, { offerId: l.offer_id }]))
    }
    const messageId = newMessageId()
    const c = this.contact
    try {
      await insertTrackedMessages(this.client, [
        {
          accountId: this.e.account_id,
          listId: this.e.list_id,
          contactId: this.e.contact_id,
          to: c.phone_number,
          body: renderMacros(template, {
            messageId,
            brandName: c.brand_name,
            firstName: c.first_name,
            lastName: c.last_name,
            customFields: c.custom_fields,
          }),
          links,
          linkBaseUrl: c.shortener_domain ? `https://${c.shortener_domain}` : this.options.defaultLinkBaseUrl,
          messageId,
          creativeId,
          journeyEnrollmentId: this.e.id,
          metadata: { journey_id: this.e.journey_id, journey_step: index },
        },
      ])
    } catch (err) {
      if (!(err instanceof UnknownOfferError)) throw err
      return this.record(index, step.type, 'skipped', { reason: 'offer_unavailable' })
    }
    this.messageIds.push(messageId)
    this.record(index, step.type, 'sent', {
      message_id: messageId,
      ...(creativeId ? { creative_id: creativeId } : {}),
    })
  }

  /**
   * clicked_since_enrollment: a first human click (message_clicks, written by the click processor after bot
   * filtering) at or after enrollment on any message of this list to the contact. Reached through the contact's
   * messages (indexed by contact) rather than a scan of message_clicks, which has no contact index.
   */
  async check(step: Extract<Step, { type: 'condition' }>): Promise<boolean> {
    switch (step.check) {
      case 'clicked_since_enrollment': {
        const { rows } = await this.client.query<{ yes: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM messages m JOIN message_clicks mc ON mc.message_id = m.id
                           WHERE m.contact_id = $1 AND m.list_id = $2 AND m.account_id = $3
                             AND mc.clicked_at >= $4) AS yes`,
          [this.e.contact_id, this.e.list_id, this.e.account_id, this.e.enrolled_at],
        )
        return rows[0]!.yes
      }
      case 'sent_since_enrollment': {
        const { rows } = await this.client.query<{ yes: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = $1 AND m.list_id = $2 AND m.account_id = $3
                             AND m.sent_at >= $4) AS yes`,
          [this.e.contact_id, this.e.list_id, this.e.account_id, this.e.enrolled_at],
        )
        return rows[0]!.yes
      }
      case 'custom_field':
        return matchField(this.contact.custom_fields[step.field!], step.operator!, step.value)
    }
  }

  async setField(step: Extract<Step, { type: 'set_custom_field' }>): Promise<void> {
    await this.client.query(
      `UPDATE list_contacts SET custom_fields = custom_fields || $3::jsonb, updated_at = now()
        WHERE list_id = $1 AND contact_id = $2`,
      [this.e.list_id, this.e.contact_id, JSON.stringify({ [step.field]: step.value })],
    )
    this.contact.custom_fields = { ...this.contact.custom_fields, [step.field]: step.value }
  }

  async unsubscribe(): Promise<void> {
    this.contactEvents = await unsubscribeMembers(
      this.client,
      [{ accountId: this.e.account_id, listId: this.e.list_id, contactId: this.e.contact_id }],
      'journey',
    )
  }
}

async function contactContext(
  client: pg.PoolClient,
  e: LockedEnrollment,
): Promise<ContactContext | undefined> {
  const { rows } = await client.query<ContactContext>(
    `SELECT c.phone_number, c.timezone, lc.first_name, lc.last_name, lc.custom_fields, lc.active, sl.brand_name,
            sl.shortener_domain, a.settings->>'timezone' AS account_timezone
       FROM list_contacts lc
       JOIN contacts c ON c.id = lc.contact_id
       JOIN sending_lists sl ON sl.id = lc.list_id
       JOIN accounts a ON a.id = lc.account_id
      WHERE lc.list_id = $1 AND lc.contact_id = $2 AND lc.account_id = $3`,
    [e.list_id, e.contact_id, e.account_id],
  )
  return rows[0]
}

type Ending = { status: Exclude<EnrollmentStatus, 'active'>; reason: string }

/**
 * Runs the enrollment from its current step until it waits or ends, as of `now`, in one transaction. A job
 * names the step_seq it was made for; the enrollment row is locked and the seq compared, so a stale or repeated
 * job does nothing, and everything a run did (messages, events, the new position) commits together.
 */
export async function runEnrollmentStep(
  pool: pg.Pool,
  job: { enrollmentId: string; seq: number },
  now: Date,
  options: StepRunOptions,
): Promise<StepRun> {
  return withTransaction(pool, async (client): Promise<StepRun> => {
    // The list contact first, then the enrollment: the order an unsubscribe (STOP) takes them in, so the two
    // cannot deadlock.
    await client.query(
      `SELECT 1 FROM journey_enrollments e
         JOIN list_contacts lc ON lc.list_id = e.list_id AND lc.contact_id = e.contact_id
        WHERE e.id = $1 FOR UPDATE OF lc`,
      [job.enrollmentId],
    )
    const { rows } = await client.query<LockedEnrollment>(
      `SELECT e.id, e.account_id, e.journey_id, e.contact_id, e.list_id, e.status, e.step_index, e.step_seq,
              e.next_run_at, e.enrolled_at, j.status AS journey_status, j.steps
         FROM journey_enrollments e JOIN journeys j ON j.id = e.journey_id AND j.account_id = e.account_id
        WHERE e.id = $1 FOR UPDATE OF e`,
      [job.enrollmentId],
    )
    const e = rows[0]
    if (e?.status !== 'active' || e.step_seq !== job.seq) return { kind: 'stale' }
    if (e.next_run_at && e.next_run_at.getTime() > now.getTime())
      return { kind: 'early', runAt: e.next_run_at }
    const contact = await contactContext(client, e)
    const compiled = parseSteps(e.steps)
    const runner = contact && new StepRunner(client, e, contact, options)
    const expiresAt = e.enrolled_at.getTime() + ENROLLMENT_MAX_AGE_MS
    let ending: Ending | null = null
    let index: number | null = e.step_index
    let nextRunAt: Date | null = null
    // Paused journeys keep moving; archived ones stop (archiving also ends enrollments at once).
    if (e.journey_status === 'archived') ending = { status: 'exited', reason: 'journey_archived' }
    else if (now.getTime() >= expiresAt) ending = { status: 'completed', reason: 'expired' }
    else if (!contact || !runner) ending = { status: 'exited', reason: 'contact_missing' }
    else if (!contact.active) ending = { status: 'stopped', reason: 'unsubscribed' }
    else if (!compiled.ok) ending = { status: 'exited', reason: 'invalid_journey' }
    const journey = compiled.ok ? compiled.value : null
    for (let executed = 0; !ending && runner && journey; executed++) {
      if (index === null || index >= journey.steps.length) {
        ending = { status: 'completed', reason: 'last_step' }
        break
      }
      if (executed >= MAX_STEPS_PER_RUN) {
        ending = { status: 'exited', reason: 'step_limit' }
        break
      }
      const step: Step = journey.steps[index]!
      const at: number = index
      switch (step.type) {
        case 'send_message':
          await runner.send(step, at)
          index = nextStepIndex(journey, at)
          break
        case 'wait':
        case 'wait_until': {
          const until =
            step.type === 'wait'
              ? new Date(now.getTime() + waitMs(step))
              : nextLocalTime(
                  now,
                  step.time,
                  resolveTimezone({
                    timezone: contact!.timezone ?? undefined,
                    accountTimezone: contact!.account_timezone ?? undefined,
                  }),
                )
          // Never past the 30-day end: the run at that moment completes the enrollment.
          nextRunAt = new Date(Math.min(until.getTime(), expiresAt))
          runner.record(at, step.type, 'waiting', { until: until.toISOString() })
          index = nextStepIndex(journey, at) ?? journey.steps.length
          break
        }
        case 'condition': {
          const yes = await runner.check(step)
          index = nextStepIndex(journey, at, yes)
          runner.record(at, step.type, yes ? 'yes' : 'no', { check: step.check, branch: index })
          break
        }
        case 'set_custom_field':
          await runner.setField(step)
          runner.record(at, step.type, 'set', { field: step.field, value: step.value })
          index = nextStepIndex(journey, at)
          break
        case 'unsubscribe':
          await runner.unsubscribe()
          runner.record(at, step.type, 'unsubscribed')
          ending = { status: 'completed', reason: 'unsubscribe_step' }
          break
        case 'exit':
          runner.record(at, step.type, 'exited')
          ending = { status: 'completed', reason: 'exit_step' }
          break
      }
      if (nextRunAt) break
    }
    let seq = runner?.seq ?? e.step_seq
    const events = runner?.events ?? []
    if (ending && !['unsubscribe_step', 'exit_step'].includes(ending.reason)) {
      seq++
      events.push({
        seq,
        index: index ?? e.step_index,
        type: 'end',
        outcome: ending.status,
        detail: { reason: ending.reason },
      })
    }
    if (events.length > 0) {
      await client.query(
        `INSERT INTO journey_events (enrollment_id, step_seq, step_index, step_type, outcome, detail, at)
         SELECT $1, v.seq, v.idx, v.type, v.outcome, v.detail, $2
           FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::jsonb[]) AS v(seq, idx, type, outcome, detail)`,
        [
          e.id,
          now,
          events.map((v) => v.seq),
          events.map((v) => v.index),
          events.map((v) => v.type),
          events.map((v) => v.outcome),
          events.map((v) => JSON.stringify(v.detail)),
        ],
      )
    }
    // The row is locked, so the seq still matches; the condition keeps the write a compare-and-set regardless.
    await client.query(
      `UPDATE journey_enrollments SET step_index = $3, step_seq = $4, next_run_at = $5, status = $6,
              end_reason = $7, ended_at = $8
        WHERE id = $1 AND step_seq = $2`,
      [
        e.id,
        e.step_seq,
        Math.min(index ?? journey?.steps.length ?? e.step_index, 2_147_483_647),
        seq,
        ending ? null : nextRunAt,
        ending?.status ?? 'active',
        ending?.reason ?? null,
        ending ? now : null,
      ],
    )
    if (ending) await refreshInWorkflow(client, [{ list_id: e.list_id, contact_id: e.contact_id }])
    return {
      kind: 'ran',
      status: ending?.status ?? 'active',
      messageIds: runner?.messageIds ?? [],
      next: !ending && nextRunAt ? { enrollmentId: e.id, seq, runAt: nextRunAt } : null,
      contactEvents: runner?.contactEvents ?? [],
    }
  })
}

// ---- Sweep ------------------------------------------------------------------------------------------------

/** Completes enrollments older than 30 days (in pages), wherever their jobs are. Returns how many. */
export async function expireEnrollments(pool: pg.Pool, now: Date, page = 5_000): Promise<number> {
  let total = 0
  for (;;) {
    const { rows } = await pool.query<{ list_id: number; contact_id: string }>(
      `UPDATE journey_enrollments SET status = 'completed', end_reason = 'expired', ended_at = $1,
              next_run_at = NULL
        WHERE id IN (SELECT id FROM journey_enrollments
                      WHERE status = 'active' AND enrolled_at <= $1::timestamptz - make_interval(secs => $2)
                      LIMIT $3)
        RETURNING list_id, contact_id`,
      [now, ENROLLMENT_MAX_AGE_MS / 1000, page],
    )
    await refreshInWorkflow(pool, rows)
    total += rows.length
    if (rows.length < page) return total
  }
}

/** Active enrollments whose next run is due at `before`: the sweep checks each has a job. */
export async function dueEnrollments(pool: pg.Pool, before: Date, limit = 5_000): Promise<StepJob[]> {
  const { rows } = await pool.query<{ id: string; step_seq: number; next_run_at: Date }>(
    `SELECT id, step_seq, next_run_at FROM journey_enrollments
      WHERE status = 'active' AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2`,
    [before, limit],
  )
  return rows.map((r) => ({ enrollmentId: r.id, seq: r.step_seq, runAt: r.next_run_at }))
}
