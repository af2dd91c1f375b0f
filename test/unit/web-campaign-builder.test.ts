// The campaign builder's pure logic: the form makes the create body the API takes, its client-side checks refuse
// what the API's rules (core/schedules scheduleIssues and the request schema) refuse and pass what they pass, each
// API refusal is placed beside a field the client flags too, and the percent rule is the API's.
import fc from 'fast-check'
import t from 'tap'
import { ERROR_STATUS } from '../../core/errors.js'
import { scheduleIssues } from '../../core/schedules.js'
import { requestIssues } from '../../web/src/api/validate.js'
import {
  type BuilderValues,
  bodyOf,
  emptyBuilder,
  fieldOfApiError,
  formatCost,
  linkField,
  PERCENT_RULE,
  percentTotal,
  validateBuilder,
  valuesOf,
  variantField,
  WEEKDAYS,
} from '../../web/src/campaigns/builder/builderRules.js'

const OFFER = '0123456789abcdef01234567'
const AUDIENCE = 'fedcba9876543210fedcba98'

const good = (over: Partial<BuilderValues> = {}): BuilderValues => ({
  ...emptyBuilder(7),
  name: 'Winter sale',
  audiences: [AUDIENCE],
  sendDate: '2026-12-20',
  sendTime: '09:30',
  variants: [
    { name: 'A', message: 'Sale {{link1}}', percent: '50', offers: { link1: OFFER } },
    {
      name: '',
      message: 'More {{link1}} and {{link2}}',
      percent: '50',
      offers: { link1: OFFER, link2: OFFER },
    },
  ],
  ...over,
})

t.test('the form makes the create body', async (t) => {
  t.same(bodyOf(good()), {
    name: 'Winter sale',
    send_type: 'blast',
    is_repeating: false,
    send_time: '09:30',
    audiences: [AUDIENCE],
    send_date: '2026-12-20',
    start_date: null,
    end_date: null,
    days_of_week: null,
    skip_within_hours: 0,
    use_local_time: false,
    automated_percent: 0,
    sending_list_id: 7,
    source_lists: [],
    blasts: [
      {
        variant_name: 'A',
        message: 'Sale {{link1}}',
        percent_audience: 50,
        offer_links: [{ key: 'link1', offer_id: OFFER }],
      },
      {
        variant_name: null,
        message: 'More {{link1}} and {{link2}}',
        percent_audience: 50,
        offer_links: [
          { key: 'link1', offer_id: OFFER },
          { key: 'link2', offer_id: OFFER },
        ],
      },
    ],
  })
  const repeating = bodyOf(
    good({ repeating: true, startDate: '2026-12-01', endDate: '2026-12-31', days: ['friday'] }),
  )
  t.equal(repeating.send_date, null, 'a one-time date is not sent for a repeating campaign')
  t.same(repeating.days_of_week, Object.fromEntries(WEEKDAYS.map((d) => [d.id, d.id === 'friday'])))
  t.same(validateBuilder(good()), {}, 'a good form passes')
  t.same(scheduleIssues(bodyOf(good())), [], 'and the API’s rules pass it')
  t.same(requestIssues('createSchedule', bodyOf(good())), [], 'and its schema')
})

t.test('a stored schedule round-trips through the form', async (t) => {
  const body = bodyOf(
    good({
      repeating: true,
      startDate: '2026-12-01',
      endDate: '2026-12-31',
      days: ['monday', 'sunday'],
      localTime: true,
      skipHours: '24',
      automatedPercent: '20',
    }),
  )
  const stored = {
    ...body,
    id: 'x',
    status: 'on',
    is_mms: false,
    is_cto: false,
    filter_bots: false,
    ir_revenue: false,
    list_number: null,
    next_run_at: null,
    created_at: '',
    updated_at: '',
    days_of_week: body.days_of_week as Record<(typeof WEEKDAYS)[number]['id'], boolean>,
    blasts: body.blasts.map((b, i) => ({
      ...b,
      id: i,
      mms_image_url: null,
      offer_links: b.offer_links.map((l) => ({ ...l, url_params: {} })),
    })),
  }
  t.same(bodyOf(valuesOf(stored)), body)
})

t.test('client-side refusals, beside their fields, with the API’s words', async (t) => {
  const percents = validateBuilder(
    good({
      variants: [
        { name: '', message: 'A {{link1}}', percent: '50', offers: { link1: OFFER } },
        { name: '', message: 'B {{link1}}', percent: '40', offers: { link1: OFFER } },
      ],
    }),
  )
  t.equal(percents.percents, PERCENT_RULE, 'percents adding up to 90')
  t.equal(
    scheduleIssues(bodyOf(good({ variants: [{ name: '', message: 'A', percent: '90', offers: {} }] })))[0]
      ?.message,
    PERCENT_RULE,
  )
  t.equal(
    percentTotal([{ name: '', message: '', percent: '5.5', offers: {} }]),
    null,
    'a fraction is no percent',
  )
  t.match(validateBuilder(good({ sendDate: '' })), {
    send_date: 'send_date is required for a one-time schedule',
  })
  t.match(validateBuilder(good({ sendDate: '2026-02-30' })), {
    send_date: 'send_date must be a YYYY-MM-DD date',
  })
  t.match(validateBuilder(good({ repeating: true })), {
    start_date: 'start_date is required when repeating',
    end_date: 'end_date is required when repeating',
    days: 'days_of_week must select at least one day when repeating',
  })
  t.match(validateBuilder(good({ sendTime: '9:30' })), {
    send_time: 'send_time must be HH:MM on a 24-hour clock',
  })
  t.match(
    validateBuilder(good({ variants: [{ name: '', message: 'Go {{link1}}', percent: '100', offers: {} }] })),
    {
      [linkField(0, 'link1')]: /offer/,
    },
  )
  t.match(validateBuilder(good({ automatedPercent: '101' })), { automated_percent: /automated_percent/ })
  t.match(validateBuilder(good({ skipHours: '-1' })), { skip_within_hours: /skip_within_hours/ })
  t.match(validateBuilder(good({ audiences: [] })), { audiences: /audiences/ })
})

t.test('every API refusal has a field, and the API’s codes are the server’s', async (t) => {
  const v = good()
  const cases: Array<[string, string, string]> = [
    ['missing_name', 'name is required', 'name'],
    ['invalid_send_time', 'send_time must be HH:MM on a 24-hour clock', 'send_time'],
    ['audience_not_found', `Audience ${AUDIENCE} not found`, 'audiences'],
    ['invalid_date', 'start_date must be a YYYY-MM-DD date', 'start_date'],
    ['invalid_date', 'end_date is before start_date', 'end_date'],
    ['invalid_date', 'send_date must be a YYYY-MM-DD date', 'send_date'],
    ['no_days_selected', 'x', 'days'],
    ['invalid_blast_percent', PERCENT_RULE, 'percents'],
    ['missing_blast_message', 'blasts[1].message is required', variantField(1, 'message')],
    ['offer_not_found', `Offer ${OFFER} not found`, linkField(0, 'link1')],
    ['list_not_found', 'Sending list not found', 'sending_list'],
  ]
  for (const [code, message, field] of cases) {
    t.ok(code in ERROR_STATUS, `${code} is an API code`)
    t.equal(fieldOfApiError(code, message, v), field, `${code}: ${message}`)
  }
})

const text = fc.oneof(fc.constant(''), fc.constantFrom('2026-12-20', '2026-02-30', '20261220', '2027-01-01'))
const formArb: fc.Arbitrary<BuilderValues> = fc.record({
  name: fc.constantFrom('', ' ', 'Sale'),
  sendType: fc.constantFrom('blast' as const, 'automated' as const),
  sendingListId: fc.constantFrom(null, 3),
  audiences: fc.constantFrom([], [AUDIENCE]),
  repeating: fc.boolean(),
  sendDate: text,
  startDate: text,
  endDate: text,
  days: fc.subarray(WEEKDAYS.map((d) => d.id)),
  sendTime: fc.constantFrom('', '09:30', '24:00', '7:05', '23:59'),
  localTime: fc.boolean(),
  skipHours: fc.constantFrom('0', '24', '-1', 'x', '9000'),
  automatedPercent: fc.constantFrom('0', '30', '100', '101', '1.5'),
  sourceLists: fc.constantFrom([], [3]),
  variants: fc.array(
    fc.record({
      name: fc.constantFrom('', 'A'),
      message: fc.constantFrom('', 'Hi', 'Go {{link1}}'),
      percent: fc.constantFrom('0', '25', '50', '100', '', '-5', '33.3'),
      offers: fc.constantFrom<Record<string, string>>({}, { link1: OFFER }),
    }),
    { maxLength: 4 },
  ),
})

t.test(
  'the client refuses whatever the API’s rules refuse, and beside the field the API names',
  async (t) => {
    t.doesNotThrow(
      () =>
        fc.assert(
          fc.property(formArb, (v) => {
            const client = validateBuilder(v)
            const issues = scheduleIssues(bodyOf(v))
            const schema = requestIssues('createSchedule', bodyOf(v))
            if (Object.keys(client).length === 0) return issues.length === 0 && schema.length === 0
            if (issues.length === 0) return true
            const field = fieldOfApiError(issues[0]!.code, issues[0]!.message, v)
            return field !== undefined && client[field] !== undefined
          }),
          { numRuns: 2000 },
        ),
      '2,000 generated forms',
    )
  },
)

t.test('costs read to the tenth of a cent', async (t) => {
  t.equal(formatCost(0.0855), '$0.0855')
  t.equal(formatCost(45), '$45.00')
})
