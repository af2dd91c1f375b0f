// The ingest service as a Fastify plugin: redirects and postbacks on top of Postgres, Redis and Kafka.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Deps } from '../lib/deps.js'
import { DurableEvents } from '../lib/durable-events.js'
import { httpBasics } from '../lib/http.js'
import { observeRequests } from '../lib/http-observability.js'
import { openApi } from '../lib/openapi.js'
import { clickhousePlugin, kafkaPlugin, postgresPlugin, redisPlugin } from '../lib/plugins.js'
import { ThreadedProducer } from '../lib/producer-thread.js'
import type { AppPlugin } from '../lib/server.js'
import { createLookups } from './lookups.js'
import { createPostbackLookups } from './postback-lookups.js'
import { IngestErrorReply } from './postbacks.js'
import { providerWebhookRoutes } from './provider-webhooks.js'
import { ingestRoutes } from './routes.js'

export const ingestApp: AppPlugin = fp<{ deps: Deps }>(
  async (app: FastifyInstance, { deps }) => {
    const { config } = deps
    await app.register(postgresPlugin, { shared: deps.postgres })
    await app.register(redisPlugin, { shared: deps.redis })
    await app.register(kafkaPlugin, { shared: deps.kafka })
    await app.register(clickhousePlugin, { shared: deps.clickhouse })
    await app.register(httpBasics, { metricsToken: config.metricsToken })
    observeRequests(app, 'ingest', { carryRequestId: false })
    await app.register(openApi, {
      title: 'Trackly ingest',
      version: '2.0.0',
      description: 'Clicks, conversion postbacks, the pixel and SMS provider webhooks',
      serverUrl: config.publicLinkBaseUrl,
      shared: { Error: IngestErrorReply },
      serveJson: true,
    })

    // Clicks and postbacks reach Kafka through a producer on a thread of its own: the request thread only
    // journals them (lib/producer-thread.ts says why).
    const producer = new ThreadedProducer(config, deps.log.child({ component: 'producer-thread' }))
    await producer.start()
    const events = new DurableEvents(producer, config.spoolDir, deps.log.child({ component: 'spool' }))
    events.start()
    app.decorate('durableEvents', events)
    await app.register(async (routes) => {
      // A child's onClose runs before its parent's: the journal is drained while the producer is still open.
      routes.addHook('onClose', async () => {
        await events.close()
        await producer.close()
      })
      await routes.register(ingestRoutes, {
        lookups: createLookups(app.pg.pool, app.redis),
        postbackLookups: createPostbackLookups(app.pg.pool, app.redis, config.secretKey),
        events,
        topicPrefix: config.kafkaTopicPrefix,
        config,
      })
      await routes.register(providerWebhookRoutes, { pool: app.pg.pool, events, config })
    })
  },
  { name: 'trackly-ingest' },
)

declare module 'fastify' {
  interface FastifyInstance {
    durableEvents: DurableEvents
  }
}
