// Turns a schedule on or off (PUT /schedules/:id); shown to members and owners only. Complete and archived
// schedules cannot change, so they show their status as text.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Switch } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import type { Schedule } from './timing'

export function StatusSwitch({ schedule }: { schedule: Schedule }) {
  const client = useQueryClient()
  const change = useMutation({
    mutationFn: (on: boolean) =>
      unwrap(
        api.PUT('/api/v2/schedules/{id}', {
          params: { path: { id: schedule.id } },
          body: { status: on ? 'on' : 'off' },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['schedules'] }),
  })
  if (schedule.status === 'complete' || schedule.status === 'archive')
    return <span className={`status ${schedule.status}`}>{schedule.status}</span>
  return (
    <>
      <Switch
        className="switch"
        data-write=""
        isSelected={schedule.status === 'on'}
        isDisabled={change.isPending}
        onChange={(on) => change.mutate(on)}
      >
        <span className="switch-track" aria-hidden="true" />
        {schedule.status}
        <span className="visually-hidden"> — {schedule.name} runs when on</span>
      </Switch>
      <ErrorNote error={change.error} />
    </>
  )
}
