// A small streaming RFC 4180 CSV parser: text goes in in pieces of any size (whole files, chunks, or lines from
// node:readline with their newline put back), complete records come out as soon as they end. A quoted field may
// span chunks and lines. Lenient where spreadsheets are sloppy: a stray quote inside an unquoted field is kept
// literally, text after a closing quote is appended, and blank lines are skipped.

export class CsvError extends Error {
  override name = 'CsvError'
}

export class CsvParser {
  private field = ''
  private record: string[] = []
  private inQuotes = false
  /** The previous chunk ended on a quote inside a quoted field: escaped quote or closing quote, not known yet. */
  private pendingQuote = false
  /** The previous chunk ended on a CR; a LF starting the next chunk belongs to it. */
  private pendingCr = false
  private fieldStarted = false
  private started = false
  private readonly delimiter: string

  constructor(options: { delimiter?: string } = {}) {
    this.delimiter = options.delimiter ?? ','
  }

  /** Parses the next piece of text and returns the records it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = []
    let text = chunk
    if (!this.started && text.length > 0) {
      this.started = true
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    let i = 0
    if (this.pendingCr) {
      this.pendingCr = false
      if (text[0] === '\n') i = 1
    }
    for (; i < text.length; i++) {
      const ch = text[i]!
      if (this.pendingQuote) {
        this.pendingQuote = false
        if (ch === '"') {
          this.field += '"'
          continue
        }
        this.inQuotes = false
      }
      if (this.inQuotes) {
        if (ch === '"') {
          if (i + 1 < text.length) {
            if (text[i + 1] === '"') {
              this.field += '"'
              i++
            } else this.inQuotes = false
          } else this.pendingQuote = true
        } else this.field += ch
        continue
      }
      if (ch === '"' && !this.fieldStarted) {
        this.inQuotes = true
        this.fieldStarted = true
      } else if (ch === this.delimiter) {
        this.endField()
      } else if (ch === '\n' || ch === '\r') {
        this.endRecord(out)
        if (ch === '\r') {
          if (i + 1 < text.length) {
            if (text[i + 1] === '\n') i++
          } else this.pendingCr = true
        }
      } else {
        this.field += ch
        this.fieldStarted = true
      }
    }
    return out
  }

  /** Ends the input: returns the last record if the text did not end with a newline. */
  finish(): string[][] {
    if (this.pendingQuote) {
      this.pendingQuote = false
      this.inQuotes = false
    }
    if (this.inQuotes) throw new CsvError('unterminated quoted field at the end of the CSV')
    const out: string[][] = []
    if (this.fieldStarted || this.record.length > 0) this.endRecord(out)
    return out
  }

  private endField(): void {
    this.record.push(this.field)
    this.field = ''
    this.fieldStarted = false
  }

  private endRecord(out: string[][]): void {
    this.endField()
    const record = this.record
    this.record = []
    if (!(record.length === 1 && record[0] === '')) out.push(record)
  }
}

/** Every record of a complete CSV text. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser()
  return [...parser.push(text), ...parser.finish()]
}
