// A chart per metric of the report: over time for date and hour groupings, one bar per group otherwise.
import { LazyChart } from '../ui/LazyChart'
import { COLUMNS, type PerformanceRow } from './metrics'

const TIME_GROUPS = new Set(['date', 'hour'])
/** Bars beyond this many groups would be unreadable: the groups with the most sends. */
const MAX_BARS = 20

export function MetricCharts({
  groupBy,
  rows,
  label,
}: {
  groupBy: string
  rows: PerformanceRow[]
  label: (key: string | null) => string
}) {
  if (rows.length === 0) return null
  const time = TIME_GROUPS.has(groupBy)
  const shown = time ? rows : [...rows].sort((a, b) => b.sends - a.sends).slice(0, MAX_BARS)
  const x = time
    ? shown.map((r) => Date.parse(r.key?.length === 10 ? `${r.key}T00:00:00Z` : (r.key ?? '')) / 1000)
    : shown.map((r) => label(r.key))
  return (
    <div className="chart-grid">
      {COLUMNS.filter((c) => c.chart).map((c) => (
        <LazyChart
          key={c.key}
          title={c.label}
          x={x}
          height={180}
          series={[{ label: c.label, color: c.chart ?? '#333', values: shown.map((r) => r[c.key] ?? null) }]}
        />
      ))}
    </div>
  )
}
