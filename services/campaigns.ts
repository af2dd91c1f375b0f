// The campaign executor (spec §9): turns due schedules into messages. Each occurrence of a schedule is a run,
// expanded in passes (one per set of timezones whose local send time has come; one pass for everyone when the
// schedule is not in local time) of keyset pages over the merged audiences. A page's messages, its creative
// selections, its cursor and its counters commit in one transaction, and a contact has at most one message per
// occurrence (unique index), so a run killed mid-expansion resumes where it stopped and sends nobody twice.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import { compileFilter, type FilterGroup, parseFilter } from '../core/audience-dsl.js'
import { type CreativeArm, contactContext, type Selection, selectCreative } from '../core/bandit.js'
import {
  ALL_ZONES,
  accountZoneOf,
  assignVariant,
  CONTACT_ZONES,
  type DueOccurrence,
  dueInstant,
  dueOccurrences,
  EXCLUSION_REASONS,
  type ExclusionReason,
  exclusionReason,
  isExhausted,
  runZones,
  type ScheduleTiming,
} from '../core/campaigns.js'
import type { Clock } from '../core/clock.js'
import { messagingTemplates } from '../core/creatives.js'
import { newMessageId, newObjectId } from '../core/ids.js'
import { renderMacros } from '../core/message-template.js'
import { nextAllowedSendTime } from '../core/quiet-hours.js'
import { withTransaction } from '../lib/postgres.js'
import type { DispatchJob } from '../lib/queues.js'
import { loadArms, mlSettings, recordSelections, type SelectionRecord } from './bandit.js'
import {
  insertTrackedMessages,
  type LinkTarget,
  type NewTrackedMessage,
  UnknownOfferError,
} from './messages.js'
import { sendableSql } from '../core/eligibility.js'

const JOB_SIZE = 1_000
/** Pages written at once by a run (each holds a pooled connection). */
const WRITERS = 3

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

interface ScheduleRow extends ScheduleTiming {
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

// ── The plan of a run: what every page needs, read once ─────────────────────────────────────────────────────────

interface Content {
  /** Blast variant name, or the creative's id for ML and control picks. */
  variant: string
  body: string
  links: Record<string, LinkTarget>
  creativeId: number | null
}

interface ListInfo {
  brandName: string
  linkBaseUrl: string
  /** Templates (brand prefix, compliance suffix) are auto-applied on US (+1) lists only (spec §7). */
  us: boolean
}

interface Plan {
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

async function loadPlan(
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
    `SELECT id, brand_name, shortener_domain, phone_number FROM sending_lists
      WHERE account_id = $1 AND status = 'active' ORDER BY id`,
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

function linkTargets(offerLinks: Array<{ key: string; offer_id: string }>): Record<string, LinkTarget> {
  return Object.fromEntries(offerLinks.map((l) => [l.key, { offerId: l.offer_id }]))
}

// ── A pass: keyset pages over the merged audience ───────────────────────────────────────────────────────────────

interface MemberRow {
  contact_id: string
  list_id: number
  subscribed: boolean
  first_name: string | null
  last_name: string | null
  custom_fields: Record<string, string | number | boolean>
  last_clicked_at: Date | null
  phone_number: string
  is_valid: boolean
  validation_status: string | null
  timezone: string | null
  state: string | null
  carrier: string | null
  line_type: string | null
  in_workflow: boolean
}

/** What a page's members already got: a message of this occurrence (a resumed page), or one inside the cap. */
interface PageHistory {
  already: Set<string>
  recentlyMessaged: Set<string>
}

/**
 * Looked up for the page's contact ids in two statements on the messages' contact and occurrence indexes. (As a
 * correlated EXISTS in the member query the planner chose a scan of the account's recent messages, which grows
 * with every page the run writes: 2.2× slower at 200k contacts, worse at 1M.)
 */
async function pageHistory(pool: pg.Pool, plan: Plan, contactIds: string[]): Promise<PageHistory> {
  const s = plan.schedule
  const already = pool.query<{ contact_id: string }>(
    `SELECT contact_id FROM messages
      WHERE schedule_id = $1 AND schedule_occurrence = $2 AND contact_id = ANY($3::text[])`,
    [s.id, plan.occurrence, contactIds],
  )
  // The frequency cap (spec §9) counts every message of the account, whichever campaign or API call sent it.
  const since = new Date(plan.now.getTime() - s.skip_within_hours * 3_600_000)
  const recent =
    s.skip_within_hours > 0
      ? pool.query<{ contact_id: string }>(
          `SELECT DISTINCT contact_id FROM messages
            WHERE contact_id = ANY($1::text[]) AND account_id = $2
              -- created_at bounds the index range; a message held for quiet hours waits at most about a day.
              AND created_at > $3::timestamptz - interval '2 days'
              AND COALESCE(sent_at, send_after, created_at) > $3::timestamptz
              AND status NOT IN ('dropped', 'failed')
              AND (schedule_id IS DISTINCT FROM $4 OR schedule_occurrence IS DISTINCT FROM $5)`,
          [contactIds, s.account_id, since, s.id, plan.occurrence],
        )
      : Promise.resolve({ rows: [] as Array<{ contact_id: string }> })
  const [a, r] = await Promise.all([already, recent])
  return {
    already: new Set(a.rows.map((x) => x.contact_id)),
    recentlyMessaged: new Set(r.rows.map((x) => x.contact_id)),
  }
}

/**
 * One page of the merged, de-duplicated audience after `after`: each contact once (a subscribed row first, the
 * schedule's sending list first among those, then the lowest list), with the facts the exclusions need. Members
 * of the pass's zones only, for a local-time run.
 */
function pageQuery(
  plan: Plan,
  zones: string[],
  after: string,
  limit: number,
): { sql: string; params: unknown[] } {
  const params = [...plan.audienceParams]
  const bind = (value: unknown, cast: string) => {
    params.push(value)
    return `$${params.length}::${cast}`
  }
  const s = plan.schedule
  const accountId = bind(s.account_id, 'text')
  const zoneFilter = zones.includes(ALL_ZONES)
    ? ''
    : `AND (CASE WHEN c.timezone = ANY(${bind([...CONTACT_ZONES], 'text[]')}) THEN c.timezone ELSE ${bind(
        plan.accountZone,
        'text',
      )} END) = ANY(${bind(zones, 'text[]')})`
  const afterParam = bind(after, 'text')
  const limitParam = bind(limit, 'integer')
  // One branch per list, each an ordered range of the (list_id, contact_id) index with its own LIMIT, merged: a
  // page costs its own rows whatever the cursor's position. (One predicate over several lists made Postgres read
  // and sort every row after the cursor for every page, quadratic in the audience.) The first `limit` distinct
  // contacts have all their rows within each list's first `limit` rows, so the merge loses none of them.
  const branches = plan.memberLists.map(
    (listId) => `(SELECT lc.contact_id, lc.list_id, lc.active, lc.first_name, lc.last_name, lc.custom_fields,
                         lc.last_clicked_at, lc.in_workflow, c.phone_number, c.is_valid, c.validation_status,
                         c.timezone, c.state, c.carrier, c.line_type
                    FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id
                   WHERE lc.list_id = ${bind(listId, 'integer')} AND lc.contact_id > ${afterParam}
                     AND (${plan.audienceSql}) ${zoneFilter}
                   ORDER BY lc.contact_id LIMIT ${limitParam})`,
  )
  const sql = `
    SELECT DISTINCT ON (u.contact_id)
           u.contact_id, u.list_id,
           ${sendableSql('u', accountId, 'u.phone_number')} AS subscribed,
           u.first_name, u.last_name, u.custom_fields, u.last_clicked_at, u.phone_number, u.is_valid,
           u.validation_status, u.timezone, u.state, u.carrier, u.line_type, u.in_workflow
      FROM (${branches.join(' UNION ALL ')}) u
     ORDER BY u.contact_id, u.active DESC, (u.list_id = ${bind(s.sending_list_id ?? 0, 'integer')}) DESC, u.list_id
     LIMIT ${limitParam}`
  return { sql, params }
}

interface PageOutcome {
  messages: NewTrackedMessage[]
  selections: SelectionRecord[]
  excluded: Partial<Record<ExclusionReason, number>>
  variants: Record<string, number>
  deferred: number
  /** Contacts counted as targeted (already-messaged contacts of a resumed page are not counted again). */
  targeted: number
}

/**
 * When a member's message may go: its zone's send time (now, if that has passed), held to the end of the
 * recipient's quiet hours. Memoised per zone, timezone and state: the wall-clock maths is the costly part of a page.
 */
function sendTimeOf(plan: Plan, m: MemberRow): { from: Date; allowed: Date } {
  const s = plan.schedule
  const zone = s.use_local_time
    ? CONTACT_ZONES.includes(m.timezone ?? '')
      ? m.timezone!
      : plan.accountZone
    : ALL_ZONES
  const key = `${zone}|${m.timezone ?? ''}|${m.state ?? ''}`
  let times = plan.sendTimes.get(key)
  if (!times) {
    const due = dueInstant(s, plan.occurrence, zone, plan.accountZone)
    const from = due.getTime() > plan.now.getTime() ? due : plan.now
    const allowed = nextAllowedSendTime(from, {
      ...(m.timezone ? { timezone: m.timezone } : {}),
      ...(m.state ? { state: m.state } : {}),
      accountTimezone: plan.accountZone,
      transactional: plan.quietHoursExempt,
    })
    times = { from, allowed }
    plan.sendTimes.set(key, times)
  }
  return times
}

/** Decides each member's fate: excluded (by reason), or a message with its content, list and send time. */
function planPage(plan: Plan, members: MemberRow[], history: PageHistory): PageOutcome {
  const out: PageOutcome = {
    messages: [],
    selections: [],
    excluded: {},
    variants: {},
    deferred: 0,
    targeted: 0,
  }
  const s = plan.schedule
  for (const m of members) {
    if (history.already.has(m.contact_id)) continue
    out.targeted++
    // A row on a list that is no longer active cannot be sent from: as good as unsubscribed.
    const list = plan.lists.get(m.list_id)
    const reason = exclusionReason({
      subscribed: m.subscribed && list !== undefined,
      isValid: m.is_valid,
      validationStatus: m.validation_status,
      inWorkflow: m.in_workflow,
      recentlyMessaged: history.recentlyMessaged.has(m.contact_id),
    })
    if (reason || !list) {
      out.excluded[reason ?? 'unsubscribed'] = (out.excluded[reason ?? 'unsubscribed'] ?? 0) + 1
      continue
    }
    const messageId = newMessageId()
    const assignment = assignVariant(s.id, m.contact_id, {
      automatedPercent: plan.ml.automatedPercent,
      hasCandidates: plan.arms.length > 0,
      variantPercents: plan.variantPercents,
    })
    let content: Content
    let variant: string
    if (assignment.kind === 'variant') {
      content = plan.blasts[assignment.index]!
      variant = content.variant
    } else {
      const context = contactContext(
        { carrier: m.carrier, lineType: m.line_type, timezone: m.timezone, lastClickedAt: m.last_clicked_at },
        plan.now,
      )
      let selection: Selection | null = null
      let creativeId: number
      if (assignment.kind === 'ml') {
        selection = selectCreative(plan.arms, context, {
          mode: plan.ml.mode,
          contextual: plan.ml.contextual,
          random: Math.random,
        })
        creativeId = selection.creativeId
        variant = 'ml'
      } else {
        creativeId = plan.arms[Math.floor(Math.random() * plan.arms.length)]!.creativeId
        variant = 'control'
      }
      const creative = plan.creatives.get(creativeId)!
      content = creative
      out.selections.push({
        messageId,
        accountId: s.account_id,
        selection,
        creativeId,
        offerId: creative.offerId,
        mode: selection ? selection.mode : 'control',
        context,
      })
    }
    out.variants[variant] = (out.variants[variant] ?? 0) + 1
    // Local time: the zone's send time; then the recipient's quiet hours may hold it longer (deferred, not lost).
    const { from, allowed } = sendTimeOf(plan, m)
    if (allowed.getTime() > from.getTime()) out.deferred++
    const body = list.us ? `${plan.templates.prefix}${content.body}${plan.templates.suffix}` : content.body
    out.messages.push({
      accountId: s.account_id,
      listId: m.list_id,
      contactId: m.contact_id,
      to: m.phone_number,
      messageId,
      body: renderMacros(body, {
        messageId,
        brandName: list.brandName,
        firstName: m.first_name,
        lastName: m.last_name,
        customFields: m.custom_fields,
      }),
      links: content.links,
      linkBaseUrl: list.linkBaseUrl,
      creativeId: content.creativeId,
      scheduleId: s.id,
      scheduleOccurrence: plan.occurrence,
      variant,
      sendAfter: allowed,
      metadata: { schedule_occurrence: plan.occurrence },
    })
  }
  return out
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

// ── Progress ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface RunProgress {
  id: string
  occurrence: string
  status: RunRow['status']
  /** Audience members looked at so far (each contact once per occurrence). */
  targeted: number
  excluded: Record<ExclusionReason, number>
  /** Messages created; `deferred` of them wait for the recipient's quiet hours to end. */
  queued: number
  deferred: number
  variants: Record<string, number>
  /** Where the run's messages are now. */
  messages: {
    queued: number
    sent: number
    delivered: number
    undelivered: number
    failed: number
    dropped: number
  }
  /** Messages with a human click, and the revenue attributed to the run's messages. */
  clicked: number
  revenue: number
  zones_done: number
  zones_total: number
  error: string | null
  started_at: string
  finished_at: string | null
}

/**
 * A schedule's runs, newest first, with live message statuses, clicks and revenue (scoped by the account); only
 * run `runId` when given.
 */
export async function scheduleProgress(
  pool: pg.Pool,
  accountId: string,
  scheduleId: string,
  runId?: string,
): Promise<RunProgress[]> {
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
