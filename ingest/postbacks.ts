// Conversion postbacks from affiliate networks and the direct conversion endpoints. Each answers only after its
// event is durable (journalled locally, then fed to Kafka), and never waits on a slow downstream.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../core/errors.js'
import type { RevenueEvent } from '../core/events.js'
import { topicName } from '../core/events.js'
import { conversionEventId } from '../core/ids.js'
import { NETWORKS, parsePostback } from '../core/tracking.js'
import type { IngestRouteOptions } from './routes.js'

const ErrorReply = Type.Object({ error: Type.String(), code: Type.String() })

export async function postbackRoutes(fastify: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { lookups, events } = opts
  const topics = { revenue: topicName(opts.topicPrefix, 'revenue') }

  app.get(
    '/api/postbacks/:network',
    {
      schema: {
        summary: 'Conversion postback from an affiliate network',
        params: Type.Object({ network: Type.Enum(NETWORKS) }),
        querystring: Type.Record(Type.String(), Type.String({ maxLength: 512 })),
        response: {
          200: Type.Object({ success: Type.Literal(true), event_id: Type.String() }),
          400: ErrorReply,
          404: ErrorReply,
        },
      },
    },
    async (request) => {
      const { network } = request.params
      const parsed = parsePostback(network, request.query)
      if (!parsed.ok) throw new AppError(parsed.code, parsed.error)
      const { value } = parsed
      const owner = await lookups.messageAccount(value.messageId)
      if (!owner) throw new AppError('click_not_found', 'click_id does not belong to any message')
      const event: RevenueEvent = {
        event_id: conversionEventId(network, value.transactionId),
        account_id: owner.accountId,
        event_time: new Date().toISOString(),
        message_id: value.messageId,
        click_id: value.clickId,
        network,
        transaction_id: value.transactionId,
        conversion_type: value.conversionType,
        amount: value.amount,
        source: 'postback',
      }
      await events.publish({ topic: topics.revenue, key: value.messageId, value: JSON.stringify(event) })
      return { success: true as const, event_id: event.event_id }
    },
  )
}
