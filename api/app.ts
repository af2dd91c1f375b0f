// The operational API (/api/v2) as a Fastify plugin; OpenAPI generated from the route schemas, UI at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Deps } from '../lib/deps.js'
import { httpBasics } from '../lib/http.js'
import { clickhousePlugin, kafkaPlugin, postgresPlugin, redisPlugin } from '../lib/plugins.js'
import type { AppPlugin } from '../lib/server.js'
import { apiKeyAuth } from './auth.js'
import { v2Routes } from './routes/index.js'

export const apiApp: AppPlugin = fp<{ deps: Deps }>(
  async (app: FastifyInstance, { deps }) => {
    await app.register(postgresPlugin, { shared: deps.postgres })
    await app.register(redisPlugin, { shared: deps.redis })
    await app.register(kafkaPlugin, { shared: deps.kafka })
    await app.register(clickhousePlugin, { shared: deps.clickhouse })
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Trackly API',
          version: '2.0.0',
          description: 'SMS marketing and attribution API (v2)',
        },
        components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
        security: [{ apiKey: [] }],
      },
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
    await app.register(httpBasics)
    await app.register(
      async (v2) => {
        await v2.register(apiKeyAuth)
        for (const routes of v2Routes) await v2.register(routes)
      },
      { prefix: '/api/v2' },
    )
  },
  { name: 'trackly-api' },
)
