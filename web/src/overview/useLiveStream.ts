// The account's live events over server-sent events (GET /live/stream, cookie auth). The stream opens after the
// feed's last event (its `last_event_id`), so nothing falls between the two; each event joins the feed once (by
// id) and, debounced, refetches the tiles and the per-minute chart. EventSource reconnects by itself with
// Last-Event-ID, and the server resumes after it; `reset` (events trimmed meanwhile) refetches the feed.
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { api, apiUrl, unwrap } from '../api/client'
import type { Reply } from '../api/types'

export type FeedData = Reply<'/api/v2/live/feed'>
export type LiveEvent = FeedData['events'][number]

export const FEED_KEY = ['live-feed'] as const
export const FEED_LIMIT = 50
const EVENT_TYPES = ['click', 'conversion', 'reply', 'send', 'delivery'] as const
const REFETCH_DEBOUNCE_MS = 100

/** The feed with `incoming` added: newest first, each id once, at most FEED_LIMIT. */
export function mergeFeed(current: readonly LiveEvent[], incoming: readonly LiveEvent[]): LiveEvent[] {
  const seen = new Set<string>()
  const all = [...incoming, ...current].filter((e) => !seen.has(e.id) && seen.add(e.id))
  return all.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, FEED_LIMIT)
}

function addToFeed(client: QueryClient, event: LiveEvent, position: string): void {
  client.setQueryData<FeedData>(FEED_KEY, (data) => ({
    events: mergeFeed(data?.events ?? [], [event]),
    last_event_id: position || (data?.last_event_id ?? null),
  }))
}

/** The latest events; the stream keeps them current once loaded. */
export function useFeed() {
  return useQuery({
    queryKey: FEED_KEY,
    queryFn: async () => {
      const data = await unwrap(api.GET('/api/v2/live/feed', { params: { query: { limit: FEED_LIMIT } } }))
      return { ...data, events: mergeFeed([], data.events) }
    },
    staleTime: Number.POSITIVE_INFINITY,
  })
}

export type StreamState = 'connecting' | 'live' | 'reconnecting'

export function useLiveStream(accountId: string, feed: FeedData | undefined): StreamState {
  const client = useQueryClient()
  const [state, setState] = useState<StreamState>('connecting')
  const resumeFrom = useRef<string | null>(null)
  resumeFrom.current ??= feed?.last_event_id ?? null
  const feedLoaded = feed !== undefined
  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream per account, opened once the feed is in
  useEffect(() => {
    if (!feedLoaded) return
    const after = resumeFrom.current
    const source = new EventSource(apiUrl('/api/v2/live/stream', { last_event_id: after ?? undefined }))
    let timer: ReturnType<typeof setTimeout> | undefined
    const refetch = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        void client.invalidateQueries({ queryKey: ['overview'] })
        void client.invalidateQueries({ queryKey: ['timeseries'] })
      }, REFETCH_DEBOUNCE_MS)
    }
    const onEvent = (message: MessageEvent<string>) => {
      let event: LiveEvent
      try {
        event = JSON.parse(message.data) as LiveEvent
      } catch {
        return // not an event of ours: nothing to show
      }
      addToFeed(client, event, message.lastEventId)
      refetch()
    }
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent)
    source.addEventListener('reset', () => {
      void client.invalidateQueries({ queryKey: FEED_KEY })
      refetch()
    })
    source.onopen = () => setState('live')
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'connecting' : 'reconnecting')
    return () => {
      clearTimeout(timer)
      source.close()
    }
  }, [accountId, feedLoaded, client])
  return state
}
