import { type Logger, pino } from 'pino'
import type { Config } from '../core/config.js'

/**
 * Logs go to stderr, so stdout carries only results (the CLI's output, the demo's key and URLs). `sync` for short
 * commands that exit right after their last line.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, options: { sync?: boolean } = {}): Logger {
  return pino(
    {
      level: config.logLevel,
      // Redact secrets that can appear in request logs.
      redact: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.query.postback_secret'],
    },
    pino.destination({ dest: 2, sync: options.sync ?? false }),
  )
}
