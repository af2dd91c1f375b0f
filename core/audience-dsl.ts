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
// The fields' columns are named here, beside the grammar; the compiled SQL only ever contains them, whitelisted
// operators and `$n` placeholders: every value the client sent (custom field keys included) is a bound parameter.

export const MAX_FILTER_DEPTH = 10
export const MAX_FILTER_CONDITIONS = 200
export const MAX_IN_VALUES = 1000
export const MAX_STRING_VALUE = 1000

export type GroupOperator = 'AND' | 'OR'
export type TimeUnit = 'days' | 'hours' | 'minutes'
export type Scalar = string | number | boolean

export const TIME_FIELDS = {
  last_clicked_at: 'lc.last_clicked_at',
  last_sent_at: 'lc.last_sent_at',
  signup_date: 'lc.signup_date',
  last_revenue_at: 'lc.last_revenue_at',
} as const
export const COUNT_FIELDS = {
  send_count: 'lc.send_count',
  click_count: 'lc.click_count',
  conversion_count: 'lc.conversion_count',
} as const
export const REVENUE_NUMBER_FIELDS = {
  revenue_total: 'lc.revenue_total',
  avg_revenue: '(lc.revenue_total / NULLIF(lc.conversion_count, 0))',
  conversion_count: 'lc.conversion_count',
} as const
const TIME_OPERATORS = ['within', 'not_within', 'before', 'after', 'exists', 'not_exists'] as const
const COMPARE_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const
const CUSTOM_OPERATORS = [...COMPARE_OPERATORS, 'contains', 'in', 'not_in', 'exists', 'not_exists'] as const
const UNITS = ['days', 'hours', 'minutes'] as const
export const VALIDATION_STATUSES = ['ok', 'unreachable', 'invalid', 'risky', 'unknown'] as const
const CUSTOM_KEY = /^[A-Za-z0-9_.-]{1,64}$/
const CONDITION_TYPES = ['time', 'count', 'revenue', 'custom_field', 'list', 'validation', 'dnc'] as const

export type TimeOperator = (typeof TIME_OPERATORS)[number]
export type CompareOperator = (typeof COMPARE_OPERATORS)[number]
type CustomOperator = (typeof CUSTOM_OPERATORS)[number]
export type ConditionType = (typeof CONDITION_TYPES)[number]

export type Condition =
  | { type: 'time'; field: keyof typeof TIME_FIELDS; operator: TimeOperator; value?: number; unit?: TimeUnit }
  | { type: 'count'; field: keyof typeof COUNT_FIELDS; operator: CompareOperator; value: number }
  | { type: 'revenue'; field: 'has_revenue'; operator: 'eq' | 'ne'; value: boolean }
  | { type: 'revenue'; field: keyof typeof REVENUE_NUMBER_FIELDS; operator: CompareOperator; value: number }
  | {
      type: 'revenue'
      field: 'last_revenue_at'
      operator: TimeOperator
      value?: number
      unit?: TimeUnit
    }
  | { type: 'custom_field'; key: string; operator: CustomOperator; value?: Scalar | Scalar[] }
  | { type: 'list'; operator: 'in' | 'not_in'; value: number[] }
  | { type: 'validation'; operator: 'exclude' | 'in' | 'not_in'; value: string[] }
  | { type: 'dnc'; operator: 'eq'; value: boolean }

export interface FilterGroup {
  operator: GroupOperator
  conditions: Condition[]
  groups: FilterGroup[]
}

export interface FilterError {
  /** Where in the filter, e.g. `groups[0].conditions[1].value`; `''` is the filter itself. */
  path: string
  code: string
  error: string
}

export type ParseResult = { ok: true; filter: FilterGroup } | { ok: false; errors: FilterError[] }

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const join = (path: string, key: string) => (path ? `${path}.${key}` : key)
/** Postgres text cannot hold NUL, so such a string could never match; it is rejected up front. */
const isScalar = (v: unknown): v is Scalar =>
  (typeof v === 'string' && v.length <= MAX_STRING_VALUE && !v.includes('\u0000')) ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v))
const describe = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)
const oneOf = (list: readonly string[]) => list.join(', ')

/** A key of the object under either casing (`condition_type` / `conditionType`). */
function pick(obj: Json, snake: string): unknown {
  if (Object.hasOwn(obj, snake)) return obj[snake]
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
  return Object.hasOwn(obj, camel) ? obj[camel] : undefined
}

const GROUP_KEYS = new Set(['operator', 'conditions', 'groups'])
const CONDITION_KEYS = new Set(['condition_type', 'conditionType', 'field', 'operator', 'value', 'unit'])

class Parser {
  readonly errors: FilterError[] = []
  conditionCount = 0

  fail(path: string, code: string, error: string): undefined {
    // A pathological input could produce one error per node; the first hundred are plenty to fix it.
    if (this.errors.length < 100) this.errors.push({ path, code, error })
    return undefined
  }

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

  badField(path: string, type: string, fields: string[]): undefined {
    return this.fail(
      join(path, 'field'),
      'invalid_field',
      `field of a ${type} condition must be one of ${oneOf(fields)}`,
    )
  }

  badOperator(path: string, operators: readonly string[]): undefined {
    return this.fail(
      join(path, 'operator'),
      'invalid_operator',
      `operator must be one of ${oneOf(operators)}`,
    )
  }

  noValue(at: At): boolean {
    if (at.value === undefined && at.unit === undefined) return true
    this.fail(
      join(at.path, at.value === undefined ? 'unit' : 'value'),
      'unexpected_value',
      `${at.operator} takes no value`,
    )
    return false
  }

  time(at: At, type: 'time' | 'revenue', field: keyof typeof TIME_FIELDS): Condition | undefined {
    if (!(TIME_OPERATORS as readonly string[]).includes(at.operator))
      return this.badOperator(at.path, TIME_OPERATORS)
    const operator = at.operator as TimeOperator
    if (operator === 'exists' || operator === 'not_exists') {
      if (!this.noValue(at)) return undefined
      return { type, field, operator } as Condition
    }
    let ok = true
    if (at.value === undefined)
      ok = !!this.fail(join(at.path, 'value'), 'missing_value', `${operator} needs a value`)
    else if (
      typeof at.value !== 'number' ||
      !Number.isFinite(at.value) ||
      at.value < 0 ||
      at.value > 100_000
    ) {
      ok = !!this.fail(join(at.path, 'value'), 'invalid_value', 'value must be a number from 0 to 100000')
    }
    if (at.unit === undefined)
      ok = !!this.fail(join(at.path, 'unit'), 'missing_unit', `${operator} needs a unit`)
    else if (typeof at.unit !== 'string' || !(UNITS as readonly string[]).includes(at.unit)) {
      ok = !!this.fail(join(at.path, 'unit'), 'invalid_unit', `unit must be one of ${oneOf(UNITS)}`)
    }
    if (!ok) return undefined
    return { type, field, operator, value: at.value as number, unit: at.unit as TimeUnit } as Condition
  }

  number(at: At, opts: { integer: boolean; nonNegative: boolean }): number | undefined {
    const v = at.value
    if (v === undefined)
      return this.fail(join(at.path, 'value'), 'missing_value', `${at.operator} needs a value`)
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      (opts.integer && !Number.isSafeInteger(v)) ||
      (opts.nonNegative && v < 0)
    ) {
      const kind = `${opts.nonNegative ? 'non-negative ' : ''}${opts.integer ? 'integer' : 'number'}`
      return this.fail(join(at.path, 'value'), 'invalid_value', `value must be a ${kind}`)
    }
    return v
  }

  boolean(at: At): boolean | undefined {
    if (at.value === undefined)
      return this.fail(join(at.path, 'value'), 'missing_value', `${at.operator} needs a value`)
    if (typeof at.value !== 'boolean')
      return this.fail(join(at.path, 'value'), 'invalid_value', 'value must be true or false')
    return at.value
  }

  count(at: At): Condition | undefined {
    if (!(COMPARE_OPERATORS as readonly string[]).includes(at.operator)) {
      return this.badOperator(at.path, COMPARE_OPERATORS)
    }
    const value = this.number(at, { integer: true, nonNegative: true })
    if (value === undefined) return undefined
    return {
      type: 'count',
      field: at.field as keyof typeof COUNT_FIELDS,
      operator: at.operator as CompareOperator,
      value,
    }
  }

  revenue(at: At): Condition | undefined {
    if (at.field === 'last_revenue_at') return this.time(at, 'revenue', 'last_revenue_at')
    if (at.field === 'has_revenue') {
      if (at.operator !== 'eq' && at.operator !== 'ne') return this.badOperator(at.path, ['eq', 'ne'])
      const value = this.boolean(at)
      if (value === undefined) return undefined
      return { type: 'revenue', field: 'has_revenue', operator: at.operator, value }
    }
    if (!Object.hasOwn(REVENUE_NUMBER_FIELDS, at.field)) {
      return this.badField(at.path, 'revenue', [
        'has_revenue',
        ...Object.keys(REVENUE_NUMBER_FIELDS),
        'last_revenue_at',
      ])
    }
    if (!(COMPARE_OPERATORS as readonly string[]).includes(at.operator)) {
      return this.badOperator(at.path, COMPARE_OPERATORS)
    }
    const integer = at.field === 'conversion_count'
    const value = this.number(at, { integer, nonNegative: integer })
    if (value === undefined) return undefined
    return {
      type: 'revenue',
      field: at.field as keyof typeof REVENUE_NUMBER_FIELDS,
      operator: at.operator as CompareOperator,
      value,
    }
  }

  customField(at: At): Condition | undefined {
    const key = at.field.startsWith('custom_fields.') ? at.field.slice('custom_fields.'.length) : undefined
    if (key === undefined || !CUSTOM_KEY.test(key)) {
      return this.fail(
        join(at.path, 'field'),
        'invalid_field',
        'field must be custom_fields.<key> with a key of 1-64 characters from A-Z a-z 0-9 _ . -',
      )
    }
    if (!(CUSTOM_OPERATORS as readonly string[]).includes(at.operator)) {
      return this.badOperator(at.path, CUSTOM_OPERATORS)
    }
    const operator = at.operator as CustomOperator
    const valuePath = join(at.path, 'value')
    const v = at.value
    if (operator === 'exists' || operator === 'not_exists') {
      return this.noValue(at) ? { type: 'custom_field', key, operator } : undefined
    }
    if (v === undefined) return this.fail(valuePath, 'missing_value', `${operator} needs a value`)
    if (operator === 'in' || operator === 'not_in') {
      if (!Array.isArray(v) || v.length === 0 || v.length > MAX_IN_VALUES) {
        return this.fail(valuePath, 'invalid_value', `value must be an array of 1 to ${MAX_IN_VALUES} values`)
      }
      const bad = v.findIndex((x) => !isScalar(x))
      if (bad >= 0) {
        return this.fail(
          `${valuePath}[${bad}]`,
          'invalid_value',
          'each value must be a string, number or boolean',
        )
      }
      return { type: 'custom_field', key, operator, value: v as Scalar[] }
    }
    if (!isScalar(v) || (typeof v === 'string' && v.length > MAX_STRING_VALUE)) {
      return this.fail(
        valuePath,
        'invalid_value',
        `value must be a string (≤${MAX_STRING_VALUE}), number or boolean`,
      )
    }
    if (operator === 'contains' && typeof v !== 'string') {
      return this.fail(valuePath, 'invalid_value', 'contains needs a string value')
    }
    if (
      (operator === 'gt' || operator === 'gte' || operator === 'lt' || operator === 'lte') &&
      typeof v === 'boolean'
    ) {
      return this.fail(valuePath, 'invalid_value', `${operator} needs a number or string value`)
    }
    return { type: 'custom_field', key, operator, value: v }
  }

  listCondition(at: At): Condition | undefined {
    if (at.field !== 'listId' && at.field !== 'list_id') return this.badField(at.path, 'list', ['listId'])
    if (at.operator !== 'in' && at.operator !== 'not_in') return this.badOperator(at.path, ['in', 'not_in'])
    const raw = typeof at.value === 'number' ? [at.value] : at.value
    if (raw === undefined)
      return this.fail(join(at.path, 'value'), 'missing_value', `${at.operator} needs a value`)
    if (
      !Array.isArray(raw) ||
      raw.length === 0 ||
      raw.length > MAX_IN_VALUES ||
      !raw.every((x) => Number.isSafeInteger(x) && (x as number) > 0)
    ) {
      return this.fail(
        join(at.path, 'value'),
        'invalid_value',
        'value must be an array of list ids (integers)',
      )
    }
    return { type: 'list', operator: at.operator, value: raw as number[] }
  }

  validation(at: At): Condition | undefined {
    if (at.field !== 'validation_status') return this.badField(at.path, 'validation', ['validation_status'])
    const operators = ['exclude', 'in', 'not_in'] as const
    if (!(operators as readonly string[]).includes(at.operator)) return this.badOperator(at.path, operators)
    const raw = typeof at.value === 'string' ? [at.value] : at.value
    if (raw === undefined)
      return this.fail(join(at.path, 'value'), 'missing_value', `${at.operator} needs a value`)
    if (
      !Array.isArray(raw) ||
      raw.length === 0 ||
      !raw.every((x) => (VALIDATION_STATUSES as readonly unknown[]).includes(x))
    ) {
      return this.fail(
        join(at.path, 'value'),
        'invalid_value',
        `value must be a non-empty array of ${oneOf(VALIDATION_STATUSES)}`,
      )
    }
    return {
      type: 'validation',
      operator: at.operator as 'exclude' | 'in' | 'not_in',
      value: [...new Set(raw as string[])],
    }
  }

  dnc(at: At): Condition | undefined {
    if (at.field !== 'on_dnc') return this.badField(at.path, 'dnc', ['on_dnc'])
    if (at.operator !== 'eq') return this.badOperator(at.path, ['eq'])
    const value = this.boolean(at)
    return value === undefined ? undefined : { type: 'dnc', operator: 'eq', value }
  }
}

interface At {
  path: string
  field: string
  operator: string
  value: unknown
  unit: unknown
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
