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
import { AppError } from '../core/errors.js'
import type { ClickHouse, QueryParams } from './clickhouse.js'

/** Query-level settings of every report query (see the header: duplicates never straddle partitions). */
export const FINAL_SETTINGS = 'SETTINGS do_not_merge_across_partitions_select_final = 1'

// ---------------------------------------------------------------------------------------------------------------
// Metric definitions (pure)

/** Additive counts every report row is built from. */
export interface BaseCounts {
  sends: number
  segments: number
  cost: number
  delivered: number
  undelivered: number
  failed: number
  /** Every hit of a short link (redirects and interstitial views; Continue presses are counted apart). */
  total_clicks: number
  human_clicks: number
  bot_clicks: number
  /** Interstitial pages shown in `filter` mode. */
  preview_clicks: number
  /** Continue pressed on the interstitial (`filter` mode): confirmed clicks. */
  confirmed_clicks: number
  /** First human click of each message: the spec's "Clicks". */
  unique_clicks: number
  /** Credited conversions, refunds and chargebacks excluded. */
  conversions: number
  /** Credited refunds and chargebacks. */
  reversals: number
  /** Credited revenue, net of refunds and chargebacks (conversions outside the click window are left out). */
  revenue: number
  opt_outs: number
}

export const BASE_METRICS = [
  'sends',
  'segments',
  'cost',
  'delivered',
  'undelivered',
  'failed',
  'total_clicks',
  'human_clicks',
  'bot_clicks',
  'preview_clicks',
  'confirmed_clicks',
  'unique_clicks',
  'conversions',
  'reversals',
  'revenue',
  'opt_outs',
] as const satisfies readonly (keyof BaseCounts)[]

export const MONEY: ReadonlySet<string> = new Set(['cost', 'revenue'])

export interface PerformanceMetrics {
  sends: number
  segments: number
  cost: number
  delivered: number
  undelivered: number
  failed: number
  clicks: number
  total_clicks: number
  human_clicks: number
  confirmed_clicks: number
  preview_clicks: number
  bot_clicks: number
  conversions: number
  reversals: number
  revenue: number
  profit: number
  opt_outs: number | null
  click_rate: number
  conversion_rate: number
  rps: number
  epc: number
  delivery_rate: number
  failure_rate: number
  opt_out_rate: number | null
  profit_per_send: number
}

export const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 1e6) / 1e6)
export const money = (n: number): number => Math.round(n * 1e4) / 1e4

/**
 * Spec §22: clicks = unique first human clicks; click rate = clicks/sends; conversion rate = conversions/clicks;
 * RPS = revenue/sends; EPC = revenue/clicks; delivery rate = delivered/sends; failure rate = (failed +
 * undelivered)/sends; opt-out rate = unsubscribes/sends; profit per send = (revenue − cost)/sends.
 * `optOuts` false: the grouping has no meaning for unsubscribes (they carry only a list), so they are null.
 */
export function deriveMetrics(b: BaseCounts, optOuts = true): PerformanceMetrics {
  const revenue = money(b.revenue)
  const cost = money(b.cost)
  const profit = money(revenue - cost)
  const failed = b.failed + b.undelivered
  return {
    sends: b.sends,
    segments: b.segments,
    cost,
    delivered: b.delivered,
    undelivered: b.undelivered,
    failed: b.failed,
    clicks: b.unique_clicks,
    total_clicks: b.total_clicks,
    human_clicks: b.human_clicks,
    confirmed_clicks: b.confirmed_clicks,
    preview_clicks: b.preview_clicks,
    bot_clicks: b.bot_clicks,
    conversions: b.conversions,
    reversals: b.reversals,
    revenue,
    profit,
    opt_outs: optOuts ? b.opt_outs : null,
    click_rate: ratio(b.unique_clicks, b.sends),
    conversion_rate: ratio(b.conversions, b.unique_clicks),
    rps: ratio(revenue, b.sends),
    epc: ratio(revenue, b.unique_clicks),
    delivery_rate: ratio(b.delivered, b.sends),
    failure_rate: ratio(failed, b.sends),
    opt_out_rate: optOuts ? ratio(b.opt_outs, b.sends) : null,
    profit_per_send: ratio(profit, b.sends),
  }
}

/** A ClickHouse JSON row (64-bit integers arrive quoted) as numbers. */
export function toBaseCounts(row: Record<string, unknown>): BaseCounts {
  const out = {} as BaseCounts
  for (const m of BASE_METRICS) out[m] = Number(row[m] ?? 0) || 0
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Request parameters (pure)

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
// Fact rows: one SELECT per raw table, projected onto the same dimension and metric columns

type MetricExprs = Partial<Record<(typeof BASE_METRICS)[number], string>>

/** The base metric columns of one raw table's SELECT (0 for the metrics it has no expression for). */
export function metricColumns(exprs: MetricExprs): string {
  return BASE_METRICS.map((m) => {
    const e = exprs[m]
    if (MONEY.has(m)) return `toDecimal128(${e ?? '0'}, 6) AS ${m}`
    return `toUInt64(${e ?? '0'}) AS ${m}`
  }).join(', ')
}

/**
 * What each raw table counts, over its columns (`a`: the table's alias with its dot, or '' for none). The one
 * definition of every click, receipt and conversion metric, for the grouped reports and the one-message report.
 */
export const TABLE_METRICS = {
  sends: (): MetricExprs => ({ sends: 'count()', segments: 'sum(segments)', cost: 'sum(cost)' }),
  deliveries: (a: string): MetricExprs => ({
    delivered: `countIf(${a}status = 'delivered')`,
    undelivered: `countIf(${a}status = 'undelivered')`,
    failed: `countIf(${a}status = 'failed')`,
  }),
  clicks: (a: string): MetricExprs => ({
    total_clicks: `countIf(${a}kind != 'confirm')`,
    human_clicks: `countIf(${a}kind != 'confirm' AND ${a}is_bot = 0)`,
    bot_clicks: `countIf(${a}kind != 'confirm' AND ${a}is_bot = 1)`,
    preview_clicks: `countIf(${a}kind = 'preview')`,
    confirmed_clicks: `countIf(${a}kind = 'confirm')`,
    unique_clicks: `countIf(${a}is_first = 1)`,
  }),
  conversions: (a: string): MetricExprs => ({
    conversions: `countIf(${a}outside_window = 0 AND ${a}conversion_type NOT IN ('refund', 'chargeback'))`,
    reversals: `countIf(${a}outside_window = 0 AND ${a}conversion_type IN ('refund', 'chargeback'))`,
    revenue: `sumIf(${a}amount, ${a}outside_window = 0)`,
  }),
}

export interface FactsOptions {
  /** Time windows [from, to), read in one scan of each raw table. */
  windows: readonly TimeRange[]
  /** The query's parameters: the windows' bounds are bound into it (w0f, w0t, w1f, …). */
  params: QueryParams
  /** Carry (list, contact) on every fact, for grouping by contact attributes. */
  contact: boolean
  /**
   * Group by these dimensions only (the others are left out of the rows): a grouping by contact needs its list and
   * the filtered dimensions, and every other dimension would only multiply its groups. All when absent.
   */
  only?: readonly FactDim[]
  /** Include unsubscribes (contact_events), which carry only a list and a contact. */
  optOuts: boolean
}

export const FACT_DIMS = [
  'd_hour',
  'd_list',
  'd_creative',
  'd_schedule',
  'd_variant',
  'd_carrier',
  'd_offers',
] as const
export type FactDim = (typeof FACT_DIMS)[number]

/** Each fact dimension's expression over one raw table's row, and the row's contact. */
type DimExprs = Record<FactDim | 'd_contact', string>

/** Dimensions a row does not have. */
const NO_DIMS: Omit<DimExprs, 'd_hour' | 'd_list' | 'd_contact'> = {
  d_creative: 'toUInt32(0)',
  d_schedule: "''",
  d_variant: "''",
  d_carrier: "''",
  d_offers: "['']",
}

/**
 * Fact rows of one account for one window, aggregated per hour and dimensions: columns d_hour, d_list, d_creative
 * (0 = none), d_schedule, d_variant, d_carrier ('' = none), d_offers (Array; [''] = none) or only those `only` names,
 * d_contact (with `contact`) and the base metrics. Parameters: {account:String}, and the windows' own (bound by this
 * function).
 */
export function factsSql(o: FactsOptions): string {
  const bounds = o.windows
    .map((w, i) => {
      o.params[`w${i}f`] = chTime(w.from)
      o.params[`w${i}t`] = chTime(w.to)
      return `(event_time >= {w${i}f:DateTime64(3)} AND event_time < {w${i}t:DateTime64(3)})`
    })
    .join(' OR ')
  const window = `PREWHERE ${bounds} WHERE account_id = {account:String}`
  const kept: (FactDim | 'd_contact')[] = [
    ...(o.only ?? FACT_DIMS),
    ...(o.contact ? ['d_contact' as const] : []),
  ]
  const dims = (e: DimExprs) => kept.map((d) => `${e[d]} AS ${d}`).join(', ')
  const groupBy = `GROUP BY ${kept.join(', ')}`
  const parts: string[] = []

  parts.push(`SELECT ${dims({
    d_hour: 'toStartOfHour(event_time)',
    d_list: 'list_id',
    d_creative: 'ifNull(creative_id, 0)',
    d_schedule: "ifNull(schedule_id, '')",
    d_variant: "ifNull(variant, '')",
    d_carrier: 'toString(carrier)',
    d_offers: "if(empty(offer_ids), [''], offer_ids)",
    d_contact: 'contact_id',
  })}, ${metricColumns(TABLE_METRICS.sends())}
    FROM sends FINAL ${window} ${groupBy}`)

  const ownDims = (a: string): DimExprs => ({
    d_hour: `toStartOfHour(${a}.event_time)`,
    d_list: `${a}.list_id`,
    d_creative: `ifNull(${a}.creative_id, 0)`,
    d_schedule: `ifNull(${a}.schedule_id, '')`,
    d_variant: `ifNull(${a}.variant, '')`,
    d_carrier: `toString(${a}.carrier)`,
    d_offers: `[${a}.offer_id]`,
    d_contact: `${a}.contact_id`,
  })
  // Receipts, clicks and conversions carry their send's dimensions on their own rows (written by the processors).
  parts.push(`SELECT ${dims({ ...ownDims('d'), d_offers: "if(empty(d.offer_ids), [''], d.offer_ids)" })},
      ${metricColumns(TABLE_METRICS.deliveries('d.'))}
    FROM (SELECT event_time, list_id, creative_id, schedule_id, variant, carrier, offer_ids, contact_id, status
            FROM deliveries FINAL ${window}) AS d
    ${groupBy}`)

  parts.push(`SELECT ${dims(ownDims('c'))}, ${metricColumns(TABLE_METRICS.clicks('c.'))}
    FROM (SELECT event_time, list_id, creative_id, schedule_id, variant, carrier, offer_id, contact_id, kind, is_bot,
                 is_first FROM clicks FINAL ${window}) AS c
    ${groupBy}`)

  parts.push(`SELECT ${dims(ownDims('v'))}, ${metricColumns(TABLE_METRICS.conversions('v.'))}
    FROM (SELECT event_time, list_id, creative_id, schedule_id, variant, carrier, offer_id, contact_id,
                 conversion_type, amount, outside_window FROM conversions FINAL ${window}) AS v
    ${groupBy}`)

  if (o.optOuts) {
    const optOut = {
      d_hour: 'toStartOfHour(event_time)',
      d_list: 'list_id',
      ...NO_DIMS,
      d_contact: 'contact_id',
    }
    parts.push(`SELECT ${dims(optOut)}, ${metricColumns({ opt_outs: 'count()' })}
      FROM contact_events FINAL ${window} AND type = 'unsubscribed' ${groupBy}`)
  }
  return parts.join('\nUNION ALL\n')
}

/** Sums of the base metrics, for an outer GROUP BY. */
export const metricSums = (): string =>
  BASE_METRICS.map((m) => (MONEY.has(m) ? `toFloat64(sum(${m})) AS ${m}` : `sum(${m}) AS ${m}`)).join(', ')

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
