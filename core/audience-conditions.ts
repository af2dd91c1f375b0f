// The audience filter DSL's condition parsers (the grammar is in core/audience-dsl.ts, whose group parser extends
// this class): each condition type's field, operator and value checks, recording every problem with its path.
import {
  COMPARE_OPERATORS,
  type COUNT_FIELDS,
  type CompareOperator,
  type Condition,
  CUSTOM_OPERATORS,
  type CustomOperator,
  type FilterError,
  MAX_IN_VALUES,
  MAX_STRING_VALUE,
  REVENUE_NUMBER_FIELDS,
  type Scalar,
  type TIME_FIELDS,
  TIME_OPERATORS,
  type TimeOperator,
  type TimeUnit,
  VALIDATION_STATUSES,
} from './audience-types.js'

const UNITS = ['days', 'hours', 'minutes'] as const
const CUSTOM_KEY = /^[A-Za-z0-9_.-]{1,64}$/

export const join = (path: string, key: string) => (path ? `${path}.${key}` : key)
/** Postgres text cannot hold NUL, so such a string could never match; it is rejected up front. */
const isScalar = (v: unknown): v is Scalar =>
  (typeof v === 'string' && v.length <= MAX_STRING_VALUE && !v.includes('\u0000')) ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v))
export const oneOf = (list: readonly string[]) => list.join(', ')

export interface At {
  path: string
  field: string
  operator: string
  value: unknown
  unit: unknown
}

/** Each condition type's checks; the group parser (core/audience-dsl.ts) extends it with the walk over groups. */
export class ConditionParser {
  readonly errors: FilterError[] = []

  fail(path: string, code: string, error: string): undefined {
    // A pathological input could produce one error per node; the first hundred are plenty to fix it.
    if (this.errors.length < 100) this.errors.push({ path, code, error })
    return undefined
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

  /** A comparison operator and its number, as count and revenue fields take them; undefined after an error. */
  comparison(
    at: At,
    opts: { integer: boolean; nonNegative: boolean },
  ): { operator: CompareOperator; value: number } | undefined {
    if (!(COMPARE_OPERATORS as readonly string[]).includes(at.operator)) {
      return this.badOperator(at.path, COMPARE_OPERATORS)
    }
    const value = this.number(at, opts)
    return value === undefined ? undefined : { operator: at.operator as CompareOperator, value }
  }

  count(at: At): Condition | undefined {
    const compared = this.comparison(at, { integer: true, nonNegative: true })
    return compared && { type: 'count', field: at.field as keyof typeof COUNT_FIELDS, ...compared }
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
    const integer = at.field === 'conversion_count'
    const compared = this.comparison(at, { integer, nonNegative: integer })
    return compared && { type: 'revenue', field: at.field as keyof typeof REVENUE_NUMBER_FIELDS, ...compared }
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
