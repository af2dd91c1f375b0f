// Welcome journeys (spec §17): CRUD (DELETE archives) and the enrollments of each journey with the steps they ran.
// The document format is validated by core/journeys, which gives every rule a stable error code.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ENROLLMENT_STATUSES, JOURNEY_STATUSES } from '../../core/journeys.js'
import {
  EnrollmentDetailView,
  EnrollmentView,
  JourneySteps,
  JourneyTrigger,
  JourneyView,
} from '../../core/views/journeys.js'
import {
  archiveJourney,
  createJourney,
  getJourney,
  listJourneys,
  updateJourney,
} from '../../services/journey-definitions.js'
import { getEnrollment, listEnrollments } from '../../services/journey-enrollment.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

const CreateBody = Type.Object({
  name: Type.String({ maxLength: 255 }),
  status: Type.Optional(
    Type.String({
      default: 'draft',
      description: 'draft | active | paused (a new journey cannot be archived)',
    }),
  ),
  trigger: JourneyTrigger,
  steps: JourneySteps,
})

const UpdateBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  status: Type.Optional(Type.String({ description: 'draft | active | paused | archived' })),
  trigger: Type.Optional(JourneyTrigger),
  steps: Type.Optional(JourneySteps),
})

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) })
const JourneyReply = Type.Object({ success: Type.Literal(true), journey: JourneyView })

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
          200: Type.Object({ journeys: Type.Array(JourneyView), pagination: Pagination }),
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
          200: Type.Object({ enrollments: Type.Array(EnrollmentView), pagination: Pagination }),
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
            enrollment: EnrollmentDetailView,
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
