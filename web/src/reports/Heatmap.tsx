// LTV cohorts as a heatmap: one row per cohort, one column per horizon; each cell's shade is its value against
// the largest in the table, and the value itself is in the cell (colour is never the only carrier).
import type { Reply } from '../api/types'
import { formatValue } from '../ui/format'
import { TableScroll } from '../ui/TableScroll'

export type LtvRow = Exclude<Reply<'/api/v2/reports/ltv'>, string>['rows'][number]
export type LtvMeasure = 'ltv' | 'revenue'

const HORIZONS = [
  { suffix: '7d', label: '7 days' },
  { suffix: '14d', label: '14 days' },
  { suffix: '30d', label: '30 days' },
  { suffix: '60d', label: '60 days' },
  { suffix: 'lifetime', label: 'Lifetime' },
] as const

const cell = (row: LtvRow, measure: LtvMeasure, suffix: string): number =>
  Number(row[`${measure}_${suffix}` as keyof LtvRow] ?? 0)

export function Heatmap({
  rows,
  measure,
  keyLabel,
  label,
}: {
  rows: LtvRow[]
  measure: LtvMeasure
  keyLabel: string
  label: (key: string | null) => string
}) {
  const max = Math.max(0, ...rows.flatMap((r) => HORIZONS.map((h) => cell(r, measure, h.suffix))))
  return (
    <TableScroll label="LTV cohorts">
      <table className="heatmap">
        <caption>
          {measure === 'ltv' ? 'Revenue per contact' : 'Revenue'} within each horizon of signup
        </caption>
        <thead>
          <tr>
            <th scope="col">{keyLabel}</th>
            <th scope="col" className="num">
              Contacts
            </th>
            <th scope="col" className="num">
              Converters
            </th>
            {HORIZONS.map((h) => (
              <th key={h.suffix} scope="col" className="num">
                {h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3 + HORIZONS.length}>No contacts signed up in this range.</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.key ?? '(none)'}>
              <th scope="row">{label(r.key)}</th>
              <td className="num">{formatValue(r.contacts, 'integer')}</td>
              <td className="num">{formatValue(r.converters, 'integer')}</td>
              {HORIZONS.map((h) => {
                const value = cell(r, measure, h.suffix)
                const share = max > 0 ? value / max : 0
                return (
                  <td
                    key={h.suffix}
                    className="num heat"
                    // Light text would fail contrast on the pale end, so dark cells switch to white text.
                    style={{
                      background: `rgba(22, 101, 52, ${(0.08 + share * 0.82).toFixed(3)})`,
                      color: share > 0.55 ? '#fff' : '#111',
                    }}
                  >
                    {formatValue(value, 'money')}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
