import type { Writable } from 'node:stream'
import { type Logger, pino } from 'pino'
import type { Config } from '../core/config.js'
import { currentRequestId } from './request-context.js'

/**
 * Logs go to stderr, so stdout carries only results (the CLI's output, the demo's key and URLs). `sync` for short
 * commands that exit right after their last line. A line written while a request's work runs carries its
 * `requestId`, whichever logger wrote it (Fastify's request logger already binds it).
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  options: { sync?: boolean; destination?: Writable } = {},
): Logger {
  return pino(
    {
      level: config.logLevel,
      // Redact secrets that can appear in request logs.
      redact: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.query.postback_secret'],
      mixin(_merge, _level, logger) {
        const requestId = currentRequestId()
        return requestId === undefined || 'requestId' in logger.bindings() ? {} : { requestId }
      },
    },
    options.destination ?? pino.destination({ dest: 2, sync: options.sync ?? false }),
  )
}
