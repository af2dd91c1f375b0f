// Offers (spec §11): CRUD with metadata; DELETE archives.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { BOT_FILTER_MODES } from '../../core/bots.js'
import { EXTERNAL_PLATFORMS, OFFER_STATUSES, PAYOUT_TYPES } from '../../core/offers.js'
import { Nullable } from '../../core/views/nullable.js'
import { BOT_FILTER_MODE_DOC, OfferView } from '../../core/views/offers.js'
import { archiveOffer, createOffer, getOffer, listOffers, updateOffer } from '../../services/offers.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

const fields = {
  name: Type.String({ maxLength: 255 }),
  tracking_url: Type.String({ description: 'http(s) URL; may hold {{click_id}}-style macros' }),
  external_platform: Nullable(Type.Enum(EXTERNAL_PLATFORMS)),
  external_id: Nullable(Type.String({ maxLength: 255 })),
  advertiser_id: Nullable(Type.String({ maxLength: 255 })),
  payout: Type.Number({ minimum: 0, maximum: 1e9 }),
  payout_type: Type.Enum(PAYOUT_TYPES),
  filter_bots: Type.Boolean(),
  bot_filter_mode: Nullable(Type.Enum(BOT_FILTER_MODES, { description: BOT_FILTER_MODE_DOC })),
  click_window_days: Type.Integer({ minimum: 1, maximum: 365 }),
}

const CreateOfferBody = Type.Object({
  name: fields.name,
  tracking_url: fields.tracking_url,
  external_platform: Type.Optional(fields.external_platform),
  external_id: Type.Optional(fields.external_id),
  advertiser_id: Type.Optional(fields.advertiser_id),
  payout: Type.Optional({ ...fields.payout, default: 0 }),
  payout_type: Type.Optional({ ...fields.payout_type, default: 'cpa' }),
  filter_bots: Type.Optional({ ...fields.filter_bots, default: false }),
  bot_filter_mode: Type.Optional(fields.bot_filter_mode),
  click_window_days: Type.Optional({ ...fields.click_window_days, default: 90 }),
  status: Type.Optional(Type.Enum(['active', 'paused'], { default: 'active' })),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 1000 }))),
})

const UpdateOfferBody = Type.Object({
  name: Type.Optional(fields.name),
  tracking_url: Type.Optional(fields.tracking_url),
  external_platform: Type.Optional(fields.external_platform),
  external_id: Type.Optional(fields.external_id),
  advertiser_id: Type.Optional(fields.advertiser_id),
  payout: Type.Optional(fields.payout),
  payout_type: Type.Optional(fields.payout_type),
  filter_bots: Type.Optional(fields.filter_bots),
  bot_filter_mode: Type.Optional(fields.bot_filter_mode),
  click_window_days: Type.Optional(fields.click_window_days),
  status: Type.Optional(Type.Enum(OFFER_STATUSES, { description: '`archived` is a soft delete' })),
  metadata: Type.Optional(
    Type.Record(Type.String(), Nullable(Type.String({ maxLength: 1000 })), {
      description: 'Merged into the stored metadata; a null value removes its key',
    }),
  ),
})

const OfferParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const OfferReply = Type.Object({ success: Type.Literal(true), offer: OfferView })

export async function offerRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['offers']

  app.post(
    '/offers',
    {
      schema: {
        operationId: 'createOffer',
        summary: 'Create an offer',
        tags,
        body: CreateOfferBody,
        response: { 201: OfferReply, 400: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const offer = await createOffer(app.pg.pool, request.caller.accountId, request.body)
      return reply.code(201).send({ success: true as const, offer })
    },
  )

  app.get(
    '/offers',
    {
      schema: {
        operationId: 'listOffers',
        summary: 'List offers (non-archived unless status is given)',
        tags,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(OFFER_STATUSES)),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ offers: Type.Array(OfferView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { offers, total } = await listOffers(app.pg.pool, request.caller.accountId, {
        status: request.query.status,
        limit,
        offset,
      })
      return { offers, pagination: paginate(request.query, total).pagination }
    },
  )

  app.get(
    '/offers/:id',
    {
      schema: {
        operationId: 'getOffer',
        summary: 'Get an offer',
        tags,
        params: OfferParams,
        response: { 200: OfferReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      offer: await getOffer(app.pg.pool, request.caller.accountId, request.params.id),
    }),
  )

  app.put(
    '/offers/:id',
    {
      schema: {
        operationId: 'updateOffer',
        summary: 'Update an offer (partial; metadata is merged)',
        tags,
        params: OfferParams,
        body: UpdateOfferBody,
        response: { 200: OfferReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      offer: await updateOffer(app.pg.pool, request.caller.accountId, request.params.id, request.body),
    }),
  )

  app.delete(
    '/offers/:id',
    {
      schema: {
        operationId: 'deleteOffer',
        summary: 'Archive an offer',
        tags,
        params: OfferParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), archived: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await archiveOffer(app.pg.pool, request.caller.accountId, request.params.id)
      return { success: true as const, archived: true as const }
    },
  )
}
