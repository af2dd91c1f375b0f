// Names for the ids a report groups by (offers, creatives, schedules, lists), from their list endpoints.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'

type Named = 'offer' | 'creative' | 'schedule' | 'list'

async function namesOf(kind: Named): Promise<Map<string, string>> {
  switch (kind) {
    case 'offer': {
      const r = await unwrap(api.GET('/api/v2/offers', { params: { query: { per_page: 100 } } }))
      return new Map(r.offers.map((o) => [o.id, o.name]))
    }
    case 'creative': {
      const r = await unwrap(api.GET('/api/v2/creatives', { params: { query: { per_page: 100 } } }))
      return new Map(r.creatives.map((c) => [String(c.id), c.name]))
    }
    case 'schedule': {
      const r = await unwrap(api.GET('/api/v2/schedules'))
      return new Map(r.schedules.map((s) => [s.id, s.name]))
    }
    case 'list': {
      const r = await unwrap(api.GET('/api/v2/lists'))
      return new Map(r.lists.map((l) => [String(l.id), `${l.list_name} (${l.phone_number})`]))
    }
  }
}

const NAMED: ReadonlySet<string> = new Set(['offer', 'creative', 'schedule', 'list'])

/** id → name for the grouping, or an empty map for groupings whose keys are already readable. */
export function useNames(groupBy: string): Map<string, string> {
  const named = NAMED.has(groupBy)
  const { data } = useQuery({
    queryKey: ['names', groupBy],
    queryFn: () => namesOf(groupBy as Named),
    enabled: named,
    staleTime: 60_000,
  })
  return data ?? new Map()
}
