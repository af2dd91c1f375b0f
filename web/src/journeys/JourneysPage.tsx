// Journeys: each welcome journey with its status and how many enrollments are active, completed, exited and
// stopped. Members and owners create them; viewers only read.
import { useQuery } from '@tanstack/react-query'
import { Link, useLocation } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'
import { JOURNEYS_LIST_KEY } from './journeyApi'

const SHOWN = ['current', 'draft', 'active', 'paused', 'archived'] as const
type Shown = (typeof SHOWN)[number]

export default function JourneysPage() {
  const canWrite = useCan('member')
  const [search, update] = useSearchUpdate()
  const archived = (useLocation().state as { archived?: string } | null)?.archived
  const shown: Shown = SHOWN.find((s) => s === search.get('status')) ?? 'current'
  const journeys = useQuery({
    queryKey: [...JOURNEYS_LIST_KEY, shown],
    queryFn: () =>
      unwrap(
        api.GET('/api/v2/journeys', {
          params: { query: { per_page: 100, ...(shown === 'current' ? {} : { status: shown }) } },
        }),
      ),
  })
  const rows = journeys.data?.journeys ?? []
  return (
    <section>
      <h1>Journeys</h1>
      <p className="muted">
        Welcome journeys: contacts who join a list with journeys on enter every active journey whose trigger
        they match, and take its steps.
      </p>
      {archived && <p role="status">Journey “{archived}” archived.</p>}
      {canWrite && (
        <p>
          <Link to="/journeys/new" className="button primary" data-write="">
            New journey
          </Link>
        </p>
      )}
      <label className="field">
        <span>Show</span>
        <select
          value={shown}
          onChange={(e) => update({ status: e.target.value === 'current' ? null : e.target.value })}
        >
          <option value="current">Not archived</option>
          <option value="draft">Draft</option>
          <option value="active">Active</option>
          <option value="paused">Paused</option>
          <option value="archived">Archived</option>
        </select>
      </label>
      <ErrorNote error={journeys.error} />
      {journeys.isPending && <Loading />}
      {journeys.data && rows.length === 0 && <p>No journeys here.</p>}
      {rows.length > 0 && (
        <TableScroll label="Journeys">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Active
                </th>
                <th scope="col" className="num">
                  Completed
                </th>
                <th scope="col" className="num">
                  Exited
                </th>
                <th scope="col" className="num">
                  Stopped
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={`/journeys/${j.id}`}>{j.name}</Link>
                  </td>
                  <td>{j.status}</td>
                  <td className="num">{formatValue(j.enrollment_counts.active, 'integer')}</td>
                  <td className="num">{formatValue(j.enrollment_counts.completed, 'integer')}</td>
                  <td className="num">{formatValue(j.enrollment_counts.exited, 'integer')}</td>
                  <td className="num">{formatValue(j.enrollment_counts.stopped, 'integer')}</td>
                  <td>{formatTime(j.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
