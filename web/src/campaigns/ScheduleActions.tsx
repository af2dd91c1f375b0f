// A campaign's write controls (members and owners): Edit, Pause or Resume (status off / on), and Archive after a
// confirmation dialog (DELETE; the campaign leaves the list, its reports keep its name).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components'
import { useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import type { Schedule } from './timing'
import './campaigns.css'

export function ScheduleActions({
  schedule,
  onNotice,
}: {
  schedule: Schedule
  onNotice(text: string): void
}) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const status = useMutation({
    mutationFn: (to: 'on' | 'off') =>
      unwrap(
        api.PUT('/api/v2/schedules/{id}', { params: { path: { id: schedule.id } }, body: { status: to } }),
      ),
    onSuccess: async (_, to) => {
      await client.invalidateQueries({ queryKey: ['schedules'] })
      onNotice(to === 'on' ? 'Campaign resumed.' : 'Campaign paused.')
    },
  })
  const archive = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v2/schedules/{id}', { params: { path: { id: schedule.id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['schedules'] })
      navigate('/campaigns', { state: { notice: `${schedule.name} archived.` } })
    },
  })
  if (schedule.status === 'complete' || schedule.status === 'archive') return null
  return (
    <>
      <div className="form-actions">
        <Button data-write="" onPress={() => navigate(`/campaigns/${schedule.id}/edit`)}>
          Edit
        </Button>
        {schedule.status === 'on' ? (
          <Button data-write="" onPress={() => status.mutate('off')} isDisabled={status.isPending}>
            Pause
          </Button>
        ) : (
          <Button data-write="" onPress={() => status.mutate('on')} isDisabled={status.isPending}>
            Resume
          </Button>
        )}
        <DialogTrigger>
          <Button data-write="" className="danger">
            Archive
          </Button>
          <Modal isDismissable className="confirm-overlay">
            <Dialog className="confirm-dialog" role="alertdialog">
              {({ close }) => (
                <>
                  <Heading slot="title">Archive {schedule.name}?</Heading>
                  <p>It stops sending and leaves the campaign list; its runs and reports stay.</p>
                  <ErrorNote error={archive.error} />
                  <div className="form-actions">
                    <Button
                      className="danger"
                      data-write=""
                      onPress={() => archive.mutate()}
                      isDisabled={archive.isPending}
                    >
                      Archive campaign
                    </Button>
                    <Button onPress={close}>Cancel</Button>
                  </div>
                </>
              )}
            </Dialog>
          </Modal>
        </DialogTrigger>
      </div>
      <ErrorNote error={status.error} />
    </>
  )
}
