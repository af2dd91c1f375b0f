// The contact's account-wide block: a badge while blocked, and for members and owners Block / Unblock behind a
// confirm step (a block stops every list of the account from texting the number).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'

export function BlockBadge({ blockedAt }: { blockedAt: string | null }) {
  if (!blockedAt) return null
  return (
    <span className="badge bad" title={`Blocked ${formatTime(blockedAt)}`}>
      Blocked
    </span>
  )
}

export function BlockControl({
  contactId,
  phoneNumber,
  blocked,
}: {
  contactId: string
  phoneNumber: string
  blocked: boolean
}) {
  const canWrite = useCan('member')
  const client = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const change = useMutation({
    mutationFn: (block: boolean) => {
      const params = { params: { path: { id: contactId } } }
      return unwrap(
        block
          ? api.PUT('/api/v2/contacts/{id}/block', params)
          : api.DELETE('/api/v2/contacts/{id}/block', params),
      )
    },
    onSuccess: (state) => {
      setConfirming(false)
      setDone(state.blocked ? `${phoneNumber} is blocked.` : `${phoneNumber} is unblocked.`)
      void client.invalidateQueries({ queryKey: ['contact', contactId] })
      void client.invalidateQueries({ queryKey: ['contacts'] })
    },
  })
  if (!canWrite) return null
  const verb = blocked ? 'Unblock' : 'Block'
  return (
    <div className="block-control">
      <h2>Block</h2>
      <p className="muted">
        {blocked
          ? 'This number gets nothing from any list of the account until it is unblocked.'
          : 'A blocked number gets nothing from any list of the account; its subscriptions are kept.'}
      </p>
      {confirming ? (
        <p>
          <Button
            className={blocked ? undefined : 'danger'}
            data-write=""
            isDisabled={change.isPending}
            onPress={() => change.mutate(!blocked)}
          >
            {blocked ? `Unblock ${phoneNumber}` : `Block ${phoneNumber} on every list`}
          </Button>{' '}
          <Button onPress={() => setConfirming(false)}>Cancel</Button>
        </p>
      ) : (
        <Button
          data-write=""
          onPress={() => {
            setDone(null)
            setConfirming(true)
          }}
        >
          {verb}…
        </Button>
      )}
      {done && <p role="status">{done}</p>}
      <ErrorNote error={change.error} />
    </div>
  )
}
