// Audiences: each saved segment with its status and last counted size; members and owners create them.
import { useQuery } from '@tanstack/react-query'
import { Link, useLocation } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'

export const AUDIENCES_KEY = ['audiences'] as const

export default function AudiencesPage() {
  const canWrite = useCan('member')
  const [search, update] = useSearchUpdate()
  const archived = (useLocation().state as { archived?: string } | null)?.archived
  const status = search.get('status') === 'archived' ? 'archived' : 'active'
  const audiences = useQuery({
    queryKey: status === 'active' ? AUDIENCES_KEY : [...AUDIENCES_KEY, { status }],
    queryFn: () => unwrap(api.GET('/api/v2/audiences', { params: { query: { status, per_page: 100 } } })),
  })
  return (
    <section>
      <h1>Audiences</h1>
      <p className="muted">
        Segments of your contacts, counted when you send. Sizes are from the last count.
      </p>
      {archived && <p role="status">Audience “{archived}” archived.</p>}
      {canWrite && (
        <p>
          <Link to="/audiences/new" className="button primary" data-write="">
            New audience
          </Link>
        </p>
      )}
      <label className="field">
        <span>Show</span>
        <select
          value={status}
          onChange={(e) => update({ status: e.target.value === 'archived' ? 'archived' : null })}
        >
          <option value="active">Active audiences</option>
          <option value="archived">Archived audiences</option>
        </select>
      </label>
      <ErrorNote error={audiences.error} />
      {audiences.isPending && <Loading />}
      {audiences.data && audiences.data.audiences.length === 0 && <p>No {status} audiences.</p>}
      {audiences.data && audiences.data.audiences.length > 0 && (
        <TableScroll label="Audiences">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Counted</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {audiences.data.audiences.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/audiences/${a.id}`}>{a.name}</Link>
                  </td>
                  <td>{a.status}</td>
                  <td className="num">{formatValue(a.cached_size, 'integer')}</td>
                  <td>{formatTime(a.cached_size_updated_at)}</td>
                  <td>{formatTime(a.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
