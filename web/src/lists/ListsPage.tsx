// Lists: each sending number with its status, type, provider, contacts and the last 30 days' health (delivery,
// failure and opt-out rates). Owners create and edit lists; other roles only read.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'
import { NUMBER_TYPES, PROVIDERS } from './listRules'

export const LISTS_KEY = ['lists'] as const

const nameOf = <K extends string>(options: ReadonlyArray<{ id: K; name: string }>, id: K) =>
  options.find((o) => o.id === id)?.name.replace(/ \(.*\)$/, '') ?? id

export default function ListsPage() {
  const owner = useCan('owner')
  const lists = useQuery({ queryKey: LISTS_KEY, queryFn: () => unwrap(api.GET('/api/v2/lists')) })
  const health = useQuery({
    queryKey: [...LISTS_KEY, 'health'],
    queryFn: () => unwrap(api.GET('/api/v2/lists/health')),
  })
  const figures = new Map(health.data?.lists.map((h) => [h.list_id, h]))
  return (
    <section>
      <h1>Lists</h1>
      <p className="muted">
        Sending numbers. Rates cover the last 30 days: delivered, failed and opted out, per send.
      </p>
      {owner && (
        <p>
          <Link to="/lists/new" className="button primary" data-write="">
            New list
          </Link>
        </p>
      )}
      <ErrorNote error={lists.error ?? health.error} />
      {lists.isPending && <Loading />}
      {lists.data && lists.data.lists.length === 0 && (
        <p>{owner ? 'No lists yet. Create your first list to start sending.' : 'No lists yet.'}</p>
      )}
      {lists.data && lists.data.lists.length > 0 && (
        <TableScroll label="Sending lists">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Type</th>
                <th scope="col">Provider</th>
                <th scope="col" className="num">
                  Contacts
                </th>
                <th scope="col" className="num">
                  Unsubscribed
                </th>
                <th scope="col" className="num">
                  Sends (30 d)
                </th>
                <th scope="col" className="num">
                  Delivery rate
                </th>
                <th scope="col" className="num">
                  Failure rate
                </th>
                <th scope="col" className="num">
                  Opt-out rate
                </th>
              </tr>
            </thead>
            <tbody>
              {lists.data.lists.map((l) => {
                const h = figures.get(l.id)
                return (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/lists/${l.id}`}>{l.phone_number}</Link>
                    </td>
                    <td>{l.list_name}</td>
                    <td>{l.status}</td>
                    <td>{nameOf(NUMBER_TYPES, l.number_type)}</td>
                    <td>
                      {nameOf(PROVIDERS, l.provider)}
                      {l.byoc && ' (BYOC)'}
                    </td>
                    <td className="num">{formatValue(l.contact_count, 'integer')}</td>
                    <td className="num">{formatValue(l.unsubscribed_count, 'integer')}</td>
                    <td className="num">{formatValue(h?.sends, 'integer')}</td>
                    <td className="num">{formatValue(h?.delivery_rate, 'percent')}</td>
                    <td className="num">{formatValue(h?.failure_rate, 'percent')}</td>
                    <td className="num">{formatValue(h?.opt_out_rate, 'percent')}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
