// The import's column mapping: each column of the file (with its first value as a sample) and the contact field
// it fills, or ignored.
import { SelectField } from '../ui/SelectField'
import { TableScroll } from '../ui/TableScroll'
import { FIELDS, type Field } from './importChunks'

const OPTIONS: ReadonlyArray<{ id: Field; name: string }> = [{ id: 'ignore', name: 'Ignore' }, ...FIELDS]

export function ColumnMapping({
  records,
  mapping,
  onChange,
  isDisabled,
}: {
  records: string[][]
  mapping: Field[]
  onChange(mapping: Field[]): void
  isDisabled: boolean
}) {
  const header = records[0] ?? []
  const sample = records[1] ?? []
  return (
    <TableScroll label="Column mapping">
      <table className="data-table">
        <caption>Which contact field each column fills</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">First value</th>
            <th scope="col">Contact field</th>
          </tr>
        </thead>
        <tbody>
          {header.map((name, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a column is its position in the file
            <tr key={index}>
              <th scope="row">{name || `Column ${index + 1}`}</th>
              <td>{sample[index] ?? ''}</td>
              <td>
                <SelectField
                  label={`Field for column ${name || index + 1}`}
                  value={mapping[index] ?? 'ignore'}
                  options={OPTIONS}
                  onChange={(field) => onChange(mapping.map((f, i) => (i === index ? field : f)))}
                  isDisabled={isDisabled}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
