// The creative editor's GSM-7 check agrees with the server's segment counter (core/segments.ts): a message has an
// offending character exactly when the server would send it as UCS-2, and that character is the first one outside
// the GSM-7 tables, split out whole (an emoji is one character, not two halves).
import fc from 'fast-check'
import t from 'tap'
import { GSM7_BASIC_CHARS, GSM7_EXTENSION_CHARS } from '../../core/data/gsm7.js'
import { isGsm7 } from '../../core/segments.js'
import { firstUcs2, isGsm7Char } from '../../web/src/creatives/gsm.js'

t.test('the tables match the server’s', async (t) => {
  for (const char of GSM7_BASIC_CHARS + GSM7_EXTENSION_CHARS) t.ok(isGsm7Char(char), JSON.stringify(char))
  for (const char of ['😀', 'ç', '’', '“', 'á', '\t', '`']) t.notOk(isGsm7Char(char), char)
})

t.test('examples', async (t) => {
  t.equal(firstUcs2('Hi {{link1}} [50% off] €5'), null, 'extension characters stay GSM-7')
  t.same(firstUcs2('Deal 😀 now ’'), { before: 'Deal ', char: '😀', after: ' now ’' })
  t.same(firstUcs2('’quoted’'), { before: '', char: '’', after: 'quoted’' })
})

const gsmChar = fc.constantFrom(...(GSM7_BASIC_CHARS + GSM7_EXTENSION_CHARS))
const anyChar = fc.oneof(gsmChar, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }))

t.test('agrees with the server for any message, and the split puts the message back together', async (t) => {
  fc.assert(
    fc.property(fc.array(anyChar, { maxLength: 40 }), (chars) => {
      const text = chars.join('')
      const found = firstUcs2(text)
      if ((found === null) !== isGsm7(text)) return false
      if (found === null) return true
      return (
        found.before + found.char + found.after === text &&
        !isGsm7Char(found.char) &&
        [...found.before].every(isGsm7Char) &&
        [...found.char].length === 1
      )
    }),
    { numRuns: 500 },
  )
  t.pass('500 messages')
})
