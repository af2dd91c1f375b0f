// Validation of a schedule document (spec §9), pure. It reads the body as the client sent it (any JSON), so the
// spec's error precedence holds however many things are wrong: issues come out in the order the spec lists them.
import type { ErrorCode } from './errors.js'

export const SEND_TYPES = ['blast', 'automated'] as const
export type SendType = (typeof SEND_TYPES)[number]

/** Every status a schedule can be in; `complete` is set by the runner and `archive` by DELETE. */
export const SCHEDULE_STATUSES = ['draft', 'off', 'on', 'complete', 'archive'] as const
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number]

/** Statuses a client may set on create or update. */
export const SETTABLE_STATUSES = ['draft', 'off', 'on'] as const

export const DAYS_OF_WEEK = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const
export type DaysOfWeek = Record<(typeof DAYS_OF_WEEK)[number], boolean>

export const NAME_MAX = 255
/** The template cap of the platform (spec §24). */
export const BLAST_MESSAGE_MAX = 1600

export const SEND_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

export interface ScheduleIssue {
  code: ErrorCode
  message: string
}

/** A calendar date written YYYY-MM-DD (so 2026-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

const isAbsent = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** JSON booleans, plus the string and number forms the request schema coerces ("true", 1). */
function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1'
}

const isPercent = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * A blast's share of the audience; a single variant without one gets the whole audience, since "exactly 100"
 * has only one answer then.
 */
export function blastPercents(blasts: readonly unknown[]): unknown[] {
  return blasts.map((blast) => {
    const percent = isRecord(blast) ? blast.percent_audience : undefined
    return percent === undefined && blasts.length === 1 ? 100 : percent
  })
}

function blastIssues(blasts: readonly unknown[]): ScheduleIssue[] {
  const issues: ScheduleIssue[] = []
  const percents = blastPercents(blasts)
  if (!percents.every(isPercent) || percents.reduce((sum, p) => sum + p, 0) !== 100) {
    issues.push({
      code: 'invalid_blast_percent',
      message:
        'percent_audience of the blasts must be whole numbers from 0 to 100 that add up to exactly 100',
    })
  }
  blasts.forEach((blast, index) => {
    const b = isRecord(blast) ? blast : {}
    if (isAbsent(b.message)) {
      issues.push({ code: 'missing_blast_message', message: `blasts[${index}].message is required` })
    } else if (typeof b.message === 'string' && b.message.length > BLAST_MESSAGE_MAX) {
      issues.push({
        code: 'message_too_long',
        message: `blasts[${index}].message is longer than ${BLAST_MESSAGE_MAX} characters`,
      })
    }
    const links = Array.isArray(b.offer_links) ? b.offer_links : []
    links.forEach((link, linkIndex) => {
      const l = isRecord(link) ? link : {}
      const at = `blasts[${index}].offer_links[${linkIndex}]`
      if (isAbsent(l.key)) issues.push({ code: 'missing_offer_link_key', message: `${at}.key is required` })
      if (isAbsent(l.offer_id)) {
        issues.push({ code: 'missing_offer_link_offer_id', message: `${at}.offer_id is required` })
      }
    })
    if (typeof b.mms_image_url === 'string' && !isHttpUrl(b.mms_image_url)) {
      issues.push({ code: 'invalid_url', message: `blasts[${index}].mms_image_url must be an http(s) URL` })
    }
  })
  return issues
}

/**
 * Every spec violation of a whole schedule document (a create body, or a stored schedule with an update merged
 * in), in the order the spec lists the codes; the first is the reply. Types the spec has no code for (say a
 * number where a boolean belongs) are left to the request schema. `status` is checked only when present, since
 * a stored schedule may be `complete` or `archive`, which a client cannot set.
 */
export function scheduleIssues(doc: Record<string, unknown>): ScheduleIssue[] {
  const issues: ScheduleIssue[] = []
  const add = (code: ErrorCode, message: string) => issues.push({ code, message })

  if (isAbsent(doc.name)) add('missing_name', 'name is required')
  else if (typeof doc.name === 'string' && doc.name.length > NAME_MAX) {
    add('name_too_long', `name is longer than ${NAME_MAX} characters`)
  }
  if (isAbsent(doc.send_type)) add('missing_send_type', 'send_type is required')
  else if (!SEND_TYPES.includes(doc.send_type as SendType)) {
    add('invalid_send_type', `send_type must be one of ${SEND_TYPES.join(', ')}`)
  }
  if (doc.is_repeating === undefined || doc.is_repeating === null) {
    add('missing_is_repeating', 'is_repeating is required')
  }
  if (isAbsent(doc.send_time)) add('missing_send_time', 'send_time is required')
  else if (typeof doc.send_time !== 'string' || !SEND_TIME_PATTERN.test(doc.send_time)) {
    add('invalid_send_time', 'send_time must be HH:MM on a 24-hour clock')
  }
  if (!Array.isArray(doc.audiences) || doc.audiences.length === 0) {
    add('missing_audiences', 'audiences must list at least one audience id')
  }
  if (doc.status !== undefined && !(SETTABLE_STATUSES as readonly unknown[]).includes(doc.status)) {
    add('invalid_status', `status must be one of ${SETTABLE_STATUSES.join(', ')}`)
  }

  const repeating = truthy(doc.is_repeating)
  if (!repeating && isAbsent(doc.send_date))
    add('missing_send_date', 'send_date is required for a one-time schedule')
  if (repeating && isAbsent(doc.start_date))
    add('missing_start_date', 'start_date is required when repeating')
  if (repeating && isAbsent(doc.end_date)) add('missing_end_date', 'end_date is required when repeating')
  for (const field of ['send_date', 'start_date', 'end_date'] as const) {
    if (!isAbsent(doc[field]) && !isCalendarDate(doc[field]))
      add('invalid_date', `${field} must be a YYYY-MM-DD date`)
  }
  if (
    repeating &&
    isCalendarDate(doc.start_date) &&
    isCalendarDate(doc.end_date) &&
    doc.end_date < doc.start_date
  ) {
    add('invalid_date', 'end_date is before start_date')
  }
  if (repeating) {
    const days = isRecord(doc.days_of_week) ? doc.days_of_week : {}
    if (!DAYS_OF_WEEK.some((day) => truthy(days[day]))) {
      add('no_days_selected', 'days_of_week must select at least one day when repeating')
    }
  }
  if (
    doc.automated_percent !== undefined &&
    doc.automated_percent !== null &&
    !isPercent(doc.automated_percent)
  ) {
    add('invalid_automated_percent', 'automated_percent must be a whole number from 0 to 100')
  }

  const blasts = Array.isArray(doc.blasts) ? doc.blasts : []
  if (doc.send_type === 'blast' && blasts.length === 0) add('missing_blasts', 'a blast schedule needs blasts')
  if (blasts.length > 0) issues.push(...blastIssues(blasts))
  return issues
}

/** days_of_week with every day present (a day not given is not selected). */
export function fullWeek(days: Partial<Record<string, boolean>> | null | undefined): DaysOfWeek | null {
  if (!days) return null
  return Object.fromEntries(DAYS_OF_WEEK.map((day) => [day, days[day] === true])) as DaysOfWeek
}

export interface OfferLink {
  key: string
  offer_id: string
  url_params: Record<string, string>
}

export interface BlastFields {
  message: string
  offer_links: OfferLink[]
  percent_audience: number
  variant_name: string | null
  mms_image_url: string | null
}

/** A valid schedule document with every default filled in: what is stored. */
export interface ScheduleFields {
  name: string
  send_type: SendType
  status: ScheduleStatus
  is_repeating: boolean
  send_time: string
  send_date: string | null
  start_date: string | null
  end_date: string | null
  days_of_week: DaysOfWeek | null
  skip_within_hours: number
  use_local_time: boolean
  is_mms: boolean
  is_cto: boolean
  filter_bots: boolean
  ir_revenue: boolean
  automated_percent: number
  /** Distinct, in the order given. */
  audiences: string[]
  source_lists: number[]
  sending_list_id: number | null
  blasts: BlastFields[]
}

/**
 * Absent by the rule `scheduleIssues` applies (undefined, null, blank text) is stored as null: a blank date passed
 * validation as "not given", so storing the blanks would keep what the read (a date or null) cannot return.
 */
const orNull = <T>(value: T | undefined | null): T | null => (isAbsent(value) ? null : (value as T))

/** The stored form of a document `scheduleIssues` found nothing wrong with (after the request schema's types). */
export function toScheduleFields(doc: Record<string, unknown>): ScheduleFields {
  const blasts = Array.isArray(doc.blasts) ? (doc.blasts as Record<string, unknown>[]) : []
  const percents = blastPercents(blasts)
  return {
    name: String(doc.name).trim(),
    send_type: doc.send_type as SendType,
    status: (doc.status as ScheduleStatus | undefined) ?? 'draft',
    is_repeating: truthy(doc.is_repeating),
    send_time: String(doc.send_time),
    send_date: orNull(doc.send_date as string | undefined),
    start_date: orNull(doc.start_date as string | undefined),
    end_date: orNull(doc.end_date as string | undefined),
    days_of_week: fullWeek(doc.days_of_week as Record<string, boolean> | null | undefined),
    skip_within_hours: (doc.skip_within_hours as number | undefined) ?? 0,
    use_local_time: truthy(doc.use_local_time),
    is_mms: truthy(doc.is_mms),
    is_cto: truthy(doc.is_cto),
    filter_bots: truthy(doc.filter_bots),
    ir_revenue: truthy(doc.ir_revenue),
    automated_percent: (doc.automated_percent as number | null | undefined) ?? 0,
    audiences: [...new Set(doc.audiences as string[])],
    source_lists: [...new Set((doc.source_lists as number[] | null | undefined) ?? [])],
    sending_list_id: orNull(doc.sending_list_id as number | undefined),
    blasts: blasts.map((blast, index) => ({
      message: String(blast.message),
      offer_links: ((blast.offer_links as Partial<OfferLink>[] | null | undefined) ?? []).map((link) => ({
        key: String(link.key),
        offer_id: String(link.offer_id),
        url_params: link.url_params ?? {},
      })),
      percent_audience: percents[index] as number,
      variant_name: orNull(blast.variant_name as string | undefined),
      mms_image_url: orNull(blast.mms_image_url as string | undefined),
    })),
  }
}
