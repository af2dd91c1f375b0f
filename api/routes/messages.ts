// GET /messages: the account's messages, or one contact's. GET /messages/:id: one message's lifecycle (spec §4) —
// status, the reason it was dropped or failed, the provider's ids and codes, whether a raw send bypassed compliance
// checks, and its timeline (issue 14).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { parseE164 } from '../../core/phone.js'
import { MessageSummaryView, MessageView, TimelineEntryView } from '../../core/views/messages.js'
import { messageTimeline } from '../../services/message-timeline.js'
import { getMessage, listMessages } from '../../services/messages.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

export async function messageRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/messages',
    {
      schema: {
        operationId: 'listMessages',
        summary: "The account's messages, or one contact's, newest first",
        description:
          'One contact: by `contact_id`, or by the number the messages went to (`to`). Each opens with GET /messages/:id.',
        tags: ['messages'],
        querystring: Type.Object({
          contact_id: Type.Optional(
            Type.String({ maxLength: 64, description: 'Only this contact’s messages' }),
          ),
          to: Type.Optional(
            Type.String({ maxLength: 20, description: 'Only messages to this number (E.164)' }),
          ),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ messages: Type.Array(MessageSummaryView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { contact_id, to } = request.query
      const phone = to === undefined ? undefined : parseE164(to)
      if (phone === null) throw new AppError('invalid_phone', 'to must be a valid E.164 number')
      const { limit, offset } = paginate(request.query, 0)
      const { messages, total } = await listMessages(app.pg.pool, request.caller.accountId, {
        contactId: contact_id,
        to: phone,
        limit,
        offset,
      })
      return { messages, pagination: paginate(request.query, total).pagination }
    },
  )
  app.get(
    '/messages/:id',
    {
      schema: {
        operationId: 'getMessage',
        summary: 'One message and where it is in its lifecycle',
        tags: ['messages'],
        params: Type.Object({ id: Type.String({ maxLength: 16 }) }),
        response: {
          200: Type.Object({
            message: MessageView,
            timeline: Type.Array(TimelineEntryView, {
              description:
                'Oldest first: queued, sent or dropped, each delivery receipt, clicks (bots marked), conversions, ' +
                'and the replies the recipient sent on the list before the next message reached them',
            }),
          }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { accountId } = request.caller
      const [message, timeline] = await Promise.all([
        getMessage(app.pg.pool, accountId, request.params.id),
        messageTimeline(app.pg.pool, app.clickhouse, accountId, request.params.id),
      ])
      if (!message || !timeline) throw new AppError('not_found', 'Message not found')
      return { message, timeline }
    },
  )
}
