// Welcome journeys (spec §17), the pure part: a journey document (trigger group and steps) validated into typed
// issues with stable codes, trigger evaluation against a contact joining a list, what step comes next, and
// "wait until the next HH:MM" in the contact's timezone (DST-correct, local wall time from Intl). No I/O here.
import type { ErrorCode } from './errors.js'
import { linkPlaceholders } from './message-template.js'
import { instantOfLocalTime, localDateAt, shiftDate } from './quiet-hours.js'

export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number]
export const ENROLLMENT_STATUSES = ['active', 'completed', 'exited', 'stopped'] as const
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number]

export const STEP_TYPES = [
  'send_message',
  'wait',
  'condition',
  'wait_until',
  'set_custom_field',
  'unsubscribe',
  'exit',
] as const
export type StepType = (typeof STEP_TYPES)[number]
export const FIELD_OPERATORS = ['eq', 'ne', 'in', 'not_in', 'exists', 'contains'] as const
export type FieldOperator = (typeof FIELD_OPERATORS)[number]
export const CONDITION_CHECKS = ['clicked_since_enrollment', 'sent_since_enrollment', 'custom_field'] as const
export type ConditionCheck = (typeof CONDITION_CHECKS)[number]
export const WAIT_UNITS = ['minutes', 'hours', 'days'] as const
export type WaitUnit = (typeof WAIT_UNITS)[number]

export const MAX_STEPS = 100
export const MAX_TRIGGER_DEPTH = 5
export const MAX_TRIGGER_CONDITIONS = 100
export const MESSAGE_MAX_LENGTH = 1600
/** Spec §17: a journey completes automatically 30 days after enrollment. */
export const ENROLLMENT_MAX_AGE_MS = 30 * 86_400_000
/** A wait is at most the enrollment's whole life. */
export const MAX_WAIT_MS = ENROLLMENT_MAX_AGE_MS
/**
 * Steps one job may execute before it must stop. Validation already rejects loops without a wait, so this only
 * bounds a pathological document (e.g. one stored before a rule existed).
 */
export const MAX_STEPS_PER_RUN = 2 * MAX_STEPS

export type FieldValue = string | number | boolean

export type TriggerCondition =
  | { type: 'list'; list_id: number }
  | { type: 'signup_method'; value: string }
  | { type: 'custom_field'; field: string; operator: FieldOperator; value?: FieldValue | FieldValue[] }

export interface TriggerGroup {
  operator: 'AND' | 'OR'
  conditions: TriggerCondition[]
  groups: TriggerGroup[]
}

/** A branch or `next` target: a step index, or the `id` of a step. */
export type StepRef = number | string

interface StepBase {
  /** Optional name other steps can point at (`next`, `yes`, `no`). */
  id?: string
  /** The step to run after this one instead of the following one (joins branches). */
  next?: StepRef
}

export interface OfferBinding {
  key: string
  offer_id: string
}

export type Step = StepBase &
  (
    | { type: 'send_message'; creative_id: number }
    | { type: 'send_message'; message: string; offer_links: OfferBinding[] }
    | { type: 'wait'; amount: number; unit: WaitUnit }
    | {
        type: 'condition'
        check: ConditionCheck
        yes: StepRef
        no: StepRef
        field?: string
        operator?: FieldOperator
        value?: FieldValue | FieldValue[]
      }
    | { type: 'wait_until'; time: string }
    | { type: 'set_custom_field'; field: string; value: FieldValue }
    | { type: 'unsubscribe' }
    | { type: 'exit' }
  )

export interface JourneyDocument {
  trigger: TriggerGroup
  steps: Step[]
}

/** The steps with every reference resolved to an index: `next` of each step (null: the journey ends after it). */
export interface CompiledJourney {
  steps: Step[]
  /** For each step: the index that follows it (condition: unused), or null at the end. */
  next: (number | null)[]
  /** For condition steps: [yes, no] indexes. */
  branches: ([number, number] | null)[]
}

export interface JourneyIssue {
  code: ErrorCode
  /** JSON path of the offending value, e.g. `steps[2].yes`. */
  path: string
  error: string
}

export interface JourneyReferences {
  listIds: number[]
  creativeIds: number[]
  offerIds: string[]
}

type Parsed<T> = { ok: true; value: T } | { ok: false; issues: JourneyIssue[] }

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isFieldValue = (v: unknown): v is FieldValue =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/
const FIELD_NAME_MAX = 100
const VALUE_MAX = 1000
const UNIT_MS: Record<WaitUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }

class Issues {
  readonly list: JourneyIssue[] = []
  /** Trigger conditions seen so far, across nested groups. */
  conditions = 0
  add(code: ErrorCode, path: string, error: string): void {
    this.list.push({ code, path, error: `${path}: ${error}` })
  }
}

function checkFieldMatch(
  raw: Record<string, unknown>,
  path: string,
  issues: Issues,
): { field: string; operator: FieldOperator; value?: FieldValue | FieldValue[] } | null {
  const field = typeof raw.field === 'string' ? raw.field.trim() : ''
  if (!field || field.length > FIELD_NAME_MAX) {
    issues.add(
      'invalid_trigger_condition',
      `${path}.field`,
      `a custom field name of 1 to ${FIELD_NAME_MAX} characters is required`,
    )
    return null
  }
  const operator = raw.operator as FieldOperator
  if (!FIELD_OPERATORS.includes(operator)) {
    issues.add('invalid_field_operator', `${path}.operator`, `must be one of ${FIELD_OPERATORS.join(', ')}`)
    return null
  }
  const value = raw.value
  if (operator === 'exists') {
    if (value !== undefined && typeof value !== 'boolean') {
      issues.add('invalid_trigger_condition', `${path}.value`, 'exists takes an optional boolean value')
      return null
    }
    return value === undefined ? { field, operator } : { field, operator, value }
  }
  if (operator === 'in' || operator === 'not_in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 100 || !value.every(isFieldValue)) {
      issues.add(
        'invalid_trigger_condition',
        `${path}.value`,
        `${operator} takes an array of 1 to 100 values`,
      )
      return null
    }
    return { field, operator, value }
  }
  if (!isFieldValue(value) || String(value).length > VALUE_MAX) {
    issues.add(
      'invalid_trigger_condition',
      `${path}.value`,
      `${operator} takes a string, number or boolean value`,
    )
    return null
  }
  return { field, operator, value }
}

function parseCondition(raw: unknown, path: string, issues: Issues): TriggerCondition | null {
  if (!isObject(raw)) {
    issues.add('invalid_trigger_condition', path, 'a condition must be an object')
    return null
  }
  switch (raw.type) {
    case 'list': {
      const listId = raw.list_id
      if (typeof listId !== 'number' || !Number.isSafeInteger(listId) || listId <= 0) {
        issues.add('invalid_trigger_condition', `${path}.list_id`, 'the id of one of your lists is required')
        return null
      }
      return { type: 'list', list_id: listId }
    }
    case 'signup_method': {
      const value = typeof raw.value === 'string' ? raw.value.trim() : ''
      if (!value || value.length > 100) {
        issues.add(
          'invalid_trigger_condition',
          `${path}.value`,
          'a signup method (e.g. api, import) is required',
        )
        return null
      }
      return { type: 'signup_method', value }
    }
    case 'custom_field': {
      const match = checkFieldMatch(raw, path, issues)
      return match && { type: 'custom_field', ...match }
    }
    default:
      issues.add('invalid_trigger_condition', `${path}.type`, 'must be list, signup_method or custom_field')
      return null
  }
}

function parseGroup(raw: unknown, path: string, depth: number, issues: Issues): TriggerGroup | null {
  if (!isObject(raw)) {
    issues.add('invalid_trigger', path, 'a trigger group must be an object {operator, conditions, groups}')
    return null
  }
  if (depth > MAX_TRIGGER_DEPTH) {
    issues.add('invalid_trigger', path, `trigger groups nest at most ${MAX_TRIGGER_DEPTH} deep`)
    return null
  }
  const operator = raw.operator ?? 'AND'
  if (operator !== 'AND' && operator !== 'OR') {
    issues.add('invalid_trigger', `${path}.operator`, 'must be AND or OR')
    return null
  }
  const rawConditions = raw.conditions ?? []
  const rawGroups = raw.groups ?? []
  if (!Array.isArray(rawConditions) || !Array.isArray(rawGroups)) {
    issues.add('invalid_trigger', path, 'conditions and groups must be arrays')
    return null
  }
  issues.conditions += rawConditions.length
  if (issues.conditions > MAX_TRIGGER_CONDITIONS) {
    issues.add('invalid_trigger', path, `a trigger holds at most ${MAX_TRIGGER_CONDITIONS} conditions`)
    return null
  }
  const conditions = rawConditions.map((c, i) => parseCondition(c, `${path}.conditions[${i}]`, issues))
  const groups = rawGroups.map((g, i) => parseGroup(g, `${path}.groups[${i}]`, depth + 1, issues))
  if (conditions.length === 0 && groups.length === 0) {
    issues.add('empty_trigger', path, 'a trigger group needs at least one condition or group')
    return null
  }
  if (conditions.includes(null) || groups.includes(null)) return null
  return { operator, conditions: conditions as TriggerCondition[], groups: groups as TriggerGroup[] }
}

/** A trigger group as stored: operator, conditions and nested groups, each checked. */
export function parseTrigger(raw: unknown): Parsed<TriggerGroup> {
  const issues = new Issues()
  const group = parseGroup(raw, 'trigger', 1, issues)
  return group && issues.list.length === 0 ? { ok: true, value: group } : { ok: false, issues: issues.list }
}

function parseRef(raw: unknown, path: string, issues: Issues): StepRef | null {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw
  if (typeof raw === 'string' && STEP_ID.test(raw)) return raw
  issues.add('invalid_branch_target', path, 'must be a step index (0-based) or the id of a step')
  return null
}

function parseStep(raw: unknown, path: string, issues: Issues): Step | null {
  if (!isObject(raw)) {
    issues.add('invalid_step', path, 'a step must be an object with a type')
    return null
  }
  const type = raw.type as StepType
  if (!STEP_TYPES.includes(type)) {
    issues.add('invalid_step', `${path}.type`, `must be one of ${STEP_TYPES.join(', ')}`)
    return null
  }
  const base: StepBase = {}
  if (raw.id !== undefined) {
    if (typeof raw.id !== 'string' || !STEP_ID.test(raw.id)) {
      issues.add('invalid_step_id', `${path}.id`, 'a step id is 1 to 64 letters, digits, _ or -')
      return null
    }
    base.id = raw.id
  }
  if (raw.next !== undefined) {
    if (type === 'condition' || type === 'exit' || type === 'unsubscribe') {
      issues.add('invalid_step', `${path}.next`, `a ${type} step has no next step`)
      return null
    }
    const next = parseRef(raw.next, `${path}.next`, issues)
    if (next === null) return null
    base.next = next
  }
  switch (type) {
    case 'send_message': {
      const hasCreative = raw.creative_id !== undefined && raw.creative_id !== null
      const hasMessage = raw.message !== undefined && raw.message !== null
      if (hasCreative === hasMessage) {
        issues.add('missing_message', path, 'give either creative_id or message (inline text)')
        return null
      }
      if (hasCreative) {
        const id = raw.creative_id
        if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
          issues.add('invalid_step', `${path}.creative_id`, 'must be the integer id of one of your creatives')
          return null
        }
        if (raw.offer_links !== undefined) {
          issues.add('invalid_step', `${path}.offer_links`, "a creative's offer links come from the creative")
          return null
        }
        return { ...base, type, creative_id: id }
      }
      const message = typeof raw.message === 'string' ? raw.message : ''
      if (message.trim() === '') {
        issues.add('missing_message', `${path}.message`, 'the message text is empty')
        return null
      }
      if (message.length > MESSAGE_MAX_LENGTH) {
        issues.add('message_too_long', `${path}.message`, `at most ${MESSAGE_MAX_LENGTH} characters`)
        return null
      }
      const rawLinks = raw.offer_links ?? []
      if (!Array.isArray(rawLinks) || rawLinks.length > 20) {
        issues.add('invalid_step', `${path}.offer_links`, 'must be an array of at most 20 {key, offer_id}')
        return null
      }
      const links: OfferBinding[] = []
      for (const [i, link] of rawLinks.entries()) {
        const key =
          isObject(link) && typeof link.key === 'string'
            ? link.key.trim().replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1')
            : ''
        const offerId = isObject(link) && typeof link.offer_id === 'string' ? link.offer_id.trim() : ''
        if (!/^link\d+$/.test(key)) {
          issues.add(
            'missing_offer_link_key',
            `${path}.offer_links[${i}].key`,
            'must name a {{linkN}} placeholder',
          )
          return null
        }
        if (!offerId) {
          issues.add('missing_offer_link_offer_id', `${path}.offer_links[${i}].offer_id`, 'is required')
          return null
        }
        links.push({ key, offer_id: offerId })
      }
      const bound = new Set(links.map((l) => l.key))
      const unbound = linkPlaceholders(message).filter((k) => !bound.has(k))
      if (unbound.length > 0) {
        issues.add(
          'missing_offer_links_for_placeholders',
          `${path}.offer_links`,
          `no offer is bound to {{${unbound.join('}}, {{')}}}`,
        )
        return null
      }
      return { ...base, type, message, offer_links: links }
    }
    case 'wait': {
      const unit = raw.unit as WaitUnit
      const amount = raw.amount
      if (!WAIT_UNITS.includes(unit)) {
        issues.add('invalid_wait', `${path}.unit`, `must be one of ${WAIT_UNITS.join(', ')}`)
        return null
      }
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
        issues.add('invalid_wait', `${path}.amount`, 'must be a positive integer')
        return null
      }
      if (amount * UNIT_MS[unit] > MAX_WAIT_MS) {
        issues.add(
          'invalid_wait',
          path,
          'a wait is at most 30 days (a journey completes 30 days after enrollment)',
        )
        return null
      }
      return { ...base, type, amount, unit }
    }
    case 'condition': {
      const check = raw.check as ConditionCheck
      if (!CONDITION_CHECKS.includes(check)) {
        issues.add('invalid_step', `${path}.check`, `must be one of ${CONDITION_CHECKS.join(', ')}`)
        return null
      }
      const yes = parseRef(raw.yes, `${path}.yes`, issues)
      const no = parseRef(raw.no, `${path}.no`, issues)
      if (yes === null || no === null) return null
      if (check !== 'custom_field') return { ...base, type, check, yes, no }
      const match = checkFieldMatch(raw, path, issues)
      return match && { ...base, type, check, yes, no, ...match }
    }
    case 'wait_until': {
      if (typeof raw.time !== 'string' || !HHMM.test(raw.time)) {
        issues.add('invalid_time', `${path}.time`, 'must be HH:MM (24-hour), e.g. 10:00')
        return null
      }
      return { ...base, type, time: raw.time }
    }
    case 'set_custom_field': {
      const field = typeof raw.field === 'string' ? raw.field.trim() : ''
      if (!field || field.length > FIELD_NAME_MAX) {
        issues.add(
          'invalid_step',
          `${path}.field`,
          `a custom field name of 1 to ${FIELD_NAME_MAX} characters is required`,
        )
        return null
      }
      if (!isFieldValue(raw.value) || String(raw.value).length > VALUE_MAX) {
        issues.add('invalid_step', `${path}.value`, 'must be a string, number or boolean')
        return null
      }
      return { ...base, type, field, value: raw.value }
    }
    case 'unsubscribe':
    case 'exit':
      return { ...base, type }
  }
}

/**
 * Resolves every `next`/`yes`/`no` to an index and rejects a loop that no wait step interrupts (it would send
 * or write without end inside one run).
 */
function compile(steps: Step[], issues: Issues): CompiledJourney | null {
  const byId = new Map<string, number>()
  for (const [i, step] of steps.entries()) {
    if (step.id === undefined) continue
    if (byId.has(step.id)) {
      issues.add(
        'invalid_step_id',
        `steps[${i}].id`,
        `the id ${step.id} is used by steps[${byId.get(step.id)}] too`,
      )
      return null
    }
    byId.set(step.id, i)
  }
  const resolve = (ref: StepRef, path: string): number | null => {
    const index = typeof ref === 'number' ? ref : byId.get(ref)
    if (index === undefined || index >= steps.length) {
      issues.add('invalid_branch_target', path, `no step ${JSON.stringify(ref)} in this journey`)
      return null
    }
    return index
  }
  const next: (number | null)[] = []
  const branches: ([number, number] | null)[] = []
  for (const [i, step] of steps.entries()) {
    if (step.type === 'condition') {
      const yes = resolve(step.yes, `steps[${i}].yes`)
      const no = resolve(step.no, `steps[${i}].no`)
      if (yes === null || no === null) return null
      branches.push([yes, no])
      next.push(null)
      continue
    }
    branches.push(null)
    if (step.type === 'exit' || step.type === 'unsubscribe') {
      next.push(null)
    } else if (step.next !== undefined) {
      const target = resolve(step.next, `steps[${i}].next`)
      if (target === null) return null
      next.push(target)
    } else {
      next.push(i + 1 < steps.length ? i + 1 : null)
    }
  }
  // Loops through steps that run at once (anything but wait/wait_until): depth-first search for a back edge.
  const pauses = (i: number) => steps[i]!.type === 'wait' || steps[i]!.type === 'wait_until'
  const successors = (i: number): number[] =>
    pauses(i)
      ? []
      : [...(branches[i] ?? []), ...(next[i] === null || next[i] === undefined ? [] : [next[i]!])]
  const state = new Array<0 | 1 | 2>(steps.length).fill(0)
  for (let start = 0; start < steps.length; start++) {
    if (state[start] !== 0) continue
    const stack: { node: number; edges: number[] }[] = [{ node: start, edges: successors(start) }]
    state[start] = 1
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const target = top.edges.pop()
      if (target === undefined) {
        state[top.node] = 2
        stack.pop()
        continue
      }
      if (state[target] === 1) {
        issues.add(
          'journey_step_loop',
          `steps[${top.node}]`,
          `steps loop back to steps[${target}] without a wait or wait_until step`,
        )
        return null
      }
      if (state[target] === 0) {
        state[target] = 1
        stack.push({ node: target, edges: successors(target) })
      }
    }
  }
  return { steps, next, branches }
}

/** Steps as stored: each checked, references resolved, no loop without a wait. */
export function parseSteps(raw: unknown): Parsed<CompiledJourney> {
  const issues = new Issues()
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.add('missing_steps', 'steps', 'a journey needs at least one step')
    return { ok: false, issues: issues.list }
  }
  if (raw.length > MAX_STEPS) {
    issues.add('too_many_steps', 'steps', `a journey has at most ${MAX_STEPS} steps`)
    return { ok: false, issues: issues.list }
  }
  const steps = raw.map((s, i) => parseStep(s, `steps[${i}]`, issues))
  if (issues.list.length > 0) return { ok: false, issues: issues.list }
  const compiled = compile(steps as Step[], issues)
  return compiled ? { ok: true, value: compiled } : { ok: false, issues: issues.list }
}

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
