import fc from 'fast-check'
import t from 'tap'
import {
  blastPercents,
  DAYS_OF_WEEK,
  fullWeek,
  isCalendarDate,
  scheduleIssues,
  toScheduleFields,
} from '../../core/schedules.js'

const AUDIENCE = 'a'.repeat(24)

const oneTime = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Spring sale',
  send_type: 'blast',
  is_repeating: false,
  send_time: '09:30',
  send_date: '2026-12-01',
  audiences: [AUDIENCE],
  blasts: [{ message: 'Hi {{link1}}', offer_links: [{ key: 'link1', offer_id: 'o1' }] }],
  ...over,
})

const repeating = (over: Record<string, unknown> = {}): Record<string, unknown> =>
  oneTime({
    send_type: 'automated',
    is_repeating: true,
    send_date: undefined,
    start_date: '2026-12-01',
    end_date: '2026-12-31',
    days_of_week: { monday: true },
    blasts: undefined,
    ...over,
  })

const codes = (doc: Record<string, unknown>) => scheduleIssues(doc).map((i) => i.code)

t.test('valid one-time and repeating documents have no issues', async (t) => {
  t.same(codes(oneTime()), [])
  t.same(codes(repeating()), [])
  t.same(codes(oneTime({ status: 'on', automated_percent: 100 })), [])
  t.same(codes(repeating({ start_date: '2026-12-01', end_date: '2026-12-01' })), [], 'a one-day range')
})

t.test('each documented code, alone', async (t) => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['missing_name', oneTime({ name: undefined })],
    ['missing_name', oneTime({ name: '   ' })],
    ['name_too_long', oneTime({ name: 'x'.repeat(256) })],
    ['missing_send_type', oneTime({ send_type: undefined })],
    ['invalid_send_type', oneTime({ send_type: 'drip' })],
    ['missing_is_repeating', oneTime({ is_repeating: undefined })],
    ['missing_send_time', oneTime({ send_time: undefined })],
    ['invalid_send_time', oneTime({ send_time: '24:00' })],
    ['invalid_send_time', oneTime({ send_time: '9:30' })],
    ['missing_audiences', oneTime({ audiences: undefined })],
    ['missing_audiences', oneTime({ audiences: [] })],
    ['invalid_status', oneTime({ status: 'complete' })],
    ['invalid_status', oneTime({ status: 'archive' })],
    ['missing_send_date', oneTime({ send_date: undefined })],
    ['missing_send_date', oneTime({ send_date: null })],
    ['invalid_date', oneTime({ send_date: '2026-02-30' })],
    ['missing_start_date', repeating({ start_date: undefined })],
    ['missing_end_date', repeating({ end_date: undefined })],
    ['invalid_date', repeating({ end_date: '2026-11-30' })],
    ['no_days_selected', repeating({ days_of_week: undefined })],
    ['no_days_selected', repeating({ days_of_week: { monday: false, sunday: false } })],
    ['invalid_automated_percent', oneTime({ automated_percent: 101 })],
    ['invalid_automated_percent', oneTime({ automated_percent: 12.5 })],
    ['missing_blasts', oneTime({ blasts: undefined })],
    ['missing_blasts', oneTime({ blasts: [] })],
    [
      'invalid_blast_percent',
      oneTime({
        blasts: [
          { message: 'a', percent_audience: 50 },
          { message: 'b', percent_audience: 49 },
        ],
      }),
    ],
    ['invalid_blast_percent', oneTime({ blasts: [{ message: 'a', percent_audience: 90 }] })],
    ['missing_blast_message', oneTime({ blasts: [{ message: '' }] })],
    ['message_too_long', oneTime({ blasts: [{ message: 'x'.repeat(1601) }] })],
    ['missing_offer_link_key', oneTime({ blasts: [{ message: 'a', offer_links: [{ offer_id: 'o' }] }] })],
    ['missing_offer_link_offer_id', oneTime({ blasts: [{ message: 'a', offer_links: [{ key: 'link1' }] }] })],
    ['invalid_url', oneTime({ blasts: [{ message: 'a', mms_image_url: 'ftp://x/y.png' }] })],
  ]
  for (const [code, doc] of cases) t.same(codes(doc), [code], code)
})

t.test('codes come out in the order the spec lists them', async (t) => {
  t.same(codes({}), [
    'missing_name',
    'missing_send_type',
    'missing_is_repeating',
    'missing_send_time',
    'missing_audiences',
    'missing_send_date',
  ])
  t.same(
    codes({ send_type: 'drip', status: 'bogus', is_repeating: true, blasts: [{ percent_audience: 5 }] }),
    [
      'missing_name',
      'invalid_send_type',
      'missing_send_time',
      'missing_audiences',
      'invalid_status',
      'missing_start_date',
      'missing_end_date',
      'no_days_selected',
      'invalid_blast_percent',
      'missing_blast_message',
    ],
  )
  t.equal(codes(oneTime({ send_type: 'drip', send_time: undefined }))[0], 'invalid_send_type')
})

t.test('a document is never valid with a required field missing (property)', async () => {
  const required = ['name', 'send_type', 'is_repeating', 'send_time', 'audiences'] as const
  fc.assert(
    fc.property(fc.constantFrom(...required), fc.boolean(), (field, asNull) => {
      const doc = oneTime({ [field]: asNull ? null : undefined })
      return codes(doc)[0] === `missing_${field}`
    }),
  )
})

t.test('blast percentages: valid exactly when whole numbers 0–100 sum to 100 (property)', async () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -10, max: 110 }), { minLength: 1, maxLength: 6 }), (percents) => {
      const blasts = percents.map((p) => ({ message: 'm', percent_audience: p }))
      const valid = percents.every((p) => p >= 0 && p <= 100) && percents.reduce((s, p) => s + p, 0) === 100
      return codes(oneTime({ blasts })).includes('invalid_blast_percent') === !valid
    }),
  )
})

t.test('a single blast without a percentage gets the whole audience', async (t) => {
  t.same(blastPercents([{ message: 'a' }]), [100])
  t.same(blastPercents([{ message: 'a' }, { message: 'b' }]), [undefined, undefined])
  t.same(codes(oneTime({ blasts: [{ message: 'a' }, { message: 'b' }] })), ['invalid_blast_percent'])
})

t.test('send_time accepts exactly the 24-hour HH:MM clock (property)', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (h, m) => {
      const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
      const ok = h < 24 && m < 60
      return codes(oneTime({ send_time: time })).includes('invalid_send_time') === !ok
    }),
  )
})

t.test('calendar dates round-trip through Date (property)', async (t) => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
      (d) => isCalendarDate(d.toISOString().slice(0, 10)),
    ),
  )
  for (const bad of ['2026-13-01', '2026-02-29', '2026-1-01', '20260101', '2026-01-01T00:00:00Z', 20260101]) {
    t.notOk(isCalendarDate(bad), String(bad))
  }
  t.ok(isCalendarDate('2028-02-29'), 'leap day')
})

t.test('repeating ranges: end before start is invalid_date, else fine (property)', async () => {
  const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  fc.assert(
    fc.property(day, day, (a, b) => {
      const start = a.toISOString().slice(0, 10)
      const end = b.toISOString().slice(0, 10)
      return codes(repeating({ start_date: start, end_date: end })).includes('invalid_date') === end < start
    }),
  )
})

t.test('stored form: defaults, full week, distinct audiences, normalised blasts', async (t) => {
  const fields = toScheduleFields(
    oneTime({ name: '  Sale ', audiences: [AUDIENCE, AUDIENCE], days_of_week: { friday: true } }),
  )
  t.equal(fields.name, 'Sale')
  t.equal(fields.status, 'draft')
  t.same(fields.audiences, [AUDIENCE])
  t.same(fields.days_of_week, Object.fromEntries(DAYS_OF_WEEK.map((d) => [d, d === 'friday'])))
  t.same(fields.blasts, [
    {
      message: 'Hi {{link1}}',
      offer_links: [{ key: 'link1', offer_id: 'o1', url_params: {} }],
      percent_audience: 100,
      variant_name: null,
      mms_image_url: null,
    },
  ])
  t.same(
    [
      fields.skip_within_hours,
      fields.automated_percent,
      fields.is_mms,
      fields.sending_list_id,
      fields.source_lists,
    ],
    [0, 0, false, null, []],
  )
  t.equal(fullWeek(null), null)
})

t.test(
  'what validation passes is stored as the read returns it: each date null or a calendar date (property)',
  async (t) => {
    const dateLike = fc.oneof(
      fc.constantFrom(
        undefined,
        null,
        '',
        ' ',
        '   ',
        '\t',
        '2026-12-01',
        '2027-01-31',
        '2026-02-30',
        'soon',
      ),
      fc.string({ maxLength: 12 }),
    )
    fc.assert(
      fc.property(fc.boolean(), dateLike, dateLike, dateLike, (isRepeating, sendDate, startDate, endDate) => {
        const doc = (isRepeating ? repeating : oneTime)({
          send_date: sendDate,
          start_date: startDate,
          end_date: endDate,
        })
        if (scheduleIssues(doc).length > 0) return
        const stored = toScheduleFields(doc)
        for (const date of [stored.send_date, stored.start_date, stored.end_date]) {
          if (date !== null && !isCalendarDate(date)) throw new Error(`stored ${JSON.stringify(date)}`)
        }
      }),
      { numRuns: 2_000 },
    )
    t.equal(toScheduleFields(oneTime({ start_date: '   ' })).start_date, null, 'the blank date of issue 12')
  },
)
