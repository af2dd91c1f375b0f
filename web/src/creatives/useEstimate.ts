// The API's length estimate of a message (POST /creatives/estimate: links as 23 characters, the account's prefix
// and suffix included), asked for once typing pauses.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api, unwrap } from '../api/client'

const PAUSE_MS = 300

export function useEstimate(message: string) {
  const [settled, setSettled] = useState(message)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(message), PAUSE_MS)
    return () => clearTimeout(timer)
  }, [message])
  return useQuery({
    queryKey: ['creatives', 'estimate', settled],
    queryFn: () => unwrap(api.POST('/api/v2/creatives/estimate', { body: { message: settled } })),
    placeholderData: (previous) => previous,
    staleTime: Number.POSITIVE_INFINITY,
  })
}
