// Just enough CSV for the import page (RFC 4180): read the chosen file into records to show its columns and send
// it in chunks, and write the chunks back with the mapped header. Quoted cells may hold commas, quotes and newlines.

/** The file's records, blank lines dropped; a leading byte-order mark is ignored. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let cell = ''
  let quoted = false
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const endRecord = () => {
    record.push(cell)
    if (record.length > 1 || record[0] !== '') records.push(record)
    record = []
    cell = ''
  }
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (quoted) {
      if (c !== '"') cell += c
      else if (source[i + 1] === '"') {
        cell += '"'
        i++
      } else quoted = false
    } else if (c === '"') quoted = true
    else if (c === ',') {
      record.push(cell)
      cell = ''
    } else if (c === '\n') endRecord()
    else if (c !== '\r') cell += c
  }
  if (cell !== '' || record.length > 0) endRecord()
  return records
}

const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

/** Records as CSV text, one line per record. */
export function toCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => r.map(field).join(',')).join('\n')
}
