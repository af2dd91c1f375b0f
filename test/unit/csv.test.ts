import fc from 'fast-check'
import t from 'tap'
import { CsvError, CsvParser, parseCsv } from '../../core/csv.js'

t.test('RFC 4180 records', async (t) => {
  t.same(parseCsv('a,b,c\n1,2,3\n'), [
    ['a', 'b', 'c'],
    ['1', '2', '3'],
  ])
  t.same(
    parseCsv('a,b\r\n1,2'),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'CRLF, and no newline at the end',
  )
  t.same(
    parseCsv('"a, b","say ""hi""",c\n'),
    [['a, b', 'say "hi"', 'c']],
    'quoted delimiter and escaped quote',
  )
  t.same(parseCsv('"line 1\nline 2",x\n'), [['line 1\nline 2', 'x']], 'newline inside quotes')
  t.same(parseCsv('a,,\n'), [['a', '', '']], 'empty fields')
  t.same(parseCsv('"",b\n'), [['', 'b']], 'empty quoted field')
  t.same(parseCsv('\ufeffphone\n1\n'), [['phone'], ['1']], 'a byte-order mark is dropped')
  t.same(parseCsv('a\n\n\nb\n'), [['a'], ['b']], 'blank lines are skipped')
  t.same(parseCsv(''), [])
})

t.test('lenient where spreadsheets are sloppy', async (t) => {
  t.same(parseCsv('ab"c,d\n'), [['ab"c', 'd']], 'stray quote inside an unquoted field is literal')
  t.same(parseCsv('"ab"c,d\n'), [['abc', 'd']], 'text after a closing quote is appended')
  t.same(parseCsv('a;b\n'), [['a;b']])
  const semicolon = new CsvParser({ delimiter: ';' })
  t.same([...semicolon.push('a;b\n'), ...semicolon.finish()], [['a', 'b']], 'other delimiters')
})

t.test('an unterminated quote is an error', async (t) => {
  t.throws(() => parseCsv('"abc\n'), CsvError)
})

t.test('records come out as soon as they end, across any chunking', async (t) => {
  const parser = new CsvParser()
  t.same(parser.push('a,"b'), [])
  t.same(parser.push('""c"\r'), [['a', 'b"c']], 'the CR ends the record')
  t.same(parser.push('\nnext'), [], 'its LF in the next chunk is not a blank line')
  t.same(parser.finish(), [['next']])
})

// A generated table written as RFC 4180 text, then split into arbitrary chunks, parses back to the table.
const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '1') })
t.test('property: write → chunk anywhere → parse is the identity', async () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.constantFrom('\n', '\r\n'),
      (table, cuts, eol) => {
        // Quote every field so that empty single-field rows are not mistaken for blank lines.
        const text = table.map((row) => row.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join(eol)
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const parser = new CsvParser()
        const out: string[][] = []
        let from = 0
        for (const p of [...points, text.length]) {
          out.push(...parser.push(text.slice(from, p)))
          from = p
        }
        out.push(...parser.finish())
        const expected = table.filter((row) => !(row.length === 1 && row[0] === ''))
        if (JSON.stringify(out) !== JSON.stringify(expected))
          throw new Error(`${JSON.stringify(text)} → ${JSON.stringify(out)}`)
      },
    ),
  )
})

t.test(
  'property: line by line with the newline put back (the readline path) equals whole-text parsing',
  async () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        (table) => {
          const text = table.map((row) => row.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\n')
          const parser = new CsvParser()
          const out: string[][] = []
          for (const line of text.split(/\r?\n/)) out.push(...parser.push(`${line}\n`))
          out.push(...parser.finish())
          const whole = parseCsv(text.replaceAll('\r\n', '\n'))
          if (JSON.stringify(out) !== JSON.stringify(whole)) throw new Error(JSON.stringify(text))
        },
      ),
    )
  },
)
