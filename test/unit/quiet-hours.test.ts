import fc from 'fast-check'
import t from 'tap'
import {
  DEFAULT_TIMEZONE,
  isWithinWindow,
  nextAllowedSendTime,
  type QuietHoursOptions,
  resolveTimezone,
  sendingWindow,
} from '../../core/quiet-hours.js'

const NEW_YORK = 'America/New_York'
const CHICAGO = 'America/Chicago'
const LOS_ANGELES = 'America/Los_Angeles'

interface NextSendCase {
  name: string
  /** UTC instant of "now". */
  now: string
  opts: QuietHoursOptions
  /** UTC instant expected back; equal to `now` when sending is allowed immediately. */
  expected: string
}

// Local times in comments; January is EST (UTC-5) / CST (UTC-6). 2025-01-19 is a Sunday.
const cases: NextSendCase[] = [
  {
    name: '07:59 → 08:00 the same day',
    now: '2025-01-15T12:59:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-15T13:00:00Z',
  },
  {
    name: '07:59:59.999 → 08:00',
    now: '2025-01-15T12:59:59.999Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-15T13:00:00Z',
  },
  {
    name: '08:00 is open',
    now: '2025-01-15T13:00:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-15T13:00:00Z',
  },
  {
    name: '20:59:59 is open',
    now: '2025-01-16T01:59:59Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-16T01:59:59Z',
  },
  {
    name: '21:00 → next day 08:00',
    now: '2025-01-16T02:00:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-16T13:00:00Z',
  },
  {
    name: '23:30 → next day 08:00',
    now: '2025-01-16T04:30:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-16T13:00:00Z',
  },
  {
    name: '03:00 → 08:00 the same day',
    now: '2025-01-15T08:00:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-15T13:00:00Z',
  },
  {
    name: 'federal 20:30 is open',
    now: '2025-01-16T01:30:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-01-16T01:30:00Z',
  },
  {
    name: 'Florida 20:30 → next day 08:00',
    now: '2025-01-16T01:30:00Z',
    opts: { state: 'FL', timezone: NEW_YORK },
    expected: '2025-01-16T13:00:00Z',
  },
  {
    name: 'state code is case-insensitive',
    now: '2025-01-16T01:30:00Z',
    opts: { state: ' fl ', timezone: NEW_YORK },
    expected: '2025-01-16T13:00:00Z',
  },
  {
    name: 'unknown state follows the federal window',
    now: '2025-01-16T01:30:00Z',
    opts: { state: 'ZZ', timezone: NEW_YORK },
    expected: '2025-01-16T01:30:00Z',
  },
  {
    name: 'Oklahoma 20:00 → next day 08:00',
    now: '2025-01-16T02:00:00Z',
    opts: { state: 'OK', timezone: CHICAGO },
    expected: '2025-01-16T14:00:00Z',
  },
  {
    name: 'Connecticut 08:30 → 09:00',
    now: '2025-01-15T13:30:00Z',
    opts: { state: 'CT', timezone: NEW_YORK },
    expected: '2025-01-15T14:00:00Z',
  },
  {
    name: 'Kentucky 09:30 → 10:00',
    now: '2025-01-15T14:30:00Z',
    opts: { state: 'KY', timezone: 'America/Kentucky/Louisville' },
    expected: '2025-01-15T15:00:00Z',
  },
  {
    name: 'Michigan 08:30 → 09:00',
    now: '2025-01-15T13:30:00Z',
    opts: { state: 'MI', timezone: 'America/Detroit' },
    expected: '2025-01-15T14:00:00Z',
  },
  {
    name: 'Nevada 20:15 → next day 09:00',
    now: '2025-01-16T04:15:00Z',
    opts: { state: 'NV', timezone: LOS_ANGELES },
    expected: '2025-01-16T17:00:00Z',
  },
  {
    name: 'Rhode Island 18:00 → next day 09:00',
    now: '2025-01-15T23:00:00Z',
    opts: { state: 'RI', timezone: NEW_YORK },
    expected: '2025-01-16T14:00:00Z',
  },
  {
    name: 'Texas Sunday 10:00 → 12:00',
    now: '2025-01-19T16:00:00Z',
    opts: { state: 'TX', timezone: CHICAGO },
    expected: '2025-01-19T18:00:00Z',
  },
  {
    name: 'Texas Sunday 12:00 is open',
    now: '2025-01-19T18:00:00Z',
    opts: { state: 'TX', timezone: CHICAGO },
    expected: '2025-01-19T18:00:00Z',
  },
  {
    name: 'Texas Saturday 21:30 → Sunday 12:00',
    now: '2025-01-19T03:30:00Z',
    opts: { state: 'TX', timezone: CHICAGO },
    expected: '2025-01-19T18:00:00Z',
  },
  {
    name: 'Texas Monday 08:30 → 09:00',
    now: '2025-01-20T14:30:00Z',
    opts: { state: 'TX', timezone: CHICAGO },
    expected: '2025-01-20T15:00:00Z',
  },
  {
    name: 'Alabama Saturday 20:30 → Monday 08:00',
    now: '2025-01-19T02:30:00Z',
    opts: { state: 'AL', timezone: CHICAGO },
    expected: '2025-01-20T14:00:00Z',
  },
  {
    name: 'Alabama Sunday noon → Monday 08:00',
    now: '2025-01-19T18:00:00Z',
    opts: { state: 'AL', timezone: CHICAGO },
    expected: '2025-01-20T14:00:00Z',
  },
  {
    name: 'Louisiana Sunday → Monday 08:00',
    now: '2025-01-19T15:00:00Z',
    opts: { state: 'LA', timezone: CHICAGO },
    expected: '2025-01-20T14:00:00Z',
  },
  {
    name: 'Mississippi Saturday 10:00 is open',
    now: '2025-01-18T16:00:00Z',
    opts: { state: 'MS', timezone: CHICAGO },
    expected: '2025-01-18T16:00:00Z',
  },
  // DST: New York springs forward 2025-03-09 02:00 EST → 03:00 EDT and falls back 2025-11-02 02:00 EDT → 01:00 EST.
  {
    name: 'NY spring-forward night: 01:30 EST → 08:00 EDT',
    now: '2025-03-09T06:30:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-03-09T12:00:00Z',
  },
  {
    name: 'NY the evening before spring-forward: 21:30 EST → 08:00 EDT',
    now: '2025-03-09T02:30:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-03-09T12:00:00Z',
  },
  {
    name: 'NY the evening before fall-back: 22:00 EDT → 08:00 EST',
    now: '2025-11-02T02:00:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-11-02T13:00:00Z',
  },
  {
    name: 'NY second 01:30 of fall-back (EST) → 08:00 EST',
    now: '2025-11-02T06:30:00Z',
    opts: { timezone: NEW_YORK },
    expected: '2025-11-02T13:00:00Z',
  },
  {
    name: 'LA spring-forward day: 07:59 PDT → 08:00 PDT',
    now: '2025-03-09T14:59:00Z',
    opts: { timezone: LOS_ANGELES },
    expected: '2025-03-09T15:00:00Z',
  },
  {
    name: 'LA spring-forward night: 22:00 PST → 08:00 PDT',
    now: '2025-03-09T06:00:00Z',
    opts: { timezone: LOS_ANGELES },
    expected: '2025-03-09T15:00:00Z',
  },
  {
    name: 'LA fall-back night: 23:00 PDT → 08:00 PST',
    now: '2025-11-02T06:00:00Z',
    opts: { timezone: LOS_ANGELES },
    expected: '2025-11-02T16:00:00Z',
  },
  {
    name: 'LA fall-back day: 07:00 PST → 08:00 PST',
    now: '2025-11-02T15:00:00Z',
    opts: { timezone: LOS_ANGELES },
    expected: '2025-11-02T16:00:00Z',
  },
  {
    name: 'Arizona has no DST: 07:00 MST → 08:00 MST in July',
    now: '2025-07-01T14:00:00Z',
    opts: { timezone: 'America/Phoenix' },
    expected: '2025-07-01T15:00:00Z',
  },
  {
    name: 'Samoa skipped 2011-12-30 entirely: Dec 29 22:00 → Dec 31 08:00',
    now: '2011-12-30T08:00:00Z',
    opts: { timezone: 'Pacific/Apia' },
    expected: '2011-12-30T18:00:00Z',
  },
  {
    name: 'no timezone falls back to Eastern',
    now: '2025-01-15T12:59:00Z',
    opts: {},
    expected: '2025-01-15T13:00:00Z',
  },
  {
    name: 'account timezone is used when the contact has none',
    now: '2025-01-15T13:30:00Z',
    opts: { accountTimezone: LOS_ANGELES },
    expected: '2025-01-15T16:00:00Z',
  },
  {
    name: "the contact's timezone wins over the account's",
    now: '2025-01-15T13:30:00Z',
    opts: { timezone: NEW_YORK, accountTimezone: LOS_ANGELES },
    expected: '2025-01-15T13:30:00Z',
  },
  {
    name: 'an invalid contact timezone falls back to the account',
    now: '2025-01-15T13:30:00Z',
    opts: { timezone: 'Mars/Olympus_Mons', accountTimezone: LOS_ANGELES },
    expected: '2025-01-15T16:00:00Z',
  },
]

t.test('nextAllowedSendTime: concrete cases', async (t) => {
  for (const c of cases) {
    const now = new Date(c.now)
    const next = nextAllowedSendTime(now, c.opts)
    t.equal(next.toISOString(), new Date(c.expected).toISOString(), c.name)
    t.equal(isWithinWindow(now, c.opts), c.now === c.expected, `${c.name}: isWithinWindow(now)`)
  }
})

t.test('transactional messages are exempt', async (t) => {
  const night = new Date('2025-01-15T08:00:00Z')
  t.equal(nextAllowedSendTime(night, { transactional: true }).getTime(), night.getTime())
  t.equal(
    nextAllowedSendTime(night, { state: 'AL', timezone: CHICAGO, transactional: true }).getTime(),
    night.getTime(),
  )
  const noon = new Date('2025-01-15T17:00:00Z')
  t.not(nextAllowedSendTime(noon, {}), noon, 'a fresh Date is returned')
  t.equal(nextAllowedSendTime(noon, {}).getTime(), noon.getTime())
})

t.test('invalid dates are rejected', async (t) => {
  t.throws(() => nextAllowedSendTime(new Date(Number.NaN), {}), RangeError)
  t.throws(() => isWithinWindow(new Date(Number.NaN), {}), RangeError)
})

t.test('sendingWindow and resolveTimezone', async (t) => {
  t.same(sendingWindow({}), { timezone: DEFAULT_TIMEZONE, rule: 'federal', start: '08:00', end: '21:00' })
  t.same(sendingWindow({ state: 'TX', timezone: CHICAGO }), {
    timezone: CHICAGO,
    rule: 'TX',
    start: '09:00',
    end: '21:00',
    days: { sun: { start: '12:00', end: '21:00' } },
  })
  t.same(sendingWindow({ state: 'al' }).days, { sun: null })
  t.equal(sendingWindow({ state: 'RI' }).end, '18:00')
  t.equal(sendingWindow({ state: 'NY' }).rule, 'federal', 'a state without its own rule is federal')
  t.equal(resolveTimezone({ timezone: 'Nope/Nope', accountTimezone: 'Also/Bad' }), DEFAULT_TIMEZONE)
  t.equal(resolveTimezone({ timezone: '', accountTimezone: LOS_ANGELES }), LOS_ANGELES)

  const window = sendingWindow({ state: 'TX' })
  window.days!.sun = null
  t.same(
    sendingWindow({ state: 'TX' }).days,
    { sun: { start: '12:00', end: '21:00' } },
    'callers cannot mutate rules',
  )
})

const TIMEZONES = [
  NEW_YORK,
  CHICAGO,
  'America/Denver',
  'America/Phoenix',
  LOS_ANGELES,
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'America/St_Johns',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'UTC',
]
const STATES = [
  undefined,
  'FL',
  'OK',
  'MD',
  'MA',
  'AL',
  'LA',
  'MS',
  'CT',
  'KY',
  'MI',
  'MN',
  'NM',
  'NV',
  'RI',
  'TX',
  'NY',
]
const anyOptions = fc.record({
  state: fc.constantFrom(...STATES),
  timezone: fc.constantFrom(...TIMEZONES, undefined),
  accountTimezone: fc.constantFrom(...TIMEZONES, undefined),
})
const anyInstant = fc.date({
  min: new Date('1971-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
})

t.test('nextAllowedSendTime: properties', async (t) => {
  fc.assert(
    fc.property(
      anyInstant,
      anyOptions,
      (now, opts) => nextAllowedSendTime(now, opts).getTime() >= now.getTime(),
    ),
    { numRuns: 1000 },
  )
  t.pass('never before now')

  fc.assert(
    fc.property(anyInstant, anyOptions, (now, opts) => isWithinWindow(nextAllowedSendTime(now, opts), opts)),
    { numRuns: 1000 },
  )
  t.pass('always inside the window')

  fc.assert(
    fc.property(anyInstant, anyOptions, (now, opts) => {
      const next = nextAllowedSendTime(now, opts)
      return nextAllowedSendTime(next, opts).getTime() === next.getTime()
    }),
    { numRuns: 1000 },
  )
  t.pass('idempotent')

  fc.assert(
    fc.property(anyInstant, anyOptions, (now, opts) => {
      return nextAllowedSendTime(now, { ...opts, transactional: true }).getTime() === now.getTime()
    }),
  )
  t.pass('transactional always returns now')

  fc.assert(
    fc.property(anyInstant, anyOptions, fc.double({ min: 0, max: 1, noNaN: true }), (now, opts, fraction) => {
      const next = nextAllowedSendTime(now, opts).getTime()
      if (next === now.getTime()) return isWithinWindow(now, opts)
      const between = Math.min(next - 1, now.getTime() + Math.floor(fraction * (next - now.getTime())))
      return !isWithinWindow(new Date(between), opts) && !isWithinWindow(new Date(next - 1), opts)
    }),
    { numRuns: 1000 },
  )
  t.pass('earliest: the window is closed everywhere between now and the result')
})
