// The performance report: a grouping (every one the API has), a range and filters, the sortable table with the
// API's totals of the selection, a chart per metric, and the same report as CSV or Excel.
import { useQuery } from '@tanstack/react-query'
import { useCallback } from 'react'
import { api, apiUrl, asJson, unwrap } from '../api/client'
import type { Query } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { RangePicker } from '../ui/RangePicker'
import { rangeOf } from '../ui/range'
import { SelectField } from '../ui/SelectField'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { CustomFieldInput } from './CustomFieldInput'
import { ExportLinks } from './ExportLinks'
import { MetricCharts } from './MetricCharts'
import { filterQuery, ReportFilters } from './ReportFilters'
import { ReportTable } from './ReportTable'
import { useNames } from './useNames'

type GroupBy = NonNullable<Query<'/api/v2/reports/performance'>['group_by']>

const GROUPS: ReadonlyArray<{ id: GroupBy; name: string }> = [
  { id: 'date', name: 'Date' },
  { id: 'hour', name: 'Hour' },
  { id: 'offer', name: 'Offer' },
  { id: 'creative', name: 'Creative' },
  { id: 'schedule', name: 'Schedule' },
  { id: 'variant', name: 'Variant' },
  { id: 'list', name: 'List' },
  { id: 'carrier', name: 'Carrier' },
  { id: 'custom_field', name: 'Custom field' },
]

export default function PerformancePage() {
  const [params, set] = useSearchUpdate()
  const groupBy = (GROUPS.find((g) => g.id === params.get('group_by'))?.id ?? 'date') as GroupBy
  const field = params.get('field') ?? ''
  const range = rangeOf(params, '7d')
  const ready = groupBy !== 'custom_field' || field !== ''
  const query = {
    group_by: groupBy,
    from: range.from,
    to: range.to,
    ...(field ? { field } : {}),
    ...filterQuery(params),
  }

  const report = useQuery({
    queryKey: ['performance', query],
    queryFn: async () => asJson(await unwrap(api.GET('/api/v2/reports/performance', { params: { query } }))),
    enabled: ready,
  })
  const names = useNames(groupBy)
  const label = useCallback(
    (key: string | null) => (key === null ? '(none)' : (names.get(key) ?? key)),
    [names],
  )
  const groupName = GROUPS.find((g) => g.id === groupBy)?.name ?? groupBy

  return (
    <section>
      <h1>Performance</h1>
      <div className="controls">
        <SelectField
          label="Group by"
          value={groupBy}
          options={GROUPS}
          onChange={(id) => set({ group_by: id, ...(id === 'custom_field' ? {} : { field: null }) })}
        />
        {groupBy === 'custom_field' && <CustomFieldInput value={field} onApply={(f) => set({ field: f })} />}
        <RangePicker fallback="7d" />
        <ReportFilters params={params} set={set} />
        {ready && (
          <ExportLinks
            csv={apiUrl('/api/v2/reports/performance', { ...query, format: 'csv' })}
            xlsx={apiUrl('/api/v2/reports/performance', { ...query, format: 'xlsx' })}
          />
        )}
      </div>
      {!ready && <p>Name the custom field to group by.</p>}
      <ErrorNote error={report.error} />
      {ready && report.isPending && <Loading />}
      {report.data && (
        <>
          <ReportTable
            rows={report.data.rows}
            totals={report.data.totals}
            keyLabel={field ? `${groupName}: ${field}` : groupName}
            label={label}
          />
          <h2>Charts</h2>
          <MetricCharts groupBy={groupBy} rows={report.data.rows} range={report.data} label={label} />
        </>
      )}
    </section>
  )
}
