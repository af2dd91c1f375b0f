// A chart per metric of the report: one bar per day or hour of the range (zero where nothing happened) for date
// and hour groupings, one bar per group (the most sends first) otherwise. Metrics a grouping has no value for
// (opt-outs by offer, say: null in every row) get no chart.
import { LazyChart } from '../ui/LazyChart'
import { COLUMNS, type PerformanceRow } from './metrics'
import { timeKeys } from './timeKeys'

/** Bars beyond this many groups would be unreadable: the groups with the most sends. */
const MAX_BARS = 20

interface Props {
  groupBy: string
  rows: PerformanceRow[]
  range: { from: string; to: string }
  label: (key: string | null) => string
}

export function MetricCharts({ groupBy, rows, range, label }: Props) {
  if (rows.length === 0) return null
  const keys = groupBy === 'date' || groupBy === 'hour' ? timeKeys(groupBy, range.from, range.to) : undefined
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const shown: Array<{ name: string; row: PerformanceRow | undefined }> = keys
    ? keys.map((k) => ({
        name: groupBy === 'hour' ? `${k.slice(5, 10)} ${k.slice(11, 16)}` : k,
        row: byKey.get(k),
      }))
    : [...rows]
        .sort((a, b) => b.sends - a.sends)
        .slice(0, MAX_BARS)
        .map((r) => ({ name: label(r.key), row: r }))
  return (
    <div className="chart-grid">
      {COLUMNS.filter((c) => c.chart && rows.some((r) => r[c.key] !== null)).map((c) => (
        <LazyChart
          key={c.key}
          title={c.label}
          x={shown.map((s) => s.name)}
          height={180}
          series={[
            {
              label: c.label,
              color: c.chart ?? '#333',
              values: shown.map((s) => (s.row ? (s.row[c.key] ?? null) : 0)),
            },
          ]}
        />
      ))}
    </div>
  )
}
