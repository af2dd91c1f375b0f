// A contact's latest messages (each opens its lifecycle page) and replies (all of them on the replies inbox).
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'

const RECENT = 20

export function ContactActivity({ contactId }: { contactId: string }) {
  const query = { contact_id: contactId, per_page: RECENT }
  const messages = useQuery({
    queryKey: ['contact-messages', contactId],
    queryFn: () => unwrap(api.GET('/api/v2/messages', { params: { query } })),
  })
  const replies = useQuery({
    queryKey: ['replies', query],
    queryFn: () => unwrap(api.GET('/api/v2/replies', { params: { query } })),
  })
  return (
    <>
      <h2>Messages</h2>
      <ErrorNote error={messages.error} />
      {messages.isPending && <Loading />}
      {messages.data && (
        <>
          <p className="muted">
            The latest {Math.min(RECENT, messages.data.pagination.total)} of {messages.data.pagination.total}.
          </p>
          <TableScroll label="Messages">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">From list</th>
                  <th scope="col">Status</th>
                  <th scope="col">Text</th>
                </tr>
              </thead>
              <tbody>
                {messages.data.messages.length === 0 && (
                  <tr>
                    <td colSpan={4}>No messages.</td>
                  </tr>
                )}
                {messages.data.messages.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link
                        to={`/messages/${m.id}`}
                        aria-label={`Message ${m.id}, ${formatTime(m.created_at)}`}
                      >
                        {formatTime(m.created_at)}
                      </Link>
                    </td>
                    <td>{m.list_number}</td>
                    <td>
                      <span className={`status ${m.status}`}>{m.status}</span>
                      {m.status_detail && <span className="muted"> ({m.status_detail})</span>}
                    </td>
                    <td className="message-body">{m.body}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
      <div className="page-head">
        <h2>Replies</h2>
        <Link to={`/replies?contact_id=${encodeURIComponent(contactId)}`}>All replies of this contact</Link>
      </div>
      <ErrorNote error={replies.error} />
      {replies.isPending && <Loading />}
      {replies.data && (
        <TableScroll label="Replies">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">To list</th>
                <th scope="col">Kind</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {replies.data.replies.length === 0 && (
                <tr>
                  <td colSpan={4}>No replies.</td>
                </tr>
              )}
              {replies.data.replies.map((r) => (
                <tr key={r.id}>
                  <td>{formatTime(r.received_at)}</td>
                  <td>{r.list_number}</td>
                  <td>
                    <span className={`badge ${r.kind === 'opt_out' ? 'bad' : 'info'}`}>
                      {r.kind.replaceAll('_', ' ')}
                    </span>
                  </td>
                  <td className="message-body">{r.body}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  )
}
