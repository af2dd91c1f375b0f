// GET /messages/:id: one message's lifecycle (spec §4) — status, the reason it was dropped or failed, the
// provider's ids and codes, and whether a raw send bypassed compliance checks.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { getMessage, MESSAGE_STATUSES } from '../../services/messages.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()])

export const Message = Type.Object({
  id: Type.String(),
  to: Type.String(),
  list_number: Type.String(),
  body: Type.String(),
  segments: Type.Integer(),
  status: Type.Enum([...MESSAGE_STATUSES]),
  status_detail: Nullable(Type.String({ description: 'Drop or failure reason, or the provider status' })),
  provider: Nullable(Type.String()),
  provider_message_id: Nullable(Type.String()),
  provider_error_code: Nullable(Type.String()),
  compliance_bypassed: Type.Boolean(),
  send_flags: Type.Record(Type.String(), Type.Boolean()),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: Nullable(Type.String({ format: 'date-time' })),
  status_updated_at: Nullable(Type.String({ format: 'date-time' })),
  selection: Type.Union(
    [
      Type.Object({
        creative_id: Type.Integer(),
        offer_id: Type.Union([Type.String(), Type.Null()]),
        mode: Type.String({
          description: 'thompson_single_step | thompson_two_step | control (not chosen by ML)',
        }),
        score: Type.Union([Type.Number(), Type.Null()], {
          description: 'The sampled revenue per send the chosen creative won with',
        }),
        context: Type.Record(Type.String(), Type.String(), {
          description: "The contact's context at selection time (carrier, line_type, tz_band, recency)",
        }),
        candidates: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
          description: "Every candidate's sampled score and its parts (ctr, cvr, value)",
        }),
      }),
      Type.Null(),
    ],
    {
      description: 'Why a campaign message got its creative (spec §10); null when no selection was recorded',
    },
  ),
})

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
        response: { 200: Type.Object({ message: Message }), 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const message = await getMessage(app.pg.pool, request.caller.accountId, request.params.id)
      if (!message) throw new AppError('not_found', 'Message not found')
      return { message }
    },
  )
}
