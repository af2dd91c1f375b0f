// Process concerns of an HTTP role: logger, body limit, timeouts, listening, graceful close.
// `buildHttpApp` never listens, so tests drive the same app with `inject()`.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import type { Logger } from 'pino'
import type { Deps } from './deps.js'

export const BODY_LIMIT = 5 * 1024 * 1024

export type AppPlugin = FastifyPluginAsync<{ deps: Deps }>

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
    disableRequestLogging: true,
    trustProxy: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: false } },
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
