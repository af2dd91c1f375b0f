// Revenue API (spec §13): POST /revenue and /revenue/bulk for clients that report conversions themselves.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { ATTRIBUTION_TYPES } from '../../core/revenue.js'
import { BulkItemErrorView } from '../../core/views/bulk.js'
import { type EventContext, recordRevenue } from '../../services/revenue.js'
import { AUTH_ERRORS, BULK_MAX, ErrorReply } from '../schemas.js'

const RevenueFields = {
  message_id: Type.String({ description: 'The 8-character message id ({{sendId}})' }),
  revenue: Type.Number({ minimum: 0, description: 'Amount, ≥ 0' }),
  attribution_type: Type.Enum(ATTRIBUTION_TYPES),
  offer_id: Type.Optional(
    Type.String({ description: "Internal or external offer id; default: the offer of the message's link" }),
  ),
  timestamp: Type.Optional(Type.String({ description: 'ISO 8601; no zone means UTC. Default: now' })),
}

const Recorded = Type.Object({
  success: Type.Literal(true),
  revenue_id: Type.String(),
  message_id: Type.String(),
  revenue: Type.Number(),
})

const BulkReply = Type.Object({
  success_count: Type.Integer(),
  error_count: Type.Integer(),
  total_revenue: Type.Number({ description: 'Sum of the recorded amounts' }),
  errors: Type.Array(BulkItemErrorView({ message_id: Type.Union([Type.String(), Type.Null()]) })),
})

export async function revenueRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const context = (request: FastifyRequest): EventContext => ({
    pool: app.pg.pool,
    producer: app.kafka.producer,
    topicPrefix: app.config.kafkaTopicPrefix,
    accountId: request.caller.accountId,
    log: request.log,
  })

  app.post(
    '/revenue',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createRevenue',
        summary: 'Record revenue for one of your messages',
        description:
          "Credited like a network conversion: to the message's first human click, its creative, offer, contact and campaign. Supports Idempotency-Key.",
        tags: ['revenue'],
        body: Type.Object(RevenueFields),
        response: { 200: Recorded, 400: ErrorReply, 404: ErrorReply, 503: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const { outcomes } = await recordRevenue(context(request), [request.body], { imported: false })
      const outcome = outcomes[0]!
      if (!outcome.ok) throw new AppError(outcome.code, outcome.error)
      return {
        success: true as const,
        revenue_id: outcome.revenueId,
        message_id: outcome.messageId,
        revenue: outcome.revenue,
      }
    },
  )

  app.post(
    '/revenue/bulk',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'bulkCreateRevenue',
        summary: 'Record up to 1,000 revenue records; each is validated on its own',
        description: 'Records have the fields of POST /revenue. Supports Idempotency-Key.',
        tags: ['revenue'],
        body: Type.Object({
          records: Type.Array(Type.Unknown()),
          imported: Type.Optional(
            Type.Boolean({ default: false, description: 'The records are history from another system' }),
          ),
        }),
        response: { 200: BulkReply, 400: ErrorReply, 413: ErrorReply, 503: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const { records, imported } = request.body
      if (records.length === 0) throw new AppError('missing_records', 'records must hold at least one record')
      if (records.length > BULK_MAX)
        throw new AppError('too_many_records', `at most ${BULK_MAX} records per request`)
      const { outcomes, totalRevenue } = await recordRevenue(context(request), records, {
        imported: imported === true,
      })
      const errors = outcomes.flatMap((o, index) =>
        o.ok ? [] : [{ index, code: o.code, error: o.error, message_id: o.messageId }],
      )
      return {
        success_count: outcomes.length - errors.length,
        error_count: errors.length,
        total_revenue: totalRevenue,
        errors,
      }
    },
  )
}
