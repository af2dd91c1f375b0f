// Report request parameters (pure): the groupings, the time range and its split between rollup and raw tables.
import { AppError } from '../core/errors.js'

export const PERFORMANCE_GROUPS = [
  'date',
  'hour',
  'offer',
  'creative',
  'schedule',
  'variant',
  'list',
  'carrier',
  'custom_field',
] as const

/** The groupings report_hourly serves (custom fields have a rollup of their own: analytics/field-rollup.ts). */
export const ROLLED_UP_GROUPS = PERFORMANCE_GROUPS.filter(
  (g): g is Exclude<(typeof PERFORMANCE_GROUPS)[number], 'custom_field'> => g !== 'custom_field',
)
export type PerformanceGroup = (typeof PERFORMANCE_GROUPS)[number]
export const LTV_GROUPS = ['signup_date', 'list', 'carrier', 'custom_field'] as const
export type LtvGroup = (typeof LTV_GROUPS)[number]

export const MAX_RANGE_DAYS = 366
export const MAX_HOURLY_RANGE_DAYS = 31
export const DEFAULT_RANGE_DAYS = 30
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Parses an ISO 8601 date or date-time; one without a zone is UTC (spec §0). Null when not a real instant. */
export function parseIsoUtc(value: string): Date | null {
  const m = ISO.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m
  const ms = frac ? frac.slice(1, 4).padEnd(3, '0') : '000'
  let tz = zone ?? 'Z'
  if (/^[+-]\d{4}$/.test(tz)) tz = `${tz.slice(0, 3)}:${tz.slice(3)}`
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${tz}`)
  if (Number.isNaN(date.getTime())) return null
  // Date rolls 2026-02-30 over to March: reject dates that do not exist.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null
  return date
}

export interface TimeRange {
  from: Date
  to: Date
}

/** `from`/`to` of a report: defaults to the last 30 days; `from` < `to`; at most `maxDays` long. */
export function parseTimeRange(
  from: string | undefined,
  to: string | undefined,
  opts: { now?: Date; maxDays?: number } = {},
): TimeRange {
  const maxDays = opts.maxDays ?? MAX_RANGE_DAYS
  const end = to === undefined ? (opts.now ?? new Date()) : parseIsoUtc(to)
  if (!end) throw new AppError('invalid_time_range', '`to` must be an ISO 8601 date or date-time')
  const start = from === undefined ? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS) : parseIsoUtc(from)
  if (!start) throw new AppError('invalid_time_range', '`from` must be an ISO 8601 date or date-time')
  if (start.getTime() >= end.getTime()) throw new AppError('invalid_time_range', '`from` must be before `to`')
  if (end.getTime() - start.getTime() > maxDays * DAY_MS) {
    throw new AppError('invalid_time_range', `The time range may span at most ${maxDays} days`)
  }
  return { from: start, to: end }
}

const floorHour = (d: Date): Date => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS)
const ceilHour = (d: Date): Date => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS)

export interface RangePlan {
  /** Whole hours read from report_hourly, or null. */
  rollup: TimeRange | null
  /** Windows read from the raw tables (at most two: the head and the tail of the range). */
  raw: TimeRange[]
}

/**
 * Splits [from, to) into whole hours before the rollup horizon (rollup) and the rest (raw): a partial hour at
 * either end, and everything from the horizon on.
 */
export function planRange(range: TimeRange, horizon: Date): RangePlan {
  const rs = ceilHour(range.from)
  const re = new Date(Math.min(floorHour(range.to).getTime(), floorHour(horizon).getTime()))
  if (rs.getTime() >= re.getTime()) return { rollup: null, raw: [range] }
  const raw: TimeRange[] = []
  if (range.from.getTime() < rs.getTime()) raw.push({ from: range.from, to: rs })
  if (re.getTime() < range.to.getTime()) raw.push({ from: re, to: range.to })
  return { rollup: { from: rs, to: re }, raw }
}

/** A DateTime64(3) query parameter. */
export const chTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '')

/** A ClickHouse DateTime text (UTC) as a Date. */
export const fromChTime = (s: string): Date => new Date(`${s.replace(' ', 'T')}${s.endsWith('Z') ? '' : 'Z'}`)
