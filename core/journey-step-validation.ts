// One journey step as stored (spec §17), checked into typed issues: its type's fields, its id, its references.
import {
  checkFieldMatch,
  FIELD_NAME_MAX,
  type Issues,
  isFieldValue,
  isObject,
  VALUE_MAX,
} from './journey-checks.js'
import {
  CONDITION_CHECKS,
  type ConditionCheck,
  HHMM,
  MAX_WAIT_MS,
  MESSAGE_MAX_LENGTH,
  type OfferBinding,
  STEP_TYPES,
  type Step,
  type StepBase,
  type StepRef,
  type StepType,
  UNIT_MS,
  WAIT_UNITS,
  type WaitUnit,
} from './journey-types.js'
import { linkPlaceholders } from './message-template.js'

const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/

function parseRef(raw: unknown, path: string, issues: Issues): StepRef | null {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw
  if (typeof raw === 'string' && STEP_ID.test(raw)) return raw
  issues.add('invalid_branch_target', path, 'must be a step index (0-based) or the id of a step')
  return null
}

export function parseStep(raw: unknown, path: string, issues: Issues): Step | null {
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
