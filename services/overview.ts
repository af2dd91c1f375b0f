// The dashboard's overview (issue 14): which range "today" is for the account (its timezone), the tiles of that
// range and the one before it, and the per-minute series of the last hours.
import type pg from 'pg'
import type { ClickHouse } from '../analytics/clickhouse.js'
import {
  type MinuteBucket,
  minuteSeries,
  overviewTiles,
  previousRange,
  type Tiles,
} from '../analytics/overview.js'
import { parseTimeRange, type TimeRange } from '../analytics/reports.js'
import { accountZoneOf } from '../core/campaigns.js'
import { instantOfLocalTime, localDateAt, shiftDate } from '../core/quiet-hours.js'

export interface Overview {
  /** The account's timezone, which "today" is reckoned in. */
  timezone: string
  range: { from: string; to: string }
  previous_range: { from: string; to: string }
  current: Tiles
  previous: Tiles
}

/** The local calendar day holding `now` in `zone`, as [midnight, next midnight). */
export function localDay(now: Date, zone: string): TimeRange {
  const date = localDateAt(now, zone)
  return {
    from: instantOfLocalTime(date, '00:00', zone),
    to: instantOfLocalTime(shiftDate(date, 1), '00:00', zone),
  }
}

export async function accountZone(pool: pg.Pool, accountId: string): Promise<string> {
  const { rows } = await pool.query<{ settings: Record<string, unknown> | null }>(
    'SELECT settings FROM accounts WHERE id = $1',
    [accountId],
  )
  return accountZoneOf(rows[0]?.settings)
}

const iso = (r: TimeRange) => ({ from: r.from.toISOString(), to: r.to.toISOString() })

/**
 * Tiles of [from, to) and of the equal-length range before it. Without from and to: today in the account's
 * timezone (and so yesterday beside it); otherwise the performance report's rules (ISO, no zone = UTC).
 */
export async function getOverview(
  pool: pg.Pool,
  ch: ClickHouse,
  accountId: string,
  query: { from?: string | undefined; to?: string | undefined },
  now: Date = new Date(),
): Promise<Overview> {
  const timezone = await accountZone(pool, accountId)
  const range =
    query.from === undefined && query.to === undefined
      ? localDay(now, timezone)
      : parseTimeRange(query.from, query.to, { now })
  const previous = previousRange(range)
  const [current, before] = await Promise.all([
    overviewTiles(ch, accountId, range),
    overviewTiles(ch, accountId, previous),
  ])
  return { timezone, range: iso(range), previous_range: iso(previous), current, previous: before }
}

export function getTimeseries(
  ch: ClickHouse,
  accountId: string,
  minutes: number,
  now: Date = new Date(),
): Promise<MinuteBucket[]> {
  return minuteSeries(ch, accountId, now, minutes)
}
