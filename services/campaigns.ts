import type pg from 'pg'
import {
  accountZoneOf,
  type DueOccurrence,
  dueOccurrences,
  EXCLUSION_REASONS,
  isExhausted,
  runZones,
} from '../core/campaigns.js'
import { newObjectId } from '../core/ids.js'
import { withTransaction } from '../lib/postgres.js'
import type { DispatchJob } from '../lib/queues.js'
import { recordSelections } from './bandit.js'
import {
  type MemberRow,
  occurrenceHasMessages,
  type PageOutcome,
  pageHistory,
  pageQuery,
  planPage,
} from './campaign-pages.js'
import {
  type CampaignContext,
  loadPlan,
  type Plan,
  RunConfigurationError,
  type RunRow,
  type ScheduleRow,
} from './campaign-plan.js'
import { insertTrackedMessages, UnknownOfferError } from './messages.js'

const JOB_SIZE = 1_000
/** Pages written at once by a run (each holds a pooled connection). */
const WRITERS = 3

export interface TickSummary {
  started: number
  advanced: number
  completedSchedules: number
  queued: number
}

/** One scheduler tick: starts and advances the runs that are due at the clock's now. Idempotent. */
export async function runDueSchedules(ctx: CampaignContext): Promise<TickSummary> {
  const now = ctx.clock.now()
  const summary: TickSummary = { started: 0, advanced: 0, completedSchedules: 0, queued: 0 }
  const { rows: schedules } = await ctx.pool.query<ScheduleRow>(
    `SELECT s.id, s.account_id, s.send_type, s.is_repeating, s.send_time, s.send_date, s.start_date, s.end_date,
            s.days_of_week, s.use_local_time, s.skip_within_hours, s.automated_percent, s.audience_ids,
            s.source_lists, s.sending_list_id, a.settings
       FROM schedules s JOIN accounts a ON a.id = s.account_id
      WHERE s.status = 'on' AND a.status = 'active' AND ($1::text IS NULL OR s.account_id = $1)
      ORDER BY s.created_at, s.id`,
    [ctx.accountId ?? null],
  )
  for (const schedule of schedules) {
    const accountZone = accountZoneOf(schedule.settings)
    for (const due of dueOccurrences(schedule, accountZone, now)) {
      let run = await findRun(ctx.pool, schedule.id, due.occurrence)
      if (!run) {
        if (due.dueZones.length === 0) continue
        run = await startRun(ctx.pool, schedule, due.occurrence)
        summary.started++
      }
      if (run.status !== 'running') continue
      const { id: runId } = run
      const advanced = await withRunLock(ctx.pool, runId, async () => {
        // Read again under the lock: another process may have moved it since.
        const fresh = await findRun(ctx.pool, schedule.id, due.occurrence)
        return fresh?.status === 'running' ? advanceRun(ctx, schedule, fresh, due, now) : 0
      })
      if (advanced === null) continue
      summary.queued += advanced
      summary.advanced++
    }
    if (isExhausted(schedule, accountZone, now) && !(await hasRunningRun(ctx.pool, schedule.id))) {
      await ctx.pool.query(
        `UPDATE schedules SET status = 'complete', updated_at = now() WHERE id = $1 AND status = 'on'`,
        [schedule.id],
      )
      summary.completedSchedules++
    }
  }
  return summary
}

async function findRun(pool: pg.Pool, scheduleId: string, occurrence: string): Promise<RunRow | undefined> {
  const { rows } = await pool.query<RunRow>(
    `SELECT id, schedule_id, occurrence, status, done_zones, pass_zones, cursor
       FROM schedule_runs WHERE schedule_id = $1 AND occurrence = $2`,
    [scheduleId, occurrence],
  )
  return rows[0]
}

async function startRun(pool: pg.Pool, schedule: ScheduleRow, occurrence: string): Promise<RunRow> {
  await pool.query(
    `INSERT INTO schedule_runs (id, account_id, schedule_id, occurrence) VALUES ($1, $2, $3, $4)
     ON CONFLICT (schedule_id, occurrence) DO NOTHING`,
    [newObjectId(), schedule.account_id, schedule.id, occurrence],
  )
  return (await findRun(pool, schedule.id, occurrence))!
}

/**
 * Runs `fn` holding the run's advisory lock, or returns null when another process holds it: two schedulers (a
 * lost leader lock, a manual `run-campaigns`) never expand one run at once. A dead process's lock dies with it.
 */
async function withRunLock<T>(pool: pg.Pool, runId: string, fn: () => Promise<T>): Promise<T | null> {
  const client = await pool.connect()
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
      [runId],
    )
    if (!rows[0]?.ok) return null
    try {
      return await fn()
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [runId])
    }
  } finally {
    client.release()
  }
}

async function hasRunningRun(pool: pg.Pool, scheduleId: string): Promise<boolean> {
  const { rows } = await pool.query(
    `SELECT 1 FROM schedule_runs WHERE schedule_id = $1 AND status = 'running' LIMIT 1`,
    [scheduleId],
  )
  return rows.length > 0
}

/**
 * Expands the zones of `dueZones` the run has not done: first a pass a crash left unfinished, then one pass over
 * the newly due zones. The run completes when every zone it rolls through is done.
 */
async function advanceRun(
  ctx: CampaignContext,
  schedule: ScheduleRow,
  run: RunRow,
  due: DueOccurrence,
  now: Date,
): Promise<number> {
  let queued = 0
  try {
    const expired = due.expiredZones.filter((z) => !run.done_zones.includes(z) && !run.pass_zones.includes(z))
    if (expired.length > 0) {
      // Their send time is too long gone (the scheduler was down): skipped rather than sent at a surprising hour.
      ctx.log.warn(
        { schedule: schedule.id, occurrence: run.occurrence, zones: expired },
        'campaign zones skipped',
      )
      run.done_zones = [...run.done_zones, ...expired]
      await ctx.pool.query(`UPDATE schedule_runs SET done_zones = $2 WHERE id = $1`, [run.id, run.done_zones])
    }
    const plan = await loadPlan(ctx, schedule, run.occurrence, now)
    for (;;) {
      let zones = run.pass_zones
      let cursor = run.cursor ?? ''
      if (zones.length > 0) await requeueUnclaimed(ctx, run)
      else {
        zones = due.dueZones.filter((z) => !run.done_zones.includes(z))
        if (zones.length === 0) break
        await ctx.pool.query(`UPDATE schedule_runs SET pass_zones = $2, cursor = NULL WHERE id = $1`, [
          run.id,
          zones,
        ])
        cursor = ''
      }
      queued += await expandPass(ctx, plan, run, zones, cursor)
      const { rows } = await ctx.pool.query<RunRow>(
        `UPDATE schedule_runs SET done_zones = done_zones || pass_zones, pass_zones = '{}', cursor = NULL,
                updated_at = now()
          WHERE id = $1
          RETURNING id, schedule_id, occurrence, status, done_zones, pass_zones, cursor`,
        [run.id],
      )
      run = rows[0]!
    }
    const all = runZones(schedule, plan.accountZone)
    if (all.every((z) => run.done_zones.includes(z))) {
      await ctx.pool.query(
        `UPDATE schedule_runs SET status = 'complete', finished_at = now(), updated_at = now() WHERE id = $1`,
        [run.id],
      )
      ctx.log.info({ schedule: schedule.id, occurrence: run.occurrence }, 'campaign run complete')
    }
  } catch (err) {
    if (!(err instanceof RunConfigurationError || err instanceof UnknownOfferError)) throw err
    await ctx.pool.query(
      `UPDATE schedule_runs SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      [run.id, err.message],
    )
    ctx.log.warn(
      { schedule: schedule.id, occurrence: run.occurrence, err: err.message },
      'campaign run failed',
    )
  }
  return queued
}

/**
 * Pages are read one after another (keyset) while up to WRITERS pages are written at once; each page's transaction
 * inserts in parallel with the others but commits its cursor and counters only after the page before it committed,
 * so the committed cursor never passes a page that is not in the database (what a resume relies on).
 */
async function expandPass(
  ctx: CampaignContext,
  plan: Plan,
  run: RunRow,
  zones: string[],
  startAfter: string,
): Promise<number> {
  let after = startAfter
  let queued = 0
  let previous: Promise<unknown> = Promise.resolve()
  const writing = new Set<Promise<unknown>>()
  const fetchPage = (from: string): Promise<MemberRow[]> => {
    // Audiences whose lists the schedule's source lists exclude: nobody to expand.
    if (plan.memberLists.length === 0) return Promise.resolve([])
    const query = pageQuery(plan, zones, from, ctx.pageSize)
    const rows = ctx.pool.query<MemberRow>(query.sql, query.params).then((r) => r.rows)
    rows.catch(() => {}) // awaited below; a prefetch left behind by a failure must not go unhandled
    return rows
  }
  // Read before the first page is written: afterwards the pass's own messages would answer it.
  const occurrenceStarted = await occurrenceHasMessages(ctx.pool, plan)
  let next = fetchPage(after)
  for (;;) {
    const rows = await next
    if (rows.length === 0) break
    after = rows[rows.length - 1]!.contact_id
    // The next page is read while this one is planned and written.
    next = rows.length < ctx.pageSize ? Promise.resolve([]) : fetchPage(after)
    const history = await pageHistory(
      ctx.pool,
      plan,
      rows.map((r) => r.contact_id),
      occurrenceStarted,
    )
    const page = planPage(plan, rows, history)
    const write = writePage(ctx, run.id, page, after, previous).then(async (written) => {
      queued += written
      await enqueue(
        ctx,
        page.messages.map((m) => ({ id: m.messageId!, sendAfter: m.sendAfter ?? null })),
      )
    })
    previous = write
    writing.add(write)
    write.finally(() => writing.delete(write)).catch(() => {})
    if (writing.size >= WRITERS) await Promise.race(writing)
  }
  // Each write awaits the one before it, so the last one settles after all of them; it rejects with the first
  // failure (a page after a failed one never commits).
  await previous
  return queued
}

async function writePage(
  ctx: CampaignContext,
  runId: string,
  page: PageOutcome,
  cursor: string,
  previous: Promise<unknown>,
): Promise<number> {
  return withTransaction(ctx.pool, async (client) => {
    const messages = await insertTrackedMessages(client, page.messages)
    await recordSelections(client, page.selections)
    await previous
    await client.query(
      `UPDATE schedule_runs
          SET cursor = $2, targeted = targeted + $3, queued = queued + $4, deferred = deferred + $5,
              excluded = (SELECT jsonb_object_agg(k, COALESCE((excluded->>k)::int, 0) + COALESCE((($6::jsonb)->>k)::int, 0))
                            FROM unnest($7::text[]) AS k),
              variants = variants || (SELECT COALESCE(jsonb_object_agg(v.key, COALESCE((variants->>v.key)::int, 0) + v.value::int), '{}'::jsonb)
                                        FROM jsonb_each_text($8::jsonb) AS v),
              updated_at = now()
        WHERE id = $1`,
      [
        runId,
        cursor,
        page.targeted,
        messages.length,
        page.deferred,
        JSON.stringify(page.excluded),
        [...EXCLUSION_REASONS],
        JSON.stringify(page.variants),
      ],
    )
    return messages.length
  })
}

/** Dispatch jobs, delayed until each group's send time (the dispatcher re-checks quiet hours and opt-outs anyway). */
async function enqueue(
  ctx: CampaignContext,
  messages: Array<{ id: string; sendAfter: Date | null }>,
): Promise<void> {
  const byTime = new Map<number, string[]>()
  for (const m of messages) {
    const at = m.sendAfter?.getTime() ?? 0
    const ids = byTime.get(at)
    if (ids) ids.push(m.id)
    else byTime.set(at, [m.id])
  }
  const jobs: Array<{ name: string; data: DispatchJob; opts: { delay: number } }> = []
  // Real time, not the run's clock: BullMQ delays are real.
  const realNow = Date.now()
  for (const [at, ids] of byTime) {
    for (let i = 0; i < ids.length; i += JOB_SIZE) {
      jobs.push({
        name: 'send',
        data: { messageIds: ids.slice(i, i + JOB_SIZE) },
        opts: { delay: Math.max(0, at - realNow) },
      })
    }
  }
  if (jobs.length > 0) await ctx.queue.addBulk(jobs)
}

/**
 * A process killed between a page's commit and its dispatch jobs left queued messages without a job: a resumed
 * pass first hands the run's unclaimed queued messages to dispatch again (a second job for a message is harmless:
 * a message is claimed once).
 */
async function requeueUnclaimed(ctx: CampaignContext, run: RunRow): Promise<void> {
  const { rows } = await ctx.pool.query<{ id: string; send_after: Date | null }>(
    `SELECT m.id, m.send_after FROM messages m
      WHERE m.schedule_id = $1 AND m.schedule_occurrence = $2 AND m.status = 'queued' AND m.claimed_at IS NULL`,
    [run.schedule_id, run.occurrence],
  )
  await enqueue(
    ctx,
    rows.map((r) => ({ id: r.id, sendAfter: r.send_after })),
  )
}
