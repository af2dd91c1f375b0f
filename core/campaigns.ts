// When a schedule fires and who gets what (spec §9), pure: occurrences and their due instants per timezone (local
// time rolls east to west), why a contact is left out, and the deterministic split between ML selection, blast
// variants and the control share.
import { createHash } from 'node:crypto'
import { NANP_AREA_CODE_GROUPS } from './data/nanp-area-codes.js'
import { instantOfLocalTime, isValidTimeZone, localDateAt, shiftDate } from './quiet-hours.js'
import { DAYS_OF_WEEK, type DaysOfWeek } from './schedules.js'

/** The pass key of a schedule that is not in local time: one pass for everyone at the account's send time. */
export const ALL_ZONES = '*'
/**
 * A due occurrence is still started this long after its send time (the scheduler was down or busy); later than
 * that it is skipped rather than sent at a surprising hour.
 */
export const START_GRACE_MS = 6 * 3_600_000

/** Every timezone a contact can have (from its area code), sorted: the zones a local-time run rolls through. */
export const CONTACT_ZONES: readonly string[] = [
  ...new Set(NANP_AREA_CODE_GROUPS.map(([, zone]) => zone)),
].sort()

export interface ScheduleTiming {
  is_repeating: boolean
  send_time: string
  send_date: string | null
  start_date: string | null
  end_date: string | null
  days_of_week: DaysOfWeek | null
  use_local_time: boolean
}

/** Whether `date` (YYYY-MM-DD) is a day the schedule sends on. */
export function isOccurrence(s: ScheduleTiming, date: string): boolean {
  if (!s.is_repeating) return s.send_date === date
  if (!s.start_date || !s.end_date || date < s.start_date || date > s.end_date) return false
  // getUTCDay counts from Sunday; DAYS_OF_WEEK from Monday.
  const weekday = DAYS_OF_WEEK[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!
  return s.days_of_week?.[weekday] === true
}

/** The zones a run of this schedule expands, each with its own wall clock; `*` reads the account's. */
export function runZones(s: Pick<ScheduleTiming, 'use_local_time'>, accountZone: string): string[] {
  if (!s.use_local_time) return [ALL_ZONES]
  return [...new Set([...CONTACT_ZONES, accountZone])].sort()
}

/** When `zone` (or the account's zone for `*`) reaches the schedule's send time on `date`. */
export function dueInstant(
  s: Pick<ScheduleTiming, 'send_time'>,
  date: string,
  zone: string,
  accountZone: string,
): Date {
  return instantOfLocalTime(date, s.send_time, zone === ALL_ZONES ? accountZone : zone)
}

export interface DueOccurrence {
  occurrence: string
  /** Zones whose send time on that date has come and is at most START_GRACE_MS old, earliest (east) first. */
  dueZones: string[]
  /** Zones whose send time passed more than START_GRACE_MS ago: skipped if not expanded by now. */
  expiredZones: string[]
}

/**
 * The occurrences with at least one zone due at `now`: dates a day either side of every zone's local date (a
 * local-time run spans about 26 hours of UTC from the first zone to the last).
 */
export function dueOccurrences(s: ScheduleTiming, accountZone: string, now: Date): DueOccurrence[] {
  const zones = runZones(s, accountZone)
  const clocks = zones.map((zone) => (zone === ALL_ZONES ? accountZone : zone))
  const dates = new Set<string>()
  for (const zone of clocks) {
    const today = localDateAt(now, zone)
    dates.add(today)
    dates.add(shiftDate(today, -1))
  }
  const out: DueOccurrence[] = []
  for (const date of [...dates].sort()) {
    if (!isOccurrence(s, date)) continue
    const due = zones
      .map((zone) => ({ zone, at: dueInstant(s, date, zone, accountZone).getTime() }))
      .filter((z) => z.at <= now.getTime())
      .sort((a, b) => a.at - b.at || a.zone.localeCompare(b.zone))
    if (due.length === 0) continue
    const late = (z: { at: number }) => now.getTime() - z.at > START_GRACE_MS
    out.push({
      occurrence: date,
      dueZones: due.filter((z) => !late(z)).map((z) => z.zone),
      expiredZones: due.filter(late).map((z) => z.zone),
    })
  }
  return out
}

/** How far ahead nextRunAt looks for an occurrence (a repeating schedule spans at most its dates). */
export const NEXT_RUN_HORIZON_DAYS = 400

/**
 * The next instant after `now` at which a zone of an occurrence reaches the send time (the first zone, east, for a
 * local-time roll): what the dashboard shows as a schedule's next run. Null when none is left within
 * NEXT_RUN_HORIZON_DAYS. Whether the schedule is on is the caller's question.
 */
export function nextRunAt(s: ScheduleTiming, accountZone: string, now: Date): Date | null {
  const zones = runZones(s, accountZone)
  // A day either side: a zone west of the account's can still be on the previous local date.
  let date = shiftDate(localDateAt(now, accountZone), -1)
  const last = s.is_repeating ? s.end_date : s.send_date
  for (let i = 0; i <= NEXT_RUN_HORIZON_DAYS + 2; i++, date = shiftDate(date, 1)) {
    if (last !== null && date > last) return null
    if (!isOccurrence(s, date)) continue
    const upcoming = zones
      .map((zone) => dueInstant(s, date, zone, accountZone).getTime())
      .filter((at) => at > now.getTime())
    if (upcoming.length > 0) return new Date(Math.min(...upcoming))
  }
  return null
}

/** Whether a one-time or repeating schedule has no occurrence left after `now` (it can be marked complete). */
export function isExhausted(s: ScheduleTiming, accountZone: string, now: Date): boolean {
  const last = s.is_repeating ? s.end_date : s.send_date
  if (!last) return false
  // The last zone to reach the send time on the last date, plus the start grace.
  const zones = runZones(s, accountZone)
  const latest = Math.max(...zones.map((zone) => dueInstant(s, last, zone, accountZone).getTime()))
  return now.getTime() > latest + START_GRACE_MS
}

/** The account's wall clock for schedules and contacts without a timezone (spec §19 fallback: Eastern). */
export function accountZoneOf(settings: Record<string, unknown> | null | undefined): string {
  const zone = settings?.timezone
  return typeof zone === 'string' && isValidTimeZone(zone) ? zone : 'America/New_York'
}

// ── Who is left out ─────────────────────────────────────────────────────────────────────────────────────────────

export const EXCLUSION_REASONS = ['unsubscribed', 'invalid', 'in_workflow', 'frequency_cap'] as const
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number]

export interface MemberFacts {
  /** Subscribed on the list the message would go from, and not blocked account-wide. */
  subscribed: boolean
  isValid: boolean
  validationStatus: string | null
  inWorkflow: boolean
  /** A message reached (or is queued for) the contact within the schedule's skip_within_hours. */
  recentlyMessaged: boolean
}

/** Spec §9's removals, in its order; null means the contact is messaged (quiet hours defer, never exclude). */
export function exclusionReason(m: MemberFacts): ExclusionReason | null {
  if (!m.subscribed) return 'unsubscribed'
  if (!m.isValid || m.validationStatus === 'invalid' || m.validationStatus === 'unreachable') return 'invalid'
  if (m.inWorkflow) return 'in_workflow'
  if (m.recentlyMessaged) return 'frequency_cap'
  return null
}

// ── Who gets what ───────────────────────────────────────────────────────────────────────────────────────────────

/** A stable number in [0, 1) for (salt, schedule, contact): the same contact lands in the same share on re-runs. */
export function splitPoint(salt: string, scheduleId: string, contactId: string): number {
  const digest = createHash('sha256').update(`${salt}\u0000${scheduleId}\u0000${contactId}`).digest()
  return digest.readUInt32BE(0) / 2 ** 32
}

export type Assignment = { kind: 'ml' } | { kind: 'variant'; index: number } | { kind: 'control' }

/**
 * The contact's share: the first `automatedPercent` of the ML split point goes to the ML selector (when there are
 * automated creatives); the rest takes a blast variant by `percent_audience` (cumulative, in variant order), or,
 * for an automated schedule without blasts, the control share (uniformly random creative, the bandit's baseline).
 * Two independent split points, so the variant mix is the same inside and outside the ML share.
 */
export function assignVariant(
  scheduleId: string,
  contactId: string,
  opts: { automatedPercent: number; hasCandidates: boolean; variantPercents: readonly number[] },
): Assignment {
  if (opts.hasCandidates && splitPoint('ml', scheduleId, contactId) * 100 < opts.automatedPercent) {
    return { kind: 'ml' }
  }
  if (opts.variantPercents.length === 0) return { kind: 'control' }
  const point = splitPoint('variant', scheduleId, contactId) * 100
  let cumulative = 0
  for (const [index, percent] of opts.variantPercents.entries()) {
    cumulative += percent
    if (point < cumulative) return { kind: 'variant', index }
  }
  return { kind: 'variant', index: opts.variantPercents.length - 1 }
}
