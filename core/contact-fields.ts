// Field rules shared by contact records of the API and rows of a contact CSV (spec §5, §0): the lengths of
// free-text fields, and dates read as UTC when they carry no zone.

/** Max characters of the free-text contact fields. */
export const TEXT_MAX = { short: 100, long: 2048 } as const

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

function utcDate(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day, h, m, s, ms))
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return sameDay && h < 24 && m < 60 && s < 60 ? date : null
}

/** An ISO 8601 date or date-time; one without a zone is UTC (spec §0). Null when not a real instant. */
export function parseIsoTimestamp(text: string): Date | null {
  const match = ISO_DATE_TIME.exec(text.trim())
  if (!match) return null
  const [, y, mo, d, h, mi, s, frac, zone] = match
  const local = utcDate(
    Number(y),
    Number(mo),
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    frac ? Math.floor(Number(frac) * 1000) : 0,
  )
  if (!local) return null
  if (!zone || zone.toUpperCase() === 'Z') return local
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)
  if (offsetMinutes > 18 * 60) return null
  return new Date(local.getTime() - sign * offsetMinutes * 60_000)
}

const US_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/

/**
 * A CSV consent date: YYYY-MM-DD, MM/DD/YYYY, MM-DD-YYYY or ISO 8601 (spec §5). A date in the future is not
 * evidence of consent and is refused; a plain date of today is fine.
 */
export function parseConsentDate(
  text: string,
  now: Date,
): { ok: true; value: Date } | { ok: false; reason: 'invalid_consent_date' | 'future_consent_date' } {
  const us = US_DATE.exec(text.trim())
  const date = us ? utcDate(Number(us[3]), Number(us[1]), Number(us[2])) : parseIsoTimestamp(text)
  if (!date) return { ok: false, reason: 'invalid_consent_date' }
  // Compare plain dates by day so a consent given "today" anywhere on Earth is not in the future.
  const limit = /\d:\d/.test(text) ? now.getTime() : now.getTime() + 14 * 3600_000
  if (date.getTime() > limit) return { ok: false, reason: 'future_consent_date' }
  return { ok: true, value: date }
}
