// The performance table: one row per group, sortable by any column (React Aria Table: keyboard and screen
// reader sorting), and the totals row last whatever the order.
import { useMemo, useState } from 'react'
import { Cell, Column, Row, type SortDescriptor, Table, TableBody, TableHeader } from 'react-aria-components'
import { formatValue } from '../ui/format'
import { TableScroll } from '../ui/TableScroll'
import { COLUMNS, type PerformanceRow } from './metrics'

interface Props {
  rows: PerformanceRow[]
  totals: Omit<PerformanceRow, 'key'> | undefined
  keyLabel: string
  label: (key: string | null) => string
}

const TOTAL = '__total__'

export function ReportTable({ rows, totals, keyLabel, label }: Props) {
  const [sort, setSort] = useState<SortDescriptor>({ column: 'key', direction: 'ascending' })
  const sorted = useMemo(() => {
    const column = String(sort.column)
    const value = (r: PerformanceRow) =>
      column === 'key' ? label(r.key) : Number(r[column as keyof PerformanceRow] ?? Number.NEGATIVE_INFINITY)
    const out = [...rows].sort((a, b) => {
      const x = value(a)
      const y = value(b)
      return x < y ? -1 : x > y ? 1 : 0
    })
    return sort.direction === 'descending' ? out.reverse() : out
  }, [rows, sort, label])
  const items = [
    ...sorted.map((r) => ({
      id: r.key ?? '(none)',
      row: r as Omit<PerformanceRow, 'key'>,
      name: label(r.key),
    })),
    ...(totals ? [{ id: TOTAL, row: totals, name: 'Total' }] : []),
  ]
  return (
    <TableScroll label="Performance table">
      <Table
        aria-label="Performance report"
        sortDescriptor={sort}
        onSortChange={setSort}
        className="report-table"
      >
        <TableHeader>
          <Column id="key" isRowHeader allowsSorting>
            {keyLabel}
          </Column>
          {COLUMNS.map((c) => (
            <Column key={c.key} id={c.key} allowsSorting className="num">
              {c.label}
            </Column>
          ))}
        </TableHeader>
        <TableBody items={items} renderEmptyState={() => 'No events in this range.'}>
          {(item) => (
            <Row id={item.id} className={item.id === TOTAL ? 'totals' : undefined}>
              <Cell>{item.name}</Cell>
              {COLUMNS.map((c) => (
                <Cell key={c.key} className="num">
                  {formatValue(item.row[c.key], c.format)}
                </Cell>
              ))}
            </Row>
          )}
        </TableBody>
      </Table>
    </TableScroll>
  )
}
