// Welcome journeys (spec §17), the step engine. A step run is one Postgres transaction over the enrollment row
// (locked, compare-and-set on step_seq) and its journey_events rows, so a repeated or stale job changes nothing;
// messages go through insertTrackedMessages and the dispatch queue like every other send, so dispatch re-checks
// opt-out, blocks and quiet hours. Expired and due enrollments are swept from here too.
// What each step type does (send, check, set a field, unsubscribe) is in journey-step-runner.ts.

import type pg from 'pg'
import type { ContactEvent } from '../core/events.js'
import {
  ENROLLMENT_MAX_AGE_MS,
  type EnrollmentStatus,
  MAX_STEPS_PER_RUN,
  nextLocalTime,
  nextStepIndex,
  parseSteps,
  type Step,
  waitMs,
} from '../core/journeys.js'
import { resolveTimezone } from '../core/quiet-hours.js'
import { withTransaction } from '../lib/postgres.js'
import { refreshInWorkflow } from './journey-definitions.js'
import type { StepJob } from './journey-enrollment.js'
import {
  contactContext,
  type LockedEnrollment,
  StepRunner,
  type StepRunOptions,
} from './journey-step-runner.js'

export type { StepRunOptions } from './journey-step-runner.js'

// ---- Step engine ------------------------------------------------------------------------------------------

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
