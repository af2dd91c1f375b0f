// What a dry run found (or a real run did): the counts, and every row that is not imported with the reason.
import { Link } from 'react-router-dom'
import { formatValue } from '../ui/format'
import { TableScroll } from '../ui/TableScroll'
import { type ImportTotals, REASONS } from './importChunks'

/** Problem rows listed on the page; the counts include them all. */
const SHOWN = 200

export function ImportSummary({
  totals,
  dryRun,
  listNumber,
}: {
  totals: ImportTotals
  dryRun: boolean
  listNumber: string | null
}) {
  const figures = [
    ['Rows', totals.total_rows],
    ['Valid', totals.valid_rows],
    ['Invalid', totals.invalid_rows],
    ['Repeated', totals.duplicate_rows],
    [dryRun ? 'Would be new on the list' : 'New on the list', totals.created],
    [dryRun ? 'Already on the list' : 'Updated', totals.updated],
  ] as const
  return (
    <section aria-label={dryRun ? 'Dry run result' : 'Import result'}>
      <h2>{dryRun ? 'Dry run: nothing imported yet' : 'Imported'}</h2>
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{formatValue(value, 'integer')}</dd>
          </div>
        ))}
      </dl>
      {!dryRun && listNumber && (
        <p>
          <Link to={`/contacts?list=${encodeURIComponent(listNumber)}`}>See the list’s contacts</Link>
        </p>
      )}
      {totals.problems.length > 0 && (
        <>
          <h3>Rows not imported</h3>
          {totals.problems.length > SHOWN && (
            <p className="muted">
              The first {SHOWN} of {totals.problems.length}.
            </p>
          )}
          <TableScroll label="Rows not imported">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Number</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {totals.problems.slice(0, SHOWN).map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>{r.phone_number ?? '—'}</td>
                    <td>{r.reason ? REASONS[r.reason] : r.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  )
}
