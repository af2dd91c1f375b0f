// Report queries (metric definitions of spec §22) over the raw event tables and the hourly rollup.
//
// Exactness under replay: the raw tables are ReplacingMergeTree keyed by event id and are always read with FINAL,
// so a replayed row collapses with its original. Every copy of an event carries the same event_time, hence the
// same monthly partition: filtering event_time in PREWHERE before FINAL, and not merging across partitions, drops
// or keeps all copies of an event together and is therefore exact (and much faster than FINAL over whole months).
//
// Speed: grouped reports read report_hourly (analytics/rollups.ts recomputes it from the raw tables) for whole hours
// before the refresher's horizon, and the raw tables for the edges of the range and for everything after the
// horizon (the current hour), so a click is in the numbers as soon as its row is in ClickHouse. Without a refresher
// the horizon stays at 1970 and everything is read raw: slower, never wrong.
//
// The metric definitions, request parameters and fact-row SQL live in report-metrics.ts, report-params.ts and
// report-facts.ts; they are re-exported here with the CSV writer and the rollup horizon.
import type { ClickHouse } from './clickhouse.js'

export {
  FACT_DIMS,
  type FactDim,
  type FactsOptions,
  factsSql,
  metricColumns,
  metricSums,
  TABLE_METRICS,
} from './report-facts.js'
export {
  BASE_METRICS,
  type BaseCounts,
  deriveMetrics,
  MONEY,
  money,
  type PerformanceMetrics,
  ratio,
  toBaseCounts,
} from './report-metrics.js'
export {
  chTime,
  DEFAULT_RANGE_DAYS,
  fromChTime,
  LTV_GROUPS,
  type LtvGroup,
  MAX_HOURLY_RANGE_DAYS,
  MAX_RANGE_DAYS,
  PERFORMANCE_GROUPS,
  type PerformanceGroup,
  parseIsoUtc,
  parseTimeRange,
  planRange,
  type RangePlan,
  ROLLED_UP_GROUPS,
  type TimeRange,
} from './report-params.js'

/** Query-level settings of every report query (see the header: duplicates never straddle partitions). */
export const FINAL_SETTINGS = 'SETTINGS do_not_merge_across_partitions_select_final = 1'

// ---------------------------------------------------------------------------------------------------------------
// CSV (pure)

/** RFC 4180 field; text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** A header row and one line per row, CRLF-separated (RFC 4180). */
export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.map(csvField).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','))
  return `${lines.join('\r\n')}\r\n`
}

// ---------------------------------------------------------------------------------------------------------------
// Rollup horizon

export const ROLLUP_STATE = 'report_hourly'

export interface RollupState {
  /** ingested_at (ClickHouse clock, ISO) up to which raw rows are reflected in report_hourly. */
  watermark: string
  /** report_hourly is complete for every hour before this instant (ISO, whole hour). */
  horizon: string
  /**
   * Contact attributes copied (contact_attributes.ingested_at) up to this instant are reflected in
   * report_field_hourly, which is complete before the horizon too; absent until its first pass (read raw).
   */
  attributesAsOf?: string
}

export const EPOCH_STATE: RollupState = {
  watermark: '1970-01-01T00:00:00.000Z',
  horizon: '1970-01-01T00:00:00.000Z',
}

export async function readState<T>(ch: ClickHouse, name: string): Promise<T | null> {
  const rows = await ch.query<{ value: string }>(
    'SELECT value FROM analytics_state FINAL WHERE name = {name:String}',
    { name },
  )
  return rows[0] ? (JSON.parse(rows[0].value) as T) : null
}

export async function readRollupState(ch: ClickHouse): Promise<RollupState> {
  return (await readState<RollupState>(ch, ROLLUP_STATE)) ?? EPOCH_STATE
}
