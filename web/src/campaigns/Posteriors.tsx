// ML creative selection's posteriors: each automated creative's click-through and conversion rates as a mean
// and 95% credible interval (drawn as a bar), and its expected revenue per send.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { formatValue } from '../ui/format'

interface Interval {
  mean: number
  low: number
  high: number
}

function IntervalCell({ value, scale }: { value: Interval; scale: number }) {
  const pct = (v: number) => `${Math.min(100, (v / scale) * 100).toFixed(2)}%`
  const text = `${formatValue(value.mean, 'percent')} (${formatValue(value.low, 'percent')}–${formatValue(value.high, 'percent')})`
  return (
    <td className="interval">
      <span>{text}</span>
      <span className="interval-track" aria-hidden="true">
        <span
          className="interval-range"
          style={{ left: pct(value.low), width: pct(value.high - value.low) }}
        />
        <span className="interval-mean" style={{ left: pct(value.mean) }} />
      </span>
    </td>
  )
}

export function Posteriors() {
  const ml = useQuery({ queryKey: ['ml-creatives'], queryFn: () => unwrap(api.GET('/api/v2/ml/creatives')) })
  if (ml.error) return <ErrorNote error={ml.error} />
  const creatives = ml.data?.creatives ?? []
  if (creatives.length === 0) return null
  const ctrScale = Math.max(...creatives.map((c) => c.ctr.high), 0.01)
  const cvrScale = Math.max(...creatives.map((c) => c.cvr.high), 0.01)
  return (
    <>
      <h2>ML selection: creative posteriors</h2>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="muted">Posterior mean with its 95% credible interval</caption>
          <thead>
            <tr>
              <th scope="col">Creative</th>
              <th scope="col" className="num">
                Sends
              </th>
              <th scope="col" className="num">
                Clicks
              </th>
              <th scope="col" className="num">
                Conversions
              </th>
              <th scope="col">Click-through rate</th>
              <th scope="col">Conversion rate</th>
              <th scope="col" className="num">
                Revenue per send
              </th>
            </tr>
          </thead>
          <tbody>
            {creatives.map((c) => (
              <tr key={c.creative_id}>
                <th scope="row">{c.name}</th>
                <td className="num">{formatValue(c.sends, 'integer')}</td>
                <td className="num">{formatValue(c.clicks, 'integer')}</td>
                <td className="num">{formatValue(c.conversions, 'integer')}</td>
                <IntervalCell value={c.ctr} scale={ctrScale} />
                <IntervalCell value={c.cvr} scale={cvrScale} />
                <td className="num">{formatValue(c.rps, 'money')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
