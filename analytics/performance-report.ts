// The performance report (spec §22): metrics grouped by one dimension over a time range, optionally narrowed by
// filters on the other dimensions, with the totals of the whole selection. Reads report_hourly for whole hours
// before the refresher's horizon where the rollup's grain holds every dimension the request names, and the raw
// tables otherwise (see analytics/reports.ts for why both are exact).
import { AppError } from '../core/errors.js'
import type { ClickHouse, QueryParams } from './clickhouse.js'
import { customFieldRows } from './field-report.js'
import {
  BASE_METRICS,
  chTime,
  deriveMetrics,
  type FactDim,
  FINAL_SETTINGS,
  factsSql,
  MONEY,
  metricSums,
  type PerformanceGroup,
  type PerformanceMetrics,
  planRange,
  readRollupState,
  type TimeRange,
  toBaseCounts,
} from './reports.js'

export interface PerformanceRow extends PerformanceMetrics {
  /** The group: a date (YYYY-MM-DD), an hour (ISO), an id or a value; null for "none". */
  key: string | null
}

/** Narrows the report to the events of one offer, creative, schedule, variant, list and/or carrier. */
export interface PerformanceFilters {
  offer?: string
  creative?: number
  schedule?: string
  variant?: string
  list?: number
  carrier?: string
}

export interface PerformanceOptions extends TimeRange {
  groupBy: PerformanceGroup
  /** Custom field name, for group_by=custom_field. */
  field?: string
  filters?: PerformanceFilters
  /** Instant before which report_hourly may be used; read from the refresher's state when absent. */
  horizon?: Date
}

const KEY_EXPR: Record<Exclude<PerformanceGroup, 'custom_field'>, string> = {
  date: 'toString(toDate(d_hour))',
  hour: "formatDateTime(d_hour, '%Y-%m-%dT%H:00:00Z')",
  offer: 'd_offer',
  creative: "if(d_creative = 0, '', toString(d_creative))",
  schedule: 'd_schedule',
  variant: 'd_variant',
  list: "if(d_list = 0, '', toString(d_list))",
  carrier: 'd_carrier',
}

/** Each filter as a condition on the fact columns, with its parameter. */
const FILTER_SQL: Record<keyof PerformanceFilters, string> = {
  offer: 'has(d_offers, {f_offer:String})',
  creative: 'd_creative = {f_creative:UInt32}',
  schedule: 'd_schedule = {f_schedule:String}',
  variant: 'd_variant = {f_variant:String}',
  list: 'd_list = {f_list:UInt32}',
  carrier: 'd_carrier = {f_carrier:String}',
}

/** The fact dimension each filter reads. */
const FILTER_DIM: Record<keyof PerformanceFilters, FactDim> = {
  offer: 'd_offers',
  creative: 'd_creative',
  schedule: 'd_schedule',
  variant: 'd_variant',
  list: 'd_list',
  carrier: 'd_carrier',
}

/** Groupings unsubscribes can be placed in (they carry a time, a list and a contact only). */
const HAS_OPT_OUTS: ReadonlySet<PerformanceGroup> = new Set(['date', 'hour', 'list', 'custom_field'])

function rollupSql(grain: 'dims' | 'offer'): string {
  return `SELECT hour AS d_hour, list_id AS d_list, creative_id AS d_creative, schedule_id AS d_schedule,
      variant AS d_variant, toString(carrier) AS d_carrier, ${grain === 'offer' ? '[offer_id]' : "['']"} AS d_offers,
      ${BASE_METRICS.map((m) => (MONEY.has(m) ? `toDecimal128(${m}, 6) AS ${m}` : `${m}`)).join(', ')}
    FROM report_hourly FINAL
    WHERE account_id = {account:String} AND grain = '${grain}'
      AND hour >= {rf:DateTime64(3)} AND hour < {rt:DateTime64(3)}`
}

const activeFilters = (filters: PerformanceFilters = {}) =>
  (Object.keys(FILTER_SQL) as (keyof PerformanceFilters)[]).filter((k) => filters[k] !== undefined)

/** The WHERE of the outer query, binding each filter's value as its parameter. */
function filterSql(filters: PerformanceFilters | undefined, params: QueryParams): string {
  const keys = activeFilters(filters)
  for (const k of keys) params[`f_${k}`] = filters?.[k] as string | number
  return keys.length > 0 ? `WHERE ${keys.map((k) => FILTER_SQL[k]).join(' AND ')}` : ''
}

/**
 * The rollup grain that holds every dimension of the request, or null (raw tables only): 'dims' has all but the
 * offer, 'offer' has the offer alone.
 */
function rollupGrain(
  groupBy: PerformanceGroup | 'total',
  keys: (keyof PerformanceFilters)[],
): 'dims' | 'offer' | null {
  const offerOnly = groupBy === 'offer' || keys.includes('offer')
  if (!offerOnly) return 'dims'
  const others = keys.filter((k) => k !== 'offer')
  return others.length === 0 && (groupBy === 'offer' || groupBy === 'total') ? 'offer' : null
}

/** One query of the report: grouped by `groupBy`, or one row of totals ('total'). */
async function reportQuery(
  ch: ClickHouse,
  accountId: string,
  opts: PerformanceOptions,
  groupBy: PerformanceGroup | 'total',
  optOuts: boolean,
): Promise<Record<string, unknown>[]> {
  const keys = activeFilters(opts.filters)
  const params: QueryParams = { account: accountId }
  const where = filterSql(opts.filters, params)
  if (groupBy === 'custom_field') {
    if (!opts.field) throw new AppError('invalid_group_by', 'group_by=custom_field needs `field`')
    const rows = await customFieldRows(ch, accountId, {
      ...opts,
      field: opts.field,
      where,
      params,
      filterDims: keys.map((k) => FILTER_DIM[k]),
      listOnly: keys.every((k) => k === 'list'),
      list: opts.filters?.list,
      optOuts,
    })
    return rows as unknown as Record<string, unknown>[]
  }
  const grain = rollupGrain(groupBy, keys)
  const horizon = grain ? (opts.horizon ?? new Date((await readRollupState(ch)).horizon)) : new Date(0)
  const plan = planRange(opts, horizon)
  const sources: string[] = []
  if (plan.rollup && grain) {
    params.rf = chTime(plan.rollup.from)
    params.rt = chTime(plan.rollup.to)
    sources.push(rollupSql(grain))
  }
  // Head and tail windows in one scan of each raw table.
  if (plan.raw.length > 0) {
    sources.push(factsSql({ windows: plan.raw, params, contact: false, optOuts }))
  }
  const key = groupBy === 'total' ? "'total'" : KEY_EXPR[groupBy]
  const sql = `SELECT ${key} AS key, ${metricSums()}
    FROM (SELECT * FROM (${sources.join('\nUNION ALL\n')}) ${where})
    ${groupBy === 'offer' ? `ARRAY JOIN d_offers AS d_offer ${keys.includes('offer') ? 'WHERE d_offer = {f_offer:String}' : ''}` : ''}
    GROUP BY key ORDER BY key`
  return ch.query<Record<string, unknown>>(`${sql} ${FINAL_SETTINGS}`, params)
}

/** Opt-outs carry a list and a contact only: they count under a grouping and filters that need nothing else. */
const countsOptOuts = (groupBy: PerformanceGroup | 'total', filters?: PerformanceFilters): boolean =>
  (groupBy === 'total' || HAS_OPT_OUTS.has(groupBy)) && activeFilters(filters).every((k) => k === 'list')

export async function performanceReport(
  ch: ClickHouse,
  accountId: string,
  opts: PerformanceOptions,
): Promise<PerformanceRow[]> {
  const optOuts = countsOptOuts(opts.groupBy, opts.filters)
  const rows = await reportQuery(ch, accountId, opts, opts.groupBy, optOuts)
  return rows
    .map((r) => ({ key: r.key === '' ? null : String(r.key), ...deriveMetrics(toBaseCounts(r), optOuts) }))
    .filter((r) => !isEmptyRow(r))
}

/**
 * The totals of the selection (range and filters), opt-outs included whenever the filters allow. Not the sum of
 * the rows: grouped by offer, a send that carried two offers is in two rows but counts once here.
 */
export async function performanceTotals(
  ch: ClickHouse,
  accountId: string,
  opts: PerformanceOptions,
): Promise<PerformanceMetrics> {
  const optOuts = countsOptOuts('total', opts.filters)
  const [row] = await reportQuery(ch, accountId, opts, 'total', optOuts)
  return deriveMetrics(toBaseCounts(row ?? {}), optOuts)
}

/** Zero rows stay behind in the rollup when a group loses all its events (e.g. a conversion re-attributed). */
function isEmptyRow(r: PerformanceRow): boolean {
  return (
    r.sends === 0 &&
    r.total_clicks === 0 &&
    r.confirmed_clicks === 0 &&
    r.conversions === 0 &&
    r.reversals === 0 &&
    r.revenue === 0 &&
    r.delivered === 0 &&
    r.undelivered === 0 &&
    r.failed === 0 &&
    !r.opt_outs
  )
}

/** Columns of the performance CSV export: bot and filtered (interstitial) clicks are left out (spec §12). */
export const PERFORMANCE_CSV_COLUMNS = [
  'key',
  'sends',
  'segments',
  'cost',
  'delivered',
  'failed',
  'undelivered',
  'clicks',
  'human_clicks',
  'confirmed_clicks',
  'conversions',
  'reversals',
  'revenue',
  'profit',
  'opt_outs',
  'click_rate',
  'conversion_rate',
  'rps',
  'epc',
  'delivery_rate',
  'failure_rate',
  'opt_out_rate',
  'profit_per_send',
] as const satisfies readonly (keyof PerformanceRow)[]
