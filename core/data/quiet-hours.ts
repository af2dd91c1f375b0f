// Marketing-text sending windows in the recipient's local time (reference/wire-formats §7). State rules are
// third-party summaries, not legal advice: have counsel confirm them. State holidays (AL, LA, PA, UT) and
// Pennsylvania's Saturday rule are not modelled.

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat'

/** Index matches `Date#getUTCDay()`. */
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** Half-open [start, end) in local wall time, 'HH:MM' 24-hour. */
export interface DailyWindow {
  start: string
  end: string
}

export interface WindowRule extends DailyWindow {
  /** Weekdays that differ from start/end; null means no marketing texts at all that day. */
  days?: Partial<Record<Weekday, DailyWindow | null>>
}

/** Federal TCPA, 47 CFR 64.1200(c)(1). */
export const FEDERAL_WINDOW: WindowRule = { start: '08:00', end: '21:00' }

const NO_SUNDAYS = { sun: null }

/** Keyed by USPS state code; states not listed follow the federal window. */
export const STATE_WINDOWS: Readonly<Record<string, WindowRule>> = {
  FL: { start: '08:00', end: '20:00' }, // FTSA, Fla. Stat. §501.616
  OK: { start: '08:00', end: '20:00' }, // 15 O.S. §775C.4
  MD: { start: '08:00', end: '20:00' }, // Stop the Spam Calls Act (2024-01-01)
  MA: { start: '08:00', end: '20:00' },
  AL: { start: '08:00', end: '20:00', days: NO_SUNDAYS },
  LA: { start: '08:00', end: '20:00', days: NO_SUNDAYS },
  // The source says "CST"; Mississippi is entirely on Central time, so local time is used.
  MS: { start: '08:00', end: '20:00', days: NO_SUNDAYS },
  CT: { start: '09:00', end: '20:00' },
  KY: { start: '10:00', end: '21:00' },
  MI: { start: '09:00', end: '21:00' },
  MN: { start: '09:00', end: '21:00' },
  NM: { start: '09:00', end: '21:00' },
  NV: { start: '09:00', end: '20:00' },
  RI: { start: '09:00', end: '18:00' },
  TX: { start: '09:00', end: '21:00', days: { sun: { start: '12:00', end: '21:00' } } },
}
