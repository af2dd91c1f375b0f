// Creatives (spec §7): message templates with offer-bound `{{linkN}}` placeholders, and segment estimation.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { CREATIVE_STATUSES, CREATIVE_TYPES, MESSAGE_MAX_LENGTH } from '../../core/creatives.js'
import { CreativeView } from '../../core/views/creatives.js'
import {
  createCreative,
  estimateMessage,
  getCreative,
  listCreatives,
  updateCreative,
} from '../../services/creatives.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

// key and offer_id are checked in code so that their absence answers the spec's own codes.
const OfferLinkInput = Type.Object({
  key: Type.Optional(Type.String({ description: 'Placeholder name, e.g. `link1`' })),
  offer_id: Type.Optional(Type.String()),
  url: Type.Optional(
    Type.Union([Type.Null(), Type.String()], {
      description: 'Overrides the offer tracking URL for this link',
    }),
  ),
  url_params: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'Query parameters added to the link URL' }),
  ),
})

const name = Type.String({ maxLength: 255 })
const message = Type.String({
  maxLength: MESSAGE_MAX_LENGTH,
  description: 'Must hold at least one {{linkN}}',
})
const offerLinks = Type.Array(OfferLinkInput, { maxItems: 100 })
const creativeType = Type.Enum(CREATIVE_TYPES)

const CreateCreativeBody = Type.Object({
  name,
  message,
  offer_links: offerLinks,
  status: Type.Optional(Type.Enum(['active', 'paused'], { default: 'active' })),
  creative_type: Type.Optional({ ...creativeType, default: 'automated' }),
})

const UpdateCreativeBody = Type.Object({
  name: Type.Optional(name),
  message: Type.Optional(message),
  offer_links: Type.Optional(offerLinks),
  status: Type.Optional(Type.Enum(CREATIVE_STATUSES, { description: '`archived` hides the creative' })),
  creative_type: Type.Optional(creativeType),
})

const CreativeParams = Type.Object({ id: Type.String({ maxLength: 32 }) })
const CreativeReply = Type.Object({ success: Type.Literal(true), creative: CreativeView })

export async function creativeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['creatives']

  app.post(
    '/creatives',
    {
      schema: {
        operationId: 'createCreative',
        summary: 'Create a creative',
        tags,
        body: CreateCreativeBody,
        response: { 201: CreativeReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const creative = await createCreative(app.pg.pool, request.caller.accountId, request.body)
      return reply.code(201).send({ success: true as const, creative })
    },
  )

  app.post(
    '/creatives/estimate',
    {
      config: { minRole: 'viewer' },
      schema: {
        operationId: 'estimateCreative',
        summary: 'Estimate the characters and SMS segments of a message',
        description:
          'Links ({{linkN}}) count as 23 characters each; the account compliance prefix and suffix are included unless apply_templates is false.',
        tags,
        body: Type.Object({
          message: Type.String({ maxLength: MESSAGE_MAX_LENGTH }),
          apply_templates: Type.Optional(Type.Boolean({ default: true })),
        }),
        response: {
          200: Type.Object({
            character_count: Type.Integer(),
            segment_count: Type.Integer(),
            encoding: Type.Enum(['GSM-7', 'UCS-2']),
          }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) =>
      estimateMessage(
        app.pg.pool,
        request.caller.accountId,
        request.body.message,
        request.body.apply_templates ?? true,
      ),
  )

  app.get(
    '/creatives',
    {
      schema: {
        operationId: 'listCreatives',
        summary: 'List creatives',
        tags,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(CREATIVE_STATUSES, { default: 'active' })),
          creative_type: Type.Optional(creativeType),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ creatives: Type.Array(CreativeView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { creatives, total } = await listCreatives(app.pg.pool, request.caller.accountId, {
        status: request.query.status ?? 'active',
        creative_type: request.query.creative_type,
        limit,
        offset,
      })
      return { creatives, pagination: paginate(request.query, total).pagination }
    },
  )

  app.get(
    '/creatives/:id',
    {
      schema: {
        operationId: 'getCreative',
        summary: 'Get a creative',
        tags,
        params: CreativeParams,
        response: { 200: CreativeReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      creative: await getCreative(app.pg.pool, request.caller.accountId, request.params.id),
    }),
  )

  app.put(
    '/creatives/:id',
    {
      schema: {
        operationId: 'updateCreative',
        summary: 'Update a creative (partial; counts are recalculated)',
        tags,
        params: CreativeParams,
        body: UpdateCreativeBody,
        response: { 200: CreativeReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      creative: await updateCreative(app.pg.pool, request.caller.accountId, request.params.id, request.body),
    }),
  )

  app.delete(
    '/creatives/:id',
    {
      schema: {
        operationId: 'deleteCreative',
        summary: 'Archive a creative',
        tags,
        params: CreativeParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), archived: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await updateCreative(app.pg.pool, request.caller.accountId, request.params.id, { status: 'archived' })
      return { success: true as const, archived: true as const }
    },
  )
}
