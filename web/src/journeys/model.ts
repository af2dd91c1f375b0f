// The journey editor's model and its conversion to and from the API's document (core/journeys.ts, spec §17).
// Pure: no React, no I/O. Values are kept as typed; the API judges them and names the path of what it refuses.
// Steps refer to each other through a local key, so moving a step keeps every branch pointing at the same step;
// on the way out a reference names the target's id when it has one (stable) and its index otherwise.
import { linkKeys } from '../creatives/creativeRules.js'

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
export const TRIGGER_TYPES = ['list', 'signup_method', 'custom_field'] as const
export type TriggerType = (typeof TRIGGER_TYPES)[number]
/** How a typed value is sent: as text, as a number, or as true/false. */
export type ValueType = 'text' | 'number' | 'boolean'
export type GroupOperator = 'AND' | 'OR'
/** Steps that end or branch take no `next`. */
export const HAS_NEXT: Record<StepType, boolean> = {
  send_message: true,
  wait: true,
  condition: false,
  wait_until: true,
  set_custom_field: true,
  unsubscribe: false,
  exit: false,
}
export const STEP_NAMES: Record<StepType, string> = {
  send_message: 'Send message',
  wait: 'Wait',
  condition: 'Condition',
  wait_until: 'Wait until',
  set_custom_field: 'Set custom field',
  unsubscribe: 'Unsubscribe',
  exit: 'Exit',
}

export type FieldValue = string | number | boolean

/** A custom-field test (trigger condition or condition step): value as text; `in` lists comma-separated. */
export interface FieldMatchModel {
  field: string
  operator: FieldOperator
  /** exists: '' (no value), 'true' or 'false'. */
  value: string
  valueType: ValueType
}

export interface TriggerConditionModel {
  key: string
  type: TriggerType
  listId: string
  method: string
  match: FieldMatchModel
}

export interface TriggerGroupModel {
  key: string
  operator: GroupOperator
  conditions: TriggerConditionModel[]
  groups: TriggerGroupModel[]
}

/** Every type's fields at once, so switching a step's type keeps what was typed. */
export interface StepModel {
  key: string
  type: StepType
  /** The step's optional id ('' none). */
  id: string
  /** Key of the step that follows ('' the next in order). */
  next: string
  source: 'creative' | 'message'
  creativeId: string
  message: string
  /** Offer id per {{linkN}} key. */
  links: Record<string, string>
  amount: string
  unit: WaitUnit
  check: ConditionCheck
  /** Keys of the yes and no targets ('' none chosen). */
  yes: string
  no: string
  match: FieldMatchModel
  time: string
  field: string
  value: string
  valueType: ValueType
}

export interface JourneyModel {
  trigger: TriggerGroupModel
  steps: StepModel[]
}

/** The API's document (loosely typed: the API validates it). */
export type ApiStep = Record<string, unknown>
// A type alias, not an interface: the generated client wants a record (an index signature) here.
export type ApiTrigger = {
  operator?: string
  conditions?: Record<string, unknown>[]
  groups?: ApiTrigger[]
}

let counter = 0
export const newKey = (): string => `k${++counter}`

export const newMatch = (): FieldMatchModel => ({ field: '', operator: 'eq', value: '', valueType: 'text' })

export const newTriggerCondition = (type: TriggerType = 'list'): TriggerConditionModel => ({
  key: newKey(),
  type,
  listId: '',
  method: '',
  match: newMatch(),
})

export const newTriggerGroup = (operator: GroupOperator = 'AND'): TriggerGroupModel => ({
  key: newKey(),
  operator,
  conditions: [],
  groups: [],
})

export const newStep = (type: StepType = 'send_message'): StepModel => ({
  key: newKey(),
  type,
  id: '',
  next: '',
  source: 'message',
  creativeId: '',
  message: '',
  links: {},
  amount: '1',
  unit: 'days',
  check: 'clicked_since_enrollment',
  yes: '',
  no: '',
  match: newMatch(),
  time: '10:00',
  field: '',
  value: '',
  valueType: 'text',
})

/** A new journey: a list trigger and a first message. */
export function starterJourney(): JourneyModel {
  const trigger = newTriggerGroup('AND')
  trigger.conditions.push(newTriggerCondition('list'))
  return { trigger, steps: [newStep('send_message')] }
}

// ---- Values ---------------------------------------------------------------------------------------------

const typeOf = (v: unknown): ValueType =>
  typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text'

/** A typed text as the API takes it: a number that does not parse is sent as typed, for the API to refuse. */
export function typedValue(text: string, type: ValueType): FieldValue {
  if (type === 'number') {
    const n = Number(text)
    return text.trim() !== '' && Number.isFinite(n) ? n : text
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}

function matchFromApi(raw: Record<string, unknown>): FieldMatchModel {
  const operator = (raw.operator as FieldOperator) ?? 'eq'
  const value = raw.value
  const field = typeof raw.field === 'string' ? raw.field : ''
  if (Array.isArray(value))
    return { field, operator, value: value.map(String).join(', '), valueType: typeOf(value[0]) }
  if (value === undefined || value === null) return { field, operator, value: '', valueType: 'text' }
  return { field, operator, value: String(value), valueType: typeOf(value) }
}

function matchToApi(m: FieldMatchModel): { field: string; operator: FieldOperator; value?: unknown } {
  if (m.operator === 'exists')
    return m.value === ''
      ? { field: m.field, operator: m.operator }
      : { field: m.field, operator: m.operator, value: typedValue(m.value, 'boolean') }
  if (m.operator === 'in' || m.operator === 'not_in') {
    const values = m.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    return { field: m.field, operator: m.operator, value: values.map((v) => typedValue(v, m.valueType)) }
  }
  return { field: m.field, operator: m.operator, value: typedValue(m.value, m.valueType) }
}

// ---- Trigger --------------------------------------------------------------------------------------------

export function triggerFromApi(raw: ApiTrigger): TriggerGroupModel {
  return {
    key: newKey(),
    operator: raw.operator === 'OR' ? 'OR' : 'AND',
    conditions: (raw.conditions ?? []).map((c) => ({
      ...newTriggerCondition((c.type as TriggerType) ?? 'list'),
      listId: c.type === 'list' && c.list_id !== undefined ? String(c.list_id) : '',
      method: c.type === 'signup_method' && typeof c.value === 'string' ? c.value : '',
      match: c.type === 'custom_field' ? matchFromApi(c) : newMatch(),
    })),
    groups: (raw.groups ?? []).map(triggerFromApi),
  }
}

export function triggerToApi(g: TriggerGroupModel): ApiTrigger {
  return {
    operator: g.operator,
    conditions: g.conditions.map((c) => {
      if (c.type === 'list') return { type: 'list', list_id: c.listId === '' ? null : Number(c.listId) }
      if (c.type === 'signup_method') return { type: 'signup_method', value: c.method }
      return { type: 'custom_field', ...matchToApi(c.match) }
    }),
    groups: g.groups.map(triggerToApi),
  }
}

// ---- Steps ----------------------------------------------------------------------------------------------

/** The key of the step a reference names (an index or an id), '' when none does. */
function keyOfRef(ref: unknown, steps: readonly ApiStep[], keys: readonly string[]): string {
  const index = typeof ref === 'number' ? ref : steps.findIndex((s) => s.id !== undefined && s.id === ref)
  return (index >= 0 && keys[index]) || ''
}

export function stepsFromApi(raw: readonly ApiStep[]): StepModel[] {
  const keys = raw.map(() => newKey())
  return raw.map((s, i) => {
    const step: StepModel = { ...newStep(s.type as StepType), key: keys[i] ?? newKey() }
    if (typeof s.id === 'string') step.id = s.id
    if (s.next !== undefined) step.next = keyOfRef(s.next, raw, keys)
    switch (step.type) {
      case 'send_message':
        if (s.creative_id !== undefined && s.creative_id !== null) {
          step.source = 'creative'
          step.creativeId = String(s.creative_id)
        } else {
          step.message = typeof s.message === 'string' ? s.message : ''
          const links = Array.isArray(s.offer_links)
            ? (s.offer_links as { key: string; offer_id: string }[])
            : []
          step.links = Object.fromEntries(links.map((l) => [l.key, l.offer_id]))
        }
        break
      case 'wait':
        step.amount = String(s.amount ?? '')
        step.unit = (s.unit as WaitUnit) ?? 'days'
        break
      case 'condition':
        step.check = (s.check as ConditionCheck) ?? 'clicked_since_enrollment'
        step.yes = keyOfRef(s.yes, raw, keys)
        step.no = keyOfRef(s.no, raw, keys)
        if (step.check === 'custom_field') step.match = matchFromApi(s)
        break
      case 'wait_until':
        step.time = typeof s.time === 'string' ? s.time : ''
        break
      case 'set_custom_field':
        step.field = typeof s.field === 'string' ? s.field : ''
        step.value = s.value === undefined || s.value === null ? '' : String(s.value)
        step.valueType = typeOf(s.value)
        break
    }
    return step
  })
}

/** A reference to the step with `key`: its id when it has one, else its index; null when there is no such step. */
function refTo(key: string, steps: readonly StepModel[]): string | number | null {
  const index = steps.findIndex((s) => s.key === key)
  if (index < 0) return null
  const target = steps[index]!
  return target.id.trim() !== '' ? target.id.trim() : index
}

export function stepToApi(step: StepModel, steps: readonly StepModel[]): ApiStep {
  const out: ApiStep = { type: step.type }
  if (step.id.trim() !== '') out.id = step.id.trim()
  if (HAS_NEXT[step.type] && step.next !== '') {
    const next = refTo(step.next, steps)
    if (next !== null) out.next = next
  }
  switch (step.type) {
    case 'send_message':
      if (step.source === 'creative') {
        out.creative_id = step.creativeId === '' ? null : Number(step.creativeId)
      } else {
        out.message = step.message
        out.offer_links = linkKeys(step.message).map((key) => ({ key, offer_id: step.links[key] ?? '' }))
      }
      break
    case 'wait':
      out.amount = step.amount.trim() === '' ? null : Number(step.amount)
      out.unit = step.unit
      break
    case 'condition':
      out.check = step.check
      out.yes = refTo(step.yes, steps)
      out.no = refTo(step.no, steps)
      if (step.check === 'custom_field') Object.assign(out, matchToApi(step.match))
      break
    case 'wait_until':
      out.time = step.time
      break
    case 'set_custom_field':
      out.field = step.field
      out.value = typedValue(step.value, step.valueType)
      break
  }
  return out
}

export const stepsToApi = (steps: readonly StepModel[]): ApiStep[] => steps.map((s) => stepToApi(s, steps))

export function journeyFromApi(raw: { trigger: ApiTrigger; steps: readonly ApiStep[] }): JourneyModel {
  return { trigger: triggerFromApi(raw.trigger), steps: stepsFromApi(raw.steps) }
}

export function journeyToApi(model: JourneyModel): { trigger: ApiTrigger; steps: ApiStep[] } {
  return { trigger: triggerToApi(model.trigger), steps: stepsToApi(model.steps) }
}

// ---- Editing --------------------------------------------------------------------------------------------

/** Moves step `from` by `by` places (-1 up, +1 down); references follow the steps they name. */
export function moveStep(steps: readonly StepModel[], from: number, by: -1 | 1): StepModel[] {
  const to = from + by
  if (to < 0 || to >= steps.length) return [...steps]
  const next = [...steps]
  const [moved] = next.splice(from, 1)
  next.splice(to, 0, moved!)
  return next
}

/** Removes a step; references to it are cleared (the editor then asks for a new target). */
export function removeStep(steps: readonly StepModel[], index: number): StepModel[] {
  const gone = steps[index]?.key
  return steps
    .filter((_, i) => i !== index)
    .map((s) => ({
      ...s,
      next: s.next === gone ? '' : s.next,
      yes: s.yes === gone ? '' : s.yes,
      no: s.no === gone ? '' : s.no,
    }))
}

/** How a step is named in pickers and for screen readers: "Step 3 (Wait)", plus its id. */
export function stepLabel(steps: readonly StepModel[], key: string): string {
  const index = steps.findIndex((s) => s.key === key)
  if (index < 0) return ''
  const s = steps[index]!
  return `Step ${index + 1} (${STEP_NAMES[s.type]}${s.id.trim() ? `: ${s.id.trim()}` : ''})`
}
