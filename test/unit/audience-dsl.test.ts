import fc from 'fast-check'
import t from 'tap'
import {
  type FilterGroup,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
  parseFilter,
  toRequestForm,
  toResponseForm,
} from '../../core/audience-dsl.js'
import { audienceSizeQuery, compileFilter } from '../../core/audience-sql.js'
import {
  ADVERSARIAL,
  conditionArb,
  type GroupInput,
  groupArb,
  listConditionArb,
} from '../harness/audience-filters.js'

const parsed = (raw: unknown): FilterGroup => {
  const r = parseFilter(raw)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.filter
}
const errorsOf = (raw: unknown) => {
  const r = parseFilter(raw)
  return r.ok ? [] : r.errors.map((e) => [e.path, e.code])
}
const anyGroup = groupArb(fc.oneof(conditionArb, listConditionArb([1, 2, 3])))

/** Every string a client put in the tree (keys of custom fields included). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out)
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out)
  return out
}

/** The same tree with every client value replaced by a fixed one of the same kind. */
function skeleton(g: GroupInput): GroupInput {
  return {
    operator: g.operator,
    conditions: g.conditions.map((c) => {
      const cond = { ...(c as Record<string, unknown>) }
      if (typeof cond.field === 'string' && cond.field.startsWith('custom_fields.'))
        cond.field = 'custom_fields.k'
      const v = cond.value
      if (Array.isArray(v)) cond.value = cond.condition_type === 'list' ? [1] : ['ok']
      else if (typeof v === 'string') cond.value = 's'
      else if (typeof v === 'number') cond.value = 1
      else if (typeof v === 'boolean') cond.value = true
      return cond
    }),
    groups: g.groups.map(skeleton),
  }
}

const placeholders = (sql: string) => [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))
// The only quoted literals the compiler ever writes.
const WHITELISTED_LITERALS = [/'number'/g, /'\^\\s\*-\?\[0-9\]\{1,30\}\(\\\.\[0-9\]\{1,30\}\)\?\\s\*\$'/g]

t.test('compiled SQL never carries a client value, only $n placeholders', async (t) => {
  fc.assert(
    fc.property(anyGroup, fc.nat({ max: 5 }), (raw, offset) => {
      const filter = parsed(raw)
      const { sql, params } = compileFilter(filter, { paramOffset: offset, now: new Date(0) })
      // The text depends on the tree's shape only: any values of the same kinds give the very same SQL.
      const shapeOnly = compileFilter(parsed(skeleton(raw)), { paramOffset: offset, now: new Date(0) })
      if (shapeOnly.sql !== sql) return false
      // Placeholders are exactly offset+1 … offset+params.length.
      const used = new Set(placeholders(sql))
      if (used.size !== params.length) return false
      for (let i = 1; i <= params.length; i++) if (!used.has(offset + i)) return false
      // No quote, statement separator or comment outside the compiler's own literals.
      let stripped = sql
      for (const literal of WHITELISTED_LITERALS) stripped = stripped.replace(literal, '')
      if (/['";]|--|\/\*/.test(stripped)) return false
      // No client string holding a quote, separator, backslash, control or non-ASCII character appears in it.
      for (const v of stringsOf(raw)) {
        const unusual = [...v].some((ch) => `'";\\`.includes(ch) || ch < ' ' || ch > '~')
        if (unusual && stripped.includes(v)) return false
      }
      return true
    }),
    { numRuns: 400 },
  )
  const withValue = (value: string) =>
    compileFilter(
      parsed({
        conditions: [
          { condition_type: 'custom_field', field: 'custom_fields.a', operator: 'eq', value },
          { condition_type: 'custom_field', field: 'custom_fields.b', operator: 'in', value: [value] },
        ],
      }),
    )
  const baseline = withValue('x').sql
  for (const value of ADVERSARIAL) {
    const { sql, params } = withValue(value)
    t.equal(sql, baseline, `${JSON.stringify(value)} is bound, not written`)
    t.same(params, ['a', value, 'b', [value]])
  }
})

t.test('the size statement binds the account and lists, and numbers the filter after them', async (t) => {
  const filter = parsed({
    conditions: [{ condition_type: 'dnc', field: 'on_dnc', operator: 'eq', value: false }],
  })
  const all = audienceSizeQuery("acct'x", [], filter)
  t.same(all.params, ["acct'x", false])
  t.match(all.sql, /c\.on_dnc = \$2::boolean/)
  t.match(
    all.sql,
    /FROM contact_facts c WHERE c\.account_id = \$1 AND EXISTS/,
    'contacts conditions: one row per contact, a semi-join',
  )
  t.notOk(all.sql.includes("acct'x"))
  const one = audienceSizeQuery('a', [7], filter)
  t.same(one.params, ['a', [7], false])
  t.match(one.sql, /lc\.list_id = ANY\(\$2::integer\[\]\)/)
  t.match(one.sql, /c\.on_dnc = \$3::boolean/)
  const count = parsed({
    conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gt', value: 1 }],
  })
  const several = audienceSizeQuery('a', [], count)
  t.match(several.sql, /SELECT DISTINCT lc\.contact_id/, 'several lists: each contact counted once')
  t.notMatch(several.sql, /JOIN contact_facts c /, 'no contacts join when no condition reads it')
  t.notMatch(audienceSizeQuery('a', [7], count).sql, /DISTINCT/, 'one list holds a contact once')
})

t.test('parsing is total: arbitrary JSON gives a filter or errors, never a throw', async (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), (raw) => {
      const r = parseFilter(raw)
      return (
        r.ok ||
        (r.errors.length > 0 && r.errors.every((e) => typeof e.path === 'string' && e.code && e.error))
      )
    }),
    { numRuns: 500 },
  )
  // Valid trees with one node swapped for arbitrary JSON.
  fc.assert(
    fc.property(
      anyGroup,
      fc.anything(),
      fc.constantFrom('conditions', 'groups', 'operator'),
      (raw, junk, slot) => {
        const mutated = {
          ...raw,
          [slot]:
            slot === 'operator'
              ? junk
              : [...((raw as unknown as Record<string, unknown[]>)[slot] ?? []), junk],
        }
        const r = parseFilter(mutated)
        return r.ok || r.errors.length > 0
      },
    ),
    { numRuns: 300 },
  )
  for (const raw of [null, 1, 'x', [], true, { __proto__: { operator: 'AND' } }, Object.create(null)]) {
    t.doesNotThrow(() => parseFilter(raw))
    t.notOk(parseFilter(raw).ok)
  }
})

t.test('request and response forms round-trip through the parser', async (t) => {
  fc.assert(
    fc.property(anyGroup, (raw) => {
      const filter = parsed(raw)
      const viaRequest = parseFilter(toRequestForm(filter))
      const viaResponse = parseFilter(toResponseForm(filter))
      return (
        viaRequest.ok &&
        viaResponse.ok &&
        JSON.stringify(viaRequest.filter) === JSON.stringify(filter) &&
        JSON.stringify(viaResponse.filter) === JSON.stringify(filter)
      )
    }),
    { numRuns: 300 },
  )
  const echo = toResponseForm(
    parsed({ conditions: [{ condition_type: 'list', field: 'list_id', operator: 'in', value: 4 }] }),
  )
  t.same(echo, {
    operator: 'AND',
    conditions: [{ conditionType: 'list', field: 'listId', operator: 'in', value: [4] }],
    groups: [],
  })
})

t.test('errors name the path and the problem', async (t) => {
  t.same(errorsOf({ operator: 'AND', conditions: [] }), [['', 'empty_filter_group']])
  t.same(
    errorsOf({
      conditions: [{ condition_type: 'dnc', field: 'on_dnc', operator: 'eq', value: true }],
      groups: [{}],
    }),
    [['groups[0]', 'empty_filter_group']],
  )
  const c = (x: Record<string, unknown>) => ({ conditions: [x] })
  const cases: [Record<string, unknown>, [string, string][]][] = [
    [
      { condition_type: 'time', field: 'last_clicked_at', operator: 'within', value: 3 },
      [['conditions[0].unit', 'missing_unit']],
    ],
    [
      { condition_type: 'time', field: 'last_clicked_at', operator: 'within', unit: 'weeks', value: 3 },
      [['conditions[0].unit', 'invalid_unit']],
    ],
    [
      { condition_type: 'time', field: 'last_clicked_at', operator: 'within', unit: 'days' },
      [['conditions[0].value', 'missing_value']],
    ],
    [
      { condition_type: 'time', field: 'last_clicked_at', operator: 'exists', value: 1 },
      [['conditions[0].value', 'unexpected_value']],
    ],
    [
      { condition_type: 'time', field: 'birthday', operator: 'exists' },
      [['conditions[0].field', 'invalid_field']],
    ],
    [
      { condition_type: 'time', field: 'signup_date', operator: 'eq', value: 1 },
      [['conditions[0].operator', 'invalid_operator']],
    ],
    [
      { condition_type: 'count', field: 'send_count', operator: 'gt', value: 1.5 },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'count', field: 'send_count', operator: 'gt', value: '3' },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'revenue', field: 'has_revenue', operator: 'eq', value: 'yes' },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'custom_field', field: 'tier', operator: 'eq', value: 'x' },
      [['conditions[0].field', 'invalid_field']],
    ],
    [
      {
        condition_type: 'custom_field',
        field: `custom_fields.${'k'.repeat(65)}`,
        operator: 'eq',
        value: 'x',
      },
      [['conditions[0].field', 'invalid_field']],
    ],
    [
      { condition_type: 'custom_field', field: 'custom_fields.t', operator: 'in', value: [] },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'custom_field', field: 'custom_fields.t', operator: 'in', value: ['a', {}] },
      [['conditions[0].value[1]', 'invalid_value']],
    ],
    [
      { condition_type: 'custom_field', field: 'custom_fields.t', operator: 'eq', value: 'a\u0000b' },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'custom_field', field: 'custom_fields.t', operator: 'contains', value: 3 },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'list', field: 'listId', operator: 'in', value: ['1'] },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'validation', field: 'validation_status', operator: 'exclude', value: ['bogus'] },
      [['conditions[0].value', 'invalid_value']],
    ],
    [
      { condition_type: 'dnc', field: 'on_dnc', operator: 'ne', value: true },
      [['conditions[0].operator', 'invalid_operator']],
    ],
    [
      { field: 'on_dnc', operator: 'eq', value: true },
      [['conditions[0].condition_type', 'missing_condition_type']],
    ],
    [
      { condition_type: 'dnc', field: 'on_dnc', operator: 'eq', value: true, extra: 1 },
      [['conditions[0].extra', 'unknown_key']],
    ],
  ]
  for (const [condition, expected] of cases)
    t.same(errorsOf(c(condition)), expected, JSON.stringify(condition))
  t.same(
    errorsOf({
      operator: 'NAND',
      conditions: [{ condition_type: 'dnc', field: 'on_dnc', operator: 'eq', value: true }],
    }),
    [['operator', 'invalid_operator']],
  )
  t.same(errorsOf({ conditions: 'x' }), [
    ['conditions', 'invalid_type'],
    ['', 'empty_filter_group'],
  ])
})

t.test('depth and size caps', async (t) => {
  const leaf = { condition_type: 'dnc', field: 'on_dnc', operator: 'eq', value: false }
  const nest = (levels: number): unknown =>
    levels === 1 ? { conditions: [leaf] } : { groups: [nest(levels - 1)] }
  t.ok(parseFilter(nest(MAX_FILTER_DEPTH)).ok)
  const tooDeep = errorsOf(nest(MAX_FILTER_DEPTH + 1))
  t.equal(tooDeep.length, 1)
  t.equal(tooDeep[0]![1], 'too_deep')
  t.match(tooDeep[0]![0], /^(groups\[0\]\.){10}$|^groups\[0\](\.groups\[0\]){9}$/)
  // A hostile 100k-deep document stops at the cap instead of exhausting the stack.
  t.doesNotThrow(() => parseFilter(nest(2000)))
  t.ok(parseFilter({ conditions: Array(MAX_FILTER_CONDITIONS).fill(leaf) }).ok)
  t.same(errorsOf({ conditions: Array(MAX_FILTER_CONDITIONS + 5).fill(leaf) }), [
    [`conditions[${MAX_FILTER_CONDITIONS}]`, 'too_many_conditions'],
  ])
})

t.test(
  'time windows: within/after are recent, not_within includes never, before excludes never',
  async (t) => {
    const now = new Date('2026-01-10T00:00:00Z')
    const compile = (operator: string, unit = 'days') =>
      compileFilter(
        parsed({
          conditions: [{ condition_type: 'time', field: 'last_clicked_at', operator, value: 2, unit }],
        }),
        { now },
      )
    t.same(compile('within'), {
      sql: 'lc.last_clicked_at >= $1::timestamptz',
      params: ['2026-01-08T00:00:00.000Z'],
      usesContacts: false,
    })
    t.equal(compile('not_within').sql, '(lc.last_clicked_at IS NULL OR lc.last_clicked_at < $1::timestamptz)')
    t.equal(compile('before').sql, 'lc.last_clicked_at < $1::timestamptz')
    t.equal(compile('after').sql, 'lc.last_clicked_at > $1::timestamptz')
    t.same(compile('within', 'hours').params, ['2026-01-09T22:00:00.000Z'])
    t.same(compile('within', 'minutes').params, ['2026-01-09T23:58:00.000Z'])
  },
)
