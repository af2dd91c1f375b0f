// The audience builder's model (web/src/audiences/model.ts) against the DSL's own parser (core/audience-dsl.ts): a
// stored filter opened in the builder and sent back unchanged is the same filter, and the API's per-path errors
// land on the condition they name.
import fc from 'fast-check'
import t from 'tap'
import { parseFilter, toRequestForm, toResponseForm } from '../../core/audience-dsl.js'
import {
  conditionCount,
  type DslGroup,
  errorsByNode,
  FIELDS,
  fromDsl,
  newCondition,
  newGroup,
  toDsl,
  valueShape,
  withField,
  withOperator,
} from '../../web/src/audiences/model.js'
import { conditionArb, groupArb, listConditionArb } from '../harness/audience-filters.js'

/**
 * In-lists are edited as comma-separated text of one value type, so a list mixing types, or holding a string
 * with a comma, surrounding spaces or nothing at all, has no text form in the builder.
 */
function editable(g: DslGroup): boolean {
  return (
    (g.conditions ?? []).every((c) => {
      if (!Array.isArray(c.value) || c.condition_type !== 'custom_field') return true
      const types = new Set(c.value.map((v) => typeof v))
      return (
        types.size === 1 &&
        c.value.every((v) => typeof v !== 'string' || (v.trim() === v && v !== '' && !v.includes(',')))
      )
    }) && (g.groups ?? []).every(editable)
  )
}

t.test('a stored filter read into the builder and sent back is the same filter', async (t) => {
  const arb = groupArb(fc.oneof(conditionArb, listConditionArb([1, 2, 3])))
  let checked = 0
  fc.assert(
    fc.property(arb, (raw) => {
      const parsed = parseFilter(raw)
      fc.pre(parsed.ok)
      if (!parsed.ok) return
      const canonical = toRequestForm(parsed.filter) as DslGroup
      fc.pre(editable(canonical))
      checked++
      const sent = toDsl(fromDsl(toResponseForm(parsed.filter) as DslGroup))
      t.same(sent, canonical)
      const again = parseFilter(sent)
      return again.ok && JSON.stringify(toRequestForm(again.filter)) === JSON.stringify(canonical)
    }),
    { numRuns: 300 },
  )
  t.ok(checked > 100, `checked ${checked} editable filters`)
})

t.test('a new condition of every kind and field is accepted once its value is filled in', async (t) => {
  const samples = { number: '3', duration: '7', scalar: 'gold', scalars: 'a, b', lists: '1', statuses: 'ok' }
  for (const kind of ['time', 'count', 'revenue', 'custom_field', 'list', 'validation', 'dnc'] as const) {
    const base = newCondition(kind)
    for (const field of FIELDS[kind]) {
      for (const operator of field.operators) {
        let c = withOperator(withField(base, kind, field.id), operator)
        c = { ...c, key: 'tier' }
        const shape = valueShape(c)
        if (shape in samples) c = { ...c, value: samples[shape as keyof typeof samples] }
        const g = newGroup()
        g.conditions.push(c)
        const r = parseFilter(toDsl(g))
        t.ok(r.ok, `${kind} ${field.id} ${operator}: ${r.ok ? '' : JSON.stringify(r.errors)}`)
      }
    }
  }
})

t.test(
  'a value that is not a number goes to the API as typed and its error comes back to its condition',
  async (t) => {
    const root = newGroup('AND')
    const first = { ...newCondition('count'), value: '2' }
    const sub = newGroup('OR')
    const bad = { ...newCondition('count'), value: 'lots' }
    sub.conditions.push({ ...newCondition('dnc') }, bad)
    root.conditions.push(first)
    root.groups.push(sub)
    t.equal(conditionCount(root), 3)
    const dsl = toDsl(root)
    t.equal(dsl.groups[0]?.conditions?.[1]?.value, 'lots')
    const r = parseFilter(dsl)
    t.notOk(r.ok)
    if (r.ok) return
    t.same(
      r.errors.map((e) => e.path),
      ['groups[0].conditions[1].value'],
    )
    const byNode = errorsByNode(root, [...r.errors, { path: '', code: 'x', error: 'whole filter' }])
    t.same(byNode.get(bad.id), [r.errors[0]?.error])
    t.same(byNode.get(''), ['whole filter'])
    t.notOk(byNode.has(first.id))
    // A path past the end of the tree falls back to the deepest node that exists.
    t.same(
      errorsByNode(root, [{ path: 'groups[0].conditions[9].value', code: 'x', error: 'e' }]).get(sub.id),
      ['e'],
    )
  },
)

t.test('changing the field keeps the operator only where the new field takes it', async (t) => {
  const c = withOperator(newCondition('time'), 'exists')
  t.equal(valueShape(c), 'none')
  const count = withField(c, 'count', 'click_count')
  t.equal(count.operator, 'eq')
  t.equal(count.value, '')
  const revenue = withField({ ...count, value: '5', operator: 'gt' }, 'revenue', 'revenue_total')
  t.equal(revenue.operator, 'gt')
  t.equal(revenue.value, '5')
  const has = withField(revenue, 'revenue', 'has_revenue')
  t.equal(has.operator, 'eq')
  t.equal(has.value, 'true')
})
