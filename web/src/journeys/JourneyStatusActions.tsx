// A journey's status changes: Activate (from draft or paused), Pause (while active), Archive (after a confirm;
// its active enrollments end). Shown only to members and owners, and not once archived.
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { JOURNEYS_KEY, JOURNEYS_LIST_KEY, type Journey } from './journeyApi'

interface Props {
  journey: Journey
  onDone(message: string): void
  onError(error: unknown): void
}

export function JourneyStatusActions({ journey, onDone, onError }: Props) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [busy, setBusy] = useState(false)

  const setStatus = async (status: 'active' | 'paused') => {
    setBusy(true)
    onError(undefined)
    try {
      const reply = await unwrap(
        api.PUT('/api/v2/journeys/{id}', { params: { path: { id: journey.id } }, body: { status } }),
      )
      client.setQueryData([...JOURNEYS_KEY, journey.id], reply)
      void client.invalidateQueries({ queryKey: JOURNEYS_LIST_KEY })
      onDone(status === 'active' ? 'Journey activated: contacts who join now enter it.' : 'Journey paused.')
    } catch (err) {
      onError(err)
    } finally {
      setBusy(false)
    }
  }

  const archive = async () => {
    setBusy(true)
    try {
      await unwrap(api.DELETE('/api/v2/journeys/{id}', { params: { path: { id: journey.id } } }))
      await client.invalidateQueries({ queryKey: JOURNEYS_KEY })
      navigate('/journeys', { state: { archived: journey.name } })
    } catch (err) {
      onError(err)
      setBusy(false)
    }
  }

  return (
    <p className="controls">
      {journey.status !== 'active' && (
        <button type="button" className="primary" disabled={busy} onClick={() => setStatus('active')}>
          Activate
        </button>
      )}
      {journey.status === 'active' && (
        <button type="button" disabled={busy} onClick={() => setStatus('paused')}>
          Pause
        </button>
      )}
      {confirmArchive ? (
        <>
          <span>Archive this journey? Its active enrollments end and it cannot be changed again.</span>{' '}
          <button type="button" disabled={busy} onClick={archive}>
            Yes, archive
          </button>{' '}
          <button type="button" onClick={() => setConfirmArchive(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirmArchive(true)}>
          Archive
        </button>
      )}
    </p>
  )
}
