// Audiences (spec §8): create, read, list, update, archive, and live size.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyInstance } from 'fastify'
import Type from 'typebox'
import { MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH } from '../../core/audience-dsl.js'
import { AppError, toErrorReply } from '../../core/errors.js'
import { AudienceView } from '../../core/views/audiences.js'
import {
  archiveAudience,
  calculateAudienceSize,
  countAudience,
  createAudience,
  FilterRejected,
  getAudience,
  listAudiences,
  updateAudience,
} from '../../services/audiences.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate, SerialId } from '../schemas.js'

const FILTER_DOC = `Filter DSL. A group is {operator: "AND"|"OR" (default AND), conditions: [condition], groups: [group]};
groups nest up to ${MAX_FILTER_DEPTH} levels, at most ${MAX_FILTER_CONDITIONS} conditions in all; a group with no
conditions and no groups is rejected with empty_filter_group. A condition is
{condition_type, field, operator, value?, unit?}:
- time: last_clicked_at | last_sent_at | signup_date | last_revenue_at; within | not_within (older or never) |
  before | after, each with value (number) and unit (days|hours|minutes) relative to now; exists | not_exists.
- count: send_count | click_count | conversion_count; eq ne gt gte lt lte; non-negative integer value.
- revenue: has_revenue (eq|ne, boolean); revenue_total | avg_revenue | conversion_count (eq ne gt gte lt lte,
  number); last_revenue_at (time operators).
- custom_field: custom_fields.<key> (key [A-Za-z0-9_.-]{1,64}); eq ne contains gt gte lt lte (numbers compare
  numerically, strings as text), in | not_in (array), exists | not_exists.
- list: listId; in | not_in with an array of list ids (the contact's active membership of those lists).
- validation: validation_status; exclude | not_in | in with an array of ok|unreachable|invalid|risky|unknown
  (exclude keeps never-validated contacts).
- dnc: on_dnc; eq true|false.
Other problems answer 400 invalid_filter with details [{path, code, error}]. Responses echo the filter in
camelCase (conditionType).`

const FilterInput = Type.Object(
  {
    operator: Type.Optional(Type.Unknown({ description: 'AND | OR (default AND)' })),
    conditions: Type.Optional(
      Type.Unknown({ description: 'Array of {condition_type, field, operator, value?, unit?}' }),
    ),
    groups: Type.Optional(Type.Unknown({ description: 'Array of nested groups' })),
  },
  {
    description: FILTER_DOC,
    examples: [
      {
        operator: 'AND',
        conditions: [
          { condition_type: 'time', field: 'last_clicked_at', operator: 'within', value: 30, unit: 'days' },
        ],
        groups: [
          {
            operator: 'OR',
            conditions: [
              { condition_type: 'count', field: 'click_count', operator: 'gte', value: 3 },
              { condition_type: 'custom_field', field: 'custom_fields.tier', operator: 'eq', value: 'gold' },
            ],
          },
        ],
      },
    ],
  },
)

const FilterErrorReply = Type.Object({
  error: Type.String(),
  code: Type.String(),
  details: Type.Optional(
    Type.Array(Type.Object({ path: Type.String(), code: Type.String(), error: Type.String() })),
  ),
})

const Name = Type.String({ maxLength: 255 })
const Description = Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])
const SourceLists = Type.Array(SerialId(), {
  maxItems: 1000,
  description: 'Sending list ids whose contacts the audience draws from (their union); empty = all lists',
})
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const AudienceReply = Type.Object({ success: Type.Literal(true), audience: AudienceView })

export async function audienceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const pool = app.pg.pool

  // Filter rejections carry per-path details; everything else follows the shared error contract.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof FilterRejected) {
      return reply.code(err.statusCode).send({ error: err.message, code: err.code, details: err.details })
    }
    const { status, body } = toErrorReply(err)
    if (status >= 500) request.log.error({ err }, 'request failed')
    return reply.code(status).send(body)
  })

  app.post(
    '/audiences',
    {
      schema: {
        operationId: 'createAudience',
        summary: 'Create an audience',
        tags: ['audiences'],
        body: Type.Object({
          name: Name,
          description: Type.Optional(Description),
          source_lists: Type.Optional(SourceLists),
          filter: FilterInput,
        }),
        response: { 201: AudienceReply, 400: FilterErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const body = request.body
      if (body.name.trim() === '') throw new AppError('missing_name', 'name is required')
      const audience = await createAudience(pool, request.caller.accountId, body)
      return reply.code(201).send({ success: true as const, audience })
    },
  )

  app.get(
    '/audiences',
    {
      schema: {
        operationId: 'listAudiences',
        summary: 'List audiences',
        tags: ['audiences'],
        querystring: Type.Object({
          status: Type.Optional(Type.String({ enum: ['active', 'archived'], default: 'active' })),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ audiences: Type.Array(AudienceView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const status = (request.query.status ?? 'active') as 'active' | 'archived'
      const probe = paginate(request.query, 0)
      const { audiences, total } = await listAudiences(
        pool,
        request.caller.accountId,
        status,
        probe.limit,
        probe.offset,
      )
      return { audiences, pagination: paginate(request.query, total).pagination }
    },
  )

  app.get(
    '/audiences/:id',
    {
      schema: {
        operationId: 'getAudience',
        summary: 'Get an audience',
        tags: ['audiences'],
        params: IdParams,
        response: { 200: AudienceReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      audience: await getAudience(pool, request.caller.accountId, request.params.id),
    }),
  )

  app.put(
    '/audiences/:id',
    {
      schema: {
        operationId: 'updateAudience',
        summary: 'Update an audience (partial); a new filter or new source lists clear the cached size',
        tags: ['audiences'],
        params: IdParams,
        body: Type.Object({
          name: Type.Optional(Name),
          description: Type.Optional(Description),
          source_lists: Type.Optional(SourceLists),
          filter: Type.Optional(FilterInput),
        }),
        response: { 200: AudienceReply, 400: FilterErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      if (request.body.name !== undefined && request.body.name.trim() === '') {
        throw new AppError('missing_name', 'name cannot be empty')
      }
      const audience = await updateAudience(pool, request.caller.accountId, request.params.id, request.body)
      return { success: true as const, audience }
    },
  )

  app.delete(
    '/audiences/:id',
    {
      schema: {
        operationId: 'deleteAudience',
        summary: 'Archive an audience',
        tags: ['audiences'],
        params: IdParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), archived: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await archiveAudience(pool, request.caller.accountId, request.params.id)
      return { success: true as const, archived: true as const }
    },
  )

  app.get(
    '/audiences/:id/size',
    {
      schema: {
        operationId: 'getAudienceSize',
        summary:
          'Count the audience now (distinct active contacts of the source lists, account-wide blocks excluded) and refresh its cached size',
        tags: ['audiences'],
        params: IdParams,
        response: {
          200: Type.Object({
            audience_id: Type.String(),
            size: Type.Integer(),
            calculated_at: Type.String({ format: 'date-time' }),
          }),
          400: FilterErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => calculateAudienceSize(pool, request.caller.accountId, request.params.id),
  )

  app.post(
    '/audiences/size',
    {
      // Counting changes nothing, so a viewer may count too (the dashboard's builder shows sizes to everyone).
      config: { minRole: 'viewer' as const },
      schema: {
        operationId: 'previewAudienceSize',
        summary: 'Count a filter over source lists without saving anything (the builder’s live size)',
        description:
          'The same count as GET /audiences/:id/size, for a filter that is not (or not yet) an audience’s: ' +
          'nothing is stored. Errors name the filter path they concern, as on create.',
        tags: ['audiences'],
        body: Type.Object({ source_lists: Type.Optional(SourceLists), filter: FilterInput }),
        response: {
          200: Type.Object({ size: Type.Integer(), calculated_at: Type.String({ format: 'date-time' }) }),
          400: FilterErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { source_lists: lists = [], filter } = request.body
      const size = await countAudience(pool, request.caller.accountId, lists, filter)
      return { size, calculated_at: new Date().toISOString() }
    },
  )
}
