// Process concerns of an HTTP role: logger, body limit, timeouts, listening, graceful close.
// `buildHttpApp` never listens, so tests drive the same app with `inject()`.
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginCallback,
  type FastifyReply,
  LogController,
} from 'fastify'
import type { Logger } from 'pino'
import { toErrorReply } from '../core/errors.js'
import type { Deps } from './deps.js'

export const BODY_LIMIT = 5 * 1024 * 1024

/** An app is a plugin wrapped with fastify-plugin, so its decorations (e.g. the spool) are visible on the root. */
export type AppPlugin = FastifyPluginCallback<{ deps: Deps }>

export async function buildHttpApp(
  plugin: AppPlugin,
  deps: Deps,
  log: Logger = deps.log,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // A client that stalls cannot hold a connection forever.
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    // Per-request log lines would cost more than a redirect itself; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    // Long junk paths on the redirect host still get the 404 page rather than a router error.
    routerOptions: { maxParamLength: 256 },
    // Errors raised before routing (bad URL encoding, oversized parameters) follow the same error contract.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = toErrorReply(error)
      void (reply as FastifyReply).code(status).send(body)
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: false } },
  })
  // JSON bodies only (spec §0): without Fastify's built-in text/plain parser, any other type is a 415.
  app.removeContentTypeParser('text/plain')
  // Many clients send `Content-Type: application/json` with an empty body on DELETE; that is no body, not bad JSON.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    body === '' && request.method === 'DELETE'
      ? done(null, undefined)
      : parseJson(request, String(body), done),
  )
  await app.register(plugin, { deps })
  await app.ready()
  return app
}

export async function startHttpServer(
  name: string,
  plugin: AppPlugin,
  deps: Deps,
  port: number,
): Promise<FastifyInstance> {
  const app = await buildHttpApp(plugin, deps, deps.log.child({ role: name }))
  await app.listen({ host: deps.config.host, port })
  return app
}
