// Welcome journeys (spec §17), the pure part: a journey document (trigger group and steps) validated into typed
// issues with stable codes, trigger evaluation against a contact joining a list, what step comes next, and
// "wait until the next HH:MM" in the contact's timezone (DST-correct, local wall time from Intl). No I/O here.
// The shapes live in journey-types, the checks the parsers share in journey-checks, the trigger's parser in
// journey-trigger-validation, a step's in journey-step-validation and the steps' compilation (references, loops) in
// journey-compile; re-exported here so callers import a journey's whole pure part from one module.
import type {
  CompiledJourney,
  FieldOperator,
  FieldValue,
  JourneyReferences,
  Step,
  TriggerCondition,
  TriggerGroup,
  WaitUnit,
} from './journey-types.js'
import { HHMM, UNIT_MS } from './journey-types.js'
import { instantOfLocalTime, localDateAt, shiftDate } from './quiet-hours.js'

export { parseSteps } from './journey-compile.js'
export { parseTrigger } from './journey-trigger-validation.js'
export type {
  CompiledJourney,
  ConditionCheck,
  EnrollmentStatus,
  FieldOperator,
  FieldValue,
  JourneyDocument,
  JourneyIssue,
  JourneyReferences,
  JourneyStatus,
  OfferBinding,
  Step,
  StepRef,
  StepType,
  TriggerCondition,
  TriggerGroup,
  WaitUnit,
} from './journey-types.js'
export {
  CONDITION_CHECKS,
  ENROLLMENT_MAX_AGE_MS,
  ENROLLMENT_STATUSES,
  FIELD_OPERATORS,
  JOURNEY_STATUSES,
  MAX_STEPS,
  MAX_STEPS_PER_RUN,
  MAX_TRIGGER_CONDITIONS,
  MAX_TRIGGER_DEPTH,
  MAX_WAIT_MS,
  MESSAGE_MAX_LENGTH,
  STEP_TYPES,
  WAIT_UNITS,
} from './journey-types.js'

/** The lists, creatives and offers a journey names: the service checks that each belongs to the account. */
export function journeyReferences(trigger: TriggerGroup, steps: readonly Step[]): JourneyReferences {
  const listIds = new Set<number>()
  const walk = (group: TriggerGroup) => {
    for (const c of group.conditions) if (c.type === 'list') listIds.add(c.list_id)
    for (const g of group.groups) walk(g)
  }
  walk(trigger)
  const creativeIds = new Set<number>()
  const offerIds = new Set<string>()
  for (const step of steps) {
    if (step.type !== 'send_message') continue
    if ('creative_id' in step) creativeIds.add(step.creative_id)
    else for (const link of step.offer_links) offerIds.add(link.offer_id)
  }
  return { listIds: [...listIds], creativeIds: [...creativeIds], offerIds: [...offerIds] }
}

// ---- Evaluation -------------------------------------------------------------------------------------------

const present = (v: FieldValue | null | undefined): v is FieldValue =>
  v !== undefined && v !== null && v !== ''

/** Numbers compare as numbers ("10" equals 10), everything else as trimmed, case-insensitive text. */
export function sameValue(a: FieldValue, b: FieldValue): boolean {
  const na = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : Number.NaN
  const nb = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : Number.NaN
  if ((typeof a === 'number' || typeof b === 'number') && Number.isFinite(na) && Number.isFinite(nb))
    return na === nb
  return String(a).trim().toLowerCase() === String(b).trim().toLowerCase()
}

/** A custom-field operator applied to a contact's value (missing: undefined). */
export function matchField(
  actual: FieldValue | null | undefined,
  operator: FieldOperator,
  value: FieldValue | FieldValue[] | undefined,
): boolean {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  switch (operator) {
    case 'exists':
      return value === false ? !present(actual) : present(actual)
    case 'eq':
      return present(actual) && values.length > 0 && sameValue(actual, values[0]!)
    case 'ne':
      return !(present(actual) && values.length > 0 && sameValue(actual, values[0]!))
    case 'in':
      return present(actual) && values.some((v) => sameValue(actual, v))
    case 'not_in':
      return !(present(actual) && values.some((v) => sameValue(actual, v)))
    case 'contains':
      return (
        present(actual) &&
        String(actual)
          .toLowerCase()
          .includes(String(values[0] ?? '').toLowerCase())
      )
  }
}

/** A contact joining a list, as a trigger sees it. */
export interface JoinFacts {
  listId: number
  signupMethod: string
  customFields: Record<string, FieldValue>
}

function conditionHolds(c: TriggerCondition, facts: JoinFacts): boolean {
  switch (c.type) {
    case 'list':
      return c.list_id === facts.listId
    case 'signup_method':
      return c.value.trim().toLowerCase() === facts.signupMethod.trim().toLowerCase()
    case 'custom_field':
      return matchField(facts.customFields[c.field], c.operator, c.value)
  }
}

/** Whether a join matches a trigger group (AND: all conditions and groups hold; OR: any does). */
export function evaluateTrigger(group: TriggerGroup, facts: JoinFacts): boolean {
  const results = [
    ...group.conditions.map((c) => () => conditionHolds(c, facts)),
    ...group.groups.map((g) => () => evaluateTrigger(g, facts)),
  ]
  return group.operator === 'AND' ? results.every((r) => r()) : results.some((r) => r())
}

/** The step after `index` (null: the journey ends). A condition goes to its yes or no branch. */
export function nextStepIndex(journey: CompiledJourney, index: number, branch?: boolean): number | null {
  const branches = journey.branches[index]
  if (branches) return branch ? branches[0] : branches[1]
  return journey.next[index] ?? null
}

export function waitMs(step: { amount: number; unit: WaitUnit }): number {
  return step.amount * UNIT_MS[step.unit]
}

// ---- Local wall time --------------------------------------------------------------------------------------

/**
 * Wait Until: the next instant, at or after `now`, at which the wall clock in `timezone` reads `hhmm`. On a day
 * the time does not exist (spring-forward gap) it is the moment the clocks jump; on a day it happens twice
 * (fall-back overlap), the first.
 */
export function nextLocalTime(now: Date, hhmm: string, timezone: string): Date {
  if (!HHMM.test(hhmm)) throw new RangeError(`not an HH:MM time: ${hhmm}`)
  const today = localDateAt(now, timezone)
  for (let days = 0; days <= 2; days++) {
    const at = instantOfLocalTime(shiftDate(today, days), hhmm, timezone)
    if (at.getTime() >= now.getTime()) return at
  }
  throw new Error(`no ${hhmm} within two days in ${timezone}`)
}
