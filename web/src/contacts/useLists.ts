// The account's sending lists (GET /lists), for the contact pages' list choices.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'

export function useLists() {
  return useQuery({
    queryKey: ['lists'],
    queryFn: () => unwrap(api.GET('/api/v2/lists')),
    staleTime: 60_000,
  })
}
