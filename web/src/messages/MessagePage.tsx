// One message: its lifecycle (queued, sent, delivered or failed with the reason) and what followed (clicks with
// bot marks, conversions, revenue).
import { useQuery } from '@tanstack/react-query'
import { useParams } from 'react-router-dom'
import { api, asJson, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { Timeline } from './Timeline'

export default function MessagePage() {
  const id = useParams().id ?? ''
  const message = useQuery({
    queryKey: ['message', id],
    queryFn: () => unwrap(api.GET('/api/v2/messages/{id}', { params: { path: { id } } })),
  })
  const report = useQuery({
    queryKey: ['message-report', id],
    queryFn: async () =>
      asJson(await unwrap(api.GET('/api/v2/reports/messages/{id}', { params: { path: { id } } }))),
  })
  if (message.isPending) return <Loading />
  if (message.error) return <ErrorNote error={message.error} />
  const m = message.data.message
  const r = report.data
  return (
    <section>
      <h1>Message {m.id}</h1>
      <dl className="facts">
        <dt>To</dt>
        <dd>{m.to}</dd>
        <dt>From</dt>
        <dd>{m.list_number}</dd>
        <dt>Text</dt>
        <dd className="message-body">{m.body}</dd>
        <dt>Segments</dt>
        <dd>{m.segments}</dd>
      </dl>
      <h2>Lifecycle</h2>
      <Timeline steps={message.data.timeline} />
      <h2>Totals</h2>
      <ErrorNote error={report.error} />
      {r && (
        <dl className="figures">
          {(
            [
              ['Human clicks', formatValue(r.human_clicks, 'integer')],
              ['Bot clicks', formatValue(r.bot_clicks, 'integer')],
              ['All link hits', formatValue(r.total_clicks, 'integer')],
              ['Conversions', formatValue(r.conversions, 'integer')],
              ['Revenue', formatValue(r.revenue, 'money')],
              ['Cost', formatValue(r.cost, 'money')],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}
