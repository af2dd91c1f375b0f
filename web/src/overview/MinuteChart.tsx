// Sends, clicks and revenue per minute over the last hours; refetched (so it grows) as live events arrive.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { LazyChart } from '../ui/LazyChart'

const MINUTES = 180

export function MinuteChart() {
  const series = useQuery({
    queryKey: ['timeseries', MINUTES],
    queryFn: () => unwrap(api.GET('/api/v2/reports/timeseries', { params: { query: { minutes: MINUTES } } })),
  })
  if (series.error) return <ErrorNote error={series.error} />
  const buckets = series.data?.buckets ?? []
  return (
    <LazyChart
      title={`Per minute, last ${MINUTES / 60} hours`}
      x={buckets.map((b) => Date.parse(b.minute) / 1000)}
      series={[
        { label: 'Sends', color: '#2563eb', values: buckets.map((b) => b.sends) },
        { label: 'Clicks', color: '#16a34a', values: buckets.map((b) => b.clicks) },
        { label: 'Revenue', color: '#b45309', values: buckets.map((b) => b.revenue), right: true },
      ]}
    />
  )
}
