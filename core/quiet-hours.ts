// TCPA and state quiet hours (spec §19, reference/wire-formats §7): when a marketing text may be sent, in the
// recipient's local time. Pure; local wall time comes from Intl.DateTimeFormat, so DST follows the runtime's tzdata.
import {
  type DailyWindow,
  FEDERAL_WINDOW,
  STATE_WINDOWS,
  WEEKDAYS,
  type Weekday,
  type WindowRule,
} from './data/quiet-hours.js'

export type { DailyWindow, Weekday } from './data/quiet-hours.js'

/** Spec §19: contact timezone → account default → Eastern. */
export const DEFAULT_TIMEZONE = 'America/New_York'

export interface QuietHoursOptions {
  /** USPS state code of the recipient, e.g. 'FL'. Unknown or missing: the federal window applies. */
  state?: string
  /** The contact's IANA timezone. */
  timezone?: string
  /** The account's default IANA timezone. */
  accountTimezone?: string
}

export interface SendOptions extends QuietHoursOptions {
  /** Transactional messages are exempt from quiet hours. */
  transactional?: boolean
}

export interface SendingWindow {
  timezone: string
  /** The state code whose rule applies, or 'federal'. */
  rule: string
  /** 'HH:MM', inclusive. */
  start: string
  /** 'HH:MM', exclusive: a text at exactly `end` waits for the next window. */
  end: string
  /** Weekdays that differ from start/end; null means no sending that day. */
  days?: Partial<Record<Weekday, DailyWindow | null>>
}

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
/** Longest run of closed days in any rule is 1 (Sunday), so a window always opens within this many days. */
const MAX_DAYS_AHEAD = 8

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timezone, formatter)
  }
  return formatter
}

export function isValidTimeZone(timezone: string): boolean {
  try {
    formatterFor(timezone)
    return true
  } catch {
    return false
  }
}

/** The first valid timezone of contact → account → America/New_York; an invalid identifier is skipped. */
export function resolveTimezone(opts: QuietHoursOptions): string {
  for (const candidate of [opts.timezone, opts.accountTimezone]) {
    if (candidate && isValidTimeZone(candidate)) return candidate
  }
  return DEFAULT_TIMEZONE
}

/**
 * The window that applies to a recipient. A state without its own rule, or no state at all, gets the federal
 * 08:00–21:00 window (note: wire-formats §7 suggests the strictest window when the location is unknown; callers
 * that want that must resolve a state first).
 */
export function sendingWindow(opts: QuietHoursOptions): SendingWindow {
  const stateCode = opts.state?.trim().toUpperCase() ?? ''
  const stateRule = STATE_WINDOWS[stateCode]
  const rule: WindowRule = stateRule ?? FEDERAL_WINDOW
  const window: SendingWindow = {
    timezone: resolveTimezone(opts),
    rule: stateRule ? stateCode : 'federal',
    start: rule.start,
    end: rule.end,
  }
  // Copies, so a caller editing its window cannot change the shared rule table.
  if (rule.days) {
    window.days = Object.fromEntries(
      Object.entries(rule.days).map(([weekday, daily]) => [weekday, daily && { ...daily }]),
    )
  }
  return window
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  return date.getTime()
}

function wallTimeAt(ms: number, timezone: string): WallTime {
  const fields: Record<string, string> = {}
  for (const part of formatterFor(timezone).formatToParts(ms)) fields[part.type] = part.value
  const year = Number(fields.year)
  return {
    year: fields.era === 'BC' ? 1 - year : year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
  }
}

/** Local wall time minus UTC at instant `ms`, in ms. */
function offsetAt(ms: number, timezone: string): number {
  const wall = wallTimeAt(ms, timezone)
  return (
    utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(ms / 1000) * 1000
  )
}

/** The local wall time at `ms`, expressed as if it were a UTC timestamp (so it can be compared and subtracted). */
function wallMsAt(ms: number, timezone: string): number {
  return ms + offsetAt(ms, timezone)
}

/**
 * The instant the local wall clock first reads `wallMs` (a wall time written as a UTC timestamp). In a DST overlap
 * that is the earlier of the two; in a DST gap, where that wall time never occurs, it is the moment of the jump.
 */
function instantOfWallTime(wallMs: number, timezone: string): number {
  const candidates = new Set([
    wallMs - offsetAt(wallMs - DAY_MS, timezone),
    wallMs - offsetAt(wallMs + DAY_MS, timezone),
    wallMs - offsetAt(wallMs - offsetAt(wallMs, timezone), timezone),
  ])
  const exact = [...candidates].filter((instant) => wallMsAt(instant, timezone) === wallMs)
  if (exact.length > 0) return Math.min(...exact)
  // Gap: binary-search the first instant whose wall time is at or past the target.
  let before = Math.min(...candidates)
  let after = Math.max(...candidates)
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (wallMsAt(middle, timezone) >= wallMs) after = middle
    else before = middle
  }
  return after
}

function minutesOf(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number)
  return hours * 60 + minutes
}

function dailyWindow(window: SendingWindow, weekday: number): DailyWindow | null {
  const override = window.days?.[WEEKDAYS[weekday] as Weekday]
  return override === undefined ? { start: window.start, end: window.end } : override
}

function isWallTimeInWindow(wallMs: number, window: SendingWindow): boolean {
  const daily = dailyWindow(window, new Date(wallMs).getUTCDay())
  if (!daily) return false
  const minuteOfDay = Math.floor((((wallMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS)
  return minutesOf(daily.start) <= minuteOfDay && minuteOfDay < minutesOf(daily.end)
}

function assertValidDate(now: Date): number {
  const ms = now.getTime()
  if (Number.isNaN(ms)) throw new RangeError('Invalid date')
  return ms
}

/** Whether a marketing text may be sent at `now` under the recipient's window. */
export function isWithinWindow(now: Date, opts: QuietHoursOptions): boolean {
  const window = sendingWindow(opts)
  return isWallTimeInWindow(wallMsAt(assertValidDate(now), window.timezone), window)
}

/**
 * When a text may go out: `now` (as a new Date) when inside the window or transactional, else the next opening of
 * the window in the recipient's local time. Messages outside the window are delayed, never dropped (spec §19).
 */
export function nextAllowedSendTime(now: Date, opts: SendOptions): Date {
  const nowMs = assertValidDate(now)
  if (opts.transactional) return new Date(nowMs)
  const window = sendingWindow(opts)
  const { timezone } = window
  const nowWall = wallTimeAt(nowMs, timezone)
  if (isWallTimeInWindow(wallMsAt(nowMs, timezone), window)) return new Date(nowMs)

  for (let daysAhead = 0; daysAhead <= MAX_DAYS_AHEAD; daysAhead++) {
    const localMidnight = utcMs(nowWall.year, nowWall.month, nowWall.day + daysAhead)
    const daily = dailyWindow(window, new Date(localMidnight).getUTCDay())
    if (!daily) continue
    const opening = instantOfWallTime(localMidnight + minutesOf(daily.start) * MINUTE_MS, timezone)
    // The check guards against zones whose clocks skip a whole day or jump into the window's middle.
    if (opening >= nowMs && isWallTimeInWindow(wallMsAt(opening, timezone), window)) return new Date(opening)
  }
  throw new Error(`No sending window opens within ${MAX_DAYS_AHEAD} days in ${timezone}`)
}

/** The calendar date (YYYY-MM-DD) the local clock shows at `at` in `timezone`. */
export function localDateAt(at: Date, timezone: string): string {
  const wall = wallTimeAt(assertValidDate(at), timezone)
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`
}

/**
 * The instant the local clock in `timezone` first reads `hhmm` on `date` (YYYY-MM-DD); on a day the clocks
 * jump over that time, the moment of the jump.
 */
export function instantOfLocalTime(date: string, hhmm: string, timezone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(instantOfWallTime(utcMs(year, month, day) + minutesOf(hhmm) * MINUTE_MS, timezone))
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
