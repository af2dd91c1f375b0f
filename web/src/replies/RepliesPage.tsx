// The replies inbox: what contacts texted back, as the classifier read it (opt-outs marked), filterable by kind;
// a contact's number opens everything that contact replied, and the Contact column opens the contact's page.
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import type { Query } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { Pager } from '../ui/Pager'
import { SelectField } from '../ui/SelectField'
import { TableScroll } from '../ui/TableScroll'
import { useSearchUpdate } from '../ui/useSearchUpdate'

type Kind = NonNullable<Query<'/api/v2/replies'>['kind']>
const KINDS: ReadonlyArray<{ id: Kind | 'all'; name: string }> = [
  { id: 'all', name: 'All replies' },
  { id: 'opt_out', name: 'Opt-outs' },
  { id: 'opt_in', name: 'Opt-ins' },
  { id: 'help', name: 'Help requests' },
  { id: 'spam_complaint', name: 'Spam complaints' },
  { id: 'other', name: 'Other' },
]
const PER_PAGE = 50

export default function RepliesPage() {
  const [params, set] = useSearchUpdate()
  const kind = KINDS.find((k) => k.id === params.get('kind'))?.id ?? 'all'
  const page = Math.max(1, Number(params.get('page')) || 1)
  const contact = params.get('contact_id')
  const query = {
    ...(kind === 'all' ? {} : { kind }),
    ...(contact ? { contact_id: contact } : {}),
    page,
    per_page: PER_PAGE,
  }
  const replies = useQuery({
    queryKey: ['replies', query],
    queryFn: () => unwrap(api.GET('/api/v2/replies', { params: { query } })),
    placeholderData: (previous) => previous,
  })
  const pages = replies.data?.pagination.total_pages ?? 1
  return (
    <section>
      <h1>Replies</h1>
      <div className="controls">
        <SelectField
          label="Kind"
          value={kind}
          options={KINDS}
          onChange={(k) => set({ kind: k === 'all' ? null : k, page: null })}
        />
        {contact && (
          <p>
            Replies of one contact. <Link to="/replies">All contacts</Link>
          </p>
        )}
      </div>
      <ErrorNote error={replies.error} />
      {replies.isPending && <Loading />}
      {replies.data && (
        <>
          <TableScroll label="Replies">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">From</th>
                  <th scope="col">To list</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Text</th>
                  <th scope="col">Contact</th>
                </tr>
              </thead>
              <tbody>
                {replies.data.replies.length === 0 && (
                  <tr>
                    <td colSpan={6}>No replies.</td>
                  </tr>
                )}
                {replies.data.replies.map((r) => (
                  <tr key={r.id}>
                    <td>{formatTime(r.received_at)}</td>
                    <td>
                      {r.contact_id && r.contact_id !== contact ? (
                        <Link
                          to={`/replies?contact_id=${r.contact_id}`}
                          aria-label={`Every reply from ${r.from}`}
                        >
                          {r.from}
                        </Link>
                      ) : (
                        r.from
                      )}
                    </td>
                    <td>{r.list_number}</td>
                    <td>
                      <span className={`badge ${r.kind === 'opt_out' ? 'bad' : 'info'}`}>
                        {r.kind.replaceAll('_', ' ')}
                      </span>
                      {r.keyword && <span className="muted"> ({r.keyword})</span>}
                    </td>
                    <td className="message-body">{r.body}</td>
                    <td>
                      {r.contact_id ? (
                        <Link to={`/contacts/${r.contact_id}`} aria-label={`The contact ${r.from}`}>
                          Open
                        </Link>
                      ) : (
                        <span className="muted">not a contact</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Pager page={page} pages={pages} go={(n) => set({ page: String(n) })} />
        </>
      )}
    </section>
  )
}
