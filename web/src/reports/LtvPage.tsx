// LTV cohorts: contacts grouped by signup date, list, carrier or a custom field, with the revenue credited to
// them within 7, 14, 30 and 60 days of signup and since.
import { useQuery } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
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
import { Heatmap, type LtvMeasure } from './Heatmap'
import { useNames } from './useNames'

type GroupBy = NonNullable<Query<'/api/v2/reports/ltv'>['group_by']>

const GROUPS: ReadonlyArray<{ id: GroupBy; name: string }> = [
  { id: 'signup_date', name: 'Signup date' },
  { id: 'list', name: 'List' },
  { id: 'carrier', name: 'Carrier' },
  { id: 'custom_field', name: 'Custom field' },
]

const MEASURES: ReadonlyArray<{ id: LtvMeasure; name: string }> = [
  { id: 'ltv', name: 'Revenue per contact' },
  { id: 'revenue', name: 'Revenue' },
]

export default function LtvPage() {
  const [params, set] = useSearchUpdate()
  const groupBy = (GROUPS.find((g) => g.id === params.get('group_by'))?.id ?? 'signup_date') as GroupBy
  const field = params.get('field') ?? ''
  const [measure, setMeasure] = useState<LtvMeasure>('ltv')
  const range = rangeOf(params, '90d')
  const ready = groupBy !== 'custom_field' || field !== ''
  const query = { group_by: groupBy, from: range.from, to: range.to, ...(field ? { field } : {}) }
  const report = useQuery({
    queryKey: ['ltv', query],
    queryFn: async () => asJson(await unwrap(api.GET('/api/v2/reports/ltv', { params: { query } }))),
    enabled: ready,
  })
  const names = useNames(groupBy)
  const label = useCallback(
    (key: string | null) => (key === null ? '(none)' : (names.get(key) ?? key)),
    [names],
  )
  return (
    <section>
      <h1>LTV cohorts</h1>
      <div className="controls">
        <SelectField
          label="Cohort by"
          value={groupBy}
          options={GROUPS}
          onChange={(id) => set({ group_by: id, ...(id === 'custom_field' ? {} : { field: null }) })}
        />
        {groupBy === 'custom_field' && <CustomFieldInput value={field} onApply={(f) => set({ field: f })} />}
        <SelectField label="Show" value={measure} options={MEASURES} onChange={(m) => setMeasure(m)} />
        <RangePicker fallback="90d" />
        {ready && (
          <ExportLinks
            csv={apiUrl('/api/v2/reports/ltv', { ...query, format: 'csv' })}
            xlsx={apiUrl('/api/v2/reports/ltv', { ...query, format: 'xlsx' })}
          />
        )}
      </div>
      {!ready && <p>Name the custom field to group by.</p>}
      <ErrorNote error={report.error} />
      {ready && report.isPending && <Loading />}
      {report.data && (
        <Heatmap
          rows={report.data.rows}
          measure={measure}
          keyLabel={GROUPS.find((g) => g.id === groupBy)?.name ?? groupBy}
          label={label}
        />
      )}
    </section>
  )
}
