import type pg from 'pg'
import { membersAfterSql } from '../core/audience-sql.js'
import { contactContext, type Selection, selectCreative } from '../core/bandit.js'
import {
  ALL_ZONES,
  assignVariant,
  CONTACT_ZONES,
  dueInstant,
  type ExclusionReason,
  exclusionReason,
} from '../core/campaigns.js'
import { sendableSql } from '../core/eligibility.js'
import { newMessageId } from '../core/ids.js'
import { renderMacros } from '../core/message-template.js'
import { nextAllowedSendTime } from '../core/quiet-hours.js'
import type { SelectionRecord } from './bandit.js'
import type { Content, Plan } from './campaign-plan.js'
import type { NewTrackedMessage } from './messages.js'

// ── A pass: keyset pages over the merged audience ───────────────────────────────────────────────────────────────

export interface MemberRow {
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
export interface PageHistory {
  already: Set<string>
  recentlyMessaged: Set<string>
}

/**
 * Whether the occurrence has any message yet. When a pass starts with none, no page of it can meet one it did not
 * write itself, and it writes each contact in one page only (keyset pages): its pages skip the lookup of what their
 * members already got, which cost Postgres two thirds of what reading the page did (12 µs per contact at 200k).
 */
export async function occurrenceHasMessages(pool: pg.Pool, plan: Plan): Promise<boolean> {
  const { rows } = await pool.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM messages WHERE schedule_id = $1 AND schedule_occurrence = $2) AS any`,
    [plan.schedule.id, plan.occurrence],
  )
  return rows[0]!.any
}

/**
 * Looked up for the page's contact ids in two statements on the messages' contact and occurrence indexes. (As a
 * correlated EXISTS in the member query the planner chose a scan of the account's recent messages, which grows
 * with every page the run writes: 2.2× slower at 200k contacts, worse at 1M.) `occurrenceStarted` false (see
 * occurrenceHasMessages) skips the occurrence lookup.
 */
export async function pageHistory(
  pool: pg.Pool,
  plan: Plan,
  contactIds: string[],
  occurrenceStarted: boolean,
): Promise<PageHistory> {
  const s = plan.schedule
  const already = occurrenceStarted
    ? pool.query<{ contact_id: string }>(
        `SELECT contact_id FROM messages
          WHERE schedule_id = $1 AND schedule_occurrence = $2 AND contact_id = ANY($3::text[])`,
        [s.id, plan.occurrence, contactIds],
      )
    : Promise.resolve({ rows: [] as Array<{ contact_id: string }> })
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
export function pageQuery(
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
                   WHERE lc.list_id = ${bind(listId, 'integer')} AND ${membersAfterSql(afterParam)}
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

export interface PageOutcome {
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
export function sendTimeOf(plan: Plan, m: MemberRow): { from: Date; allowed: Date } {
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
export function planPage(plan: Plan, members: MemberRow[], history: PageHistory): PageOutcome {
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
