// Sending lists (spec §6): read-only; not paginated.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { getList, LIST_STATUSES, listLists } from '../../services/lists.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

export const SendingList = Type.Object({
  id: Type.Integer(),
  phone_number: Type.String({ description: 'E.164 sending number' }),
  brand_name: Type.String(),
  list_name: Type.String(),
  list_type: Type.String({ description: 'Provider: lime, infobip, twilio or cm' }),
  status: Type.String(),
  contact_count: Type.Integer({ description: 'Active contacts only' }),
  created_at: Type.String({ format: 'date-time' }),
})

export async function listRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['lists']

  app.get(
    '/lists',
    {
      schema: {
        operationId: 'listLists',
        summary: 'List sending lists (deleted lists only when status=deleted)',
        tags,
        querystring: Type.Object({ status: Type.Optional(Type.Enum(LIST_STATUSES)) }),
        response: { 200: Type.Object({ lists: Type.Array(SendingList) }), 400: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      lists: await listLists(app.pg.pool, request.caller.accountId, request.query.status),
    }),
  )

  app.get(
    '/lists/:id',
    {
      schema: {
        operationId: 'getList',
        summary: 'Get a sending list',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 32 }) }),
        response: {
          200: Type.Object({ success: Type.Literal(true), list: SendingList }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      list: await getList(app.pg.pool, request.caller.accountId, request.params.id),
    }),
  )
}
