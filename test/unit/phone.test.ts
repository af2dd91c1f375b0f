import fc from 'fast-check'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import t from 'tap'
import { NANP_AREA_CODE_GROUPS, NANP_AREA_CODES } from '../../core/data/nanp-area-codes.js'
import {
  areaCodeInfo,
  deriveContactFacts,
  isE164Format,
  lineTypeOf,
  normalisePhone,
  normaliseValidNumber,
  parseCsvLineType,
  parseE164,
  parseValidNumber,
  type ValidNumber,
} from '../../core/phone.js'
import { isValidTimeZone } from '../../core/quiet-hours.js'

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''))

/**
 * Over 20,000 generated inputs, `parse` answers what `reference` does (compared as JSON) and `e164Of` its number;
 * returns how many inputs were valid.
 */
function agreeOver(
  inputs: fc.Arbitrary<string>,
  parse: (text: string) => ValidNumber | null,
  e164Of: (text: string) => string | null,
  reference: (text: string) => ValidNumber | null,
): number {
  let valid = 0
  fc.assert(
    fc.property(inputs, (text) => {
      const got = parse(text)
      if (got) valid++
      const expected = reference(text)
      if (JSON.stringify(got) !== JSON.stringify(expected))
        throw new Error(`${JSON.stringify(text)}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`)
      if (e164Of(text) !== (expected?.e164 ?? null)) throw new Error(`${JSON.stringify(text)}: e164`)
    }),
    { numRuns: 20_000 },
  )
  return valid
}

t.test('parseE164 takes strict, valid E.164 only', async (t) => {
  t.equal(parseE164('+14155551234'), '+14155551234')
  t.equal(parseE164(' +14155551234 '), '+14155551234', 'surrounding spaces are trimmed')
  t.equal(parseE164('+447911123456'), '+447911123456')
  for (const bad of [
    '4155551234',
    '14155551234',
    '+1 415 555 1234',
    '+1(415)5551234',
    '+1415555',
    '+10005551234',
    '',
    '+',
    'abc',
  ])
    t.equal(parseE164(bad), null, `refuses ${JSON.stringify(bad)}`)
})

t.test(
  'property: parseValidNumber answers what validating the number and reading its line type separately answer',
  async (t) => {
    // The reference is the library's own isValid() (what parseE164 called before), then lineTypeOf.
    const reference = (text: string) => {
      const trimmed = text.trim()
      if (!/^\+[1-9]\d{6,14}$/.test(trimmed)) return null
      const parsed = parsePhoneNumberFromString(trimmed)
      return parsed?.isValid() ? { e164: parsed.number, lineType: lineTypeOf(parsed.number) } : null
    }
    const valid = agreeOver(
      fc.oneof(
        // Country codes of NANP, the UK, Germany, India, Brazil, then anything E.164-shaped.
        fc
          .tuple(fc.constantFrom('+1', '+44', '+49', '+91', '+55', '+7', '+86'), digits(6, 12))
          .map(([c, d]) => c + d),
        fc.tuple(fc.integer({ min: 1, max: 9 }), digits(6, 14)).map(([c, d]) => `+${c}${d}`),
        fc.string({ maxLength: 20 }),
      ),
      parseValidNumber,
      parseE164,
      reference,
    )
    t.ok(valid > 500, `valid numbers among the generated ones: ${valid}`)
    t.same(parseValidNumber(' +447911123456 '), { e164: '+447911123456', lineType: 'cell' })
    t.same(parseValidNumber('+14155551234'), { e164: '+14155551234', lineType: 'unknown' })
    t.equal(parseValidNumber('+10005551234'), null)
  },
)

t.test(
  'property: normaliseValidNumber answers what normalising with isValid() and reading the line type answer',
  async (t) => {
    // The reference is normalisePhone as it was before the single parse: the library's isValid(), then lineTypeOf.
    const valid = (parsed: ReturnType<typeof parsePhoneNumberFromString>) =>
      parsed?.isValid() ? { e164: parsed.number, lineType: lineTypeOf(parsed.number) } : null
    const reference = (text: string) => {
      let cleaned = text.trim()
      if (cleaned === '') return null
      if (/^(00|011)[1-9]/.test(cleaned.replace(/[\s().-]/g, ''))) {
        cleaned = `+${cleaned.replace(/[\s().-]/g, '').replace(/^(00|011)/, '')}`
      }
      const national = valid(parsePhoneNumberFromString(cleaned, 'US'))
      if (national) return national
      const digits = cleaned.replace(/\D/g, '')
      return !cleaned.startsWith('+') && digits.length >= 11
        ? valid(parsePhoneNumberFromString(`+${digits}`))
        : null
    }
    const punctuated = fc
      .tuple(digits(3, 3), digits(3, 3), digits(4, 4), fc.constantFrom(' ', '-', '.', ''))
      .map(([a, b, c, sep]) => `(${a})${sep}${b}${sep}${c}`)
    const found = agreeOver(
      fc.oneof(
        punctuated,
        fc
          .tuple(fc.constantFrom('', '1', '+1', '00', '011', '0044', '+44 ', '44'), digits(6, 12))
          .map(([p, d]) => p + d),
        fc.string({ maxLength: 20 }),
      ),
      (text) => normaliseValidNumber(text),
      (text) => normalisePhone(text),
      reference,
    )
    t.ok(found > 500, `valid numbers among the generated ones: ${found}`)
    t.same(normaliseValidNumber('07911 123456', 'GB'), { e164: '+447911123456', lineType: 'cell' })
    t.same(normaliseValidNumber('(415) 555-1234'), { e164: '+14155551234', lineType: 'unknown' })
  },
)

t.test('normalisePhone reads the ways spreadsheets write numbers', async (t) => {
  for (const written of [
    '+14155551234',
    '4155551234',
    '(415) 555-1234',
    '415.555.1234',
    '1-415-555-1234',
    '14155551234',
    '+1 415 555 1234',
    '001 415 555 1234',
    '011 1 415 555 1234'.replace('011 1', '011 1'),
  ])
    t.equal(normalisePhone(written), '+14155551234', written)
  t.equal(normalisePhone('+44 7911 123456'), '+447911123456')
  t.equal(normalisePhone('00447911123456'), '+447911123456')
  for (const bad of ['', '   ', '12345', 'not a phone', '555-1234', '+1 000 555 1234'])
    t.equal(normalisePhone(bad), null, `refuses ${JSON.stringify(bad)}`)
})

t.test(
  'property: every valid US number round-trips through both parsers, whatever the punctuation',
  async () => {
    const areaCodes = [...NANP_AREA_CODES.keys()].filter((c) => NANP_AREA_CODES.get(c)!.state.length === 2)
    fc.assert(
      fc.property(
        fc.constantFrom(...areaCodes.filter((c) => !['340', '670', '671', '684', '787', '939'].includes(c))),
        fc.integer({ min: 200, max: 999 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom('', ' ', '-', '.'),
        fc.boolean(),
        (area, exchange, line, sep, parens) => {
          const e164 = `+1${area}${exchange}${String(line).padStart(4, '0')}`
          if (parseE164(e164) === null) return // some exchanges (e.g. N11) are not assignable
          const written = `${parens ? `(${area})` : area}${sep}${exchange}${sep}${String(line).padStart(4, '0')}`
          if (normalisePhone(written) !== e164) throw new Error(`${written} → ${normalisePhone(written)}`)
          if (!isE164Format(e164)) throw new Error('format')
        },
      ),
    )
  },
)

t.test('line type from the numbering plan: mobile → cell, fixed line → landline, voip → voip', async (t) => {
  t.equal(lineTypeOf('+447911123456'), 'cell', 'UK 07 numbers are mobile')
  t.equal(lineTypeOf('+442071234567'), 'landline', 'London geographic numbers are fixed line')
  t.equal(lineTypeOf('+14155551234'), 'unknown', 'NANP does not tell fixed from mobile')
  t.equal(lineTypeOf('+18005551234'), 'unknown', 'toll free')
})

t.test('NANP area codes give state and timezone', async (t) => {
  t.same(areaCodeInfo('+14155551234'), { state: 'CA', timezone: 'America/Los_Angeles' })
  t.same(areaCodeInfo('+12125550123'), { state: 'NY', timezone: 'America/New_York' })
  t.same(areaCodeInfo('+13125550123'), { state: 'IL', timezone: 'America/Chicago' })
  t.same(areaCodeInfo('+16025550123'), { state: 'AZ', timezone: 'America/Phoenix' })
  t.same(areaCodeInfo('+19155550123'), { state: 'TX', timezone: 'America/Denver' }, 'El Paso is Mountain')
  t.same(areaCodeInfo('+18505550123'), { state: 'FL', timezone: 'America/Chicago' }, 'split zone: majority')
  t.same(areaCodeInfo('+16135550123'), { state: 'ON', timezone: 'America/Toronto' })
  t.same(areaCodeInfo('+17875550123'), { state: 'PR', timezone: 'America/Puerto_Rico' })
  t.equal(areaCodeInfo('+18005551234'), undefined, 'toll free has no place')
  t.equal(areaCodeInfo('+447911123456'), undefined, 'not NANP')
  t.same(deriveContactFacts('+19075550123'), {
    lineType: 'unknown',
    timezone: 'America/Anchorage',
    state: 'AK',
  })
  t.same(deriveContactFacts('+447911123456'), { lineType: 'cell', timezone: null, state: null })
  t.same(
    deriveContactFacts('+19075550123', 'voip'),
    { lineType: 'voip', timezone: 'America/Anchorage', state: 'AK' },
    'a line type the caller parsed already is taken as given',
  )
})

t.test(
  'the area code table: every zone is a real IANA zone, every code three digits NXX, no code twice',
  async (t) => {
    t.ok(NANP_AREA_CODES.size > 330, `${NANP_AREA_CODES.size} area codes`)
    for (const [code, info] of NANP_AREA_CODES) {
      t.match(code, /^[2-9][0-9]{2}$/)
      if (!isValidTimeZone(info.timezone)) t.fail(`${code}: ${info.timezone}`)
    }
    // Building the map would silently keep the last of two entries; count the groups instead.
    const codes = NANP_AREA_CODE_GROUPS.flatMap(([, , list]) => list.split(' '))
    t.equal(codes.length, NANP_AREA_CODES.size, 'no area code appears in two groups')
    for (const state of ['CA', 'TX', 'FL', 'NY', 'AK', 'HI', 'ON', 'QC', 'BC'])
      t.ok(
        [...NANP_AREA_CODES.values()].some((i) => i.state === state),
        state,
      )
  },
)

t.test('CSV line types', async (t) => {
  t.equal(parseCsvLineType('CELL PHONE'), 'cell')
  t.equal(parseCsvLineType('cell phone'), 'cell')
  t.equal(parseCsvLineType('VOIP'), 'voip')
  t.equal(parseCsvLineType('Landline'), 'landline')
  t.equal(parseCsvLineType('UNKNOWN'), 'unknown')
  t.equal(parseCsvLineType('pager'), null)
})
