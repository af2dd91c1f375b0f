// Provider callbacks: delivery receipts and replies, `POST /webhooks/:provider/:listId/{status,inbound}`. Each is
// verified (the list's URL token, compared in constant time, plus the provider's own signature where it has one:
// Twilio's X-Twilio-Signature), normalised by the provider's adapter, made durable in the local journal and
// answered at once; processors move message status and handle opt-outs from the Kafka topics.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import Type from 'typebox'
import type { Config } from '../core/config.js'
import { decryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { type DeadLetterEvent, type DeliveryEvent, type InboundEvent, topicName } from '../core/events.js'
import { MESSAGE_ID_PATTERN } from '../core/ids.js'
import { parseE164 } from '../core/phone.js'
import type { DurableEvents } from '../lib/durable-events.js'
import { adapterFor } from '../providers/index.js'
import { createSimulator } from '../providers/simulator.js'
import {
  type DeliveryReport,
  PROVIDER_NAMES,
  type ProviderAdapter,
  type ProviderCredentials,
  type ProviderName,
  WebhookPayloadError,
  type WebhookRequest,
} from '../providers/types.js'
import { decryptCredentials } from '../services/lists.js'

export interface ProviderWebhookOptions {
  pool: pg.Pool
  events: DurableEvents
  config: Config
}

interface ListFacts {
  id: number
  accountId: string
  provider: ProviderName
  credentials: ProviderCredentials
  token: string
  verified: boolean
}

const LIST_TTL_MS = 30_000
const ErrorReply = Type.Object({ error: Type.String(), code: Type.String() })

const sha = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 32)

/** Constant-time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  )
}

export async function providerWebhookRoutes(
  fastify: FastifyInstance,
  opts: ProviderWebhookOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { pool, events, config } = opts
  const topics = {
    deliveries: topicName(config.kafkaTopicPrefix, 'deliveries'),
    inbound: topicName(config.kafkaTopicPrefix, 'inbound'),
    deadLetter: topicName(config.kafkaTopicPrefix, 'deadLetter'),
  }
  // Only the parse methods are used here; the simulator's sending side lives in the dispatch worker.
  const simulator = createSimulator({ receiptDelayMs: 0 })
  const adapter = (name: ProviderName): ProviderAdapter =>
    name === 'simulator' ? simulator : adapterFor(name)

  // Providers post form, JSON or XML bodies; adapters parse the raw bytes (Twilio signs the exact parameters).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  )

  const lists = new Map<number, { facts: ListFacts | null; at: number }>()
  async function listFacts(listId: number): Promise<ListFacts | null> {
    const cached = lists.get(listId)
    if (cached && Date.now() - cached.at < LIST_TTL_MS) return cached.facts
    const { rows } = await pool.query<{
      id: number
      account_id: string
      provider: ProviderName
      credentials_encrypted: string | null
      webhook_token_encrypted: string | null
      webhook_verified_at: Date | null
    }>(
      `SELECT id, account_id, provider, credentials_encrypted, webhook_token_encrypted, webhook_verified_at
         FROM sending_lists WHERE id = $1 AND status <> 'deleted'`,
      [listId],
    )
    const r = rows[0]
    const facts =
      r?.webhook_token_encrypted != null
        ? {
            id: r.id,
            accountId: r.account_id,
            provider: r.provider,
            credentials: decryptCredentials(r.credentials_encrypted, config.secretKey),
            token: decryptSecret(r.webhook_token_encrypted, config.secretKey),
            verified: r.webhook_verified_at !== null,
          }
        : null
    lists.set(listId, { facts, at: Date.now() })
    return facts
  }

  /** The checks both callbacks share; returns the list and the request as its adapter reads it. */
  async function verified(
    params: { provider: string; listId: string },
    query: { token?: string },
    request: { url: string; headers: WebhookRequest['headers']; body: unknown },
  ): Promise<{ list: ListFacts; adapter: ProviderAdapter; webhook: WebhookRequest }> {
    const listId = Number(params.listId)
    const list = Number.isSafeInteger(listId) ? await listFacts(listId) : null
    if (!list || list.provider !== params.provider) throw new AppError('not_found', 'No such list webhook')
    if (typeof query.token !== 'string' || !sameSecret(query.token, list.token)) {
      throw new AppError('invalid_webhook_token', 'Webhook token missing or wrong')
    }
    const webhook: WebhookRequest = {
      url: `${config.publicWebhookBaseUrl.replace(/\/$/, '')}${request.url}`,
      headers: request.headers,
      rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    }
    const providerAdapter = adapter(list.provider)
    if (!providerAdapter.verifySignature(list.credentials, webhook)) {
      throw new AppError('invalid_signature', 'Webhook signature does not verify')
    }
    if (!list.verified) {
      // BYOC's last set-up check: a verified webhook from the customer's provider reached us.
      await pool.query(
        'UPDATE sending_lists SET webhook_verified_at = now() WHERE id = $1 AND webhook_verified_at IS NULL',
        [list.id],
      )
      list.verified = true
    }
    return { list, adapter: providerAdapter, webhook }
  }

  function parse<T>(fn: () => T): T {
    try {
      return fn()
    } catch (err) {
      if (err instanceof WebhookPayloadError) throw new AppError('invalid_webhook_payload', err.message)
      throw err
    }
  }

  /** Our message id: echoed by the provider, carried in the callback URL (`m`), or looked up by theirs. */
  async function messageIdOf(
    list: ListFacts,
    report: DeliveryReport,
    fromUrl: string | undefined,
  ): Promise<string | null> {
    for (const candidate of [report.messageId, fromUrl]) {
      if (candidate && MESSAGE_ID_PATTERN.test(candidate)) return candidate
    }
    const { rows } = await pool.query<{ id: string }>(
      'SELECT id FROM messages WHERE provider = $1 AND provider_message_id = $2 AND list_id = $3 LIMIT 1',
      [list.provider, report.providerMessageId, list.id],
    )
    return rows[0]?.id ?? null
  }

  const Params = Type.Object({
    provider: Type.Enum([...PROVIDER_NAMES]),
    listId: Type.String({ pattern: '^[0-9]{1,10}$' }),
  })
  const Query = Type.Object(
    {
      token: Type.Optional(Type.String({ maxLength: 128 })),
      m: Type.Optional(Type.String({ maxLength: 16 })),
    },
    { additionalProperties: true },
  )

  app.post(
    '/webhooks/:provider/:listId/status',
    {
      schema: {
        operationId: 'receiveProviderStatus',
        summary: 'Delivery receipts from a sending list’s provider',
        params: Params,
        querystring: Query,
        response: {
          200: Type.Object({ accepted: Type.Integer() }),
          400: ErrorReply,
          401: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
        },
      },
    },
    async (request) => {
      const { list, adapter: provider, webhook } = await verified(request.params, request.query, request)
      const reports = parse(() => provider.parseDeliveryReports(webhook))
      const now = new Date().toISOString()
      for (const report of reports) {
        const messageId = await messageIdOf(list, report, request.query.m)
        if (!messageId) {
          const dead: DeadLetterEvent = {
            event_id: `dl_dlr_${sha(`${list.id}|${report.providerMessageId}|${report.status}`)}`,
            event_time: now,
            source_topic: topics.deliveries,
            source_partition: -1,
            source_offset: '-1',
            reason: 'unknown_message: no message of this list has that provider message id',
            payload: JSON.stringify(report),
          }
          await events.publish({
            topic: topics.deadLetter,
            key: report.providerMessageId,
            value: JSON.stringify(dead),
          })
          continue
        }
        const event: DeliveryEvent = {
          event_id: `dlr_${sha(`${list.provider}|${report.providerMessageId}|${report.status}|${report.statusDetail}`)}`,
          account_id: list.accountId,
          event_time:
            report.doneAt && !Number.isNaN(Date.parse(report.doneAt))
              ? new Date(report.doneAt).toISOString()
              : now,
          message_id: messageId,
          list_id: list.id,
          provider: list.provider,
          provider_message_id: report.providerMessageId,
          status: report.status,
          status_detail: report.statusDetail.slice(0, 200),
          error_code: report.errorCode,
        }
        await events.publish({ topic: topics.deliveries, key: messageId, value: JSON.stringify(event) })
      }
      return { accepted: reports.length }
    },
  )

  app.post(
    '/webhooks/:provider/:listId/inbound',
    {
      schema: {
        operationId: 'receiveProviderInbound',
        summary: 'Replies to a sending list’s number, from its provider',
        params: Params,
        querystring: Query,
        // The acknowledgement the provider expects (TwiML for Twilio, `{}` elsewhere), sent as raw bytes.
        response: { 200: Type.Any(), 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const { list, adapter: provider, webhook } = await verified(request.params, request.query, request)
      const messages = parse(() => provider.parseInbound(webhook))
      for (const sms of messages) {
        const from = parseE164(sms.from)
        if (!from) throw new AppError('invalid_webhook_payload', 'sender is not a phone number')
        const event: InboundEvent = {
          event_id: `in_${sha(`${list.id}|${sms.providerMessageId}`)}`,
          account_id: list.accountId,
          event_time: Number.isNaN(Date.parse(sms.receivedAt))
            ? new Date().toISOString()
            : new Date(sms.receivedAt).toISOString(),
          list_id: list.id,
          provider: list.provider,
          provider_message_id: sms.providerMessageId.slice(0, 200),
          from,
          to: sms.to,
          body: sms.body.slice(0, 10_000),
        }
        // Keyed by the sender, so one contact's STOP and START are processed in the order they came.
        await events.publish({ topic: topics.inbound, key: from, value: JSON.stringify(event) })
      }
      return reply.type(provider.inboundAck.contentType).send(Buffer.from(provider.inboundAck.body))
    },
  )
}
