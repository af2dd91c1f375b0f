// The campaign builder's review (spec §9, §20): what a schedule body would send — its audience, the recipients,
// characters and segments of each variant and of the automated share, and the cost — without storing anything.
// The body is checked by the same rules and in the same order as POST /schedules, so the codes are the same.
import type pg from 'pg'
import { type FilterGroup, parseFilter } from '../core/audience-dsl.js'
import { compileFilter } from '../core/audience-sql.js'
import { blockedSql } from '../core/eligibility.js'
import { AppError } from '../core/errors.js'
import { messageCost } from '../core/pricing.js'
import { type ScheduleFields, scheduleIssues, toScheduleFields } from '../core/schedules.js'
import type { ScheduleEstimateView } from '../core/views/schedules.js'
import { loadArms } from './bandit.js'
import { type LengthContext, lengthContext, measure } from './creatives.js'
import { checkReferences, type ScheduleInput } from './schedules.js'

/**
 * The body's references checked as create checks them (same order, same codes), then what the count needs: the
 * named audiences and the account's lists.
 */
async function references(pool: pg.Pool, accountId: string, input: ScheduleInput, f: ScheduleFields) {
  await checkReferences(pool, accountId, input, f)
  const { rows: audiences } = await pool.query<{ id: string; source_lists: number[]; filter: unknown }>(
    `SELECT id, source_lists, filter FROM audiences WHERE account_id = $1 AND id = ANY($2::text[]) AND status = 'active'`,
    [accountId, f.audiences],
  )
  const { rows: lists } = await pool.query<{ id: number }>(
    `SELECT id FROM sending_lists WHERE account_id = $1 AND status <> 'deleted' ORDER BY id`,
    [accountId],
  )
  return { audiences, accountLists: lists.map((l) => l.id) }
}

interface AudienceCount {
  audience: number
  /** Left out at send time, each contact under the first of spec §9's reasons (core/campaigns exclusionReason). */
  excluded: { invalid: number; in_workflow: number; frequency_cap: number }
}

const NOBODY: AudienceCount = { audience: 0, excluded: { invalid: 0, in_workflow: 0, frequency_cap: 0 } }

/**
 * Distinct contacts in the union of the audiences (each over its source lists, or all the account's, narrowed to
 * the schedule's source lists), with an active membership on a list that matches and a number not blocked; and
 * of those, how many the run would leave out now: an invalid number, in a journey, or messaged within
 * skip_within_hours (as services/campaign-pages counts the cap: any message of the account not dropped or failed).
 */
async function countUnion(
  pool: pg.Pool,
  accountId: string,
  audiences: Array<{ id: string; source_lists: number[]; filter: unknown }>,
  accountLists: number[],
  fields: Pick<ScheduleFields, 'source_lists' | 'skip_within_hours'>,
  now: Date,
): Promise<AudienceCount> {
  const scheduleLists = fields.source_lists
  const params: unknown[] = [accountId]
  const predicates: string[] = []
  for (const audience of audiences) {
    const parsed = parseFilter(audience.filter)
    // Stored filters passed the parser when written; one that no longer does selects nobody, as at send time.
    if (!parsed.ok) continue
    const own = audience.source_lists.length > 0 ? audience.source_lists : accountLists
    // Only the account's lists: an audience's stored list ids were checked when saved, and are again here.
    const lists = own.filter(
      (id) => accountLists.includes(id) && (scheduleLists.length === 0 || scheduleLists.includes(id)),
    )
    if (lists.length === 0) continue
    params.push(lists)
    const listsParam = `$${params.length}::integer[]`
    const compiled = compileFilter(parsed.filter as FilterGroup, { paramOffset: params.length, now })
    params.push(...compiled.params)
    predicates.push(`(lc.list_id = ANY(${listsParam}) AND ${compiled.sql})`)
  }
  if (predicates.length === 0) return NOBODY
  params.push(fields.skip_within_hours, new Date(now.getTime() - fields.skip_within_hours * 3_600_000))
  const capHours = `$${params.length - 1}::integer`
  const since = `$${params.length}::timestamptz`
  const { rows } = await pool.query<Record<'audience' | 'invalid' | 'in_workflow' | 'frequency_cap', string>>(
    `WITH members AS (
       SELECT lc.contact_id,
              bool_and(c.is_valid AND COALESCE(c.validation_status, '') NOT IN ('invalid', 'unreachable')) AS valid,
              bool_or(lc.in_workflow) AS in_workflow
         FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id AND c.account_id = $1
        WHERE lc.account_id = $1 AND lc.active AND (${predicates.join(' OR ')})
          AND NOT ${blockedSql('$1', 'c.phone_number')}
        GROUP BY lc.contact_id
     ), reasons AS (
       SELECT CASE
                WHEN NOT valid THEN 'invalid'
                WHEN in_workflow THEN 'in_workflow'
                WHEN ${capHours} > 0 AND EXISTS (
                  SELECT 1 FROM messages m
                   WHERE m.contact_id = members.contact_id AND m.account_id = $1
                     AND m.created_at > ${since} - interval '2 days'
                     AND COALESCE(m.sent_at, m.send_after, m.created_at) > ${since}
                     AND m.status NOT IN ('dropped', 'failed')) THEN 'frequency_cap'
              END AS reason
         FROM members
     )
     SELECT count(*)::bigint AS audience,
            count(*) FILTER (WHERE reason = 'invalid')::bigint AS invalid,
            count(*) FILTER (WHERE reason = 'in_workflow')::bigint AS in_workflow,
            count(*) FILTER (WHERE reason = 'frequency_cap')::bigint AS frequency_cap
       FROM reasons`,
    params,
  )
  const row = rows[0]!
  return {
    audience: Number(row.audience),
    excluded: {
      invalid: Number(row.invalid),
      in_workflow: Number(row.in_workflow),
      frequency_cap: Number(row.frequency_cap),
    },
  }
}

/** Whole recipients per share, adding up to `total` exactly (largest remainder). */
export function apportion(total: number, percents: readonly number[]): number[] {
  const exact = percents.map((p) => (total * p) / 100)
  const out = exact.map(Math.floor)
  let left = total - out.reduce((s, n) => s + n, 0)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    out[i]! += 1
    left--
  }
  return out
}

/** The automated creatives the selector would choose from, and the segments of the longest. */
async function automatedCreatives(
  pool: pg.Pool,
  accountId: string,
  ctx: LengthContext,
): Promise<{ creatives: number; segmentCount: number }> {
  const arms = await loadArms(pool, accountId)
  const { rows } = await pool.query<{ message: string }>(
    `SELECT message FROM creatives
      WHERE account_id = $1 AND id = ANY($2::int[]) AND status = 'active' AND creative_type = 'automated'`,
    [accountId, arms.map((a) => a.creativeId)],
  )
  return {
    creatives: rows.length,
    segmentCount: Math.max(0, ...rows.map((r) => measure(r.message, ctx).segment_count)),
  }
}

export async function estimateSchedule(
  pool: pg.Pool,
  accountId: string,
  input: ScheduleInput,
  now = new Date(),
): Promise<ScheduleEstimateView> {
  const issue = scheduleIssues(input)[0]
  if (issue) throw new AppError(issue.code, issue.message)
  const fields = toScheduleFields(input)
  const { audiences, accountLists } = await references(pool, accountId, input, fields)
  const { audience, excluded } = await countUnion(pool, accountId, audiences, accountLists, fields, now)
  const recipients = audience - excluded.invalid - excluded.in_workflow - excluded.frequency_cap
  const ctx = await lengthContext(pool, accountId)
  const automated = await automatedCreatives(pool, accountId, ctx)

  // As the runner splits (core/campaigns assignVariant): the ML share only when there is a creative to choose,
  // an automated schedule saved without a share is all ML, and without blast variants everyone gets a creative.
  const percent =
    fields.send_type === 'automated' && fields.automated_percent === 0 ? 100 : fields.automated_percent
  const mlRecipients =
    automated.creatives === 0
      ? 0
      : fields.blasts.length === 0
        ? recipients
        : Math.round((recipients * percent) / 100)
  const blastRecipients = apportion(
    recipients - mlRecipients,
    fields.blasts.map((b) => b.percent_audience),
  )
  const variants = fields.blasts.map((blast, index) => {
    const length = measure(blast.message, ctx)
    const recipients = blastRecipients[index]!
    return {
      name: blast.variant_name ?? `variant_${index + 1}`,
      percent: blast.percent_audience,
      recipients,
      ...length,
      segments: recipients * length.segment_count,
    }
  })
  const mlSegments = mlRecipients * automated.segmentCount
  const segments = variants.reduce((sum, v) => sum + v.segments, mlSegments)
  return {
    audience,
    excluded,
    recipients,
    automated: {
      percent,
      recipients: mlRecipients,
      creatives: automated.creatives,
      segment_count: automated.segmentCount,
      segments: mlSegments,
    },
    variants,
    segments,
    cost_usd: messageCost(segments),
    calculated_at: now.toISOString(),
  }
}
