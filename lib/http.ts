// What every HTTP role shares: the error contract, the JSON 404, health endpoints and /metrics.
import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { toErrorReply } from '../core/errors.js'
import { healthRoutes } from './health.js'
import { metricsRoute } from './metrics.js'

export const httpBasics = fp<{ metricsToken?: string | undefined }>(
  async (app, opts) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const { status, body } = toErrorReply(err, request.routeOptions.bodyLimit)
      if (status >= 500) request.log.error({ err }, 'request failed')
      return reply.code(status).send(body)
    })
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send({ error: 'Not found', code: 'not_found' }),
    )
    await app.register(healthRoutes)
    await app.register(metricsRoute, { token: opts.metricsToken })
  },
  { name: 'trackly-http', fastify: '5.x' },
)
