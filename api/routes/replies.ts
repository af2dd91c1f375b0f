// GET /replies: what contacts texted back to the account's numbers (stored, classified; opt-outs acted on).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { REPLY_KINDS } from '../../core/reply-classifier.js'
import { ReplyView } from '../../core/views/replies.js'
import { listReplies } from '../../services/replies.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

export async function replyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/replies',
    {
      schema: {
        operationId: 'listReplies',
        summary: 'List replies to the account’s numbers, newest first',
        tags: ['messages'],
        querystring: Type.Object({
          list_number: Type.Optional(Type.String({ maxLength: 20 })),
          kind: Type.Optional(Type.Enum([...REPLY_KINDS])),
          contact_id: Type.Optional(
            Type.String({ maxLength: 64, description: 'Only this contact’s replies' }),
          ),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ replies: Type.Array(ReplyView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { replies, total } = await listReplies(app.pg.pool, request.caller.accountId, {
        listNumber: request.query.list_number,
        kind: request.query.kind,
        contactId: request.query.contact_id,
        limit,
        offset,
      })
      return { replies, pagination: paginate(request.query, total).pagination }
    },
  )
}
