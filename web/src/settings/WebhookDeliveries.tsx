// A webhook endpoint's delivery log, newest first, a page at a time, optionally one status only: each attempt's
// outcome (HTTP status or error), and the payload it carried.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import type { Query } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'
import { SelectField } from '../ui/SelectField'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { WEBHOOKS_KEY } from './webhookRules'

const PER_PAGE = 25
type Status = NonNullable<Query<'/api/v2/webhooks/{id}/deliveries'>['status']>
const STATUSES: ReadonlyArray<{ id: Status | 'all'; name: string }> = [
  { id: 'all', name: 'All' },
  { id: 'succeeded', name: 'Succeeded' },
  { id: 'failed', name: 'Failed' },
  { id: 'pending', name: 'Pending' },
]

export const deliveriesKey = (id: string) => [...WEBHOOKS_KEY, id, 'deliveries'] as const

const isStatus = (s: string | null): s is Status => s === 'succeeded' || s === 'failed' || s === 'pending'

export function WebhookDeliveries({ id }: { id: string }) {
  const [params, set] = useSearchUpdate()
  const page = Math.max(1, Number(params.get('page')) || 1)
  const wanted = params.get('status')
  const status = isStatus(wanted) ? wanted : undefined
  const query = { page, per_page: PER_PAGE, ...(status ? { status } : {}) }
  const log = useQuery({
    queryKey: [...deliveriesKey(id), query],
    queryFn: () => unwrap(api.GET('/api/v2/webhooks/{id}/deliveries', { params: { path: { id }, query } })),
    placeholderData: (previous) => previous,
  })
  const pages = Math.max(1, log.data?.pagination.total_pages ?? 1)
  return (
    <>
      <h2>Deliveries</h2>
      <SelectField
        label="Status"
        value={status ?? 'all'}
        options={STATUSES}
        onChange={(s) => set({ status: s === 'all' ? null : s, page: null })}
      />
      <ErrorNote error={log.error} />
      {log.isPending && <Loading />}
      {log.data && (
        <>
          <TableScroll label="Deliveries">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Payload</th>
                </tr>
              </thead>
              <tbody>
                {log.data.deliveries.length === 0 && (
                  <tr>
                    <td colSpan={6}>No deliveries yet.</td>
                  </tr>
                )}
                {log.data.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{formatTime(d.created_at)}</td>
                    <td>{d.event_type}</td>
                    <td>{d.status}</td>
                    <td className="num">{d.attempts}</td>
                    <td>
                      {d.last_status_code !== null && <span>HTTP {d.last_status_code} </span>}
                      {d.last_error && <span>{d.last_error}</span>}
                      {d.status === 'pending' && d.next_attempt_at && (
                        <span className="muted"> next try {formatTime(d.next_attempt_at)}</span>
                      )}
                      {d.delivered_at && (
                        <span className="muted"> delivered {formatTime(d.delivered_at)}</span>
                      )}
                    </td>
                    <td className="message-body">
                      <code>{JSON.stringify(d.payload)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager page={page} pages={pages} go={(n) => set({ page: String(n) })} />
        </>
      )}
    </>
  )
}
