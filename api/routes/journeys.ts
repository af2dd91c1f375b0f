// Welcome journeys (spec §17): CRUD (DELETE archives) and the enrollments of each journey with the steps they ran.
// The document format is validated by core/journeys, which gives every rule a stable error code.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ENROLLMENT_STATUSES, JOURNEY_STATUSES, MAX_STEPS } from '../../core/journeys.js'
import {
  archiveJourney,
  createJourney,
  getJourney,
  listJourneys,
  updateJourney,
} from '../../services/journey-definitions.js'
import { getEnrollment, listEnrollments } from '../../services/journey-enrollment.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

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

const Trigger = Type.Record(Type.String(), Type.Unknown(), { description: TRIGGER_DOC })
const Steps = Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: STEPS_DOC })

const Counts = Type.Object({
  active: Type.Integer(),
  completed: Type.Integer(),
  exited: Type.Integer(),
  stopped: Type.Integer(),
})

export const Journey = Type.Object({
  id: Type.String({ description: '24-hex id' }),
  name: Type.String(),
  status: Type.String({
    description:
      'draft | active (enrolling) | paused (no new enrollments; existing ones carry on) | archived (all stop)',
  }),
  trigger: Trigger,
  steps: Steps,
  enrollment_counts: Counts,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([Type.Null(), schema])

const Enrollment = Type.Object({
  id: Type.String(),
  journey_id: Type.String(),
  contact_id: Type.String(),
  phone_number: Type.String(),
  list_id: Type.Integer(),
  status: Type.String({
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

const JourneyEvent = Type.Object({
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

const CreateBody = Type.Object({
  name: Type.String({ maxLength: 255 }),
  status: Type.Optional(
    Type.String({
      default: 'draft',
      description: 'draft | active | paused (a new journey cannot be archived)',
    }),
  ),
  trigger: Trigger,
  steps: Steps,
})

const UpdateBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  status: Type.Optional(Type.String({ description: 'draft | active | paused | archived' })),
  trigger: Type.Optional(Trigger),
  steps: Type.Optional(Steps),
})

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) })
const JourneyReply = Type.Object({ success: Type.Literal(true), journey: Journey })

export async function journeyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['journeys']

  app.post(
    '/journeys',
    {
      schema: {
        operationId: 'createJourney',
        summary: 'Create a welcome journey',
        description: 'Lists, creatives and offers named by the journey must be your own.',
        tags,
        body: CreateBody,
        response: { 201: JourneyReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const journey = await createJourney(app.pg.pool, request.caller.accountId, request.body)
      return reply.code(201).send({ success: true as const, journey })
    },
  )

  app.get(
    '/journeys',
    {
      schema: {
        operationId: 'listJourneys',
        summary: 'List journeys (non-archived unless status is given), newest first',
        tags,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(JOURNEY_STATUSES)),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ journeys: Type.Array(Journey), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { journeys, total } = await listJourneys(app.pg.pool, request.caller.accountId, {
        status: request.query.status,
        limit,
        offset,
      })
      return { journeys, pagination: paginate(request.query, total).pagination }
    },
  )

  app.get(
    '/journeys/:id',
    {
      schema: {
        operationId: 'getJourney',
        summary: 'Get a journey with its enrollment counts',
        tags,
        params: Params,
        response: { 200: JourneyReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      journey: await getJourney(app.pg.pool, request.caller.accountId, request.params.id),
    }),
  )

  app.put(
    '/journeys/:id',
    {
      schema: {
        operationId: 'updateJourney',
        summary: 'Update a journey (partial)',
        description:
          'Active enrollments carry on at their step index with the new steps. Setting status archived is the same as DELETE. An archived journey cannot change (409 journey_archived).',
        tags,
        params: Params,
        body: UpdateBody,
        response: { 200: JourneyReply, 400: ErrorReply, 404: ErrorReply, 409: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      journey: await updateJourney(app.pg.pool, request.caller.accountId, request.params.id, request.body),
    }),
  )

  app.delete(
    '/journeys/:id',
    {
      schema: {
        operationId: 'deleteJourney',
        summary: 'Archive a journey',
        description: 'Its active enrollments end (status exited, reason journey_archived); history is kept.',
        tags,
        params: Params,
        response: {
          200: Type.Object({ success: Type.Literal(true), archived: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await archiveJourney(app.pg.pool, request.caller.accountId, request.params.id)
      return { success: true as const, archived: true as const }
    },
  )

  app.get(
    '/journeys/:id/enrollments',
    {
      schema: {
        operationId: 'listJourneyEnrollments',
        summary: "A journey's enrollments, newest first, with their status and current step",
        tags,
        params: Params,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(ENROLLMENT_STATUSES)),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ enrollments: Type.Array(Enrollment), pagination: Pagination }),
          400: ErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { enrollments, total } = await listEnrollments(
        app.pg.pool,
        request.caller.accountId,
        request.params.id,
        { status: request.query.status, limit, offset },
      )
      return { enrollments, pagination: paginate(request.query, total).pagination }
    },
  )

  app.get(
    '/journeys/:id/enrollments/:enrollment_id',
    {
      schema: {
        operationId: 'getJourneyEnrollment',
        summary: 'One enrollment with every step it ran and which branch each condition took',
        tags,
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          enrollment_id: Type.String({ maxLength: 64 }),
        }),
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            enrollment: Type.Intersect([Enrollment, Type.Object({ events: Type.Array(JourneyEvent) })]),
          }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      enrollment: await getEnrollment(
        app.pg.pool,
        request.caller.accountId,
        request.params.id,
        request.params.enrollment_id,
      ),
    }),
  )
}
