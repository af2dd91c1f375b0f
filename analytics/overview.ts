// The dashboard's overview (issue 14): tiles for a range beside the equal-length range before it, and a
// per-minute series of sends, clicks and revenue. Tiles use the performance report's definitions (spec §22), so
// the two never disagree; the series reads the raw tables for its few hours.
import type { ClickHouse } from './clickhouse.js'
import { type PerformanceRow, performanceReport } from './performance-report.js'
import {
  type BaseCounts,
  chTime,
  deriveMetrics,
  FINAL_SETTINGS,
  fromChTime,
  type TimeRange,
} from './reports.js'

export interface Tiles {
  sends: number
  delivered: number
  delivery_rate: number
  /** First human clicks (the spec's "Clicks"). */
  clicks_unique: number
  /** Every hit of a short link, bots and interstitial views included. */
  clicks_total: number
  clicks_bot: number
  click_rate: number
  conversions: number
  revenue: number
  epc: number
  rps: number
  cost: number
  profit: number
  opt_outs: number
  opt_out_rate: number
}

/** The performance report's rows of a range summed into one set of tiles (rates derived from the sums). */
export function tilesOf(rows: readonly PerformanceRow[]): Tiles {
  const sum: BaseCounts = {
    sends: 0,
    segments: 0,
    cost: 0,
    delivered: 0,
    undelivered: 0,
    failed: 0,
    total_clicks: 0,
    human_clicks: 0,
    bot_clicks: 0,
    preview_clicks: 0,
    confirmed_clicks: 0,
    unique_clicks: 0,
    conversions: 0,
    reversals: 0,
    revenue: 0,
    opt_outs: 0,
  }
  for (const r of rows) {
    sum.sends += r.sends
    sum.segments += r.segments
    sum.cost += r.cost
    sum.delivered += r.delivered
    sum.undelivered += r.undelivered
    sum.failed += r.failed
    sum.total_clicks += r.total_clicks
    sum.human_clicks += r.human_clicks
    sum.bot_clicks += r.bot_clicks
    sum.preview_clicks += r.preview_clicks
    sum.confirmed_clicks += r.confirmed_clicks
    sum.unique_clicks += r.clicks
    sum.conversions += r.conversions
    sum.reversals += r.reversals
    sum.revenue += r.revenue
    sum.opt_outs += r.opt_outs ?? 0
  }
  const m = deriveMetrics(sum)
  return {
    sends: m.sends,
    delivered: m.delivered,
    delivery_rate: m.delivery_rate,
    clicks_unique: m.clicks,
    clicks_total: m.total_clicks,
    clicks_bot: m.bot_clicks,
    click_rate: m.click_rate,
    conversions: m.conversions,
    revenue: m.revenue,
    epc: m.epc,
    rps: m.rps,
    cost: m.cost,
    profit: m.profit,
    opt_outs: m.opt_outs ?? 0,
    opt_out_rate: m.opt_out_rate ?? 0,
  }
}

/** The range of the same length that ends where `range` starts. */
export function previousRange(range: TimeRange): TimeRange {
  const length = range.to.getTime() - range.from.getTime()
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from.getTime()) }
}

/** Tiles of one account over [from, to): the performance report by date, summed. */
export async function overviewTiles(ch: ClickHouse, accountId: string, range: TimeRange): Promise<Tiles> {
  return tilesOf(await performanceReport(ch, accountId, { groupBy: 'date', ...range }))
}

export const MAX_SERIES_MINUTES = 1_440
const MINUTE_MS = 60_000

export interface MinuteBucket {
  /** Start of the minute (ISO, UTC). */
  minute: string
  sends: number
  /** First human clicks, as in the tiles. */
  clicks: number
  /** Credited revenue, as in the tiles. */
  revenue: number
}

export const floorMinute = (d: Date): Date => new Date(Math.floor(d.getTime() / MINUTE_MS) * MINUTE_MS)

/** `minutes` buckets ending with the one holding `now`, oldest first; minutes without a row are zeros. */
export function zeroFill(
  rows: readonly { minute: Date; sends: number; clicks: number; revenue: number }[],
  now: Date,
  minutes: number,
): MinuteBucket[] {
  const last = floorMinute(now).getTime()
  const first = last - (minutes - 1) * MINUTE_MS
  const byMinute = new Map(rows.map((r) => [floorMinute(r.minute).getTime(), r]))
  const out: MinuteBucket[] = []
  for (let t = first; t <= last; t += MINUTE_MS) {
    const r = byMinute.get(t)
    out.push({
      minute: new Date(t).toISOString(),
      sends: r?.sends ?? 0,
      clicks: r?.clicks ?? 0,
      revenue: r ? Math.round(r.revenue * 1e4) / 1e4 : 0,
    })
  }
  return out
}

/** Sends, first human clicks and credited revenue per minute over the last `minutes` minutes up to `now`. */
export async function minuteSeries(
  ch: ClickHouse,
  accountId: string,
  now: Date,
  minutes: number,
): Promise<MinuteBucket[]> {
  const from = new Date(floorMinute(now).getTime() - (minutes - 1) * MINUTE_MS)
  const to = new Date(floorMinute(now).getTime() + MINUTE_MS)
  const window = `PREWHERE event_time >= {from:DateTime64(3)} AND event_time < {to:DateTime64(3)}
    WHERE account_id = {account:String}`
  const rows = await ch.query<{ minute: string; sends: string; clicks: string; revenue: number }>(
    `SELECT minute, sum(sends) AS sends, sum(clicks) AS clicks, sum(revenue) AS revenue FROM (
        SELECT toStartOfMinute(event_time) AS minute, count() AS sends, toUInt64(0) AS clicks,
               toFloat64(0) AS revenue
          FROM sends FINAL ${window} GROUP BY minute
        UNION ALL
        SELECT toStartOfMinute(event_time) AS minute, toUInt64(0) AS sends, countIf(is_first = 1) AS clicks,
               toFloat64(0) AS revenue
          FROM clicks FINAL ${window} GROUP BY minute
        UNION ALL
        SELECT toStartOfMinute(event_time) AS minute, toUInt64(0) AS sends, toUInt64(0) AS clicks,
               toFloat64(sumIf(amount, outside_window = 0)) AS revenue
          FROM conversions FINAL ${window} GROUP BY minute
      ) GROUP BY minute ORDER BY minute ${FINAL_SETTINGS}`,
    { account: accountId, from: chTime(from), to: chTime(to) },
  )
  return zeroFill(
    rows.map((r) => ({
      minute: fromChTime(r.minute),
      sends: Number(r.sends),
      clicks: Number(r.clicks),
      revenue: Number(r.revenue),
    })),
    now,
    minutes,
  )
}
