// Audience filters (core/audience-dsl.ts) compiled to parameterised SQL over the account's list contacts `lc` and,
// where a condition needs them, its `contact_facts c`: the predicate, the size statement and keyset member pages.
// No I/O here.
import {
  COUNT_FIELDS,
  type CompareOperator,
  type Condition,
  type FilterGroup,
  REVENUE_NUMBER_FIELDS,
  type Scalar,
  TIME_FIELDS,
  type TimeOperator,
  type TimeUnit,
} from './audience-dsl.js'
import { blockedSql, contactBlockedSql, sendableSql } from './eligibility.js'

/**
 * Members after the keyset cursor `param`, for `list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id`.
 * The bound on `c.id` is implied by the join and said again: Postgres carries equalities across a join, not
 * ranges, and without it a merge join read the contacts' key from the first contact on every page (quadratic in
 * the audience: 190,000 rows for the last 10,000-row page of 200k).
 */
export const membersAfterSql = (param: string): string => `lc.contact_id > ${param} AND c.id > ${param}`

export interface CompiledSql {
  sql: string
  params: unknown[]
}

export interface CompiledFilter extends CompiledSql {
  /** Whether the predicate reads the contacts table (alias c); the size query reads contacts only then. */
  usesContacts: boolean
}

const COMPARE_SQL: Record<CompareOperator, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
}
const UNIT_MS: Record<TimeUnit, number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000 }
/** A custom field as a number: JSON numbers, and strings that spell a decimal number; otherwise NULL. */
const customNumber = (key: string) =>
  `(CASE WHEN jsonb_typeof(lc.custom_fields -> ${key}) = 'number' THEN (lc.custom_fields ->> ${key})::numeric ` +
  `WHEN (lc.custom_fields ->> ${key}) ~ '^\\s*-?[0-9]{1,30}(\\.[0-9]{1,30})?\\s*$' THEN (lc.custom_fields ->> ${key})::numeric END)`

/**
 * Compile to a boolean SQL expression over `list_contacts lc` (and the account's `contact_facts c` when `usesContacts`), with
 * placeholders `$<paramOffset + 1>`…; `now` fixes the relative time windows.
 */
export function compileFilter(
  filter: FilterGroup,
  opts: { paramOffset?: number; now?: Date } = {},
): CompiledFilter {
  const params: unknown[] = []
  const offset = opts.paramOffset ?? 0
  const now = (opts.now ?? new Date()).getTime()
  let usesContacts = false
  const bind = (value: unknown, cast: string) => {
    params.push(value)
    return `$${offset + params.length}::${cast}`
  }

  const time = (column: string, operator: TimeOperator, value?: number, unit?: TimeUnit): string => {
    if (operator === 'exists') return `${column} IS NOT NULL`
    if (operator === 'not_exists') return `${column} IS NULL`
    const cutoff = bind(new Date(now - value! * UNIT_MS[unit!]).toISOString(), 'timestamptz')
    if (operator === 'within') return `${column} >= ${cutoff}`
    if (operator === 'not_within') return `(${column} IS NULL OR ${column} < ${cutoff})`
    if (operator === 'before') return `${column} < ${cutoff}`
    return `${column} > ${cutoff}`
  }

  const custom = (c: Extract<Condition, { type: 'custom_field' }>): string => {
    const key = bind(c.key, 'text')
    const text = `(lc.custom_fields ->> ${key})`
    switch (c.operator) {
      case 'exists':
        return `(lc.custom_fields ? ${key})`
      case 'not_exists':
        return `NOT (lc.custom_fields ? ${key})`
      case 'contains':
        return `strpos(lower(${text}), lower(${bind(c.value, 'text')})) > 0`
      case 'in':
        return `${text} = ANY(${bind((c.value as Scalar[]).map(String), 'text[]')})`
      case 'not_in':
        return `(${text} IS NULL OR NOT (${text} = ANY(${bind((c.value as Scalar[]).map(String), 'text[]')})))`
      default: {
        const op = COMPARE_SQL[c.operator as CompareOperator]
        if (typeof c.value === 'number') {
          const cmp = `${customNumber(key)} ${op} ${bind(c.value, 'numeric')}`
          return c.operator === 'ne' ? `(${customNumber(key)} IS NULL OR ${cmp})` : cmp
        }
        const cmp = `${text} ${op} ${bind(String(c.value), 'text')}`
        return c.operator === 'ne' ? `(${text} IS NULL OR ${cmp})` : cmp
      }
    }
  }

  const condition = (c: Condition): string => {
    switch (c.type) {
      case 'time':
        return time(TIME_FIELDS[c.field], c.operator, c.value, c.unit)
      case 'count':
        return `${COUNT_FIELDS[c.field]} ${COMPARE_SQL[c.operator]} ${bind(c.value, 'bigint')}`
      case 'revenue':
        if (c.field === 'last_revenue_at')
          return time(TIME_FIELDS.last_revenue_at, c.operator, c.value, c.unit)
        if (c.field === 'has_revenue') {
          return `(lc.revenue_total > 0) ${c.operator === 'eq' ? '=' : '<>'} ${bind(c.value, 'boolean')}`
        }
        return `${REVENUE_NUMBER_FIELDS[c.field]} ${COMPARE_SQL[c.operator]} ${bind(c.value, 'numeric')}`
      case 'custom_field':
        return custom(c)
      case 'list': {
        const membership =
          // The list ids belong to the account (checked when the filter is saved and again before counting),
          // so the partial index (list_id, contact_id) WHERE active answers this without reading the table.
          'EXISTS (SELECT 1 FROM list_contacts o WHERE o.contact_id = lc.contact_id ' +
          `AND o.active AND o.list_id = ANY(${bind(c.value, 'integer[]')}))`
        return c.operator === 'in' ? membership : `NOT ${membership}`
      }
      case 'validation': {
        usesContacts = true
        const statuses = bind(c.value, 'text[]')
        if (c.operator === 'in') return `c.validation_status = ANY(${statuses})`
        return `(c.validation_status IS NULL OR NOT (c.validation_status = ANY(${statuses})))`
      }
      case 'dnc':
        usesContacts = true
        return `c.on_dnc = ${bind(c.value, 'boolean')}`
    }
  }

  const group = (g: FilterGroup): string => {
    const parts = [...g.conditions.map(condition), ...g.groups.map(group)]
    return parts.length === 1 ? parts[0]! : `(${parts.join(` ${g.operator} `)})`
  }

  return { sql: group(filter), params, usesContacts }
}

/**
 * The size statement: distinct contacts among the account's active list contacts of `sourceLists` (all lists
 * when empty) that are not blocked account-wide and match the filter. A contact on several lists counts once.
 * `sourceLists` and the filter's list ids must be lists of the account (services/audiences checks them).
 */
export function audienceSizeQuery(
  accountId: string,
  sourceLists: number[],
  filter: FilterGroup,
  now?: Date,
): CompiledSql {
  const params: unknown[] = [accountId]
  const where = ['lc.active']
  if (sourceLists.length > 0) {
    // The caller has checked these lists are the account's, so the list ids alone scope the rows; the partial
    // index (list_id, contact_id) WHERE active then serves them without the account column.
    params.push(sourceLists)
    where.push('lc.list_id = ANY($2::integer[])')
  } else {
    where.push('lc.account_id = $1')
  }
  const compiled = compileFilter(filter, { paramOffset: params.length, now })
  params.push(...compiled.params)
  where.push(compiled.sql)
  const matching = where.join(' AND ')
  if (compiled.usesContacts) {
    // Counting contacts that have a matching list contact is a semi-join: no DISTINCT, and the contacts
    // conditions are read once per contact (measured ~35% faster than join + DISTINCT in bench/audience-size).
    const sql =
      'SELECT count(*)::bigint AS size FROM contact_facts c ' +
      `WHERE c.account_id = $1 AND EXISTS (SELECT 1 FROM list_contacts lc WHERE lc.contact_id = c.id AND ${matching}) ` +
      `AND NOT ${blockedSql('$1', 'c.phone_number')}`
    return { sql, params }
  }
  const notBlocked = `NOT ${contactBlockedSql('$1', 'lc.contact_id')}`
  // One list holds a contact once (unique (list_id, contact_id)), so only several lists need the DISTINCT.
  const sql =
    sourceLists.length === 1
      ? `SELECT count(*)::bigint AS size FROM list_contacts lc WHERE ${matching} AND ${notBlocked}`
      : `SELECT count(*)::bigint AS size FROM (SELECT DISTINCT lc.contact_id FROM list_contacts lc WHERE ${matching} AND ${notBlocked}) s`
  return { sql, params }
}

/**
 * The members of an audience on one sending list, in contact-id order from `afterContactId` (keyset pages, so a
 * send never holds the whole audience): subscribed on the list, not blocked account-wide, matching the filter.
 * The list must be the account's (services check it), so its id alone scopes the rows.
 */
export function audienceMembersQuery(
  accountId: string,
  listId: number,
  filter: FilterGroup,
  page: { afterContactId: string; limit: number },
  now?: Date,
): CompiledSql {
  const params: unknown[] = [accountId, listId, page.afterContactId, page.limit]
  const compiled = compileFilter(filter, { paramOffset: params.length, now })
  params.push(...compiled.params)
  const sql =
    'SELECT lc.contact_id, c.phone_number, lc.first_name, lc.last_name, lc.custom_fields ' +
    'FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id ' +
    `WHERE lc.list_id = $2 AND ${sendableSql('lc', '$1', 'c.phone_number')} AND ${membersAfterSql('$3')} ` +
    `AND ${compiled.sql} ` +
    'ORDER BY lc.contact_id LIMIT $4'
  return { sql, params }
}
