// A welcome journey and its enrollments as the API answers them (spec §17): one TypeBox schema per shape, which
// the routes serialise and document and whose static type the services return.
import Type, { type Static } from 'typebox'
import { ENROLLMENT_STATUSES, JOURNEY_STATUSES, MAX_STEPS } from '../journeys.js'
import { Nullable } from './nullable.js'

const TRIGGER_DOC =
  'Trigger group `{operator: AND|OR, conditions: [...], groups: [...nested groups, at most 5 deep]}`, matched ' +
  'when a contact joins a list (POST /contacts with use_journeys, CSV import with use_journeys, or an opt-in). ' +
  'Conditions: `{type: "list", list_id}` (joined this list), `{type: "signup_method", value}` (e.g. api, import, ' +
  'keyword; case-insensitive), `{type: "custom_field", field, operator: eq|ne|in|not_in|exists|contains, value}` ' +
  '(in/not_in take an array; exists takes an optional boolean; numbers compare as numbers, text ' +
  'case-insensitively). A group needs at least one condition or group.'

const STEPS_DOC =
  `Up to ${MAX_STEPS} steps, run in order unless a condition branches or a step names its \`next\`. A step is ` +
  'referred to by its 0-based index in this array or by its optional `id` (1-64 of A-Z a-z 0-9 _ -). Types: ' +
  '`send_message {creative_id}` or `{message, offer_links: [{key: "link1", offer_id}]}` (macros such as ' +
  '{{first_name}}, {{brand_name}}, custom fields; each {{linkN}} becomes a tracked link to its offer); ' +
  '`wait {amount, unit: minutes|hours|days}` (at most 30 days); `condition {check: clicked_since_enrollment | ' +
  'sent_since_enrollment | custom_field (+ field, operator, value), yes: <step>, no: <step>}`; `wait_until ' +
  '{time: "HH:MM"}` (next occurrence in the contact\'s timezone, else the account default, else ' +
  'America/New_York); `set_custom_field {field, value}`; `unsubscribe` (reason journey); `exit`. Any step but ' +
  'condition, unsubscribe and exit may carry `next: <step>`. Steps that loop back without a wait or wait_until ' +
  'are rejected (journey_step_loop). Sends go through dispatch like campaigns (opt-out, blocks, quiet hours).'

/** The trigger document as given and as answered (validated by core/journeys, which names each rule's error). */
export const JourneyTrigger = Type.Record(Type.String(), Type.Unknown(), { description: TRIGGER_DOC })
export const JourneySteps = Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: STEPS_DOC })

export const JourneyView = Type.Object({
  id: Type.String({ description: '24-hex id' }),
  name: Type.String(),
  status: Type.Enum([...JOURNEY_STATUSES], {
    description:
      'draft | active (enrolling) | paused (no new enrollments; existing ones carry on) | archived (all stop)',
  }),
  trigger: JourneyTrigger,
  steps: JourneySteps,
  enrollment_counts: Type.Object({
    active: Type.Integer(),
    completed: Type.Integer(),
    exited: Type.Integer(),
    stopped: Type.Integer(),
  }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})
export type JourneyView = Static<typeof JourneyView>

export const EnrollmentView = Type.Object({
  id: Type.String(),
  journey_id: Type.String(),
  contact_id: Type.String(),
  phone_number: Type.String(),
  list_id: Type.Integer(),
  status: Type.Enum([...ENROLLMENT_STATUSES], {
    description:
      'active | completed (exit or last step, unsubscribe step, or 30 days) | exited (journey archived) | stopped (contact unsubscribed)',
  }),
  current_step: Nullable(
    Type.Object(
      { index: Type.Integer(), type: Type.String(), id: Nullable(Type.String()) },
      {
        description: 'The step that runs next; null once ended',
      },
    ),
  ),
  step_index: Type.Integer(),
  step_seq: Type.Integer({ description: 'Steps executed so far' }),
  next_run_at: Nullable(Type.String({ format: 'date-time' })),
  enrolled_at: Type.String({ format: 'date-time' }),
  ended_at: Nullable(Type.String({ format: 'date-time' })),
  end_reason: Nullable(
    Type.String({
      description:
        'exit_step, last_step, unsubscribe_step, expired, unsubscribed, journey_archived, contact_missing, step_limit',
    }),
  ),
})
export type EnrollmentView = Static<typeof EnrollmentView>

export const JourneyEventView = Type.Object({
  step_seq: Type.Integer(),
  step_index: Type.Integer(),
  step_type: Type.String({ description: 'A step type, or `end` when the enrollment ended without one' }),
  outcome: Type.String({
    description: 'sent, skipped, waiting, yes, no, set, unsubscribed, exited; for `end` the final status',
  }),
  detail: Type.Record(Type.String(), Type.Unknown(), {
    description: 'e.g. message_id of a send, until of a wait, branch (next step index) of a condition',
  }),
  at: Type.String({ format: 'date-time' }),
})
export type JourneyEventView = Static<typeof JourneyEventView>

/** One enrollment with every step it ran. */
export const EnrollmentDetailView = Type.Intersect([
  EnrollmentView,
  Type.Object({ events: Type.Array(JourneyEventView) }),
])
export type EnrollmentDetailView = Static<typeof EnrollmentDetailView>
