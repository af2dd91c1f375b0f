// Offers: each offer with its network, payout and click window. Members and owners create and edit them; viewers
// only read.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { NETWORKS } from './offerRules'

export const OFFERS_KEY = ['offers'] as const

const networkName = (id: string | null) =>
  NETWORKS.find((n) => n.id === id)?.name.replace(/ \(.*\)$/, '') ?? 'None'

export const formatPayout = (payout: number, type: string) =>
  `$${payout.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })} ${type.toUpperCase()}`

export default function OffersPage() {
  const writer = useCan('member')
  const offers = useQuery({
    queryKey: OFFERS_KEY,
    queryFn: () => unwrap(api.GET('/api/v2/offers', { params: { query: { per_page: 100 } } })),
  })
  return (
    <section>
      <h1>Offers</h1>
      <p className="muted">What a message's links lead to, and what a conversion or click pays.</p>
      {writer && (
        <p>
          <Link to="/offers/new" className="button primary" data-write="">
            New offer
          </Link>
        </p>
      )}
      <ErrorNote error={offers.error} />
      {offers.isPending && <Loading />}
      {offers.data && offers.data.offers.length === 0 && <p>No offers yet.</p>}
      {offers.data && offers.data.offers.length > 0 && (
        <TableScroll label="Offers">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Network</th>
                <th scope="col" className="num">
                  Payout
                </th>
                <th scope="col" className="num">
                  Click window
                </th>
              </tr>
            </thead>
            <tbody>
              {offers.data.offers.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/offers/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{o.status}</td>
                  <td>{networkName(o.external_platform)}</td>
                  <td className="num">{formatPayout(o.payout, o.payout_type)}</td>
                  <td className="num">{o.click_window_days} days</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
