// A journey's trigger group as stored (spec §17), checked into typed issues: operator, conditions, groups.
import { checkFieldMatch, Issues, isObject } from './journey-checks.js'
import {
  MAX_TRIGGER_CONDITIONS,
  MAX_TRIGGER_DEPTH,
  type Parsed,
  type TriggerCondition,
  type TriggerGroup,
} from './journey-types.js'

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
