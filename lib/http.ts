// What every HTTP role shares: the error contract, the JSON 404, and health endpoints.
import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { toErrorReply } from '../core/errors.js'
import { healthRoutes } from './health.js'

export const httpBasics = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const { status, body } = toErrorReply(err)
      if (status >= 500) request.log.error({ err }, 'request failed')
      return reply.code(status).send(body)
    })
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send({ error: 'Not found', code: 'not_found' }),
    )
    await app.register(healthRoutes)
  },
  { name: 'trackly-http', fastify: '5.x' },
)
