// fast-check arbitraries of valid audience filters (request form) with adversarial values, shared by the
// DSL's unit properties and the Postgres check that random compiled filters run.
import fc from 'fast-check'

export const ADVERSARIAL = [
  "'; DROP TABLE contacts; --",
  "Robert'); DROP TABLE list_contacts;--",
  '" OR 1=1 --',
  '$1',
  '\\',
  "''",
  '😀 ünïcødé 中文',
  '\u0001\u007f',
  'lc.send_count',
  '1; SELECT pg_sleep(10)',
]

/** Valid strings only: the DSL rejects NUL (Postgres text cannot hold it). */
export const adversarialString = fc
  .oneof(
    fc.constantFrom(...ADVERSARIAL),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  )
  .filter((s) => !s.includes('\u0000'))
const scalar = fc.oneof(adversarialString, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean())
const customKey = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/),
  fc.constantFrom('tier', 'a.b', "x'y".replace("'", '_')),
)
const unit = fc.constantFrom('days', 'hours', 'minutes')
const timeValue = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }),
  fc.double({ min: 0, max: 100_000, noNaN: true }),
)

const timeCondition = (type: 'time' | 'revenue', fields: string[]) =>
  fc.oneof(
    fc.record({
      condition_type: fc.constant(type),
      field: fc.constantFrom(...fields),
      operator: fc.constantFrom('within', 'not_within', 'before', 'after'),
      value: timeValue,
      unit,
    }),
    fc.record({
      condition_type: fc.constant(type),
      field: fc.constantFrom(...fields),
      operator: fc.constantFrom('exists', 'not_exists'),
    }),
  )

const compare = fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte')

export const conditionArb = fc.oneof(
  timeCondition('time', ['last_clicked_at', 'last_sent_at', 'signup_date', 'last_revenue_at']),
  fc.record({
    condition_type: fc.constant('count'),
    field: fc.constantFrom('send_count', 'click_count', 'conversion_count'),
    operator: compare,
    value: fc.nat(),
  }),
  fc.record({
    condition_type: fc.constant('revenue'),
    field: fc.constant('has_revenue'),
    operator: fc.constantFrom('eq', 'ne'),
    value: fc.boolean(),
  }),
  fc.record({
    condition_type: fc.constant('revenue'),
    field: fc.constantFrom('revenue_total', 'avg_revenue'),
    operator: compare,
    value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  }),
  timeCondition('revenue', ['last_revenue_at']),
  fc.record({
    condition_type: fc.constant('custom_field'),
    field: customKey.map((k) => `custom_fields.${k}`),
    operator: fc.constantFrom('eq', 'ne'),
    value: scalar,
  }),
  fc.record({
    condition_type: fc.constant('custom_field'),
    field: customKey.map((k) => `custom_fields.${k}`),
    operator: fc.constantFrom('gt', 'gte', 'lt', 'lte'),
    value: fc.oneof(adversarialString, fc.double({ noNaN: true, noDefaultInfinity: true })),
  }),
  fc.record({
    condition_type: fc.constant('custom_field'),
    field: customKey.map((k) => `custom_fields.${k}`),
    operator: fc.constant('contains'),
    value: adversarialString,
  }),
  fc.record({
    condition_type: fc.constant('custom_field'),
    field: customKey.map((k) => `custom_fields.${k}`),
    operator: fc.constantFrom('in', 'not_in'),
    value: fc.array(scalar, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    condition_type: fc.constant('custom_field'),
    field: customKey.map((k) => `custom_fields.${k}`),
    operator: fc.constantFrom('exists', 'not_exists'),
  }),
  fc.record({
    condition_type: fc.constant('validation'),
    field: fc.constant('validation_status'),
    operator: fc.constantFrom('exclude', 'in', 'not_in'),
    value: fc.uniqueArray(fc.constantFrom('ok', 'unreachable', 'invalid', 'risky', 'unknown'), {
      minLength: 1,
    }),
  }),
  fc.record({
    condition_type: fc.constant('dnc'),
    field: fc.constant('on_dnc'),
    operator: fc.constant('eq'),
    value: fc.boolean(),
  }),
)

/** List conditions need list ids of the account, so callers pass them. */
export const listConditionArb = (listIds: number[]) =>
  fc.record({
    condition_type: fc.constant('list'),
    field: fc.constantFrom('listId', 'list_id'),
    operator: fc.constantFrom('in', 'not_in'),
    value: fc.subarray(listIds, { minLength: 1 }),
  })

export interface GroupInput {
  operator: string
  conditions: unknown[]
  groups: GroupInput[]
}

/** Valid groups: at most `depth` levels, never empty. */
export const groupArb = (
  condition: fc.Arbitrary<unknown> = conditionArb,
  depth = 4,
): fc.Arbitrary<GroupInput> => {
  const { group } = fc.letrec<{ group: GroupInput }>((tie) => ({
    group: fc
      .record({
        operator: fc.constantFrom('AND', 'OR'),
        conditions: fc.array(condition, { maxLength: 4 }),
        groups: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.constant([]),
          fc.array(tie('group'), { maxLength: 3 }),
        ),
      })
      .filter((g) => g.conditions.length + g.groups.length > 0) as fc.Arbitrary<GroupInput>,
  }))
  return group.filter((g) => depthOf(g) <= depth)
}

const depthOf = (g: GroupInput): number => 1 + Math.max(0, ...g.groups.map(depthOf))
