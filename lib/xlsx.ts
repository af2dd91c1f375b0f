// Excel export of a report (spec §22: CSV or Excel), written with exceljs: a header row, then one row per report
// row in the same column order as the CSV. Text is stored as text cells, never as formulas, so a value such as
// "=HYPERLINK(…)" from a contact's custom field stays inert.

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export async function toXlsx<T extends object>(
  sheetName: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
): Promise<Buffer> {
  // Loaded on first export: the library is large and most processes never write a workbook.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Trackly'
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.addRow([...columns])
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow(
      columns.map((c) => {
        const value = row[c] as unknown
        if (value === null || value === undefined) return null
        return typeof value === 'number' || typeof value === 'boolean' ? value : String(value)
      }),
    )
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
