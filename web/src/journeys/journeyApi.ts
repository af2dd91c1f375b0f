// The journey screens' reads: the journey itself, and the lists, creatives and offers its pickers offer.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import type { Reply } from '../api/types'
import { useLists } from '../contacts/useLists'

export const JOURNEYS_KEY = ['journeys'] as const
export const JOURNEYS_LIST_KEY = [...JOURNEYS_KEY, 'list'] as const

export type Journey = Reply<'/api/v2/journeys/{id}'>['journey']
export type Enrollment = Reply<'/api/v2/journeys/{id}/enrollments'>['enrollments'][number]
export type EnrollmentDetail = Reply<'/api/v2/journeys/{id}/enrollments/{enrollment_id}'>['enrollment']

export const loadJourney = (id: string) =>
  unwrap(api.GET('/api/v2/journeys/{id}', { params: { path: { id } } }))

/** The choices of the editor's pickers: lists for the trigger, creatives and offers for the sends. */
export function usePickerOptions() {
  const lists = useLists()
  const creatives = useQuery({
    queryKey: ['creatives', 'journey-picker'],
    queryFn: () => unwrap(api.GET('/api/v2/creatives', { params: { query: { per_page: 100 } } })),
    staleTime: 60_000,
  })
  const offers = useQuery({
    queryKey: ['offers', 'journey-picker'],
    queryFn: () => unwrap(api.GET('/api/v2/offers', { params: { query: { per_page: 100 } } })),
    staleTime: 60_000,
  })
  return {
    lists: (lists.data?.lists ?? []).map((l) => ({ id: l.id, name: `${l.list_name} (${l.phone_number})` })),
    creatives: (creatives.data?.creatives ?? []).map((c) => ({ id: String(c.id), name: c.name })),
    offers: (offers.data?.offers ?? []).map((o) => ({ id: o.id, name: o.name })),
    error: lists.error ?? creatives.error ?? offers.error,
  }
}
