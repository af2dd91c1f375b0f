// Deprecated v1 send endpoints (spec §0, §2), mapped onto the v2 send service. v1 names the sending list by its
// internal id (`from_phone_number_id`) and is lenient with numbers: punctuation is stripped and 11-digit numbers
// without `+` are accepted. Registered inside the v1 scope, whose hooks add the deprecation headers.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { normalisePhone } from '../../core/phone.js'
import { queueSends, type SendOutcome } from '../../services/send.js'
import { BULK_MAX, MAX_SERIAL_ID, SerialId } from '../schemas.js'

// v1 errors carry `deprecated: true` too (added by the v1 scope's error handler).
const V1Error = Type.Object({ error: Type.String(), code: Type.String(), deprecated: Type.Literal(true) })
const V1_ERRORS = { 400: V1Error, 401: V1Error, 403: V1Error, 404: V1Error, 413: V1Error }

const ListId = Type.Union([SerialId(), Type.String({ pattern: '^[0-9]{1,10}$' })])

const V1Message = Type.Object({
  message_id: Type.String(),
  id: Type.String(),
  status: Type.Literal('queued'),
  segments: Type.Integer(),
  gsm7: Type.Boolean(),
  deprecated: Type.Literal(true),
})

/** v1's lenient number handling: `+`-prefixed stays as is; bare digits are read as US or country-code-prefixed. */
export function v1Recipient(raw: string): string {
  const stripped = raw.trim().replace(/[\s().-]/g, '')
  return stripped.startsWith('+') ? stripped : (normalisePhone(stripped) ?? stripped)
}

export async function v1SendRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  /** The E.164 number of a list of this account, by internal id; null when it is not theirs. */
  async function listNumber(accountId: string, listId: number | string): Promise<string | null> {
    if (Number(listId) > MAX_SERIAL_ID) return null
    const { rows } = await app.pg.pool.query<{ phone_number: string }>(
      `SELECT phone_number FROM sending_lists WHERE id = $1 AND account_id = $2 AND status <> 'deleted'`,
      [Number(listId), accountId],
    )
    return rows[0]?.phone_number ?? null
  }

  const send = (
    accountId: string,
    items: { to: string; list_number: string; body: string }[],
  ): Promise<SendOutcome[]> =>
    queueSends(
      {
        pool: app.pg.pool,
        queue: app.queues.dispatch,
        accountId,
        defaultLinkBaseUrl: app.config.publicLinkBaseUrl,
      },
      items,
    )

  app.post(
    '/messages',
    {
      schema: {
        operationId: 'sendMessageV1',
        summary: 'Send one message (deprecated: use POST /api/v2/send)',
        tags: ['v1'],
        deprecated: true,
        body: Type.Object({
          to_msisdn: Type.Optional(Type.String()),
          to: Type.Optional(Type.String()),
          body: Type.Optional(Type.String()),
          from_phone_number_id: Type.Optional(ListId),
          metadata: Type.Optional(Type.Unknown()),
        }),
        response: { 200: V1Message, ...V1_ERRORS },
      },
    },
    async (request) => {
      const { to_msisdn, to, body, from_phone_number_id } = request.body
      const recipient = to_msisdn ?? to
      if (!recipient) throw new AppError('missing_to', 'to_msisdn is required')
      if (!body) throw new AppError('missing_body', 'body is required')
      if (from_phone_number_id === undefined)
        throw new AppError('missing_from', 'from_phone_number_id is required')
      const number = await listNumber(request.caller.accountId, from_phone_number_id)
      if (!number) throw new AppError('list_not_found', 'No sending list of this account has that id')
      const [outcome] = await send(request.caller.accountId, [
        { to: v1Recipient(recipient), list_number: number, body },
      ])
      if (!outcome!.ok) throw new AppError(outcome!.code, outcome!.error)
      return {
        message_id: outcome!.messageId,
        id: outcome!.messageId,
        status: 'queued' as const,
        segments: outcome!.segments,
        gsm7: outcome!.encoding === 'GSM-7',
        deprecated: true as const,
      }
    },
  )

  app.post(
    '/messages/bulk',
    {
      schema: {
        operationId: 'bulkSendMessagesV1',
        summary: 'Send up to 1,000 messages (deprecated: use POST /api/v2/send/bulk)',
        tags: ['v1'],
        deprecated: true,
        body: Type.Object({
          from_phone_number_id: Type.Optional(ListId),
          messages: Type.Optional(Type.Array(Type.Unknown())),
        }),
        response: {
          201: Type.Object({
            queued_count: Type.Integer(),
            error_count: Type.Integer(),
            messages: Type.Array(Type.Object({ index: Type.Integer(), message_id: Type.String() })),
            errors: Type.Array(
              Type.Object({
                index: Type.Integer(),
                to_msisdn: Type.Union([Type.String(), Type.Null()]),
                error: Type.String(),
                code: Type.String(),
              }),
            ),
            deprecated: Type.Literal(true),
          }),
          ...V1_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { messages, from_phone_number_id } = request.body
      if (!messages || messages.length === 0) throw new AppError('missing_messages', 'messages is required')
      if (messages.length > BULK_MAX)
        throw new AppError('too_many_messages', `at most ${BULK_MAX} messages per request`)
      if (from_phone_number_id === undefined)
        throw new AppError('missing_from', 'from_phone_number_id is required')
      const number = await listNumber(request.caller.accountId, from_phone_number_id)
      if (!number) throw new AppError('list_not_found', 'No sending list of this account has that id')
      const items = messages.map((m) => {
        const item = (typeof m === 'object' && m !== null ? m : {}) as {
          to_msisdn?: unknown
          to?: unknown
          body?: unknown
        }
        const raw =
          typeof item.to_msisdn === 'string' ? item.to_msisdn : typeof item.to === 'string' ? item.to : ''
        return {
          raw,
          to: raw ? v1Recipient(raw) : '',
          list_number: number,
          body: typeof item.body === 'string' ? item.body : '',
        }
      })
      const outcomes = await send(request.caller.accountId, items)
      const errors = outcomes.flatMap((o, index) =>
        o.ok ? [] : [{ index, to_msisdn: items[index]!.raw || null, error: o.error, code: o.code }],
      )
      return reply.code(201).send({
        queued_count: outcomes.length - errors.length,
        error_count: errors.length,
        messages: outcomes.flatMap((o, index) => (o.ok ? [{ index, message_id: o.messageId }] : [])),
        errors,
        deprecated: true as const,
      })
    },
  )
}
