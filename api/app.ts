// The operational API (/api/v2) as a Fastify plugin; OpenAPI generated from the route schemas, UI at /docs.
import { join } from 'node:path'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../core/config.js'
import { SESSION_COOKIE } from '../core/sessions.js'
import type { Deps } from '../lib/deps.js'
import { httpBasics } from '../lib/http.js'
import { observeRequests } from '../lib/http-observability.js'
import { openApi } from '../lib/openapi.js'
import { repoRoot } from '../lib/paths.js'
import {
  clickhousePlugin,
  kafkaPlugin,
  mailerPlugin,
  postgresPlugin,
  queuesPlugin,
  redisPlugin,
} from '../lib/plugins.js'
import type { AppPlugin } from '../lib/server.js'
import { apiKeyAuth } from './auth.js'
import { idempotency } from './idempotency.js'
import { API_COMPONENTS } from './openapi-components.js'
import { v2Routes } from './routes/index.js'
import { v1Routes } from './routes/v1.js'
import { v1SendRoutes } from './routes/v1-send.js'
import { sessionsPlugin } from './session-auth.js'
import { throttlePlugin } from './throttle.js'
import { webApp } from './web.js'

export const apiApp: AppPlugin = fp<{ deps: Deps }>(
  async (app: FastifyInstance, { deps }) => {
    app.decorate('config', deps.config)
    await app.register(postgresPlugin, { shared: deps.postgres })
    await app.register(redisPlugin, { shared: deps.redis })
    await app.register(kafkaPlugin, { shared: deps.kafka })
    await app.register(clickhousePlugin, { shared: deps.clickhouse })
    await app.register(queuesPlugin, { shared: deps.queues })
    await app.register(mailerPlugin, { shared: deps.mailer })
    await app.register(openApi, {
      title: 'Trackly API',
      version: '2.0.0',
      description: 'SMS marketing and attribution API (v2)',
      serverUrl: deps.config.publicUrl,
      shared: API_COMPONENTS,
      apiKeyAuth: true,
      sessionCookie: SESSION_COOKIE,
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
    await app.register(httpBasics, { metricsToken: deps.config.metricsToken })
    observeRequests(app, 'api', { carryRequestId: true })
    await app.register(throttlePlugin)
    // @fastify/cookie and the session store: /api/v2 accepts a dashboard session wherever it accepts a key.
    await app.register(sessionsPlugin)
    // The dashboard at / (built by `npm run build` into dist/web).
    await app.register(webApp, { root: join(repoRoot, 'dist', 'web') })
    await app.register(
      async (v2) => {
        await v2.register(apiKeyAuth)
        await v2.register(idempotency)
        for (const routes of v2Routes) await v2.register(routes)
      },
      { prefix: '/api/v2' },
    )
    await app.register(
      async (v1) => {
        await v1.register(apiKeyAuth)
        await v1.register(v1Routes)
        await v1.register(v1SendRoutes)
      },
      { prefix: '/api/v1' },
    )
  },
  { name: 'trackly-api' },
)

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated configuration of this process. */
    config: Config
  }
}
