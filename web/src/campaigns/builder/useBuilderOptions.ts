// The builder's choices: sending lists (not deleted), active audiences and active offers, by name.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../../api/client'
import { useLists } from '../../contacts/useLists'

export function useBuilderOptions() {
  const lists = useLists()
  const audiences = useQuery({
    queryKey: ['audiences', 'campaign-builder'],
    queryFn: () =>
      unwrap(api.GET('/api/v2/audiences', { params: { query: { status: 'active', per_page: 100 } } })),
  })
  const offers = useQuery({
    queryKey: ['offers', 'campaign-builder'],
    queryFn: () => unwrap(api.GET('/api/v2/offers', { params: { query: { per_page: 100 } } })),
  })
  return {
    isPending: lists.isPending || audiences.isPending || offers.isPending,
    lists: (lists.data?.lists ?? []).map((l) => ({ id: String(l.id), name: l.list_name })),
    audiences: (audiences.data?.audiences ?? []).map((a) => ({ id: a.id, name: a.name })),
    offers: (offers.data?.offers ?? [])
      .filter((o) => o.status !== 'archived')
      .map((o) => ({ id: o.id, name: o.name })),
    error: lists.error ?? audiences.error ?? offers.error,
  }
}
