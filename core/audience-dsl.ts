// The audience filter DSL (spec §8): parse arbitrary JSON into a typed tree with per-path errors, and echo it in the
// response casing. core/audience-sql.ts compiles the tree to SQL. No I/O here.
//
// Grammar (request form, snake_case; the camelCase echo of a response is accepted back as well):
//   group     = { operator?: 'AND' | 'OR' (default 'AND'), conditions?: condition[], groups?: group[] }
//               a group needs at least one condition or sub-group (else `empty_filter_group`); depth ≤ 10,
//               conditions in the whole tree ≤ 200.
//   condition = { condition_type, field, operator, value?, unit? }
//
//   time        fields last_clicked_at | last_sent_at | signup_date | last_revenue_at
//               within N unit      the event happened in the last N units          (col >= now − N)
//               not_within N unit  older than the window, or never happened         (col IS NULL OR col < now − N)
//               before N unit      happened, earlier than N units ago               (col < now − N)
//               after N unit       happened, later than N units ago                 (col > now − N)
//               exists | not_exists (no value)                                      (col IS [NOT] NULL)
//               value: a non-negative number; unit: days | hours | minutes
//   count       fields send_count | click_count | conversion_count; eq ne gt gte lt lte; value a non-negative integer
//   revenue     has_revenue: eq | ne with a boolean (revenue_total > 0);
//               revenue_total | avg_revenue (revenue_total / conversion_count) | conversion_count:
//                 eq ne gt gte lt lte with a number; a contact without conversions has no avg_revenue (never matches);
//               last_revenue_at: the time operators
//   custom_field field `custom_fields.<key>`, key [A-Za-z0-9_.-]{1,64}, read from the list contact's custom fields
//               eq | ne      number value: numeric comparison (numeric strings count); string/boolean value:
//                            comparison of the field's text form. `ne` also matches contacts without the field.
//               contains     case-insensitive substring of the field's text form (string value)
//               gt gte lt lte  number value: numeric; string value: text order (ISO dates sort correctly)
//               in | not_in  array of 1..1000 strings/numbers/booleans, compared as text; `not_in` matches missing
//               exists | not_exists (no value)
//   list        field listId (or list_id); in | not_in with an array of list ids: whether the same contact is an
//               active subscriber of any of those lists (of this account)
//   validation  field validation_status; exclude | not_in (drop those statuses; never-validated contacts stay),
//               in (only those statuses); value: array (or one) of ok | unreachable | invalid | risky | unknown
//   dnc         field on_dnc; eq with a boolean
//
// The fields' columns are named in core/audience-types.ts, beside the operators; the compiled SQL only ever contains
// them, whitelisted operators and `$n` placeholders: every value the client sent (custom field keys included) is a
// bound parameter.
//
// This module is the public entry: the group parser, the list checks and the echo. It re-exports the vocabulary
// (audience-types.ts); each condition type's checks are in audience-conditions.ts.

import { ConditionParser, join, oneOf } from './audience-conditions.js'
import {
  CONDITION_TYPES,
  COUNT_FIELDS,
  type Condition,
  type ConditionType,
  type FilterError,
  type FilterGroup,
  type GroupOperator,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
  type ParseResult,
  type Scalar,
  TIME_FIELDS,
  type TimeUnit,
} from './audience-types.js'

export type {
  CompareOperator,
  Condition,
  ConditionType,
  FilterError,
  FilterGroup,
  GroupOperator,
  ParseResult,
  Scalar,
  TimeOperator,
  TimeUnit,
} from './audience-types.js'
export {
  COUNT_FIELDS,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
  MAX_IN_VALUES,
  MAX_STRING_VALUE,
  REVENUE_NUMBER_FIELDS,
  TIME_FIELDS,
  VALIDATION_STATUSES,
} from './audience-types.js'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const describe = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)

/** A key of the object under either casing (`condition_type` / `conditionType`). */
function pick(obj: Json, snake: string): unknown {
  if (Object.hasOwn(obj, snake)) return obj[snake]
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
  return Object.hasOwn(obj, camel) ? obj[camel] : undefined
}

const GROUP_KEYS = new Set(['operator', 'conditions', 'groups'])
const CONDITION_KEYS = new Set(['condition_type', 'conditionType', 'field', 'operator', 'value', 'unit'])

/** The walk over groups and their conditions; each condition type's own checks are ConditionParser's. */
class Parser extends ConditionParser {
  conditionCount = 0

  group(raw: unknown, path: string, depth: number): FilterGroup | undefined {
    if (!isObject(raw))
      return this.fail(path, 'invalid_group', `A group must be an object, got ${describe(raw)}`)
    if (depth > MAX_FILTER_DEPTH) {
      return this.fail(path, 'too_deep', `Groups nest at most ${MAX_FILTER_DEPTH} levels deep`)
    }
    for (const key of Object.keys(raw)) {
      if (!GROUP_KEYS.has(key)) this.fail(join(path, key), 'unknown_key', `Unknown group key "${key}"`)
    }
    let operator: GroupOperator = 'AND'
    const rawOperator = raw.operator
    if (rawOperator !== undefined) {
      const upper = typeof rawOperator === 'string' ? rawOperator.toUpperCase() : undefined
      if (upper === 'AND' || upper === 'OR') operator = upper
      else this.fail(join(path, 'operator'), 'invalid_operator', 'Group operator must be AND or OR')
    }
    const conditions = this.list(raw.conditions, join(path, 'conditions'), (item, p) =>
      this.condition(item, p),
    )
    const groups = this.list(raw.groups, join(path, 'groups'), (item, p) => this.group(item, p, depth + 1))
    const rawConditions = Array.isArray(raw.conditions) ? raw.conditions.length : 0
    const rawGroups = Array.isArray(raw.groups) ? raw.groups.length : 0
    if (rawConditions === 0 && rawGroups === 0) {
      return this.fail(path, 'empty_filter_group', 'A filter group needs at least one condition or group')
    }
    if (!conditions || !groups) return undefined
    return { operator, conditions, groups }
  }

  list<T>(raw: unknown, path: string, item: (v: unknown, p: string) => T | undefined): T[] | undefined {
    if (raw === undefined || raw === null) return []
    if (!Array.isArray(raw)) return this.fail(path, 'invalid_type', `Must be an array, got ${describe(raw)}`)
    const out: T[] = []
    let failed = false
    for (let i = 0; i < raw.length; i++) {
      const parsed = item(raw[i], `${path}[${i}]`)
      if (parsed === undefined) failed = true
      else out.push(parsed)
    }
    return failed ? undefined : out
  }

  condition(raw: unknown, path: string): Condition | undefined {
    if (!isObject(raw)) {
      return this.fail(path, 'invalid_condition', `A condition must be an object, got ${describe(raw)}`)
    }
    this.conditionCount++
    if (this.conditionCount === MAX_FILTER_CONDITIONS + 1) {
      return this.fail(
        path,
        'too_many_conditions',
        `A filter holds at most ${MAX_FILTER_CONDITIONS} conditions`,
      )
    }
    if (this.conditionCount > MAX_FILTER_CONDITIONS) return undefined
    for (const key of Object.keys(raw)) {
      if (!CONDITION_KEYS.has(key))
        this.fail(join(path, key), 'unknown_key', `Unknown condition key "${key}"`)
    }
    const type = pick(raw, 'condition_type')
    if (type === undefined)
      return this.fail(join(path, 'condition_type'), 'missing_condition_type', 'Required')
    if (typeof type !== 'string' || !(CONDITION_TYPES as readonly string[]).includes(type)) {
      return this.fail(
        join(path, 'condition_type'),
        'invalid_condition_type',
        `condition_type must be one of ${oneOf(CONDITION_TYPES)}`,
      )
    }
    const field = raw.field
    const operator = raw.operator
    if (typeof field !== 'string') {
      return this.fail(
        join(path, 'field'),
        field === undefined ? 'missing_field' : 'invalid_field',
        'field must be a string',
      )
    }
    if (typeof operator !== 'string') {
      return this.fail(
        join(path, 'operator'),
        operator === undefined ? 'missing_operator' : 'invalid_operator',
        'operator must be a string',
      )
    }
    const at = { path, field, operator, value: raw.value, unit: raw.unit }
    switch (type as ConditionType) {
      case 'time':
        if (!Object.hasOwn(TIME_FIELDS, field)) return this.badField(path, type, Object.keys(TIME_FIELDS))
        return this.time(at, 'time', field as keyof typeof TIME_FIELDS)
      case 'count':
        if (!Object.hasOwn(COUNT_FIELDS, field)) return this.badField(path, type, Object.keys(COUNT_FIELDS))
        return this.count(at)
      case 'revenue':
        return this.revenue(at)
      case 'custom_field':
        return this.customField(at)
      case 'list':
        return this.listCondition(at)
      case 'validation':
        return this.validation(at)
      case 'dnc':
        return this.dnc(at)
    }
  }
}

/** Parse any JSON value; never throws. Errors carry the path of the offending node. */
export function parseFilter(raw: unknown): ParseResult {
  const parser = new Parser()
  const filter = parser.group(raw, '', 1)
  if (filter && parser.errors.length === 0) return { ok: true, filter }
  return { ok: false, errors: parser.errors }
}

/** The list ids a filter's list conditions name (to check they belong to the account). */
export function listIdsOf(group: FilterGroup): number[] {
  const ids = new Set<number>()
  const walk = (g: FilterGroup) => {
    for (const c of g.conditions) if (c.type === 'list') for (const id of c.value) ids.add(id)
    for (const sub of g.groups) walk(sub)
  }
  walk(group)
  return [...ids]
}

/** Paths of the list conditions' values naming ids outside `known`, for per-path errors. */
export function unknownListErrors(group: FilterGroup, known: Set<number>, path = ''): FilterError[] {
  const errors: FilterError[] = []
  group.conditions.forEach((c, i) => {
    if (c.type !== 'list') return
    const missing = c.value.filter((id) => !known.has(id))
    if (missing.length > 0) {
      errors.push({
        path: join(path, `conditions[${i}].value`),
        code: 'list_not_found',
        error: `No list ${missing.join(', ')} in this account`,
      })
    }
  })
  group.groups.forEach((g, i) => {
    errors.push(...unknownListErrors(g, known, join(path, `groups[${i}]`)))
  })
  return errors
}

// ---- Request (snake_case) and response (camelCase) forms ----

const CONDITION_TYPE_OF: Record<Condition['type'], ConditionType> = {
  time: 'time',
  count: 'count',
  revenue: 'revenue',
  custom_field: 'custom_field',
  list: 'list',
  validation: 'validation',
  dnc: 'dnc',
}

function fieldOf(c: Condition): string {
  if (c.type === 'custom_field') return `custom_fields.${c.key}`
  if (c.type === 'list') return 'listId'
  if (c.type === 'validation') return 'validation_status'
  if (c.type === 'dnc') return 'on_dnc'
  return c.field
}

export interface ConditionEcho {
  conditionType: ConditionType
  field: string
  operator: string
  value?: Scalar | Scalar[]
  unit?: TimeUnit
}

/** The response echo of a group: camelCase keys. */
export interface FilterEcho {
  operator: GroupOperator
  conditions: ConditionEcho[]
  groups: FilterEcho[]
}

function echoCondition(c: Condition): ConditionEcho {
  const out: ConditionEcho = {
    conditionType: CONDITION_TYPE_OF[c.type],
    field: fieldOf(c),
    operator: c.operator,
  }
  if ('value' in c && c.value !== undefined) out.value = c.value
  if ('unit' in c && c.unit !== undefined) out.unit = c.unit
  return out
}

/** The response echo: camelCase keys (`conditionType`), list field as `listId` (spec §8). */
export function toResponseForm(g: FilterGroup): FilterEcho {
  return {
    operator: g.operator,
    conditions: g.conditions.map(echoCondition),
    groups: g.groups.map(toResponseForm),
  }
}

/** The canonical request form (snake_case), as stored. */
export function toRequestForm(g: FilterGroup): Json {
  return {
    operator: g.operator,
    conditions: g.conditions.map((c) => {
      const { conditionType, ...rest } = echoCondition(c)
      return { condition_type: conditionType, ...rest }
    }),
    groups: g.groups.map(toRequestForm),
  }
}
