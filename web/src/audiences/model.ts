// The audience builder's model and its conversion to and from the filter DSL (core/audience-dsl.ts, spec §8).
// Pure: no React, no I/O. Values are kept as the text the marketer typed; the API is the judge of what is valid,
// so a text that is not a number is sent as it is and its refusal comes back with the path of that value.

export type Kind = 'time' | 'count' | 'revenue' | 'custom_field' | 'list' | 'validation' | 'dnc'
export type GroupOperator = 'AND' | 'OR'
export type TimeUnit = 'days' | 'hours' | 'minutes'
/** How a custom field's value is typed: compared as text, numerically, or as a boolean. */
export type ValueType = 'text' | 'number' | 'boolean'

export interface ConditionModel {
  id: string
  kind: Kind
  field: string
  /** The custom field's key (custom_field only). */
  key: string
  operator: string
  /** Text as typed; lists of values are comma-separated. */
  value: string
  unit: TimeUnit
  valueType: ValueType
}

export interface GroupModel {
  id: string
  operator: GroupOperator
  conditions: ConditionModel[]
  groups: GroupModel[]
}

type Scalar = string | number | boolean

/** A condition as the API reads it (request form) or echoes it (conditionType). */
export interface DslCondition {
  condition_type?: string
  conditionType?: string
  field: string
  operator: string
  value?: Scalar | Scalar[]
  unit?: string
}

export interface DslGroup {
  operator?: string
  conditions?: DslCondition[]
  groups?: DslGroup[]
}

export const TIME_OPERATORS = ['within', 'not_within', 'before', 'after', 'exists', 'not_exists'] as const
export const COMPARE_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const
const CUSTOM_OPERATORS = [...COMPARE_OPERATORS, 'contains', 'in', 'not_in', 'exists', 'not_exists'] as const
export const UNITS: readonly TimeUnit[] = ['days', 'hours', 'minutes']
export const VALIDATION_STATUSES = ['ok', 'unreachable', 'invalid', 'risky', 'unknown'] as const

/** Fields of each kind, with the operators each field takes. */
export const FIELDS: Record<Kind, ReadonlyArray<{ id: string; operators: readonly string[] }>> = {
  time: ['last_clicked_at', 'last_sent_at', 'signup_date', 'last_revenue_at'].map((id) => ({
    id,
    operators: TIME_OPERATORS,
  })),
  count: ['send_count', 'click_count', 'conversion_count'].map((id) => ({
    id,
    operators: COMPARE_OPERATORS,
  })),
  revenue: [
    { id: 'has_revenue', operators: ['eq', 'ne'] },
    { id: 'revenue_total', operators: COMPARE_OPERATORS },
    { id: 'avg_revenue', operators: COMPARE_OPERATORS },
    { id: 'conversion_count', operators: COMPARE_OPERATORS },
    { id: 'last_revenue_at', operators: TIME_OPERATORS },
  ],
  custom_field: [{ id: 'custom_fields', operators: CUSTOM_OPERATORS }],
  list: [{ id: 'listId', operators: ['in', 'not_in'] }],
  validation: [{ id: 'validation_status', operators: ['exclude', 'in', 'not_in'] }],
  dnc: [{ id: 'on_dnc', operators: ['eq'] }],
}

export const KINDS: ReadonlyArray<{ id: Kind; name: string }> = [
  { id: 'time', name: 'Time' },
  { id: 'count', name: 'Count' },
  { id: 'revenue', name: 'Revenue' },
  { id: 'custom_field', name: 'Custom field' },
  { id: 'list', name: 'List membership' },
  { id: 'validation', name: 'Validation status' },
  { id: 'dnc', name: 'Do-not-contact' },
]

/** What a condition's value looks like, which decides its input. */
export type ValueShape =
  | 'none'
  | 'duration'
  | 'number'
  | 'boolean'
  | 'scalar'
  | 'scalars'
  | 'lists'
  | 'statuses'

export function valueShape(c: Pick<ConditionModel, 'kind' | 'field' | 'operator'>): ValueShape {
  if (c.operator === 'exists' || c.operator === 'not_exists') return 'none'
  switch (c.kind) {
    case 'time':
      return 'duration'
    case 'count':
      return 'number'
    case 'revenue':
      if (c.field === 'last_revenue_at') return 'duration'
      return c.field === 'has_revenue' ? 'boolean' : 'number'
    case 'custom_field':
      return c.operator === 'in' || c.operator === 'not_in' ? 'scalars' : 'scalar'
    case 'list':
      return 'lists'
    case 'validation':
      return 'statuses'
    case 'dnc':
      return 'boolean'
  }
}

let counter = 0
/** A key for React lists and error mapping; unique within the page. */
export const newId = (): string => `n${++counter}`

export function newCondition(kind: Kind = 'count'): ConditionModel {
  const field = FIELDS[kind][0]
  const c: ConditionModel = {
    id: newId(),
    kind,
    field: field?.id ?? '',
    key: '',
    operator: field?.operators[0] ?? '',
    value: '',
    unit: 'days',
    valueType: 'text',
  }
  if (valueShape(c) === 'boolean') c.value = 'true'
  return c
}

export const newGroup = (operator: GroupOperator = 'AND'): GroupModel => ({
  id: newId(),
  operator,
  conditions: [],
  groups: [],
})

/** Changing the kind or field keeps the operator (and value) only when the new field takes that operator. */
export function withField(c: ConditionModel, kind: Kind, field: string): ConditionModel {
  const operators = FIELDS[kind].find((f) => f.id === field)?.operators ?? []
  const operator = operators.includes(c.operator) ? c.operator : (operators[0] ?? '')
  const next = { ...c, kind, field, operator }
  const shape = valueShape(next)
  if (shape !== valueShape(c)) next.value = shape === 'boolean' ? 'true' : ''
  return next
}

export function withOperator(c: ConditionModel, operator: string): ConditionModel {
  const next = { ...c, operator }
  const shape = valueShape(next)
  if (shape !== valueShape(c)) next.value = shape === 'boolean' ? 'true' : ''
  return next
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** A number when the text is one, else the text itself (for the API to refuse at this value's path). */
function numberOr(text: string): number | string {
  const trimmed = text.trim()
  const n = Number(trimmed)
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed
}

function typed(text: string, type: ValueType): Scalar {
  if (type === 'number') return numberOr(text)
  if (type === 'boolean') return text.trim() === 'true'
  return text
}

function conditionToDsl(c: ConditionModel): DslCondition {
  const field = c.kind === 'custom_field' ? `custom_fields.${c.key}` : c.field
  const out: DslCondition = { condition_type: c.kind, field, operator: c.operator }
  switch (valueShape(c)) {
    case 'none':
      break
    case 'duration':
      out.value = numberOr(c.value)
      out.unit = c.unit
      break
    case 'number':
      out.value = numberOr(c.value)
      break
    case 'boolean':
      out.value = c.value === 'true'
      break
    case 'scalar':
      out.value = typed(c.value, c.valueType)
      break
    case 'scalars':
      out.value = splitList(c.value).map((v) => typed(v, c.valueType))
      break
    case 'lists':
      out.value = splitList(c.value).map(numberOr)
      break
    case 'statuses':
      out.value = splitList(c.value)
      break
  }
  return out
}

/** The request form (snake_case) the API takes. */
export function toDsl(g: GroupModel): Required<DslGroup> {
  return {
    operator: g.operator,
    conditions: g.conditions.map(conditionToDsl),
    groups: g.groups.map(toDsl),
  }
}

/** String(-0) is "0": keep the sign so the value reads back the same. */
const text = (v: Scalar) => (Object.is(v, -0) ? '-0' : String(v))

const KIND_IDS = new Set<string>(KINDS.map((k) => k.id))

function conditionFromDsl(raw: DslCondition): ConditionModel {
  const type = raw.condition_type ?? raw.conditionType ?? ''
  const kind = (KIND_IDS.has(type) ? type : 'count') as Kind
  const custom = kind === 'custom_field' && raw.field.startsWith('custom_fields.')
  const value = raw.value
  const first = Array.isArray(value) ? value[0] : value
  const c: ConditionModel = {
    id: newId(),
    kind,
    field: custom ? 'custom_fields' : kind === 'list' ? 'listId' : raw.field,
    key: custom ? raw.field.slice('custom_fields.'.length) : '',
    operator: raw.operator,
    value: value === undefined ? '' : Array.isArray(value) ? value.map(text).join(', ') : text(value),
    unit: (UNITS as readonly string[]).includes(raw.unit ?? '') ? (raw.unit as TimeUnit) : 'days',
    valueType: typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'text',
  }
  return c
}

/** The builder's model of a stored filter (either casing). */
export function fromDsl(g: DslGroup): GroupModel {
  return {
    id: newId(),
    operator: g.operator === 'OR' ? 'OR' : 'AND',
    conditions: (g.conditions ?? []).map(conditionFromDsl),
    groups: (g.groups ?? []).map(fromDsl),
  }
}

export interface FilterErrorDetail {
  path: string
  code: string
  error: string
}

/** The API's per-path errors keyed by the id of the condition (or nested group) they name; `''` for the root. */
export function errorsByNode(g: GroupModel, details: readonly FilterErrorDetail[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const add = (id: string, message: string) => out.set(id, [...(out.get(id) ?? []), message])
  for (const d of details) {
    let group: GroupModel | undefined = g
    let id = g.id
    let rest = d.path
    for (;;) {
      const step = /^(groups|conditions)\[(\d+)\]\.?/.exec(rest)
      if (!step || !group) break
      const index = Number(step[2])
      if (step[1] === 'groups') {
        group = group.groups[index]
        if (group) id = group.id
      } else {
        const c: ConditionModel | undefined = group.conditions[index]
        if (c) id = c.id
        group = undefined
      }
      rest = rest.slice(step[0].length)
    }
    add(id === g.id ? '' : id, d.error)
  }
  return out
}

/** How many conditions the tree holds. */
export const conditionCount = (g: GroupModel): number =>
  g.conditions.length + g.groups.reduce((n, sub) => n + conditionCount(sub), 0)
