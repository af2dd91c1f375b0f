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
import { AppError, toErrorReply } from '../core/errors.js'
import { findUnstorableText, jsonDeeperThan, MAX_JSON_DEPTH } from '../core/request-text.js'
import type { Deps } from './deps.js'
import { requestIdOf } from './request-context.js'

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
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    trustProxy: deps.config.trustProxy,
    // The caller's X-Request-Id when sane, else a UUID; logged as `requestId` like every other line of the request.
    genReqId: requestIdOf,
    // Long junk paths on the redirect host still get the 404 page rather than a router error.
    routerOptions: { maxParamLength: 256 },
    // Errors raised before routing (bad URL encoding, oversized parameters) follow the same error contract.
    frameworkErrors: (error, request, reply) => {
      const { status, body } = toErrorReply(error, request.routeOptions?.bodyLimit)
      void (reply as FastifyReply).code(status).send(body)
    },
    // Requests Node refuses before routing (headers over 16 KB, malformed HTTP) still answer with a coded body.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return socket.destroy(err)
      const tooLarge = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW'
      const { status, body } = tooLarge
        ? { status: 431, body: { error: 'Request headers are larger than 16 KB', code: 'headers_too_large' } }
        : { status: 400, body: { error: 'Malformed HTTP request', code: 'validation_error' } }
      const json = JSON.stringify(body)
      socket.end(
        `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `Connection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
      )
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: false } },
  })
  // JSON bodies only (spec §0): without Fastify's built-in text/plain parser, any other type is a 415.
  app.removeContentTypeParser('text/plain')
  // Many clients send `Content-Type: application/json` with an empty body on DELETE; that is no body, not bad JSON.
  // Nesting is bounded before parsing, so no recursive step after it (sizing, validation) can overflow the stack.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' && request.method === 'DELETE') return done(null, undefined)
    if (jsonDeeperThan(String(body), MAX_JSON_DEPTH)) {
      return done(new AppError('invalid_json', `JSON nests deeper than ${MAX_JSON_DEPTH} levels`), undefined)
    }
    return parseJson(request, String(body), done)
  })
  // Every string a handler can read (body of any content type, query, path parameters), refused before any
  // handler or validator runs when Postgres could not store it. Headers reach no column: Node refuses NUL in
  // them and they cannot carry surrogates.
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['query', request.query],
      ['params', request.params],
    ] as const) {
      const found = findUnstorableText(value, part)
      if (found) throw new AppError('validation_error', `${found.at} ${found.reason}`)
    }
  })
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
