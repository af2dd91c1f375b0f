// Report metric definitions (spec §22, pure): the base counts of every report row and the rates derived from them.

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
