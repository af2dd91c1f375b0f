// The chart behind React.lazy: pages render this, and uPlot loads with the first chart a page shows.
import { lazy, Suspense } from 'react'
import type { ChartProps } from './Chart'

const Chart = lazy(() => import('./Chart'))

export function LazyChart(props: ChartProps) {
  return (
    <Suspense fallback={<div className="chart-placeholder" style={{ height: props.height ?? 220 }} />}>
      <Chart {...props} />
    </Suspense>
  )
}
