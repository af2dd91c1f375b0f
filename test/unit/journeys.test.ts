import fc from 'fast-check'
import t from 'tap'
import {
  evaluateTrigger,
  journeyReferences,
  matchField,
  nextLocalTime,
  nextStepIndex,
  parseSteps,
  parseTrigger,
  type TriggerGroup,
  waitMs,
} from '../../core/journeys.js'
import { resolveTimezone } from '../../core/quiet-hours.js'

const NEW_YORK = 'America/New_York'

const localParts = (at: Date, timezone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at)

t.test('wait_until: next HH:MM in the contact timezone, across DST and zones', async (t) => {
  const cases: { name: string; now: string; time: string; tz: string; expected: string }[] = [
    {
      name: 'later today (EST)',
      now: '2025-01-15T12:00:00Z',
      time: '10:00',
      tz: NEW_YORK,
      expected: '2025-01-15T15:00:00.000Z',
    },
    {
      name: 'already past: tomorrow',
      now: '2025-01-15T16:00:00Z',
      time: '10:00',
      tz: NEW_YORK,
      expected: '2025-01-16T15:00:00.000Z',
    },
    {
      name: 'exactly now runs now',
      now: '2025-01-15T15:00:00Z',
      time: '10:00',
      tz: NEW_YORK,
      expected: '2025-01-15T15:00:00.000Z',
    },
    // 2025-03-09: clocks go 02:00 EST → 03:00 EDT in New York.
    {
      name: 'across spring forward: 10:00 EDT',
      now: '2025-03-08T16:00:00Z',
      time: '10:00',
      tz: NEW_YORK,
      expected: '2025-03-09T14:00:00.000Z',
    },
    {
      name: 'in the spring gap: the jump instant',
      now: '2025-03-09T05:00:00Z',
      time: '02:30',
      tz: NEW_YORK,
      expected: '2025-03-09T07:00:00.000Z',
    },
    // 2025-11-02: 02:00 EDT → 01:00 EST; 01:30 happens twice, the first (EDT) wins.
    {
      name: 'fall-back overlap: first occurrence',
      now: '2025-11-02T04:00:00Z',
      time: '01:30',
      tz: NEW_YORK,
      expected: '2025-11-02T05:30:00.000Z',
    },
    {
      name: 'across fall back: 10:00 EST',
      now: '2025-11-01T15:00:00Z',
      time: '10:00',
      tz: NEW_YORK,
      expected: '2025-11-02T15:00:00.000Z',
    },
    {
      name: 'Los Angeles',
      now: '2025-07-01T20:00:00Z',
      time: '09:15',
      tz: 'America/Los_Angeles',
      expected: '2025-07-02T16:15:00.000Z',
    },
    {
      name: 'Kolkata (+05:30, no DST)',
      now: '2025-07-01T00:00:00Z',
      time: '10:00',
      tz: 'Asia/Kolkata',
      expected: '2025-07-01T04:30:00.000Z',
    },
    // London springs forward 2025-03-30 01:00 GMT → 02:00 BST.
    {
      name: 'London across BST start',
      now: '2025-03-29T12:00:00Z',
      time: '08:00',
      tz: 'Europe/London',
      expected: '2025-03-30T07:00:00.000Z',
    },
    // Lord Howe moves by 30 minutes (2025-04-06 02:00 +11 → 01:30 +10:30).
    {
      name: 'Lord Howe half-hour DST',
      now: '2025-04-05T12:00:00Z',
      time: '10:00',
      tz: 'Australia/Lord_Howe',
      expected: '2025-04-05T23:30:00.000Z',
    },
    {
      name: 'Auckland (southern summer)',
      now: '2025-01-10T00:00:00Z',
      time: '23:59',
      tz: 'Pacific/Auckland',
      expected: '2025-01-10T10:59:00.000Z',
    },
  ]
  for (const c of cases) {
    t.equal(nextLocalTime(new Date(c.now), c.time, c.tz).toISOString(), c.expected, c.name)
  }
  t.throws(() => nextLocalTime(new Date(), '25:00', NEW_YORK))
})

t.test(
  'wait_until property: reads HH:MM locally, is not before now, and within a day and an hour',
  async (t) => {
    const zones = [
      NEW_YORK,
      'America/Chicago',
      'America/Denver',
      'America/Phoenix',
      'Europe/London',
      'Asia/Kolkata',
      'Australia/Sydney',
    ]
    t.doesNotThrow(() =>
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.constantFrom(...zones),
          (nowMs, h, m, tz) => {
            const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
            const at = nextLocalTime(new Date(nowMs), hhmm, tz)
            if (at.getTime() < nowMs) return false
            if (at.getTime() - nowMs > 25 * 3_600_000) return false
            // Outside a DST gap the local clock reads exactly HH:MM.
            const local = localParts(at, tz).slice(-5)
            const inGap = local !== hhmm && localParts(new Date(at.getTime() - 1), tz).slice(-5) !== local
            return local === hhmm || inGap
          },
        ),
        { numRuns: 2000 },
      ),
    )
  },
)

t.test('wait_until timezone: contact → account default → America/New_York', async (t) => {
  const now = new Date('2025-01-15T12:00:00Z')
  const tz = (contact?: string, account?: string) =>
    nextLocalTime(
      now,
      '10:00',
      resolveTimezone({ timezone: contact, accountTimezone: account }),
    ).toISOString()
  t.equal(tz('America/Chicago', 'America/Denver'), '2025-01-15T16:00:00.000Z')
  t.equal(tz(undefined, 'America/Denver'), '2025-01-15T17:00:00.000Z')
  t.equal(tz('Not/AZone', undefined), '2025-01-15T15:00:00.000Z')
})

const trigger = (raw: unknown): TriggerGroup => {
  const parsed = parseTrigger(raw)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.value
}

t.test('trigger groups: list, signup method and custom-field operators, nested AND/OR', async (t) => {
  const group = trigger({
    operator: 'AND',
    conditions: [{ type: 'list', list_id: 7 }],
    groups: [
      {
        operator: 'OR',
        conditions: [
          { type: 'signup_method', value: 'form' },
          { type: 'custom_field', field: 'plan', operator: 'in', value: ['gold', 'platinum'] },
        ],
      },
    ],
  })
  const facts = (listId: number, signupMethod: string, customFields = {}) => ({
    listId,
    signupMethod,
    customFields,
  })
  t.ok(evaluateTrigger(group, facts(7, 'FORM')), 'signup method matches case-insensitively')
  t.ok(evaluateTrigger(group, facts(7, 'api', { plan: 'Gold' })))
  t.notOk(evaluateTrigger(group, facts(8, 'form')), 'other list')
  t.notOk(evaluateTrigger(group, facts(7, 'api', { plan: 'silver' })))

  t.ok(matchField(10, 'eq', '10'), 'numbers compare as numbers')
  t.notOk(matchField(undefined, 'eq', 'x'))
  t.ok(matchField(undefined, 'ne', 'x'), 'missing is not equal')
  t.ok(matchField('a', 'ne', 'b'))
  t.ok(matchField(true, 'eq', 'true'))
  t.ok(matchField('x', 'exists', undefined))
  t.notOk(matchField('', 'exists', undefined), 'empty string does not exist')
  t.ok(matchField(undefined, 'exists', false))
  t.ok(matchField('Hello World', 'contains', 'world'))
  t.ok(matchField(undefined, 'not_in', ['a']))
  t.notOk(matchField('a', 'not_in', ['A']))
})

t.test('trigger validation codes', async (t) => {
  const code = (raw: unknown) => {
    const parsed = parseTrigger(raw)
    return parsed.ok ? 'ok' : parsed.issues[0]!.code
  }
  t.equal(code({ operator: 'AND', conditions: [] }), 'empty_trigger')
  t.equal(code({ operator: 'XOR', conditions: [{ type: 'list', list_id: 1 }] }), 'invalid_trigger')
  t.equal(code({ conditions: [{ type: 'list', list_id: 'x' }] }), 'invalid_trigger_condition')
  t.equal(
    code({ conditions: [{ type: 'custom_field', field: 'a', operator: 'gt', value: 1 }] }),
    'invalid_field_operator',
  )
  t.equal(
    code({ conditions: [{ type: 'custom_field', field: 'a', operator: 'in', value: 'x' }] }),
    'invalid_trigger_condition',
  )
  t.equal(code({ conditions: [{ type: 'nope' }] }), 'invalid_trigger_condition')
  t.equal(code('x'), 'invalid_trigger')
  let deep: Record<string, unknown> = { conditions: [{ type: 'list', list_id: 1 }] }
  for (let i = 0; i < 6; i++) deep = { groups: [deep] }
  t.equal(code(deep), 'invalid_trigger')
  t.equal(code({ conditions: [{ type: 'custom_field', field: 'a', operator: 'exists' }] }), 'ok')
})

const WELCOME = [
  {
    id: 'welcome',
    type: 'send_message',
    message: 'Hi {{link1}}',
    offer_links: [{ key: 'link1', offer_id: 'o1' }],
  },
  { type: 'wait', amount: 1, unit: 'days' },
  { type: 'condition', check: 'clicked_since_enrollment', yes: 'a', no: 'b' },
  { id: 'a', type: 'send_message', creative_id: 3, next: 'morning' },
  { id: 'b', type: 'send_message', message: 'B' },
  { id: 'morning', type: 'wait_until', time: '10:00' },
  { type: 'set_custom_field', field: 'welcomed', value: true },
  { type: 'exit' },
]

t.test('steps: references resolve, branches and next compute the path', async (t) => {
  const parsed = parseSteps(WELCOME)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  const j = parsed.value
  t.equal(nextStepIndex(j, 0), 1)
  t.equal(nextStepIndex(j, 2, true), 3)
  t.equal(nextStepIndex(j, 2, false), 4)
  t.equal(nextStepIndex(j, 3), 5, 'next joins the branches')
  t.equal(nextStepIndex(j, 4), 5)
  t.equal(nextStepIndex(j, 7), null, 'exit ends')
  t.equal(waitMs({ amount: 1, unit: 'days' }), 86_400_000)
  t.same(journeyReferences(trigger({ conditions: [{ type: 'list', list_id: 4 }] }), j.steps), {
    listIds: [4],
    creativeIds: [3],
    offerIds: ['o1'],
  })
  const last = parseSteps([{ type: 'set_custom_field', field: 'x', value: 1 }])
  t.ok(last.ok && nextStepIndex(last.value, 0) === null, 'the last step ends the journey')
})

t.test('step validation codes', async (t) => {
  const code = (steps: unknown) => {
    const parsed = parseSteps(steps)
    return parsed.ok ? 'ok' : parsed.issues[0]!.code
  }
  t.equal(code([]), 'missing_steps')
  t.equal(code(Array.from({ length: 101 }, () => ({ type: 'exit' }))), 'too_many_steps')
  t.equal(code([{ type: 'teleport' }]), 'invalid_step')
  t.equal(code([{ type: 'send_message' }]), 'missing_message')
  t.equal(code([{ type: 'send_message', message: 'x', creative_id: 1 }]), 'missing_message')
  t.equal(code([{ type: 'send_message', message: 'Go {{link1}}' }]), 'missing_offer_links_for_placeholders')
  t.equal(code([{ type: 'send_message', message: 'x'.repeat(1601) }]), 'message_too_long')
  t.equal(code([{ type: 'wait', amount: 0, unit: 'days' }]), 'invalid_wait')
  t.equal(code([{ type: 'wait', amount: 31, unit: 'days' }]), 'invalid_wait')
  t.equal(code([{ type: 'wait', amount: 1, unit: 'weeks' }]), 'invalid_wait')
  t.equal(code([{ type: 'wait_until', time: '9:00' }]), 'invalid_time')
  t.equal(
    code([{ type: 'condition', check: 'clicked_since_enrollment', yes: 5, no: 0 }]),
    'invalid_branch_target',
  )
  t.equal(
    code([{ type: 'condition', check: 'clicked_since_enrollment', yes: 'x', no: 0 }]),
    'invalid_branch_target',
  )
  t.equal(code([{ type: 'condition', check: 'opened', yes: 0, no: 0 }]), 'invalid_step')
  t.equal(
    code([
      { type: 'exit', id: 'a' },
      { type: 'exit', id: 'a' },
    ]),
    'invalid_step_id',
  )
  t.equal(code([{ type: 'exit', next: 0 }]), 'invalid_step')
  // A loop that sends without end inside one run…
  t.equal(
    code([
      { type: 'send_message', message: 'x' },
      { type: 'condition', check: 'clicked_since_enrollment', yes: 2, no: 0 },
      { type: 'exit' },
    ]),
    'journey_step_loop',
  )
  t.equal(code([{ type: 'set_custom_field', field: 'a', value: 1, next: 0 }]), 'journey_step_loop')
  // …is fine when a wait interrupts it.
  t.equal(
    code([
      { type: 'send_message', message: 'x' },
      { type: 'wait', amount: 1, unit: 'hours' },
      { type: 'condition', check: 'clicked_since_enrollment', yes: 3, no: 0 },
      { type: 'exit' },
    ]),
    'ok',
  )
  t.equal(
    code([
      { type: 'condition', check: 'custom_field', field: 'plan', operator: 'eq', yes: 1, no: 1 },
      { type: 'exit' },
    ]),
    'invalid_trigger_condition',
  )
})
