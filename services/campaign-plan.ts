// The plan of a campaign run (spec §9): the run's context and rows, and what every page of its expansion needs,
// read once — the schedule's content (blast variants, automated creatives), lists, audiences and exclusions.

import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import { type FilterGroup, parseFilter } from '../core/audience-dsl.js'
import { compileFilter } from '../core/audience-sql.js'
import type { CreativeArm } from '../core/bandit.js'
import { accountZoneOf, type ScheduleTiming } from '../core/campaigns.js'
import type { Clock } from '../core/clock.js'
import { messagingTemplates } from '../core/creatives.js'
import type { DispatchJob } from '../lib/queues.js'
import { brandNameSql } from './account-settings.js'
import { loadArms, mlSettings } from './bandit.js'
import type { LinkTarget } from './messages.js'

export interface CampaignContext {
  pool: pg.Pool
  queue: Queue<DispatchJob>
  log: Pick<Logger, 'info' | 'warn'>
  clock: Clock
  pageSize: number
  defaultLinkBaseUrl: string
  /** Only this account's schedules (a manual run for one account; tests). */
  accountId?: string
}

/** A run that cannot go on (its configuration, not the database, is at fault): marked failed with this code. */
export class RunConfigurationError extends Error {
  override name = 'RunConfigurationError'
}

export interface ScheduleRow extends ScheduleTiming {
  id: string
  account_id: string
  send_type: 'blast' | 'automated'
  skip_within_hours: number
  automated_percent: number
  audience_ids: string[]
  source_lists: number[]
  sending_list_id: number | null
  settings: Record<string, unknown> | null
}

export interface RunRow {
  id: string
  schedule_id: string
  occurrence: string
  status: 'running' | 'complete' | 'failed'
  done_zones: string[]
  pass_zones: string[]
  cursor: string | null
}

// ── The plan of a run: what every page needs, read once ─────────────────────────────────────────────────────────

export interface Content {
  /** Blast variant name, or the creative's id for ML and control picks. */
  variant: string
  body: string
  links: Record<string, LinkTarget>
  creativeId: number | null
}

export interface ListInfo {
  brandName: string
  linkBaseUrl: string
  /** Templates (brand prefix, compliance suffix) are auto-applied on US (+1) lists only (spec §7). */
  us: boolean
}

export interface Plan {
  schedule: ScheduleRow
  occurrence: string
  accountZone: string
  now: Date
  audienceSql: string
  /** Every list an audience reads (one ordered index range per list in the member query). */
  memberLists: number[]
  audienceParams: unknown[]
  accountLists: number[]
  lists: Map<number, ListInfo>
  templates: { prefix: string; suffix: string }
  quietHoursExempt: boolean
  blasts: Content[]
  variantPercents: number[]
  arms: CreativeArm[]
  creatives: Map<number, Content & { offerId: string }>
  ml: { mode: 'thompson_single_step' | 'thompson_two_step'; contextual: boolean; automatedPercent: number }
  sendTimes: Map<string, { from: Date; allowed: Date }>
}

export async function loadPlan(
  ctx: CampaignContext,
  schedule: ScheduleRow,
  occurrence: string,
  now: Date,
): Promise<Plan> {
  const { pool } = ctx
  const accountId = schedule.account_id
  const { rows: lists } = await pool.query<{
    id: number
    brand_name: string
    shortener_domain: string | null
    phone_number: string
  }>(
    `SELECT l.id, ${brandNameSql('l', 'a')} AS brand_name, l.shortener_domain, l.phone_number
       FROM sending_lists l JOIN accounts a ON a.id = l.account_id
      WHERE l.account_id = $1 AND l.status = 'active' ORDER BY l.id`,
    [accountId],
  )
  const accountLists = lists.map((l) => l.id)
  const { rows: audiences } = await pool.query<{ id: string; source_lists: number[]; filter: unknown }>(
    `SELECT id, source_lists, filter FROM audiences
      WHERE account_id = $1 AND id = ANY($2::text[]) AND status = 'active'`,
    [accountId, schedule.audience_ids],
  )
  if (audiences.length === 0) throw new RunConfigurationError('no active audience')
  // The schedule's own source lists narrow every audience's lists.
  const scheduleLists = schedule.source_lists.length > 0 ? schedule.source_lists : accountLists
  const params: unknown[] = []
  const bind = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const memberLists = new Set<number>()
  const predicates = audiences.map((a) => {
    const parsed = parseFilter(a.filter)
    if (!parsed.ok) throw new RunConfigurationError(`audience ${a.id} has an invalid filter`)
    const audienceLists = (a.source_lists.length > 0 ? a.source_lists : accountLists).filter((id) =>
      scheduleLists.includes(id),
    )
    for (const id of audienceLists) memberLists.add(id)
    const listsParam = bind(audienceLists)
    const compiled = compileFilter(parsed.filter as FilterGroup, { paramOffset: params.length, now })
    params.push(...compiled.params)
    return `(lc.list_id = ANY(${listsParam}::integer[]) AND ${compiled.sql})`
  })

  const settings = schedule.settings ?? {}
  const messaging = (settings.messaging ?? {}) as Record<string, unknown>
  const { rows: blastRows } = await pool.query<{
    variant_name: string | null
    message: string
    offer_links: Array<{ key: string; offer_id: string }>
    percent_audience: number
    position: number
  }>(
    `SELECT variant_name, message, offer_links, percent_audience, position FROM schedule_blasts
      WHERE schedule_id = $1 ORDER BY position`,
    [schedule.id],
  )
  const blasts = blastRows.map((b, i) => ({
    variant: b.variant_name ?? `variant_${i + 1}`,
    body: b.message,
    links: linkTargets(b.offer_links),
    creativeId: null,
  }))
  const arms = await loadArms(pool, accountId)
  const { rows: creativeRows } = await pool.query<{
    id: number
    message: string
    offer_links: Array<{ key: string; offer_id: string }>
  }>(
    `SELECT id, message, offer_links FROM creatives
      WHERE account_id = $1 AND id = ANY($2::int[]) AND status = 'active' AND creative_type = 'automated'`,
    [accountId, arms.map((a) => a.creativeId)],
  )
  const creatives = new Map(
    creativeRows.map((c) => [
      c.id,
      {
        variant: `creative_${c.id}`,
        body: c.message,
        links: linkTargets(c.offer_links),
        creativeId: c.id,
        offerId: c.offer_links[0]?.offer_id ?? '',
      },
    ]),
  )
  const usableArms = arms.filter((a) => creatives.has(a.creativeId))
  // An automated schedule saved without a share sends every contact the ML choice.
  const automatedPercent =
    schedule.send_type === 'automated' && schedule.automated_percent === 0 ? 100 : schedule.automated_percent
  if (blasts.length === 0 && usableArms.length === 0) {
    throw new RunConfigurationError('no blast variants and no active automated creatives to send')
  }
  const ml = await mlSettings(pool, accountId)
  const templates = messagingTemplates(settings)
  return {
    schedule,
    occurrence,
    accountZone: accountZoneOf(settings),
    now,
    audienceSql: predicates.join(' OR '),
    memberLists: [...memberLists].sort((a, b) => a - b),
    audienceParams: params,
    accountLists,
    lists: new Map(
      lists.map((l) => [
        l.id,
        {
          brandName: l.brand_name,
          linkBaseUrl: l.shortener_domain ? `https://${l.shortener_domain}` : ctx.defaultLinkBaseUrl,
          us: l.phone_number.startsWith('+1'),
        },
      ]),
    ),
    templates,
    quietHoursExempt: messaging.quiet_hours === false || messaging.quiet_hours === 'false',
    blasts,
    variantPercents: blastRows.map((b) => b.percent_audience),
    arms: usableArms,
    creatives,
    ml: { mode: ml.mode, contextual: ml.contextual, automatedPercent },
    sendTimes: new Map(),
  }
}

export function linkTargets(
  offerLinks: Array<{ key: string; offer_id: string }>,
): Record<string, LinkTarget> {
  return Object.fromEntries(offerLinks.map((l) => [l.key, { offerId: l.offer_id }]))
}
