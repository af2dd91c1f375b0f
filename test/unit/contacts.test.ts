import fc from 'fast-check'
import t from 'tap'
import {
  CONTACT_MAX_BYTES,
  contactBytes,
  parseConsentDate,
  parseContactInput,
  parseCsvHeader,
  parseCsvRow,
  parseCustomFields,
  parseIsoTimestamp,
} from '../../core/contacts.js'

const NOW = new Date('2026-03-15T12:00:00Z')
const base = { phone_number: '+14155551234', list_number: '+18005551000' }

t.test('a minimal contact gets the documented defaults', async (t) => {
  const parsed = parseContactInput(base)
  t.ok(parsed.ok)
  if (!parsed.ok) return
  t.match(parsed.value, {
    phoneNumber: '+14155551234',
    listNumber: '+18005551000',
    useJourneys: false,
    skipJourneyIfExists: true,
    mergeFields: true,
    signupMethod: 'api',
    signupDate: null,
    customFields: null,
    useValidation: false,
  })
})

t.test('per-item codes', async (t) => {
  const code = (raw: unknown) => {
    const r = parseContactInput(raw)
    return r.ok ? 'ok' : r.code
  }
  t.equal(code({ list_number: base.list_number }), 'missing_phone_number')
  t.equal(code({ ...base, phone_number: '' }), 'missing_phone_number')
  t.equal(code({ phone_number: base.phone_number }), 'missing_list_number')
  t.equal(code({ ...base, phone_number: '4155551234' }), 'invalid_phone')
  t.equal(code({ ...base, phone_number: 4155551234 }), 'invalid_phone')
  t.equal(code({ ...base, list_number: '800-555-1000' }), 'invalid_list_number')
  t.equal(code({ ...base, custom_fields: [1] }), 'invalid_custom_fields')
  t.equal(code({ ...base, custom_fields: { a: { nested: true } } }), 'invalid_custom_fields')
  t.equal(code({ ...base, signup_date: 'yesterday' }), 'invalid_date')
  t.equal(code({ ...base, use_journeys: 'yes' }), 'validation_error')
  t.equal(code({ ...base, first_name: 'x'.repeat(101) }), 'validation_error')
  t.equal(code('not an object'), 'validation_error')
  t.equal(code({ ...base, custom_fields: { blob: 'x'.repeat(CONTACT_MAX_BYTES) } }), 'payload_too_large')
})

t.test('the 4,000-byte limit counts UTF-8 bytes of the JSON object', async (t) => {
  const sized = (bytes: number) => {
    const skeleton = contactBytes({ ...base, custom_fields: { note: '' } })
    return { ...base, custom_fields: { note: 'x'.repeat(bytes - skeleton) } }
  }
  t.equal(contactBytes(sized(CONTACT_MAX_BYTES)), CONTACT_MAX_BYTES)
  t.ok(parseContactInput(sized(CONTACT_MAX_BYTES)).ok, 'exactly 4,000 bytes is allowed')
  t.notOk(parseContactInput(sized(CONTACT_MAX_BYTES + 1)).ok, 'one byte more is not')
  t.equal(contactBytes({ a: 'é' }), 10, 'é is two bytes')
})

t.test('custom field values are strings, finite numbers or booleans', async (t) => {
  t.ok(parseCustomFields({ a: 'x', b: 2.5, c: false }).ok)
  t.notOk(parseCustomFields({ a: null }).ok)
  t.notOk(parseCustomFields({ a: Number.NaN }).ok)
  t.notOk(parseCustomFields('x').ok)
  t.notOk(parseCustomFields(null).ok)
})

t.test('timestamps without a zone are UTC', async (t) => {
  t.equal(parseIsoTimestamp('2025-01-02T03:04:05')?.toISOString(), '2025-01-02T03:04:05.000Z')
  t.equal(parseIsoTimestamp('2025-01-02T03:04:05Z')?.toISOString(), '2025-01-02T03:04:05.000Z')
  t.equal(parseIsoTimestamp('2025-01-02T03:04:05.250+02:00')?.toISOString(), '2025-01-02T01:04:05.250Z')
  t.equal(parseIsoTimestamp('2025-01-02T03:04:05-0500')?.toISOString(), '2025-01-02T08:04:05.000Z')
  t.equal(parseIsoTimestamp('2025-01-02')?.toISOString(), '2025-01-02T00:00:00.000Z')
  for (const bad of ['2025-02-30', '2025-13-01', '2025-01-01T25:00:00', 'tomorrow', '01/02/2025'])
    t.equal(parseIsoTimestamp(bad), null, bad)
})

t.test('property: any instant written as ISO with or without Z reads back the same', async () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      (d) => {
        const iso = d.toISOString()
        if (parseIsoTimestamp(iso)?.getTime() !== d.getTime()) throw new Error(iso)
        if (parseIsoTimestamp(iso.slice(0, -1))?.getTime() !== d.getTime())
          throw new Error(`${iso} without Z`)
      },
    ),
  )
})

t.test('consent dates: the four formats, real dates only, never in the future', async (t) => {
  for (const text of ['2026-03-01', '03/01/2026', '03-01-2026', '3/1/2026', '2026-03-01T00:00:00Z']) {
    const r = parseConsentDate(text, NOW)
    t.ok(r.ok && r.value.toISOString() === '2026-03-01T00:00:00.000Z', text)
  }
  t.same(parseConsentDate('02/30/2026', NOW), { ok: false, reason: 'invalid_consent_date' })
  t.same(parseConsentDate('2026-3-1x', NOW), { ok: false, reason: 'invalid_consent_date' })
  t.same(parseConsentDate('2026-03-17', NOW), { ok: false, reason: 'future_consent_date' })
  t.ok(parseConsentDate('2026-03-16', NOW).ok, 'already the 16th east of UTC+12')
  t.same(parseConsentDate('2026-03-15T12:00:01Z', NOW), { ok: false, reason: 'future_consent_date' })
  t.ok(parseConsentDate('2026-03-15', NOW).ok, 'today is not the future')
})

t.test('CSV header: aliases, ignored columns, a phone column is required', async (t) => {
  const h = parseCsvHeader(['MSISDN', 'First Name', 'ConsentDate', 'favourite_color', 'line_type'])
  t.ok(h.ok)
  if (h.ok) {
    t.same(h.value.columns, { phone_number: 0, first_name: 1, consent_date: 2, line_type: 4 })
    t.same(h.value.ignored, ['favourite_color'], 'custom fields cannot be set through CSV')
  }
  for (const alias of ['phone', 'phone_number', 'Phone Number']) t.ok(parseCsvHeader([alias]).ok, alias)
  for (const alias of ['consent', 'opted_in_date', 'optin_date', 'consent_date']) {
    const r = parseCsvHeader(['phone', alias])
    t.ok(r.ok && r.value.columns.consent_date === 1, alias)
  }
  t.notOk(parseCsvHeader(['email', 'name']).ok)
})

t.test('CSV rows', async (t) => {
  const header = parseCsvHeader(['phone', 'email', 'line_type', 'consent_date', 'carrier'])
  if (!header.ok) throw new Error('header')
  const row = (...cells: string[]) => parseCsvRow(cells, header.value, NOW)
  t.match(row('(415) 555-1234', 'A@Example.com', 'CELL PHONE', '03/01/2026', 'Verizon'), {
    ok: true,
    value: { phoneNumber: '+14155551234', email: 'a@example.com', lineType: 'cell', carrier: 'Verizon' },
  })
  t.match(row('', 'a@b.co'), { ok: false, reason: 'missing_phone_number' })
  t.match(row('12345'), { ok: false, reason: 'invalid_phone', phoneNumber: '12345' })
  t.match(row('4155551234', 'nope'), { ok: false, reason: 'invalid_email', phoneNumber: '+14155551234' })
  t.match(row('4155551234', '', 'PAGER'), { ok: false, reason: 'invalid_line_type' })
  t.match(row('4155551234', '', '', '2030-01-01'), { ok: false, reason: 'future_consent_date' })
  t.match(row('4155551234', '', '', '13/45/2020'), { ok: false, reason: 'invalid_consent_date' })
  t.match(
    row('4155551234'),
    { ok: true, value: { lineType: null, consentDate: null, email: null } },
    'short rows',
  )
})

t.test('consent evidence of an API contact: consent date, IP address, opt-in keyword and form', async (t) => {
  const parse = (extra: object) => parseContactInput({ ...base, ...extra }, { now: NOW })
  t.match(
    parse({
      consent_date: '03/01/2026',
      ip_address: ' 2001:db8::1 ',
      opt_in_keyword: 'JOIN',
      opt_in_form: 'Footer',
    }),
    {
      ok: true,
      value: {
        consentDate: new Date('2026-03-01T00:00:00Z'),
        ipAddress: '2001:db8::1',
        optInKeyword: 'JOIN',
        optInForm: 'Footer',
      },
    },
  )
  t.match(parse({}), { ok: true, value: { consentDate: null, optInKeyword: null, optInForm: null } })
  t.match(parse({ consent_date: '2026-03-17' }), { ok: false, code: 'invalid_date', error: /future/ })
  t.match(parse({ consent_date: 20260301 }), { ok: false, code: 'invalid_date' })
  t.match(parse({ ip_address: '10.0.0.300' }), { ok: false, code: 'validation_error' })
  t.match(parse({ opt_in_form: 'x'.repeat(101) }), { ok: false, code: 'validation_error' })
})

t.test('CSV consent evidence columns and their aliases', async (t) => {
  const header = parseCsvHeader(['msisdn', 'IP', 'URL', 'Keyword', 'Opt-in form'])
  t.ok(header.ok)
  if (!header.ok) return
  t.same(header.value.columns, {
    phone_number: 0,
    ip_address: 1,
    signup_url: 2,
    opt_in_keyword: 3,
    opt_in_form: 4,
  })
  const row = (...cells: string[]) => parseCsvRow(cells, header.value, NOW)
  t.match(row('4155551234', '198.51.100.2', 'https://ex.com/j', 'JOIN', 'Popup'), {
    ok: true,
    value: {
      ipAddress: '198.51.100.2',
      signupUrl: 'https://ex.com/j',
      optInKeyword: 'JOIN',
      optInForm: 'Popup',
    },
  })
  t.match(row('4155551234', 'nope'), { ok: false, reason: 'invalid_ip_address' })
  t.match(row('4155551234', '', `https://ex.com/${'a'.repeat(2100)}`), {
    ok: false,
    reason: 'value_too_long',
  })
  t.match(row('4155551234', '', `https://ex.com/${'a'.repeat(500)}`), { ok: true }, 'a long URL is fine')
})
