// The campaign builder's review (spec §9, §20): what a schedule body would send — its audience, the recipients,
// characters and segments of each variant and of the automated share, and the cost — without storing anything.
// The body is checked by the same rules and in the same order as POST /schedules, so the codes are the same.
import type pg from 'pg'
import { compileFilter, type FilterGroup, parseFilter } from '../core/audience-dsl.js'
import { blockedSql } from '../core/eligibility.js'
import { AppError } from '../core/errors.js'
import { messageCost } from '../core/pricing.js'
import { type ScheduleFields, scheduleIssues, toScheduleFields } from '../core/schedules.js'
import type { ScheduleEstimateView } from '../core/views/schedules.js'
import { loadArms } from './bandit.js'
import { type LengthContext, lengthContext, measure } from './creatives.js'
import type { ScheduleInput } from './schedules.js'

/**
 * Ids the body names must be the caller's and usable, as on create: active audiences, lists not deleted, offers
 * not archived; checked in the same order, another account's id answering like a missing one.
 */
async function checkReferences(pool: pg.Pool, accountId: string, input: ScheduleInput, f: ScheduleFields) {
  const { rows: audiences } = await pool.query<{ id: string; source_lists: number[]; filter: unknown }>(
    `SELECT id, source_lists, filter FROM audiences WHERE account_id = $1 AND id = ANY($2::text[]) AND status = 'active'`,
    [accountId, f.audiences],
  )
  const missingAudience = f.audiences.find((id) => !audiences.some((a) => a.id === id))
  if (missingAudience !== undefined) {
    throw new AppError('audience_not_found', `Audience ${missingAudience} not found`)
  }
  const { rows: lists } = await pool.query<{ id: number; phone_number: string }>(
    `SELECT id, phone_number FROM sending_lists WHERE account_id = $1 AND status <> 'deleted' ORDER BY id`,
    [accountId],
  )
  const missingList = f.source_lists.find((id) => !lists.some((l) => l.id === id))
  if (missingList !== undefined)
    throw new AppError('source_list_not_found', `Source list ${missingList} not found`)
  const byId = input.sending_list_id ?? null
  const byNumber = input.list_number ?? null
  if (
    (byId !== null || byNumber !== null) &&
    !lists.some((l) => (byId === null || l.id === byId) && (byNumber === null || l.phone_number === byNumber))
  ) {
    throw new AppError('list_not_found', 'Sending list not found')
  }
  const offerIds = [...new Set(f.blasts.flatMap((b) => b.offer_links.map((l) => l.offer_id)))]
  if (offerIds.length > 0) {
    const { rows } = await pool.query<{ id: string; slug: string }>(
      `SELECT id, slug FROM offers
        WHERE account_id = $1 AND status <> 'archived' AND (id = ANY($2::text[]) OR slug = ANY($2::text[]))`,
      [accountId, offerIds],
    )
    const found = new Set(rows.flatMap((r) => [r.id, r.slug]))
    const missing = offerIds.find((id) => !found.has(id))
    if (missing !== undefined) throw new AppError('offer_not_found', `Offer ${missing} not found`)
  }
  return { audiences, accountLists: lists.map((l) => l.id) }
}

/**
 * Distinct contacts in the union of the audiences (each over its source lists, or all the account's, narrowed to
 * the schedule's source lists), with an active membership on a list that matches and a number not blocked.
 */
async function countUnion(
  pool: pg.Pool,
  accountId: string,
  audiences: Array<{ id: string; source_lists: number[]; filter: unknown }>,
  accountLists: number[],
  scheduleLists: number[],
  now: Date,
): Promise<number> {
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
  if (predicates.length === 0) return 0
  const { rows } = await pool.query<{ size: string }>(
    `SELECT count(DISTINCT lc.contact_id)::bigint AS size
       FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id AND c.account_id = $1
      WHERE lc.account_id = $1 AND lc.active AND (${predicates.join(' OR ')})
        AND NOT ${blockedSql('$1', 'c.phone_number')}`,
    params,
  )
  return Number(rows[0]!.size)
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
  const { audiences, accountLists } = await checkReferences(pool, accountId, input, fields)
  const audience = await countUnion(pool, accountId, audiences, accountLists, fields.source_lists, now)
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
        ? audience
        : Math.round((audience * percent) / 100)
  const blastRecipients = apportion(
    audience - mlRecipients,
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
