// The audience's size as the marketer edits it: a pause in editing (debounced) saves the filter when it changed
// and then counts the audience (GET /audiences/:id/size counts saved audiences only, so the filter being counted
// is the one stored). Stale replies are ignored: only the newest edit's answer shows.
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

export function useLiveSize(
  id: string | undefined,
  filter: DslGroup,
  saved: string,
  canWrite: boolean,
  onSaved: (filterJson: string) => void,
): LiveSize {
  const [state, setState] = useState<LiveSize>({ counting: false })
  const latest = useRef(0)
  const json = JSON.stringify(filter)
  const changed = json !== saved
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter's JSON stands for the filter
  useEffect(() => {
    if (!id || (changed && !canWrite)) return
    const call = ++latest.current
    const timer = setTimeout(
      async () => {
        setState((s) => ({ ...s, counting: true, error: undefined }))
        try {
          if (changed) {
            await unwrapFilter(
              api.PUT('/api/v2/audiences/{id}', { params: { path: { id } }, body: { filter } }),
            )
            if (call === latest.current) onSaved(json)
          }
          const reply = await unwrapFilter(
            api.GET('/api/v2/audiences/{id}/size', { params: { path: { id } } }),
          )
          if (call === latest.current)
            setState({ size: reply.size, calculatedAt: reply.calculated_at, counting: false })
        } catch (error) {
          if (call === latest.current) setState((s) => ({ ...s, counting: false, error }))
        }
      },
      changed ? DEBOUNCE_MS : 0,
    )
    return () => clearTimeout(timer)
  }, [id, json, canWrite])
  return state
}
