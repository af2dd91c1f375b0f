import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { messageReport } from '../../analytics/reports.js'
import { AppError } from '../../core/errors.js'
import { MESSAGE_ID_PATTERN } from '../../core/ids.js'
import { ErrorReply } from '../schemas.js'

const MessageReport = Type.Object({
  message_id: Type.String(),
  sends: Type.Integer(),
  clicks: Type.Integer({ description: 'Unique first human clicks per contact' }),
  total_clicks: Type.Integer(),
  human_clicks: Type.Integer(),
  bot_clicks: Type.Integer(),
  conversions: Type.Integer(),
  revenue: Type.Number(),
  click_rate: Type.Number(),
  conversion_rate: Type.Number(),
  epc: Type.Number(),
  rps: Type.Number(),
})

export async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/reports/messages/:id',
    {
      schema: {
        summary: 'Sends, clicks and revenue of one message',
        tags: ['reports'],
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: MessageReport, 404: ErrorReply },
      },
    },
    async (request) => {
      const { id } = request.params
      const owned =
        MESSAGE_ID_PATTERN.test(id) &&
        (
          await app.pg.pool.query('SELECT 1 FROM messages WHERE id = $1 AND account_id = $2', [
            id,
            request.caller.accountId,
          ])
        ).rowCount === 1
      if (!owned) throw new AppError('not_found', 'Message not found')
      return messageReport(app.clickhouse, request.caller.accountId, id)
    },
  )
}
