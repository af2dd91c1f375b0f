// Campaigns: every schedule with its status, timing and next run; members and owners turn one on or off here.
import { useQuery } from '@tanstack/react-query'
import { Link, useLocation } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { StatusSwitch } from './StatusSwitch'
import { timingOf } from './timing'

export default function CampaignsPage() {
  const canWrite = useCan('member')
  const notice = (useLocation().state as { notice?: string } | null)?.notice
  const schedules = useQuery({
    queryKey: ['schedules'],
    queryFn: () => unwrap(api.GET('/api/v2/schedules')),
  })
  return (
    <section>
      <h1>Campaigns</h1>
      {notice && <p role="status">{notice}</p>}
      {canWrite && (
        <p>
          <Link to="/campaigns/new" data-write="">
            New campaign
          </Link>
        </p>
      )}
      <ErrorNote error={schedules.error} />
      {schedules.isPending && <Loading />}
      {schedules.data && (
        <TableScroll label="Campaigns">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Next run</th>
                <th scope="col">From</th>
                <th scope="col" className="num">
                  Variants
                </th>
              </tr>
            </thead>
            <tbody>
              {schedules.data.schedules.length === 0 && (
                <tr>
                  <td colSpan={6}>No campaigns yet.</td>
                </tr>
              )}
              {schedules.data.schedules.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/campaigns/${s.id}`}>{s.name}</Link>
                  </th>
                  <td>
                    {canWrite ? (
                      <StatusSwitch schedule={s} />
                    ) : (
                      <span className={`status ${s.status}`}>{s.status}</span>
                    )}
                  </td>
                  <td>{timingOf(s)}</td>
                  <td>{s.next_run_at ? formatTime(s.next_run_at) : '—'}</td>
                  <td>{s.list_number ?? '—'}</td>
                  <td className="num">{s.blasts.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
