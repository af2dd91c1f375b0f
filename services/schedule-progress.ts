import type pg from 'pg'
import { accountZoneOf, EXCLUSION_REASONS, type ExclusionReason, runZones } from '../core/campaigns.js'
import type { RunProgressView } from '../core/views/schedules.js'
import type { RunRow } from './campaign-plan.js'

// ── Progress ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A schedule's runs, newest first, with live message statuses, clicks and revenue (scoped by the account); only
 * run `runId` when given.
 */
export async function scheduleProgress(
  pool: pg.Pool,
  accountId: string,
  scheduleId: string,
  runId?: string,
): Promise<RunProgressView[]> {
  const { rows: schedules } = await pool.query<{
    use_local_time: boolean
    settings: Record<string, unknown>
  }>(
    `SELECT s.use_local_time, a.settings FROM schedules s JOIN accounts a ON a.id = s.account_id
      WHERE s.account_id = $1 AND s.id = $2`,
    [accountId, scheduleId],
  )
  const schedule = schedules[0]
  if (!schedule) return []
  const { rows } = await pool.query<{
    id: string
    occurrence: string
    status: RunRow['status']
    targeted: number
    queued: number
    deferred: number
    excluded: Record<string, number>
    variants: Record<string, number>
    done_zones: string[]
    error: string | null
    started_at: Date
    finished_at: Date | null
    statuses: Record<string, number> | null
    clicked: number
    revenue: string
  }>(
    `SELECT r.id, r.occurrence, r.status, r.targeted, r.queued, r.deferred, r.excluded, r.variants, r.done_zones,
            r.error, r.started_at, r.finished_at,
            (SELECT jsonb_object_agg(status, n) FROM (
               SELECT m.status, count(*)::int AS n FROM messages m
                WHERE m.schedule_id = r.schedule_id AND m.schedule_occurrence = r.occurrence GROUP BY m.status) s
            ) AS statuses,
            (SELECT count(*)::int FROM messages m JOIN message_clicks c ON c.message_id = m.id
              WHERE m.schedule_id = r.schedule_id AND m.schedule_occurrence = r.occurrence) AS clicked,
            (SELECT COALESCE(sum(l.amount), 0) FROM messages m JOIN conversion_ledger l ON l.message_id = m.id
              WHERE m.schedule_id = r.schedule_id AND m.schedule_occurrence = r.occurrence) AS revenue
       FROM schedule_runs r
      WHERE r.account_id = $1 AND r.schedule_id = $2 AND ($3::text IS NULL OR r.id = $3)
      ORDER BY r.occurrence DESC`,
    [accountId, scheduleId, runId ?? null],
  )
  const zonesTotal = runZones(schedule, accountZoneOf(schedule.settings)).length
  return rows.map((r) => {
    const s = r.statuses ?? {}
    return {
      id: r.id,
      occurrence: r.occurrence,
      status: r.status,
      targeted: r.targeted,
      excluded: Object.fromEntries(EXCLUSION_REASONS.map((k) => [k, r.excluded[k] ?? 0])) as Record<
        ExclusionReason,
        number
      >,
      queued: r.queued,
      deferred: r.deferred,
      variants: r.variants,
      messages: {
        queued: s.queued ?? 0,
        sent: s.sent ?? 0,
        delivered: s.delivered ?? 0,
        undelivered: s.undelivered ?? 0,
        failed: s.failed ?? 0,
        dropped: s.dropped ?? 0,
      },
      clicked: r.clicked,
      revenue: Number(r.revenue),
      zones_done: Math.min(zonesTotal, r.done_zones.length),
      zones_total: zonesTotal,
      error: r.error,
      started_at: r.started_at.toISOString(),
      finished_at: r.finished_at?.toISOString() ?? null,
    }
  })
}
