// The performance report's columns (names as the API answers them), how each is shown, and the totals row:
// counts summed over the range's days, rates derived from those sums as the API derives them (spec §22).
import type { Reply } from '../api/types'
import type { Format } from '../ui/format'

export type PerformanceReply = Exclude<Reply<'/api/v2/reports/performance'>, string>
export type PerformanceRow = PerformanceReply['rows'][number]
export type MetricKey = Exclude<keyof PerformanceRow, 'key'>

export const COLUMNS: ReadonlyArray<{ key: MetricKey; label: string; format: Format; chart?: string }> = [
  { key: 'sends', label: 'Sends', format: 'integer', chart: '#2563eb' },
  { key: 'delivered', label: 'Delivered', format: 'integer' },
  { key: 'delivery_rate', label: 'Delivery rate', format: 'percent', chart: '#0891b2' },
  { key: 'failed', label: 'Failed', format: 'integer' },
  { key: 'clicks', label: 'Clicks (unique)', format: 'integer', chart: '#16a34a' },
  { key: 'total_clicks', label: 'Total clicks', format: 'integer' },
  { key: 'bot_clicks', label: 'Bot clicks', format: 'integer' },
  { key: 'click_rate', label: 'Click rate', format: 'percent', chart: '#65a30d' },
  { key: 'conversions', label: 'Conversions', format: 'integer', chart: '#9333ea' },
  { key: 'conversion_rate', label: 'Conversion rate', format: 'percent' },
  { key: 'revenue', label: 'Revenue', format: 'money', chart: '#b45309' },
  { key: 'cost', label: 'Cost', format: 'money' },
  { key: 'profit', label: 'Profit', format: 'money', chart: '#0f766e' },
  { key: 'epc', label: 'EPC', format: 'money', chart: '#c2410c' },
  { key: 'rps', label: 'RPS', format: 'money' },
  { key: 'opt_outs', label: 'Opt-outs', format: 'integer', chart: '#dc2626' },
  { key: 'opt_out_rate', label: 'Opt-out rate', format: 'percent' },
]

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b)

/** The range's totals from its per-day rows (each event counts on exactly one day). */
export function totalsOf(days: readonly PerformanceRow[]): Omit<PerformanceRow, 'key'> {
  const sum = (k: MetricKey) => days.reduce((s, r) => s + Number(r[k] ?? 0), 0)
  const sends = sum('sends')
  const clicks = sum('clicks')
  const revenue = sum('revenue')
  const cost = sum('cost')
  const optOuts = sum('opt_outs')
  return {
    sends,
    segments: sum('segments'),
    cost,
    delivered: sum('delivered'),
    undelivered: sum('undelivered'),
    failed: sum('failed'),
    clicks,
    total_clicks: sum('total_clicks'),
    human_clicks: sum('human_clicks'),
    confirmed_clicks: sum('confirmed_clicks'),
    preview_clicks: sum('preview_clicks'),
    bot_clicks: sum('bot_clicks'),
    conversions: sum('conversions'),
    reversals: sum('reversals'),
    revenue,
    profit: revenue - cost,
    opt_outs: optOuts,
    click_rate: ratio(clicks, sends),
    conversion_rate: ratio(sum('conversions'), clicks),
    rps: ratio(revenue, sends),
    epc: ratio(revenue, clicks),
    delivery_rate: ratio(sum('delivered'), sends),
    failure_rate: ratio(sum('failed') + sum('undelivered'), sends),
    opt_out_rate: ratio(optOuts, sends),
    profit_per_send: ratio(revenue - cost, sends),
  }
}
