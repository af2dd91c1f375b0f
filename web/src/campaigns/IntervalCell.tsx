// A rate's posterior mean and 95% credible interval: the numbers, and a bar showing the interval against `scale`.
import { formatValue } from '../ui/format'

export interface Interval {
  mean: number
  low: number
  high: number
}

export function IntervalCell({ value, scale }: { value: Interval; scale: number }) {
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
