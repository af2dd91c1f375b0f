// The deprecated v1 surface (spec §0 v1, §2, §5) that needs no sending: its contact endpoints were no-op stubs
// that always report success. Every v1 reply, errors included, says it is deprecated in headers and body.
// v1 sends (POST /messages, /messages/bulk) come with v2 send.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import Type from 'typebox'
import { toErrorReply } from '../../core/errors.js'

export const DEPRECATION_HEADERS = { 'x-api-deprecated': 'v1 is deprecated', deprecation: 'true' } as const

const V1Error = Type.Object({ error: Type.String(), code: Type.String(), deprecated: Type.Literal(true) })
const V1_ERRORS = { 400: V1Error, 401: V1Error, 403: V1Error, 415: V1Error }
const NoOpReply = Type.Object({ success: Type.Literal(true), deprecated: Type.Literal(true) })

/**
 * Wrapped with fastify-plugin so its hooks, error handler and 404 belong to the whole /api/v1 scope: other v1
 * route modules (v1 send) registered after it in that scope are marked deprecated the same way.
 */
export const v1Routes = fp(
  async (fastify: FastifyInstance): Promise<void> => {
    // onSend also runs for replies of the auth hook and the error handler, so every reply is marked.
    fastify.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(DEPRECATION_HEADERS)
      return payload
    })
    fastify.setErrorHandler((err: FastifyError, request, reply: FastifyReply) => {
      const { status, body } = toErrorReply(err)
      if (status >= 500) request.log.error({ err }, 'request failed')
      return reply.code(status).send({ ...body, deprecated: true })
    })
    const notFound = (_request: unknown, reply: FastifyReply) =>
      reply.code(404).send({ error: 'Not found', code: 'not_found', deprecated: true })
    fastify.setNotFoundHandler(notFound)
    // The dashboard's catch-all (`GET /*`, api/web.ts) would otherwise take unknown v1 paths to the root's 404.
    fastify.all('/*', { schema: { hide: true } }, notFound)

    const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
    const tags = ['v1 (deprecated)']

    app.post(
      '/contacts',
      {
        schema: {
          operationId: 'createContactV1',
          summary: 'Create a contact (v1, deprecated no-op: use POST /api/v2/contacts)',
          tags,
          deprecated: true,
          body: Type.Object({}, { additionalProperties: true }),
          response: { 200: NoOpReply, ...V1_ERRORS },
        },
      },
      async () => ({ success: true as const, deprecated: true as const }),
    )

    app.delete(
      '/contacts/:msisdn',
      {
        schema: {
          operationId: 'deleteContactV1',
          summary: 'Delete a contact (v1, deprecated no-op: use DELETE /api/v2/contacts)',
          tags,
          deprecated: true,
          params: Type.Object({ msisdn: Type.String({ maxLength: 64 }) }),
          response: { 200: NoOpReply, ...V1_ERRORS },
        },
      },
      async () => ({ success: true as const, deprecated: true as const }),
    )
  },
  { name: 'trackly-v1', fastify: '5.x', dependencies: ['trackly-api-key-auth'] },
)
