// Fact rows of the reports: one SELECT per raw table (read FINAL: see analytics/reports.ts), on the same columns.
import type { QueryParams } from './clickhouse.js'
import { BASE_METRICS, MONEY } from './report-metrics.js'
import { chTime, type TimeRange } from './report-params.js'

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
