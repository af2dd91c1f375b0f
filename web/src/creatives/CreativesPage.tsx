// Creatives: each message template with its length, segments and the offers its links lead to. Members and owners
// create and edit them; viewers only read.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'

export const CREATIVES_KEY = ['creatives'] as const

export default function CreativesPage() {
  const writer = useCan('member')
  const creatives = useQuery({
    queryKey: CREATIVES_KEY,
    queryFn: () => unwrap(api.GET('/api/v2/creatives', { params: { query: { per_page: 100 } } })),
  })
  return (
    <section>
      <h1>Creatives</h1>
      <p className="muted">Message templates; each {'{{linkN}}'} leads to an offer.</p>
      {writer && (
        <p>
          <Link to="/creatives/new" className="button primary" data-write="">
            New creative
          </Link>
        </p>
      )}
      <ErrorNote error={creatives.error} />
      {creatives.isPending && <Loading />}
      {creatives.data && creatives.data.creatives.length === 0 && <p>No creatives yet.</p>}
      {creatives.data && creatives.data.creatives.length > 0 && (
        <TableScroll label="Creatives">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Offers</th>
                <th scope="col" className="num">
                  Characters
                </th>
                <th scope="col" className="num">
                  Segments
                </th>
              </tr>
            </thead>
            <tbody>
              {creatives.data.creatives.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/creatives/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.status}</td>
                  <td>{c.offers.map((o) => o.name).join(', ')}</td>
                  <td className="num">{c.character_count}</td>
                  <td className="num">{c.segment_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
