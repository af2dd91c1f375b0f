// The dashboard's live layer (issue 14): the account's latest events (feed) and a server-sent-events stream of
// what happens next, fed by the processors once each event's numbers are written. The page refetches the overview
// and time series when an event arrives; it never sums events itself.
import { once } from 'node:events'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { LIVE_EVENT_TYPES, resumePosition, sseComment, sseFrame } from '../../core/live.js'
import { REPLY_KINDS } from '../../core/reply-classifier.js'
import { liveFeed, openLiveStream, TooManyStreams } from '../../services/live.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

/** Seconds between heartbeats (comment lines) when nothing happens. */
export const HEARTBEAT_MS = 15_000
/** What EventSource waits before reconnecting (the `retry:` field). */
const RETRY_MS = 3_000

const common = {
  id: Type.String({ description: 'Stable id of the event (the click, conversion or reply event id)' }),
  at: Type.String({ format: 'date-time', description: 'When it happened' }),
  message_id: Type.Optional(Type.String()),
  contact_id: Type.Optional(Type.String()),
  offer_id: Type.Optional(Type.String()),
}

export const LiveEvent = Type.Union(
  [
    Type.Object({
      type: Type.Literal('click'),
      ...common,
      human: Type.Boolean(),
      bot_reason: Type.Optional(
        Type.String({ description: 'Why it is a bot or preview fetch (absent: human)' }),
      ),
      kind: Type.Enum(['redirect', 'preview', 'confirm'], {
        description:
          'redirect; preview: the interstitial was shown (filter mode); confirm: its Continue pressed',
      }),
    }),
    Type.Object({
      type: Type.Literal('conversion'),
      ...common,
      network: Type.String(),
      payout: Type.Number({ description: 'Signed: refunds and chargebacks are negative' }),
      conversion_type: Type.String(),
    }),
    Type.Object({
      type: Type.Literal('reply'),
      ...common,
      kind: Type.Enum([...REPLY_KINDS]),
      opt_out: Type.Boolean(),
      text: Type.String({ description: 'The first 160 characters' }),
      from: Type.String({ description: 'The contact, E.164' }),
      list_id: Type.Integer(),
    }),
    Type.Object({
      type: Type.Literal('send'),
      ...common,
      count: Type.Integer({ description: 'Sends of the account processed together (message_id when one)' }),
    }),
    Type.Object({
      type: Type.Literal('delivery'),
      ...common,
      count: Type.Integer({ description: 'Delivery receipts processed together (message_id when one)' }),
      delivered: Type.Integer(),
      failed: Type.Integer({ description: 'Failed and undelivered' }),
    }),
  ],
  { description: 'A live event: what happened, once its numbers are in the reports' },
)

const LastEventId = Type.String({
  maxLength: 64,
  description: 'Resume after this stream position (an SSE event id, or `last_event_id` of the feed)',
})

export async function liveRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const ctx = () => ({ redis: app.redis, keyPrefix: app.config.kafkaTopicPrefix })
  const tags = ['live']

  app.get(
    '/live/feed',
    {
      schema: {
        operationId: 'getLiveFeed',
        summary: 'The latest live events of the account, newest first',
        description:
          'Open `GET /live/stream?last_event_id=<last_event_id>` afterwards to receive exactly what follows.',
        tags,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          types: Type.Optional(
            Type.Array(Type.Enum(LIVE_EVENT_TYPES), {
              maxItems: LIVE_EVENT_TYPES.length,
              description: 'Only these types (repeat the parameter); default all',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            events: Type.Array(LiveEvent),
            last_event_id: Type.Union([Type.String(), Type.Null()], {
              description: 'The newest stream position, whatever the filter; null when nothing happened yet',
            }),
          }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) =>
      liveFeed(ctx(), request.caller.accountId, {
        limit: request.query.limit ?? 50,
        types: request.query.types,
      }),
  )

  // Streams open on this instance, ended before the server closes (they would otherwise hold it open).
  const open = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of open) end()
  })

  app.get(
    '/live/stream',
    {
      schema: {
        operationId: 'liveStream',
        summary: 'Server-sent events of the account, live',
        description:
          'Each event: `id: <stream position>`, `event: <type>`, `data: <LiveEvent JSON>`. Reconnecting with ' +
          'Last-Event-ID (EventSource does it) or `?last_event_id=` resumes exactly after that event. An ' +
          '`event: reset` says events after the resume position were trimmed: refetch the feed. Comment lines ' +
          `every ${HEARTBEAT_MS / 1000} s keep the connection open. Codes: \`invalid_last_event_id\`, ` +
          '`too_many_streams` (429 with Retry-After).',
        tags,
        headers: Type.Object({ 'last-event-id': Type.Optional(LastEventId) }),
        querystring: Type.Object({ last_event_id: Type.Optional(LastEventId) }),
        response: {
          200: {
            description: 'A text/event-stream that stays open',
            content: {
              'text/event-stream': {
                schema: Type.String({ description: 'id/event/data frames; data is a LiveEvent as JSON' }),
              },
            },
          },
          400: ErrorReply,
          429: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
      onError: async (_request, reply, error) => {
        if (error instanceof TooManyStreams) reply.header('retry-after', String(error.retryAfterSeconds))
      },
    },
    async (request, reply) => {
      const header = request.headers['last-event-id']
      const after = resumePosition(Array.isArray(header) ? header[0] : header, request.query.last_event_id)
      if (after === null) {
        throw new AppError(
          'invalid_last_event_id',
          'Last-Event-ID must be a stream position like 1718000000000-0',
        )
      }
      const stream = await openLiveStream(ctx(), request.caller.accountId, { after, blockMs: HEARTBEAT_MS })
      reply.hijack()
      const res = reply.raw
      let ended = false
      const end = () => {
        if (ended) return
        ended = true
        open.delete(end)
        void stream.close()
        res.end()
      }
      open.add(end)
      res.on('close', end)
      // What hooks set before the handler (the request id, a refreshed session cookie) still goes out.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) res.setHeader(name, value)
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Reverse proxies (nginx) would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      })
      res.write(`retry: ${RETRY_MS}\n\n`)
      if (stream.gap) res.write(sseFrame({ event: 'reset', data: JSON.stringify({ reason: 'trimmed' }) }))
      res.write(sseComment(`after ${stream.position}`))
      try {
        while (!ended) {
          const entries = await stream.next()
          if (ended) break
          let flushed = true
          if (entries.length === 0) flushed = res.write(sseComment('heartbeat'))
          for (const { id, event } of entries) {
            flushed = res.write(sseFrame({ id, event: event.type, data: JSON.stringify(event) }))
          }
          // A slow reader holds the next read back instead of the process buffering for it.
          if (!flushed && !ended) await Promise.race([once(res, 'drain'), once(res, 'close')])
        }
      } catch (err) {
        if (!ended) request.log.warn({ err: (err as Error).message }, 'live stream ended')
      } finally {
        end()
      }
    },
  )
}
