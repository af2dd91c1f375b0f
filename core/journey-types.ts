// Welcome journeys' vocabulary (spec §17): statuses, step types, limits, and the document and issue shapes.
import type { ErrorCode } from './errors.js'

export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number]
export const ENROLLMENT_STATUSES = ['active', 'completed', 'exited', 'stopped'] as const
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number]

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

export const MAX_STEPS = 100
export const MAX_TRIGGER_DEPTH = 5
export const MAX_TRIGGER_CONDITIONS = 100
export const MESSAGE_MAX_LENGTH = 1600
/** Spec §17: a journey completes automatically 30 days after enrollment. */
export const ENROLLMENT_MAX_AGE_MS = 30 * 86_400_000
/** A wait is at most the enrollment's whole life. */
export const MAX_WAIT_MS = ENROLLMENT_MAX_AGE_MS
/**
 * Steps one job may execute before it must stop. Validation already rejects loops without a wait, so this only
 * bounds a pathological document (e.g. one stored before a rule existed).
 */
export const MAX_STEPS_PER_RUN = 2 * MAX_STEPS

export type FieldValue = string | number | boolean

export type TriggerCondition =
  | { type: 'list'; list_id: number }
  | { type: 'signup_method'; value: string }
  | { type: 'custom_field'; field: string; operator: FieldOperator; value?: FieldValue | FieldValue[] }

export interface TriggerGroup {
  operator: 'AND' | 'OR'
  conditions: TriggerCondition[]
  groups: TriggerGroup[]
}

/** A branch or `next` target: a step index, or the `id` of a step. */
export type StepRef = number | string

export interface StepBase {
  /** Optional name other steps can point at (`next`, `yes`, `no`). */
  id?: string
  /** The step to run after this one instead of the following one (joins branches). */
  next?: StepRef
}

export interface OfferBinding {
  key: string
  offer_id: string
}

export type Step = StepBase &
  (
    | { type: 'send_message'; creative_id: number }
    | { type: 'send_message'; message: string; offer_links: OfferBinding[] }
    | { type: 'wait'; amount: number; unit: WaitUnit }
    | {
        type: 'condition'
        check: ConditionCheck
        yes: StepRef
        no: StepRef
        field?: string
        operator?: FieldOperator
        value?: FieldValue | FieldValue[]
      }
    | { type: 'wait_until'; time: string }
    | { type: 'set_custom_field'; field: string; value: FieldValue }
    | { type: 'unsubscribe' }
    | { type: 'exit' }
  )

export interface JourneyDocument {
  trigger: TriggerGroup
  steps: Step[]
}

/** The steps with every reference resolved to an index: `next` of each step (null: the journey ends after it). */
export interface CompiledJourney {
  steps: Step[]
  /** For each step: the index that follows it (condition: unused), or null at the end. */
  next: (number | null)[]
  /** For condition steps: [yes, no] indexes. */
  branches: ([number, number] | null)[]
}

export interface JourneyIssue {
  code: ErrorCode
  /** JSON path of the offending value, e.g. `steps[2].yes`. */
  path: string
  error: string
}

export interface JourneyReferences {
  listIds: number[]
  creativeIds: number[]
  offerIds: string[]
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: JourneyIssue[] }

/** The wait_until time: HH:MM on a 24-hour clock. */
export const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/
export const UNIT_MS: Record<WaitUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }
