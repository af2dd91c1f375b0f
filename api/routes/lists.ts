// Sending lists (spec §6): read-only; not paginated.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { SendingListView } from '../../core/views/lists.js'
import { getList, LIST_STATUSES, listLists } from '../../services/lists.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

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
        response: {
          200: Type.Object({ lists: Type.Array(SendingListView) }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
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
          200: Type.Object({ success: Type.Literal(true), list: SendingListView }),
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
