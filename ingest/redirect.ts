// Short-link redirects, the public hot path. A click is answered only after its event is durable (journalled
// locally, then fed to Kafka), and never waits long on a slow dependency.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { botReason } from '../core/bots.js'
import type { ClickEvent, LinkMissEvent } from '../core/events.js'
import { topicName } from '../core/events.js'
import { newClickId, newObjectId, SHORT_CODE_PATTERN } from '../core/ids.js'
import { clickDestination, passThroughParams } from '../core/tracking.js'
import type { IngestRouteOptions } from './routes.js'

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222">
<h1>This link does not exist</h1><p>The link may be mistyped or may have expired.</p></body></html>`

export async function redirectRoutes(fastify: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { lookups, events } = opts
  const topics = {
    clicks: topicName(opts.topicPrefix, 'clicks'),
    revenue: topicName(opts.topicPrefix, 'revenue'),
    linkMisses: topicName(opts.topicPrefix, 'linkMisses'),
  }

  app.get(
    '/:code',
    {
      schema: {
        summary: 'Follow a tracked short link',
        params: Type.Object({ code: Type.String({ maxLength: 256 }) }),
        response: { 302: Type.Null(), 404: Type.String() },
      },
    },
    async (request, reply) => {
      const { code } = request.params
      const userAgent = request.headers['user-agent'] ?? ''
      const link = SHORT_CODE_PATTERN.test(code) ? await lookups.link(code) : null
      if (!link) {
        const miss: LinkMissEvent = {
          event_id: newObjectId(),
          event_time: new Date().toISOString(),
          code,
          host: (request.headers.host ?? '').slice(0, 256),
          ip: request.ip,
          user_agent: userAgent,
        }
        await events.publish({ topic: topics.linkMisses, key: code, value: JSON.stringify(miss) })
        return reply.code(404).type('text/html; charset=utf-8').send(NOT_FOUND_PAGE)
      }
      // Links minted without a message (links API) are their own attribution unit.
      const messageRef = link.messageId ?? `L${link.code}`
      const clickId = newClickId(messageRef)
      const click: ClickEvent = {
        event_id: clickId,
        account_id: link.accountId,
        event_time: new Date().toISOString(),
        message_id: messageRef,
        link_code: link.code,
        offer_id: link.offerId ?? '',
        contact_id: link.contactId,
        ip: request.ip,
        user_agent: userAgent,
        bot_reason: botReason(userAgent),
      }
      await events.publish({ topic: topics.clicks, key: messageRef, value: JSON.stringify(click) })
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(
          clickDestination(link.destinationUrl, {
            clickIdParam: link.clickIdParam,
            // A plain URL (no offer) has no network waiting for a click id.
            clickId: link.offerId ? clickId : null,
            macros: {
              messageId: messageRef,
              ...(link.contactPhone ? { 'contact.phone': link.contactPhone } : {}),
            },
            passThrough: passThroughParams(request.query),
          }),
          302,
        )
    },
  )
}
