// When schedules fire (local time east to west), who is left out and why, and the deterministic variant split.
import fc from 'fast-check'
import t from 'tap'
import {
  ALL_ZONES,
  accountZoneOf,
  assignVariant,
  CONTACT_ZONES,
  dueInstant,
  dueOccurrences,
  exclusionReason,
  isExhausted,
  isOccurrence,
  runZones,
  type ScheduleTiming,
  splitPoint,
} from '../../core/campaigns.js'
import { shiftDate } from '../../core/quiet-hours.js'

const weekdays = (...on: string[]) => ({
  monday: on.includes('monday'),
  tuesday: on.includes('tuesday'),
  wednesday: on.includes('wednesday'),
  thursday: on.includes('thursday'),
  friday: on.includes('friday'),
  saturday: on.includes('saturday'),
  sunday: on.includes('sunday'),
})

const oneTime: ScheduleTiming = {
  is_repeating: false,
  send_time: '10:00',
  send_date: '2026-12-08',
  start_date: null,
  end_date: null,
  days_of_week: null,
  use_local_time: false,
}

const repeating: ScheduleTiming = {
  is_repeating: true,
  send_time: '10:00',
  send_date: null,
  start_date: '2026-12-07',
  end_date: '2026-12-13',
  days_of_week: weekdays('monday', 'wednesday', 'friday'),
  use_local_time: true,
}

t.test('occurrences: the one date, or the selected weekdays between start and end', async (t) => {
  t.ok(isOccurrence(oneTime, '2026-12-08'))
  t.notOk(isOccurrence(oneTime, '2026-12-09'))
  t.same(
    ['2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-11', '2026-12-13', '2026-12-14'].map(
      (d) => isOccurrence(repeating, d),
    ),
    [false, true, false, true, true, false, false],
  )
})

t.test('a schedule not in local time fires once, at the account clock', async (t) => {
  const zone = 'America/Chicago'
  t.same(runZones(oneTime, zone), [ALL_ZONES])
  t.equal(dueInstant(oneTime, '2026-12-08', ALL_ZONES, zone).toISOString(), '2026-12-08T16:00:00.000Z')
  t.same(dueOccurrences(oneTime, zone, new Date('2026-12-08T15:59:00Z')), [])
  t.same(dueOccurrences(oneTime, zone, new Date('2026-12-08T16:00:00Z')), [
    { occurrence: '2026-12-08', dueZones: [ALL_ZONES], expiredZones: [] },
  ])
  const late = dueOccurrences(oneTime, zone, new Date('2026-12-08T23:00:00Z'))
  t.same(late[0]?.expiredZones, [ALL_ZONES], 'seven hours late is past the start grace')
  t.notOk(isExhausted(oneTime, zone, new Date('2026-12-08T16:30:00Z')))
  t.ok(isExhausted(oneTime, zone, new Date('2026-12-09T00:00:00Z')))
})

t.test('local time rolls east to west: each zone is due at its own 10:00', async (t) => {
  const zone = 'America/New_York'
  t.ok(runZones(repeating, zone).length === CONTACT_ZONES.length)
  // 10:00 in New York on Monday 7 December is 15:00 UTC; Chicago is an hour later, Los Angeles three.
  const at = (iso: string) => dueOccurrences(repeating, zone, new Date(iso))
  const before = at('2026-12-07T14:59:00Z').find((o) => o.occurrence === '2026-12-07')!
  t.notOk(before.dueZones.includes('America/New_York'), 'not yet 10:00 in New York')
  t.ok(before.dueZones.includes('America/Halifax'), 'but already in Halifax')
  t.same(before.expiredZones, ['Pacific/Guam', 'Pacific/Saipan'], 'Guam was due 15 hours ago')
  const eastern = at('2026-12-07T15:00:00Z').find((o) => o.occurrence === '2026-12-07')!
  t.ok(eastern.dueZones.includes('America/New_York'))
  t.notOk(eastern.dueZones.includes('America/Chicago'))
  t.ok(eastern.dueZones.includes('America/Halifax'), 'Atlantic time was due an hour earlier')
  const pacific = at('2026-12-07T18:00:00Z').find((o) => o.occurrence === '2026-12-07')!
  t.ok(pacific.dueZones.includes('America/Los_Angeles'))
  t.ok(
    pacific.dueZones.indexOf('America/New_York') < pacific.dueZones.indexOf('America/Los_Angeles'),
    'east first',
  )
  // Tuesday is not a send day anywhere.
  t.notOk(at('2026-12-08T20:00:00Z').some((o) => o.occurrence === '2026-12-08'))
  t.notOk(isExhausted(repeating, zone, new Date('2026-12-13T12:00:00Z')))
  t.ok(isExhausted(repeating, zone, new Date('2026-12-15T12:00:00Z')))
})

t.test('daylight saving: 10:00 local is a different UTC hour in summer', async (t) => {
  const summer = { ...oneTime, send_date: '2026-07-08' }
  t.equal(
    dueInstant(summer, '2026-07-08', 'America/New_York', 'UTC').toISOString(),
    '2026-07-08T14:00:00.000Z',
  )
  t.equal(
    dueInstant(oneTime, '2026-12-08', 'America/New_York', 'UTC').toISOString(),
    '2026-12-08T15:00:00.000Z',
  )
  t.equal(shiftDate('2026-03-01', -1), '2026-02-28')
})

t.test('the account zone falls back to Eastern', async (t) => {
  t.equal(accountZoneOf({ timezone: 'America/Denver' }), 'America/Denver')
  t.equal(accountZoneOf({ timezone: 'Mars/Olympus' }), 'America/New_York')
  t.equal(accountZoneOf(null), 'America/New_York')
})

t.test('exclusions in the spec order', async (t) => {
  const ok = {
    subscribed: true,
    isValid: true,
    validationStatus: null,
    inWorkflow: false,
    recentlyMessaged: false,
  }
  t.equal(exclusionReason(ok), null)
  t.equal(exclusionReason({ ...ok, subscribed: false, isValid: false }), 'unsubscribed')
  t.equal(exclusionReason({ ...ok, isValid: false, inWorkflow: true }), 'invalid')
  t.equal(exclusionReason({ ...ok, validationStatus: 'unreachable' }), 'invalid')
  t.equal(exclusionReason({ ...ok, validationStatus: 'risky' }), null, 'risky numbers are still sent to')
  t.equal(exclusionReason({ ...ok, inWorkflow: true, recentlyMessaged: true }), 'in_workflow')
  t.equal(exclusionReason({ ...ok, recentlyMessaged: true }), 'frequency_cap')
})

t.test('variant split: deterministic, and shares follow percent_audience', async (t) => {
  const opts = { automatedPercent: 0, hasCandidates: false, variantPercents: [50, 30, 20] }
  const counts = [0, 0, 0]
  const n = 20_000
  for (let i = 0; i < n; i++) {
    const a = assignVariant('sched_1', `contact_${i}`, opts)
    if (a.kind !== 'variant') throw new Error('expected a variant')
    counts[a.index]!++
  }
  // Three standard deviations of a binomial share at n = 20,000 is at most 1.1 points.
  for (const [i, p] of [0.5, 0.3, 0.2].entries()) {
    t.ok(Math.abs(counts[i]! / n - p) < 0.011, `variant ${i}: ${counts[i]} of ${n}`)
  }
  fc.assert(
    fc.property(fc.string(), fc.string(), (schedule, contact) => {
      const a = assignVariant(schedule, contact, opts)
      const b = assignVariant(schedule, contact, opts)
      return JSON.stringify(a) === JSON.stringify(b)
    }),
  )
  fc.assert(
    fc.property(fc.string(), fc.string(), (schedule, contact) => {
      const p = splitPoint('variant', schedule, contact)
      return p >= 0 && p < 1
    }),
  )
})

t.test('the ML share takes automated_percent; the rest is split as usual or goes to control', async (t) => {
  const n = 10_000
  let ml = 0
  let control = 0
  for (let i = 0; i < n; i++) {
    const a = assignVariant('sched_2', `c${i}`, {
      automatedPercent: 80,
      hasCandidates: true,
      variantPercents: [],
    })
    if (a.kind === 'ml') ml++
    if (a.kind === 'control') control++
  }
  t.ok(Math.abs(ml / n - 0.8) < 0.012, `${ml} ML picks of ${n}`)
  t.equal(ml + control, n)
  const noCandidates = assignVariant('s', 'c', {
    automatedPercent: 100,
    hasCandidates: false,
    variantPercents: [100],
  })
  t.same(noCandidates, { kind: 'variant', index: 0 }, 'without automated creatives the ML share falls back')
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: 0, max: 100 }), (contact, percent) => {
      const a = assignVariant('s', contact, {
        automatedPercent: percent,
        hasCandidates: true,
        variantPercents: [100],
      })
      // Raising the ML share never moves a contact out of it.
      const higher = assignVariant('s', contact, {
        automatedPercent: Math.min(100, percent + 10),
        hasCandidates: true,
        variantPercents: [100],
      })
      return a.kind !== 'ml' || higher.kind === 'ml'
    }),
  )
})
