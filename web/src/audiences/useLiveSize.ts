// The audience's size as the marketer edits it: a pause in editing (debounced) counts the filter on screen over
// the chosen source lists with POST /audiences/size, which stores nothing — the audience changes only on Save.
// Stale replies are ignored: only the newest edit's answer shows.
import { useEffect, useRef, useState } from 'react'
import { api } from '../api/client'
import { unwrapFilter } from './audienceApi'
import type { DslGroup } from './model'

export interface LiveSize {
  size?: number
  calculatedAt?: string
  counting: boolean
  error?: unknown
}

const DEBOUNCE_MS = 600

export function useLiveSize(sourceLists: number[], filter: DslGroup): LiveSize {
  const [state, setState] = useState<LiveSize>({ counting: false })
  const latest = useRef(0)
  const body = JSON.stringify({ source_lists: sourceLists, filter })
  const first = useRef(true)
  useEffect(() => {
    const call = ++latest.current
    const delay = first.current ? 0 : DEBOUNCE_MS
    first.current = false
    const timer = setTimeout(async () => {
      setState((s) => ({ ...s, counting: true, error: undefined }))
      try {
        const reply = await unwrapFilter(api.POST('/api/v2/audiences/size', { body: JSON.parse(body) }))
        if (call === latest.current)
          setState({ size: reply.size, calculatedAt: reply.calculated_at, counting: false })
      } catch (error) {
        if (call === latest.current) setState((s) => ({ ...s, counting: false, error }))
      }
    }, delay)
    return () => clearTimeout(timer)
  }, [body])
  return state
}
