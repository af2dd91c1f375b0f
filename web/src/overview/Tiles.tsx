// The overview's tiles: each metric for the range, with the previous period of the same length beside it.
import type { Reply } from '../api/types'
import { type Format, formatValue } from '../ui/format'

type Overview = Reply<'/api/v2/reports/overview'>
type Tiles = Overview['current']

const TILES: ReadonlyArray<{ key: keyof Tiles; label: string; format: Format }> = [
  { key: 'sends', label: 'Sends', format: 'integer' },
  { key: 'delivery_rate', label: 'Delivery rate', format: 'percent' },
  { key: 'clicks_unique', label: 'Unique clicks', format: 'integer' },
  { key: 'clicks_total', label: 'Total clicks', format: 'integer' },
  { key: 'clicks_bot', label: 'Bot clicks', format: 'integer' },
  { key: 'click_rate', label: 'Click rate', format: 'percent' },
  { key: 'conversions', label: 'Conversions', format: 'integer' },
  { key: 'revenue', label: 'Revenue', format: 'money' },
  { key: 'epc', label: 'EPC', format: 'money' },
  { key: 'rps', label: 'RPS', format: 'money' },
  { key: 'cost', label: 'Cost', format: 'money' },
  { key: 'profit', label: 'Profit', format: 'money' },
  { key: 'opt_out_rate', label: 'Opt-out rate', format: 'percent' },
]

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const span = (r: { from: string; to: string }, zone: string) =>
  `${when.format(new Date(r.from))} – ${when.format(new Date(r.to))}`.concat(zone ? ` (${zone})` : '')

export function Tiles({ overview }: { overview: Overview }) {
  return (
    <>
      <p className="muted range-note">
        {span(overview.range, overview.timezone)}, beside {span(overview.previous_range, '')}
      </p>
      <ul className="tiles" aria-label="Totals for the range">
        {TILES.map(({ key, label, format }) => (
          <li key={key} className="tile" data-tile={key}>
            <span className="tile-label">{label}</span>
            <span className="tile-value" data-testid={`tile-${key}`}>
              {formatValue(overview.current[key], format)}
            </span>
            <span className="tile-previous">
              <span className="visually-hidden">Previous period: </span>
              <span aria-hidden="true">prev. </span>
              {formatValue(overview.previous[key], format)}
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
