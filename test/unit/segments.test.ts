import fc from 'fast-check'
import t from 'tap'
import { GSM7_BASIC_CHARS, GSM7_EXTENSION_CHARS } from '../../core/data/gsm7.js'
import {
  creativeLength,
  DEFAULT_COMPLIANCE_SUFFIX,
  estimateSegments,
  isGsm7,
  type SmsEncoding,
} from '../../core/segments.js'

const a = (n: number) => 'a'.repeat(n)
const FAMILY = '👨‍👩‍👧‍👦' // 4 people joined by ZWJ: 11 UTF-16 code units, one grapheme
const US_FLAG = '🇺🇸' // two regional indicators: 4 code units, one grapheme

interface SegmentCase {
  name: string
  text: string
  encoding: SmsEncoding
  units: number
  segments: number
  partUnits?: number[]
}

const cases: SegmentCase[] = [
  {
    name: 'empty body bills as one segment',
    text: '',
    encoding: 'GSM-7',
    units: 0,
    segments: 1,
    partUnits: [0],
  },
  { name: '160 GSM chars fit one part', text: a(160), encoding: 'GSM-7', units: 160, segments: 1 },
  {
    name: '161 GSM chars split 153 + 8',
    text: a(161),
    encoding: 'GSM-7',
    units: 161,
    segments: 2,
    partUnits: [153, 8],
  },
  { name: '306 GSM chars are exactly 2 parts', text: a(306), encoding: 'GSM-7', units: 306, segments: 2 },
  { name: '307 GSM chars need 3 parts', text: a(307), encoding: 'GSM-7', units: 307, segments: 3 },
  { name: '€ is an extension char (2 septets)', text: '€', encoding: 'GSM-7', units: 2, segments: 1 },
  { name: '{ is an extension char (2 septets)', text: '{', encoding: 'GSM-7', units: 2, segments: 1 },
  { name: 'all ten extension chars', text: GSM7_EXTENSION_CHARS, encoding: 'GSM-7', units: 20, segments: 1 },
  { name: '80 braces are 160 septets', text: '{'.repeat(80), encoding: 'GSM-7', units: 160, segments: 1 },
  {
    name: '81 braces: a part holds only 76 of them (152 septets)',
    text: '{'.repeat(81),
    encoding: 'GSM-7',
    units: 162,
    segments: 2,
    partUnits: [152, 10],
  },
  {
    name: 'an extension char straddling the 153 boundary moves whole to the next part',
    text: `${a(152)}€${a(7)}`,
    encoding: 'GSM-7',
    units: 161,
    segments: 2,
    partUnits: [152, 9],
  },
  {
    name: 'that move can cost an extra part (306 septets in 3 parts)',
    text: `${a(152)}€${a(152)}`,
    encoding: 'GSM-7',
    units: 306,
    segments: 3,
    partUnits: [152, 153, 1],
  },
  {
    name: 'an extension char just after the boundary is not moved',
    text: `${a(159)}€`,
    encoding: 'GSM-7',
    units: 161,
    segments: 2,
    partUnits: [153, 8],
  },
  {
    name: 'the whole basic table is GSM-7',
    text: GSM7_BASIC_CHARS,
    encoding: 'GSM-7',
    units: 127,
    segments: 1,
  },
  { name: 'CRLF stays GSM-7 (2 septets)', text: 'a\r\nb', encoding: 'GSM-7', units: 4, segments: 1 },
  { name: 'Ç is in the basic table', text: 'Ça va', encoding: 'GSM-7', units: 5, segments: 1 },
  { name: 'ç forces UCS-2', text: 'ça va', encoding: 'UCS-2', units: 5, segments: 1 },
  { name: 'one ç makes all 160 chars UCS-2', text: `${a(159)}ç`, encoding: 'UCS-2', units: 160, segments: 3 },
  { name: 'smart quotes force UCS-2', text: 'Say “hi”', encoding: 'UCS-2', units: 8, segments: 1 },
  { name: 'em dash forces UCS-2', text: 'Sale — today', encoding: 'UCS-2', units: 12, segments: 1 },
  { name: 'ellipsis forces UCS-2', text: 'Wait…', encoding: 'UCS-2', units: 5, segments: 1 },
  { name: 'backtick forces UCS-2', text: 'a`b', encoding: 'UCS-2', units: 3, segments: 1 },
  { name: 'extension char costs 1 unit in UCS-2', text: 'ç€', encoding: 'UCS-2', units: 2, segments: 1 },
  { name: '70 UCS-2 units fit one part', text: `ç${a(69)}`, encoding: 'UCS-2', units: 70, segments: 1 },
  {
    name: '71 UCS-2 units split 67 + 4',
    text: `ç${a(70)}`,
    encoding: 'UCS-2',
    units: 71,
    segments: 2,
    partUnits: [67, 4],
  },
  {
    name: '134 UCS-2 units are exactly 2 parts',
    text: 'ç'.repeat(134),
    encoding: 'UCS-2',
    units: 134,
    segments: 2,
  },
  { name: '135 UCS-2 units need 3 parts', text: 'ç'.repeat(135), encoding: 'UCS-2', units: 135, segments: 3 },
  { name: 'an astral emoji counts 2 units', text: '😀', encoding: 'UCS-2', units: 2, segments: 1 },
  {
    name: '35 emoji are 70 units, one part',
    text: '😀'.repeat(35),
    encoding: 'UCS-2',
    units: 70,
    segments: 1,
  },
  {
    name: 'a surrogate pair starting at unit 67 moves whole to part 2',
    text: `ç${a(65)}😀${a(10)}`,
    encoding: 'UCS-2',
    units: 78,
    segments: 2,
    partUnits: [66, 12],
  },
  {
    name: 'a ZWJ family emoji is never split',
    text: `ç${a(60)}${FAMILY}${a(5)}`,
    encoding: 'UCS-2',
    units: 77,
    segments: 2,
    partUnits: [61, 16],
  },
  {
    name: 'a flag is never split',
    text: `ç${a(64)}${US_FLAG}${a(5)}`,
    encoding: 'UCS-2',
    units: 74,
    segments: 2,
    partUnits: [65, 9],
  },
  {
    name: 'a skin-tone emoji is never split',
    text: `ç${a(64)}👍🏽${a(5)}`,
    encoding: 'UCS-2',
    units: 74,
    segments: 2,
    partUnits: [65, 9],
  },
  {
    name: 'a grapheme bigger than a part is broken at code points',
    text: `a${'\u0301'.repeat(100)}`,
    encoding: 'UCS-2',
    units: 101,
    segments: 2,
    partUnits: [67, 34],
  },
]

t.test('estimateSegments: concrete cases', async (t) => {
  for (const c of cases) {
    const estimate = estimateSegments(c.text)
    t.equal(estimate.encoding, c.encoding, `${c.name}: encoding`)
    t.equal(estimate.units, c.units, `${c.name}: units`)
    t.equal(estimate.segments, c.segments, `${c.name}: segments`)
    t.equal(estimate.characters, c.text.length, `${c.name}: characters`)
    if (c.partUnits) t.same(estimate.partUnits, c.partUnits, `${c.name}: part units`)
  }
})

t.test('estimateSegments: per-part capacity', async (t) => {
  t.equal(estimateSegments(a(160)).perSegment, 160)
  t.equal(estimateSegments(a(161)).perSegment, 153)
  t.equal(estimateSegments('ç').perSegment, 70)
  t.equal(estimateSegments('ç'.repeat(71)).perSegment, 67)
})

t.test('isGsm7', async (t) => {
  t.ok(isGsm7(''))
  t.ok(isGsm7('Hello @ £5 {ok} €'))
  t.notOk(isGsm7('ç'))
  t.notOk(isGsm7('👍'))
  t.notOk(isGsm7('it’s'))
})

t.test('creativeLength (spec §7)', async (t) => {
  t.equal(DEFAULT_COMPLIANCE_SUFFIX.length, 35, 'default suffix is 35 chars with its joining space')
  t.equal(DEFAULT_COMPLIANCE_SUFFIX.trim().length, 34, "the spec's +34 is the suffix text itself")

  t.same(creativeLength('Hi {{link1}}', { prefix: '', suffix: '' }), {
    character_count: 26,
    segment_count: 1,
    encoding: 'GSM-7',
  })
  // ': ' (brand name unknown) + 'Hi ' + 23 + 35
  t.equal(creativeLength('Hi {{link1}}').character_count, 63)
  t.equal(creativeLength('Hi {{link1}}', { brandName: 'Acme' }).character_count, 67)
  t.equal(
    creativeLength('Hi {{link1}}', { brandName: '$&' }).character_count,
    65,
    'brand name is inserted literally',
  )
  t.equal(creativeLength('Hi {{link1}}', { linkLength: 30, prefix: '', suffix: '' }).character_count, 33)
  t.equal(creativeLength('{{link1}} and {{link2}}', { prefix: '', suffix: '' }).character_count, 51)

  // linkCount is authoritative: surplus placeholders count as empty, surplus links as appended
  t.equal(
    creativeLength('A {{link1}} {{link2}}', { linkCount: 1, prefix: '', suffix: '' }).character_count,
    26,
  )
  t.equal(creativeLength('A {{link1}}', { linkCount: 2, prefix: '', suffix: '' }).character_count, 48)

  const gsmFill = (total: number) => `${a(total - 23 - 2 - 35)}{{link1}}`
  t.same(creativeLength(gsmFill(160)), { character_count: 160, segment_count: 1, encoding: 'GSM-7' })
  t.same(creativeLength(gsmFill(161)), { character_count: 161, segment_count: 2, encoding: 'GSM-7' })

  const unicode = creativeLength('Olá ça va? {{link1}}')
  t.equal(unicode.encoding, 'UCS-2')
  t.equal(unicode.character_count, 2 + 11 + 23 + 35)
  t.equal(unicode.segment_count, 2, '71 UCS-2 units need 2 parts')

  t.equal(
    creativeLength('Hi {{link1}}', { brandName: 'Zoë' }).encoding,
    'UCS-2',
    'the brand name can force UCS-2',
  )
  t.equal(creativeLength('{{link1}} €', { prefix: '', suffix: '' }).segment_count, 1)
})

// Pieces that exercise every rule: basic, extension, non-GSM BMP, astral, ZWJ, flags, combining marks.
const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '@',
  '£',
  'Δ',
  '\n',
  '\r',
  '€',
  '{',
  '^',
  '\\',
  'ç',
  'é',
  '“',
  '—',
  '😀',
  '👍🏽',
  FAMILY,
  US_FLAG,
  '🇺',
  '\u0301',
  '\u200d',
]
const mixedText = fc.array(fc.constantFrom(...PIECES), { maxLength: 400 }).map((pieces) => pieces.join(''))
const anyText = fc.oneof(
  mixedText,
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ maxLength: 400 }),
)
const GSM_ALL = new Set(GSM7_BASIC_CHARS + GSM7_EXTENSION_CHARS)
const gsmBasicNoCr = [...GSM7_BASIC_CHARS].filter((char) => char !== '\r' && char !== '\n')

t.test('estimateSegments: properties', async (t) => {
  fc.assert(
    fc.property(anyText, fc.constantFrom(...PIECES), (text, appended) => {
      return estimateSegments(text + appended).segments >= estimateSegments(text).segments
    }),
    { numRuns: 2000 },
  )
  t.pass('segments never decrease when a character is appended')

  fc.assert(
    fc.property(fc.array(fc.constantFrom(...GSM7_BASIC_CHARS), { maxLength: 160 }), (chars) => {
      const estimate = estimateSegments(chars.join(''))
      return estimate.encoding === 'GSM-7' && estimate.segments === 1
    }),
  )
  t.pass('GSM-only text of at most 160 basic chars is one segment')

  fc.assert(
    fc.property(fc.array(fc.constantFrom(...gsmBasicNoCr), { maxLength: 1000 }), (chars) => {
      const n = chars.length
      return estimateSegments(chars.join('')).segments === (n <= 160 ? 1 : Math.ceil(n / 153))
    }),
  )
  t.pass('basic GSM text follows the 160 / 153 arithmetic exactly')

  fc.assert(
    fc.property(anyText, (text) => {
      const estimate = estimateSegments(text)
      const packed = estimate.partUnits.reduce((sum, units) => sum + units, 0)
      return (
        estimate.partUnits.every((units) => units <= estimate.perSegment) &&
        estimate.partUnits.length === estimate.segments &&
        packed === estimate.units &&
        estimate.segments >= Math.max(1, Math.ceil(estimate.units / estimate.perSegment))
      )
    }),
    { numRuns: 2000 },
  )
  t.pass('every part holds at most its capacity and all units are packed')

  fc.assert(
    fc.property(anyText, (text) => {
      const outsideGsm = [...text].some((char) => !GSM_ALL.has(char))
      return (estimateSegments(text).encoding === 'UCS-2') === outsideGsm && isGsm7(text) === !outsideGsm
    }),
    { numRuns: 2000 },
  )
  t.pass('encoding is UCS-2 iff some character is outside the GSM-7 tables')
})
