// GET /replies: what contacts texted back to the account's numbers (stored, classified; opt-outs acted on).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { listReplies, REPLY_KINDS } from '../../services/replies.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

export const Reply = Type.Object({
  id: Type.String(),
  from: Type.String({ description: 'The contact, E.164' }),
  contact_id: Type.Union([Type.String(), Type.Null()], {
    description: 'The contact who sent it (its id); null when the number is no contact of the account',
  }),
  list_number: Type.String({ description: 'The list number it was sent to' }),
  body: Type.String(),
  kind: Type.Enum([...REPLY_KINDS], { description: 'What the classifier made of it (spec §19)' }),
  keyword: Type.Union([Type.String(), Type.Null()], { description: 'The keyword or phrase that matched' }),
  received_at: Type.String({ format: 'date-time' }),
})

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
          200: Type.Object({ replies: Type.Array(Reply), pagination: Pagination }),
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
