// The journey editor's model (web/src/journeys/model.ts) against the API's own rules (core/journeys.ts): a stored
// journey opened in the editor and saved unchanged is the same document; moving steps keeps every branch on the
// step it named; the client's checks and the API's refusals land beside the step or trigger condition they name.
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import t from 'tap'
import { FIELD_OPERATORS, parseSteps, parseTrigger } from '../../core/journeys.js'
import { linkPlaceholders } from '../../core/message-template.js'
import { clientIssues, humanize, issueOfRefusal, placeIssues } from '../../web/src/journeys/issues.js'
import {
  type ApiStep,
  type ApiTrigger,
  journeyFromApi,
  journeyToApi,
  moveStep,
  newStep,
  removeStep,
  STEP_TYPES,
  starterJourney,
  stepsFromApi,
  stepsToApi,
  triggerFromApi,
  triggerToApi,
} from '../../web/src/journeys/model.js'

const fieldName = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/)
const text = fc.string({ maxLength: 12 })
const number = fc
  .oneof(fc.integer({ min: -1000, max: 1_000_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }))
  .filter((n) => !Object.is(n, -0))
const scalar = fc.oneof(text, number, fc.boolean())
/** An `in` list is typed once and edited as comma-separated text: one type, strings without commas or edge spaces. */
const listValues = fc.oneof(
  fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9 ]{0,8}[a-z0-9]$|^[a-z0-9]$/), { minLength: 1, maxLength: 4 }),
  fc.array(number, { minLength: 1, maxLength: 4 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }),
)

type Match = { field: string; operator: string; value?: unknown }
const fieldMatch = fc.constantFrom(...FIELD_OPERATORS).chain((operator): fc.Arbitrary<Match> => {
  if (operator === 'exists')
    return fc
      .record({ field: fieldName, value: fc.option(fc.boolean(), { nil: undefined }) })
      .map(({ field, value }) => (value === undefined ? { field, operator } : { field, operator, value }))
  if (operator === 'in' || operator === 'not_in')
    return fc.record({ field: fieldName, value: listValues }).map((r) => ({ ...r, operator }))
  return fc.record({ field: fieldName, value: scalar }).map((r) => ({ ...r, operator }))
})

const triggerCondition = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map((list_id) => ({ type: 'list', list_id })),
  fc.stringMatching(/^[a-z][a-z_]{0,9}$/).map((value) => ({ type: 'signup_method', value })),
  fieldMatch.map((m) => ({ type: 'custom_field', ...m })),
)

const { group: triggerArb } = fc.letrec<{ group: ApiTrigger }>((tie) => ({
  group: fc
    .record({
      operator: fc.constantFrom('AND', 'OR'),
      conditions: fc.array(triggerCondition, { maxLength: 3 }),
      groups: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant([]),
        fc.array(tie('group'), { maxLength: 2 }),
      ),
    })
    .filter((g) => (g.conditions?.length ?? 0) + (g.groups?.length ?? 0) > 0) as fc.Arbitrary<ApiTrigger>,
}))

const message = fc
  .array(
    fc.constantFrom(
      'Hi {{first_name}} ',
      'from {{brand_name}} ',
      'deal ',
      '{{link1}} ',
      '{{link2}} ',
      '{{ link3 }}',
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => `${parts.join('')}!`)
const offerId = fc.stringMatching(/^[0-9a-f]{24}$/)

/** One step's own fields; `ref` picks a reference to another step in canonical form (id if it has one). */
const stepBody = (
  type: string,
  ref: fc.Arbitrary<string | number>,
): fc.Arbitrary<Record<string, unknown>> => {
  switch (type) {
    case 'send_message':
      return fc.oneof(
        fc.integer({ min: 1, max: 100_000 }).map((creative_id) => ({ creative_id })),
        fc.tuple(message, fc.array(offerId, { minLength: 3, maxLength: 3 })).map(([m, offers]) => ({
          message: m,
          offer_links: linkPlaceholders(m).map((key, i) => ({ key, offer_id: offers[i]! })),
        })),
      )
    case 'wait':
      return fc.oneof(
        fc.integer({ min: 1, max: 43_200 }).map((amount) => ({ amount, unit: 'minutes' })),
        fc.integer({ min: 1, max: 720 }).map((amount) => ({ amount, unit: 'hours' })),
        fc.integer({ min: 1, max: 30 }).map((amount) => ({ amount, unit: 'days' })),
      )
    case 'condition':
      return fc.oneof(
        fc.record({
          check: fc.constantFrom('clicked_since_enrollment', 'sent_since_enrollment'),
          yes: ref,
          no: ref,
        }),
        fc.tuple(fieldMatch, ref, ref).map(([m, yes, no]) => ({ check: 'custom_field', yes, no, ...m })),
      )
    case 'wait_until':
      return fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => ({ time: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` }))
    case 'set_custom_field':
      return fc.record({ field: fieldName, value: scalar })
    default:
      return fc.constant({})
  }
}

const HAS_NEXT = new Set(['send_message', 'wait', 'wait_until', 'set_custom_field'])

/** A steps document as the API stores it: every reference names a step, by id when that step has one. */
const stepsArb: fc.Arbitrary<ApiStep[]> = fc
  .array(
    fc.record({
      type: fc.constantFrom(...STEP_TYPES),
      hasId: fc.boolean(),
      next: fc.option(fc.nat(), { nil: undefined }),
      seed: fc.nat(),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .chain((shapes) => {
    const ids = shapes.map((s, i) => (s.hasId ? `s${i}-x` : undefined))
    const refTo = (i: number): string | number => ids[i] ?? i
    const ref = fc.nat({ max: shapes.length - 1 }).map(refTo)
    return fc.tuple(...shapes.map((s) => stepBody(s.type, ref))).map((bodies) =>
      shapes.map((s, i) => {
        const step: ApiStep = { type: s.type, ...bodies[i] }
        if (ids[i]) step.id = ids[i]
        if (s.next !== undefined && HAS_NEXT.has(s.type)) step.next = refTo(s.next % shapes.length)
        return step
      }),
    )
  })

t.test('a stored trigger read into the editor and sent back is the same trigger', async (t) => {
  let valid = 0
  fc.assert(
    fc.property(triggerArb, (raw) => {
      const parsed = parseTrigger(raw)
      if (parsed.ok) valid++
      const stored = parsed.ok ? (parsed.value as ApiTrigger) : raw
      const sent = triggerToApi(triggerFromApi(stored))
      t.same(sent, stored)
      return !parsed.ok || isDeepStrictEqual(sent, stored)
    }),
    { numRuns: 300 },
  )
  t.ok(valid > 200, `${valid} of 300 generated triggers are valid`)
})

t.test('stored steps read into the editor and sent back are the same steps, and still valid', async (t) => {
  let valid = 0
  fc.assert(
    fc.property(stepsArb, (raw) => {
      const parsed = parseSteps(raw)
      const sent = stepsToApi(stepsFromApi(raw))
      t.same(sent, raw)
      if (!parsed.ok) return true
      valid++
      // The generator writes steps as the API stores them, so the round trip is the stored document.
      t.same(parsed.value.steps, raw)
      return parseSteps(sent).ok
    }),
    { numRuns: 300 },
  )
  t.ok(valid > 50, `${valid} of 300 generated step lists are valid (the rest loop without a wait)`)
})

t.test('moving a step keeps every branch and next on the step it named', async (t) => {
  fc.assert(
    fc.property(stepsArb, fc.nat(), fc.constantFrom(-1 as const, 1 as const), (raw, at, by) => {
      const steps = stepsFromApi(raw)
      const moved = moveStep(steps, at % steps.length, by)
      const sent = stepsToApi(moved)
      const indexOf = (ref: unknown) =>
        typeof ref === 'number' ? ref : sent.findIndex((s) => s.id !== undefined && s.id === ref)
      for (const [i, step] of moved.entries()) {
        for (const branch of ['yes', 'no', 'next'] as const) {
          if (step[branch] === '' || sent[i]![branch] === undefined) continue
          const target = moved.findIndex((s) => s.key === step[branch])
          if (indexOf(sent[i]![branch]) !== target) return false
        }
      }
      // Moved back, it is the document it was.
      const back = moveStep(moved, (at % steps.length) + by, by === 1 ? -1 : 1)
      return (at % steps.length) + by < 0 || (at % steps.length) + by >= steps.length
        ? true
        : isDeepStrictEqual(stepsToApi(back), raw)
    }),
    { numRuns: 200 },
  )
  t.pass('references follow their steps')
})

t.test('removing a step clears the references to it', async (t) => {
  const steps = stepsFromApi([
    { type: 'condition', check: 'sent_since_enrollment', yes: 1, no: 'bye' },
    { type: 'wait', amount: 1, unit: 'days', next: 'bye' },
    { type: 'exit', id: 'bye' },
  ])
  const left = removeStep(steps, 2)
  t.equal(left[0]!.no, '')
  t.equal(left[0]!.yes, steps[1]!.key)
  t.equal(left[1]!.next, '')
  t.same(stepsToApi(left)[1], { type: 'wait', amount: 1, unit: 'days' })
})

t.test('an editor-made journey of every step type is accepted by the API rules', async (t) => {
  const model = starterJourney()
  model.trigger.conditions[0]!.listId = '7'
  const nested = triggerFromApi({ operator: 'OR', conditions: [{ type: 'signup_method', value: 'api' }] })
  nested.conditions.push({
    ...nested.conditions[0]!,
    key: 'c2',
    type: 'custom_field',
    match: { field: 'tier', operator: 'in', value: 'gold, silver', valueType: 'text' },
  })
  model.trigger.groups.push(nested)
  const [send] = model.steps
  send!.message = 'Welcome {{first_name}}: {{link1}}'
  send!.links = { link1: 'a'.repeat(24) }
  const set = { ...newStep('set_custom_field'), field: 'stage', value: '2', valueType: 'number' as const }
  const cond = { ...newStep('condition'), check: 'sent_since_enrollment' as const }
  const wait = { ...newStep('wait'), amount: '2', unit: 'hours' as const, id: 'later' }
  const until = { ...newStep('wait_until'), time: '09:30' }
  const unsub = newStep('unsubscribe')
  const exit = { ...newStep('exit'), id: 'bye' }
  cond.yes = wait.key
  cond.no = exit.key
  model.steps.push(set, cond, wait, until, unsub, exit)
  t.same(clientIssues('Welcome', model), [])
  const doc = journeyToApi(model)
  t.ok(parseTrigger(doc.trigger).ok, 'trigger valid')
  const parsed = parseSteps(doc.steps)
  t.ok(parsed.ok, parsed.ok ? 'steps valid' : JSON.stringify(parsed.issues))
  t.same(doc.steps[2], { type: 'condition', check: 'sent_since_enrollment', yes: 'later', no: 'bye' })
  t.same(doc.steps[1], { type: 'set_custom_field', field: 'stage', value: 2 })
  t.same(doc.steps[0]!.offer_links, [{ key: 'link1', offer_id: 'a'.repeat(24) }])
  t.same(doc.trigger.groups?.[0]?.conditions?.[1], {
    type: 'custom_field',
    field: 'tier',
    operator: 'in',
    value: ['gold', 'silver'],
  })
  t.same(journeyToApi(journeyFromApi(doc)), doc, 'and reads back the same')
})

t.test("the client's checks name the path of the field they concern", async (t) => {
  const model = starterJourney()
  const wait = { ...newStep('wait'), amount: '0' }
  const cond = newStep('condition')
  const until = { ...newStep('wait_until'), time: '25:00' }
  model.steps.push(wait, cond, until)
  model.steps[0]!.message = 'Go {{link1}}'
  const issues = clientIssues(' ', model)
  t.same(
    issues.map((i) => i.path),
    [
      'name',
      'trigger.conditions[0].list_id',
      'steps[0].offer_links',
      'steps[1].amount',
      'steps[2].yes',
      'steps[2].no',
      'steps[3].time',
    ],
  )
  const placed = placeIssues(model, issues)
  t.match(placed.name, /name is required/)
  t.match(placed.byKey.get(model.steps[2]!.key), [/yes/, /no/])
  t.match(placed.byKey.get(model.trigger.conditions[0]!.key), [/choose a list/])
  t.ok(placed.paths.has('steps[1].amount'))
  t.same(placed.top, [])
})

t.test("the API's refusals land beside the step or trigger condition their path names", async (t) => {
  // A loop through steps that run at once: set → condition → back to set.
  const raw: ApiStep[] = [
    { type: 'set_custom_field', field: 'a', value: 1 },
    { type: 'condition', check: 'sent_since_enrollment', yes: 0, no: 2 },
    { type: 'exit' },
  ]
  const parsed = parseSteps(raw)
  t.notOk(parsed.ok)
  if (parsed.ok) return
  const issue = parsed.issues[0]!
  t.equal(issue.code, 'journey_step_loop')
  const model = {
    trigger: triggerFromApi({ operator: 'AND', conditions: [{ type: 'list', list_id: 1 }] }),
    steps: stepsFromApi(raw),
  }
  const placed = placeIssues(model, [issueOfRefusal(issue.code, issue.error)])
  const onStep = model.steps.findIndex((s) => placed.byKey.has(s.key))
  t.equal(`steps[${onStep}]`, issue.path, 'beside the step the path names')
  t.match(placed.byKey.get(model.steps[onStep]!.key)?.[0], /loop back to step \d without a wait/)
  t.same(placed.top, [])

  const trigger = {
    operator: 'AND',
    conditions: [],
    groups: [{ operator: 'OR', conditions: [{ type: 'list', list_id: 0 }] }],
  }
  const refused = parseTrigger(trigger)
  t.notOk(refused.ok)
  if (refused.ok) return
  const first = refused.issues[0]!
  t.equal(first.path, 'trigger.groups[0].conditions[0].list_id')
  const m2 = { trigger: triggerFromApi(trigger as ApiTrigger), steps: [] }
  const p2 = placeIssues(m2, [issueOfRefusal(first.code, first.error)])
  t.ok(p2.byKey.has(m2.trigger.groups[0]!.conditions[0]!.key))
  t.ok(p2.paths.has('trigger.groups[0].conditions[0].list_id'))

  const other = placeIssues(m2, [issueOfRefusal('list_not_found', 'No sending list with id 5')])
  t.same(other.top, ['No sending list with id 5'])
  t.equal(
    placeIssues(m2, [issueOfRefusal('missing_name', 'name must not be empty')]).name,
    'name must not be empty',
  )
  t.equal(humanize('steps[0]: loops to steps[11]'), 'step 1: loops to step 12')
})
