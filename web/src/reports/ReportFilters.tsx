// The performance report's filters: one offer, creative, schedule and/or list, kept in the page's address so a
// filtered report can be bookmarked and shared. Each choice lists the account's own objects by name.
import { SelectField } from '../ui/SelectField'
import { useNames } from './useNames'

/** Search parameter of the page = query parameter of the API, and the object kind it names. */
export const FILTERS = [
  { param: 'offer_id', kind: 'offer', label: 'Offer' },
  { param: 'creative_id', kind: 'creative', label: 'Creative' },
  { param: 'schedule_id', kind: 'schedule', label: 'Campaign' },
  { param: 'list_id', kind: 'list', label: 'List' },
] as const

export interface FilterQuery {
  offer_id?: string
  creative_id?: number
  schedule_id?: string
  list_id?: number
}

/** The API query of the filters set in the page's search parameters (numeric ids as numbers). */
export function filterQuery(params: URLSearchParams): FilterQuery {
  const query: FilterQuery = {}
  const text = (name: string) => params.get(name) || undefined
  const id = (name: string) => {
    const n = Number(params.get(name))
    return Number.isInteger(n) && n > 0 ? n : undefined
  }
  const offer = text('offer_id')
  const creative = id('creative_id')
  const schedule = text('schedule_id')
  const list = id('list_id')
  if (offer) query.offer_id = offer
  if (creative) query.creative_id = creative
  if (schedule) query.schedule_id = schedule
  if (list) query.list_id = list
  return query
}

const ALL = 'all'

function FilterSelect(props: {
  kind: (typeof FILTERS)[number]['kind']
  label: string
  value: string | null
  onChange(value: string | null): void
}) {
  const names = useNames(props.kind)
  const options = [
    { id: ALL, name: `All ${props.label.toLowerCase()}s` },
    ...[...names].map(([id, name]) => ({ id, name })),
  ]
  // A filter from a shared link whose object is not listed (yet) still shows, by its id.
  if (props.value && !names.has(props.value)) options.push({ id: props.value, name: props.value })
  return (
    <SelectField
      label={props.label}
      value={props.value ?? ALL}
      options={options}
      onChange={(id) => props.onChange(id === ALL ? null : id)}
    />
  )
}

export function ReportFilters(props: {
  params: URLSearchParams
  set(changes: Record<string, string | null>): void
}) {
  return (
    <>
      {FILTERS.map((f) => (
        <FilterSelect
          key={f.param}
          kind={f.kind}
          label={f.label}
          value={props.params.get(f.param)}
          onChange={(value) => props.set({ [f.param]: value })}
        />
      ))}
    </>
  )
}
