import { type Logger, pino } from 'pino'
import type { Config } from '../core/config.js'

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    // Redact secrets that can appear in request logs.
    redact: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.query.postback_secret'],
  })
}
