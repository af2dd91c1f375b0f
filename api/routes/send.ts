// POST /send, /send/bulk (spec §2) and their raw twins /send-raw, /send-raw/bulk (spec §3, with skip flags):
// messages are validated and queued; dispatch happens in the workers.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { BulkItemErrorView } from '../../core/views/bulk.js'
import { queueSends, type SendContext, type SendRequest } from '../../services/send.js'
import { AUTH_ERRORS, BULK_MAX, ErrorReply } from '../schemas.js'

const ContactData = Type.Object({
  first_name: Type.Optional(Type.String({ maxLength: 255 })),
  last_name: Type.Optional(Type.String({ maxLength: 255 })),
  custom_fields: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  ),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
})

const OfferLinks = Type.Array(Type.Object({ key: Type.String(), offer_id: Type.String() }), { maxItems: 20 })

export const SendBody = Type.Object({
  to: Type.String({ description: 'Recipient, E.164' }),
  list_number: Type.String({ description: 'E.164 number of one of your sending lists' }),
  body: Type.String({ description: 'Text with optional macros ({{first_name}}, {{linkN}}, …)' }),
  wrap_links: Type.Optional(
    Type.Boolean({ description: 'Turn every URL in the body into a tracked short link' }),
  ),
  contact_data: Type.Optional(ContactData),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  offer_links: Type.Optional(OfferLinks),
})

const skipFlag = (bypasses: string) =>
  Type.Optional(Type.Boolean({ default: false, description: `Bypass ${bypasses}` }))

/** Spec §3: the send fields plus the four skip flags. */
export const RawSendBody = Type.Object({
  ...SendBody.properties,
  skip_duplicate_check: skipFlag(
    'the guard against an identical message to the same number within 5 minutes',
  ),
  skip_rate_limit: skipFlag('the per-list throughput limit'),
  skip_contact_validation: skipFlag('opt-out and block checks (the message records the bypass)'),
  skip_journey_check: skipFlag('the check for a conflicting active journey enrollment'),
})

const Queued = Type.Object({
  success: Type.Literal(true),
  message_id: Type.String(),
  status: Type.Literal('queued'),
  segments: Type.Integer(),
})

const BulkReply = Type.Object({
  queued_count: Type.Integer(),
  error_count: Type.Integer(),
  errors: Type.Array(BulkItemErrorView({ to: Type.Union([Type.String(), Type.Null()]) })),
  messages: Type.Array(Type.Object({ index: Type.Integer(), message_id: Type.String() })),
})

export async function sendRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const context = (accountId: string): SendContext => ({
    pool: app.pg.pool,
    queue: app.queues.dispatch,
    accountId,
    defaultLinkBaseUrl: app.config.publicLinkBaseUrl,
  })

  for (const raw of [false, true]) {
    app.post(
      raw ? '/send-raw' : '/send',
      {
        config: { idempotent: true },
        schema: {
          operationId: raw ? 'sendRawMessage' : 'sendMessage',
          summary: raw ? 'Send one message, skipping the checks named by its flags' : 'Send one message',
          tags: ['messages'],
          body: raw ? RawSendBody : SendBody,
          response: { 200: Queued, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
        },
      },
      async (request) => {
        const [outcome] = await queueSends(context(request.caller.accountId), [request.body], { raw })
        if (!outcome!.ok) throw new AppError(outcome!.code, outcome!.error)
        return {
          success: true as const,
          message_id: outcome!.messageId,
          status: 'queued' as const,
          segments: outcome!.segments,
        }
      },
    )

    app.post(
      raw ? '/send-raw/bulk' : '/send/bulk',
      {
        config: { idempotent: true },
        schema: {
          operationId: raw ? 'bulkSendRawMessages' : 'bulkSendMessages',
          summary: raw
            ? 'Send up to 1,000 raw messages (flags per message); each is validated on its own'
            : 'Send up to 1,000 messages; each is validated on its own',
          tags: ['messages'],
          body: Type.Object({
            messages: Type.Array(Type.Unknown()),
            list_number: Type.Optional(Type.String({ description: 'Default for messages without one' })),
          }),
          response: { 200: BulkReply, 400: ErrorReply, 413: ErrorReply, ...AUTH_ERRORS },
        },
      },
      async (request) => {
        const { messages, list_number } = request.body
        if (messages.length === 0)
          throw new AppError('missing_messages', 'messages must hold at least one message')
        if (messages.length > BULK_MAX)
          throw new AppError('too_many_messages', `at most ${BULK_MAX} messages per request`)
        const requests = messages.map((m) => {
          const item = (typeof m === 'object' && m !== null ? m : {}) as SendRequest
          return { ...item, list_number: item.list_number ?? list_number }
        })
        const outcomes = await queueSends(context(request.caller.accountId), requests, { raw })
        const errors = outcomes.flatMap((o, index) =>
          o.ok
            ? []
            : [
                {
                  index,
                  to: typeof requests[index]!.to === 'string' ? (requests[index]!.to as string) : null,
                  code: o.code,
                  error: o.error,
                },
              ],
        )
        return {
          queued_count: outcomes.length - errors.length,
          error_count: errors.length,
          errors,
          messages: outcomes.flatMap((o, index) => (o.ok ? [{ index, message_id: o.messageId }] : [])),
        }
      },
    )
  }
}
