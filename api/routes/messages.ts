// GET /messages/:id: one message's lifecycle (spec §4) — status, the reason it was dropped or failed, the
// provider's ids and codes, whether a raw send bypassed compliance checks, and its timeline (issue 14).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { MessageView, TimelineEntryView } from '../../core/views/messages.js'
import { messageTimeline } from '../../services/message-timeline.js'
import { getMessage } from '../../services/messages.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

export async function messageRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
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
