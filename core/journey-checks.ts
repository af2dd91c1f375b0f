// What the journey parsers share: the Issues collector, value guards and limits, the custom-field match check.
import type { ErrorCode } from './errors.js'
import { FIELD_OPERATORS, type FieldOperator, type FieldValue, type JourneyIssue } from './journey-types.js'

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
export const isFieldValue = (v: unknown): v is FieldValue =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
export const FIELD_NAME_MAX = 100
export const VALUE_MAX = 1000

export class Issues {
  readonly list: JourneyIssue[] = []
  /** Trigger conditions seen so far, across nested groups. */
  conditions = 0
  add(code: ErrorCode, path: string, error: string): void {
    this.list.push({ code, path, error: `${path}: ${error}` })
  }
}

export function checkFieldMatch(
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
