// GET /messages/:id: one message's lifecycle (spec §4) — status, the reason it was dropped or failed, the
// provider's ids and codes, whether a raw send bypassed compliance checks, and its timeline (issue 14).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { REPLY_KINDS } from '../../core/reply-classifier.js'
import { messageTimeline } from '../../services/message-timeline.js'
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

const at = Type.String({ format: 'date-time' })
const OrNull = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()])

export const TimelineEntry = Type.Union(
  [
    Type.Object({ type: Type.Literal('queued'), at }),
    Type.Object({ type: Type.Literal('sent'), at, provider: OrNull(Type.String()) }),
    Type.Object({
      type: Type.Literal('dropped'),
      at,
      status: Type.Enum(['dropped', 'orphaned']),
      reason: OrNull(Type.String({ description: 'Why it was not sent' })),
    }),
    Type.Object({
      type: Type.Literal('delivery'),
      at,
      status: Type.String({
        description: 'sent | delivered | undelivered | failed, as the provider reported',
      }),
      status_detail: OrNull(Type.String({ description: "The provider's status or error name" })),
      error_code: OrNull(Type.String()),
    }),
    Type.Object({
      type: Type.Literal('click'),
      at,
      human: Type.Boolean(),
      bot_reason: OrNull(Type.String({ description: 'Why it is a bot or preview fetch' })),
      first: Type.Boolean({ description: "The message's first human click: counted and credited" }),
      kind: Type.String({
        description: 'redirect | preview (interstitial shown) | confirm (Continue pressed)',
      }),
      offer_id: Type.String(),
      country: OrNull(Type.String()),
    }),
    Type.Object({
      type: Type.Literal('conversion'),
      at,
      network: Type.String(),
      payout: Type.Number({ description: 'Signed: refunds and chargebacks are negative' }),
      conversion_type: Type.String(),
      source: Type.String({ description: 'postback | pixel | conv | api | import' }),
      credited: Type.Boolean({ description: "False when it came after the offer's click window" }),
    }),
    Type.Object({
      type: Type.Literal('reply'),
      at,
      reply_id: Type.String(),
      kind: Type.Enum([...REPLY_KINDS]),
      opt_out: Type.Boolean(),
      text: Type.String(),
    }),
  ],
  { description: 'One step of the lifecycle' },
)

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
            message: Message,
            timeline: Type.Array(TimelineEntry, {
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
