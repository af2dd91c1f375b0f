// A schedule's next run (core/campaigns nextRunAt), as the dashboard's campaign list shows it: after now, on an
// occurrence date, at the send time of the first zone to reach it, and no due instant of any occurrence between.
import fc from 'fast-check'
import t from 'tap'
import {
  dueInstant,
  isOccurrence,
  NEXT_RUN_HORIZON_DAYS,
  nextRunAt,
  runZones,
  type ScheduleTiming,
} from '../../core/campaigns.js'
import { localDateAt, shiftDate } from '../../core/quiet-hours.js'
import { DAYS_OF_WEEK } from '../../core/schedules.js'

const NY = 'America/New_York'
const everyDay = Object.fromEntries(DAYS_OF_WEEK.map((d) => [d, true])) as Record<
  (typeof DAYS_OF_WEEK)[number],
  boolean
>

const oneTime = (date: string, time = '10:00'): ScheduleTiming => ({
  is_repeating: false,
  send_time: time,
  send_date: date,
  start_date: null,
  end_date: null,
  days_of_week: null,
  use_local_time: false,
})

t.test('a one-time schedule: its send time while ahead, then none', async (t) => {
  const s = oneTime('2026-03-10')
  t.same(nextRunAt(s, NY, new Date('2026-03-01T00:00:00Z')), new Date('2026-03-10T14:00:00Z'), '10:00 EDT')
  t.equal(nextRunAt(s, NY, new Date('2026-03-10T14:00:00Z')), null, 'not at its own instant')
  t.equal(nextRunAt(s, NY, new Date('2026-03-11T00:00:00Z')), null)
})

t.test('a repeating schedule: the next chosen weekday, within its dates', async (t) => {
  const s: ScheduleTiming = {
    is_repeating: true,
    send_time: '09:30',
    send_date: null,
    start_date: '2026-06-01',
    end_date: '2026-06-30',
    days_of_week: {
      ...everyDay,
      monday: false,
      tuesday: false,
      wednesday: true,
      thursday: false,
      friday: false,
      saturday: false,
      sunday: false,
    },
    use_local_time: false,
  }
  // 2026-06-01 is a Monday; the first Wednesday is the 3rd.
  t.same(nextRunAt(s, NY, new Date('2026-05-20T12:00:00Z')), new Date('2026-06-03T13:30:00Z'))
  t.same(nextRunAt(s, NY, new Date('2026-06-03T13:31:00Z')), new Date('2026-06-10T13:30:00Z'))
  t.equal(nextRunAt(s, NY, new Date('2026-06-24T14:00:00Z')), null, 'the last Wednesday has passed')
})

t.test('a local-time schedule starts with the first zone to reach the send time', async (t) => {
  const s = { ...oneTime('2026-07-01', '10:00'), use_local_time: true }
  const first = Math.min(...runZones(s, NY).map((z) => dueInstant(s, '2026-07-01', z, NY).getTime()))
  t.same(nextRunAt(s, NY, new Date('2026-06-30T00:00:00Z')), new Date(first))
  t.ok(first < new Date('2026-07-01T14:00:00Z').getTime(), 'east of New York first')
})

t.test('property: after now, on an occurrence, and nothing due in between', async () => {
  const day = fc.integer({ min: 0, max: 700 }).map((n) => shiftDate('2025-01-01', n))
  const timing = fc.record({
    is_repeating: fc.boolean(),
    send_time: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    send_date: day,
    start_date: day,
    length: fc.integer({ min: 0, max: 90 }),
    days: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    use_local_time: fc.boolean(),
  })
  const zone = fc.constantFrom(NY, 'America/Los_Angeles', 'UTC', 'Europe/Berlin')
  const now = fc
    .integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-01-01') })
    .map((n) => new Date(n))
  fc.assert(
    fc.property(timing, zone, now, (r, accountZone, at) => {
      const s: ScheduleTiming = {
        is_repeating: r.is_repeating,
        send_time: r.send_time,
        send_date: r.is_repeating ? null : r.send_date,
        start_date: r.is_repeating ? r.start_date : null,
        end_date: r.is_repeating ? shiftDate(r.start_date, r.length) : null,
        days_of_week: r.is_repeating
          ? (Object.fromEntries(DAYS_OF_WEEK.map((d, i) => [d, r.days[i]!])) as typeof everyDay)
          : null,
        use_local_time: r.use_local_time,
      }
      const next = nextRunAt(s, accountZone, at)
      // Every due instant of every occurrence from the day before now over the horizon nextRunAt looks across.
      const dues: number[] = []
      const start = shiftDate(localDateAt(at, accountZone), -1)
      for (let i = 0; i <= NEXT_RUN_HORIZON_DAYS + 2; i++) {
        const date = shiftDate(start, i)
        if (!isOccurrence(s, date)) continue
        for (const z of runZones(s, accountZone)) dues.push(dueInstant(s, date, z, accountZone).getTime())
      }
      const ahead = dues.filter((d) => d > at.getTime())
      if (next === null) return ahead.length === 0
      return next.getTime() > at.getTime() && next.getTime() === Math.min(...ahead)
    }),
    { numRuns: 200 },
  )
})
