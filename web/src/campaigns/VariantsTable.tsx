// A run's variants side by side: what each sent and earned, its click and conversion rates with 95% credible
// intervals, and for an automated creative the selector's posterior over all its sends.
import type { Reply } from '../api/types'
import { formatValue } from '../ui/format'
import { TableScroll } from '../ui/TableScroll'
import { IntervalCell } from './IntervalCell'

type Variant = Reply<'/api/v2/schedules/{id}/runs/{runId}'>['variants'][number]

const name = (v: Variant) =>
  v.variant === 'ml' ? 'ML selection' : v.variant === 'control' ? 'Control' : v.variant.replaceAll('_', ' ')

export function VariantsTable({ variants }: { variants: Variant[] }) {
  if (variants.length === 0) return <p className="muted">No messages yet.</p>
  const ctrScale = Math.max(0.01, ...variants.map((v) => Math.max(v.ctr.high, v.ml_posterior?.ctr.high ?? 0)))
  const cvrScale = Math.max(0.01, ...variants.map((v) => v.cvr.high))
  return (
    <TableScroll label="Variants of the run">
      <table className="data-table">
        <caption className="muted">Rates: posterior mean with its 95% credible interval</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Creative</th>
            <th scope="col" className="num">
              Messages
            </th>
            <th scope="col" className="num">
              Sent
            </th>
            <th scope="col" className="num">
              Delivered
            </th>
            <th scope="col" className="num">
              Clicked
            </th>
            <th scope="col" className="num">
              Conversions
            </th>
            <th scope="col" className="num">
              Revenue
            </th>
            <th scope="col">Click rate</th>
            <th scope="col">Conversion rate</th>
            <th scope="col" className="num">
              RPS
            </th>
            <th scope="col">Selector’s click rate (all sends)</th>
            <th scope="col" className="num">
              Selector’s RPS
            </th>
          </tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={`${v.variant}:${v.creative_id ?? ''}`}>
              <th scope="row">{name(v)}</th>
              <td>{v.creative_name ?? '—'}</td>
              <td className="num">{formatValue(v.messages, 'integer')}</td>
              <td className="num">{formatValue(v.sent, 'integer')}</td>
              <td className="num">{formatValue(v.delivered, 'integer')}</td>
              <td className="num">{formatValue(v.clicked, 'integer')}</td>
              <td className="num">{formatValue(v.conversions, 'integer')}</td>
              <td className="num">{formatValue(v.revenue, 'money')}</td>
              <IntervalCell value={v.ctr} scale={ctrScale} />
              <IntervalCell value={v.cvr} scale={cvrScale} />
              <td className="num">{formatValue(v.rps, 'money')}</td>
              {v.ml_posterior ? (
                <IntervalCell value={v.ml_posterior.ctr} scale={ctrScale} />
              ) : (
                <td className="muted">—</td>
              )}
              <td className="num">{v.ml_posterior ? formatValue(v.ml_posterior.rps, 'money') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
