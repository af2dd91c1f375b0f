// The API's OpenAPI document without any service: the api app built on inert dependencies (registering routes
// touches none of them), so the web client's generator and its staleness test get what GET /docs/json serves.
import { loadConfig } from '../lib/config.js'
import { type Deps, Shared } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { buildHttpApp } from '../lib/server.js'
import { apiApp } from './app.js'

/** A fixed configuration, so the document (its server URL) does not depend on where it is generated. */
const config = loadConfig({
  NODE_ENV: 'development',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://127.0.0.1:3000',
  TRACKLY_SECRET_KEY: '00'.repeat(32),
})

const inert = <T>(name: string) =>
  new Shared<T>(
    name,
    () => ({}) as T,
    async () => {},
  )

export async function apiOpenApiDocument(): Promise<Record<string, unknown>> {
  const deps: Deps = {
    config,
    log: createLogger(config),
    postgres: inert('postgres'),
    redis: inert('redis'),
    kafka: inert('kafka'),
    clickhouse: inert('clickhouse'),
    queues: inert('queues'),
    mailer: inert('mailer'),
  }
  const app = await buildHttpApp(apiApp, deps)
  try {
    await app.ready()
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>
  } finally {
    await app.close()
  }
}
