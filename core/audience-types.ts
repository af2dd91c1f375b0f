// The audience filter DSL's vocabulary (the grammar is in core/audience-dsl.ts): the limits, the fields with the
// columns they read, the operators, and the parsed tree's types. Callers import them through core/audience-dsl.ts;
// they stand apart so the condition parsers (core/audience-conditions.ts) can use them without an import cycle.

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
export const TIME_OPERATORS = ['within', 'not_within', 'before', 'after', 'exists', 'not_exists'] as const
export const COMPARE_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const
export const CUSTOM_OPERATORS = [
  ...COMPARE_OPERATORS,
  'contains',
  'in',
  'not_in',
  'exists',
  'not_exists',
] as const
export const VALIDATION_STATUSES = ['ok', 'unreachable', 'invalid', 'risky', 'unknown'] as const
export const CONDITION_TYPES = [
  'time',
  'count',
  'revenue',
  'custom_field',
  'list',
  'validation',
  'dnc',
] as const

export type TimeOperator = (typeof TIME_OPERATORS)[number]
export type CompareOperator = (typeof COMPARE_OPERATORS)[number]
export type CustomOperator = (typeof CUSTOM_OPERATORS)[number]
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
