// The performance report's columns (names as the API answers them) and how each is shown.
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
