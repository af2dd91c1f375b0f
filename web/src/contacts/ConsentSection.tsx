// A contact's consent evidence on each list (GET /contacts/:id/consent) and the CSV download a complaint needs.
import { useQuery } from '@tanstack/react-query'
import { api, asJson, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { formatTime } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TableScroll } from '../ui/TableScroll'

export function ConsentSection({ contactId }: { contactId: string }) {
  const consent = useQuery({
    queryKey: ['consent', contactId],
    queryFn: async () =>
      asJson(await unwrap(api.GET('/api/v2/contacts/{id}/consent', { params: { path: { id: contactId } } }))),
  })
  const csvUrl = `/api/v2/contacts/${encodeURIComponent(contactId)}/consent?format=csv`
  return (
    <>
      <div className="page-head">
        <h2>Consent</h2>
        <a className="button" href={csvUrl} download>
          Download consent (CSV)
        </a>
      </div>
      <ErrorNote error={consent.error} />
      {consent.isPending && <Loading />}
      {consent.data && (
        <TableScroll label="Consent evidence">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">List</th>
                <th scope="col">Method</th>
                <th scope="col">Signed up</th>
                <th scope="col">Consent date</th>
                <th scope="col">IP address</th>
                <th scope="col">Signup URL</th>
                <th scope="col">Source</th>
                <th scope="col">Keyword or form</th>
                <th scope="col">Opted out</th>
              </tr>
            </thead>
            <tbody>
              {consent.data.consent.map((r) => (
                <tr key={r.list_id}>
                  <td>{r.list_number}</td>
                  <td>{r.signup_method}</td>
                  <td>{formatTime(r.signup_date)}</td>
                  <td>{formatTime(r.consent_date)}</td>
                  <td>{r.ip_address ?? '—'}</td>
                  <td className="message-body">{r.signup_url ?? '—'}</td>
                  <td>{[r.ad_network_source, r.ad_network_id].filter(Boolean).join(' / ') || '—'}</td>
                  <td>
                    {[
                      r.opt_in_keyword && `keyword ${r.opt_in_keyword}`,
                      r.opt_in_form && `form ${r.opt_in_form}`,
                    ]
                      .filter(Boolean)
                      .join(', ') || '—'}
                  </td>
                  <td>
                    {r.opted_out_at
                      ? `${formatTime(r.opted_out_at)} (${r.opt_out_reason ?? 'unknown'})`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  )
}
