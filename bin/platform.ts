// Starts any set of roles in this process, and stops them in an order that loses nothing: HTTP stops
// accepting and drains, consumers commit, workers finish their jobs, and the producer flushes last.
import Fastify, { type FastifyInstance } from 'fastify'
import { ensureServerDatabase } from '../analytics/clickhouse.js'
import { startApiServer } from '../api/server.js'
import type { Config, Role } from '../core/config.js'
import { startIngestServer } from '../ingest/server.js'
import { createDeps, type Deps, type RunningRole } from '../lib/deps.js'
import { ensureTopics } from '../lib/kafka.js'
import { createLogger } from '../lib/logger.js'
import { metricsRoute } from '../lib/metrics.js'
import { migrateClickHouse, migratePostgres } from '../lib/migrate.js'
import { ensurePostbackSecrets } from '../lib/postback-secrets.js'
import { startProcessors } from '../processors/index.js'
import { startWorkers } from '../workers/dispatch.js'
import { startJourneyWorker } from '../workers/journeys.js'
import { type RunningScheduler, startScheduler } from '../workers/scheduler.js'
import { startWebhookWorker } from '../workers/webhooks.js'

export interface Platform {
  deps: Deps
  api?: FastifyInstance
  ingest?: FastifyInstance
  processors?: RunningRole
  workers?: RunningRole
  scheduler?: RunningScheduler
  /** /metrics alone, for processes without an HTTP role (METRICS_PORT). */
  metrics?: FastifyInstance
  stop(): Promise<void>
}

async function startMetricsServer(config: Config): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(metricsRoute, { token: config.metricsToken })
  await app.listen({ host: config.host, port: config.metricsPort ?? 0 })
  return app
}

/** Applies pending Postgres and ClickHouse migrations (and the secrets SQL cannot write), creates missing topics. */
export async function prepare(deps: Deps): Promise<void> {
  const { config } = deps
  const pg = deps.postgres.acquire()
  const kafka = deps.kafka.acquire()
  try {
    await migratePostgres(pg)
    await ensurePostbackSecrets(pg.pool, config.secretKey)
    await ensureServerDatabase(config)
    const ch = deps.clickhouse.acquire()
    try {
      await migrateClickHouse(ch, deps.log)
    } finally {
      await deps.clickhouse.release()
    }
    await ensureTopics(kafka.kafka, config)
  } finally {
    await deps.kafka.release()
    await deps.postgres.release()
  }
}

export async function startPlatform(
  config: Config,
  deps: Deps = createDeps(config, createLogger(config)),
): Promise<Platform> {
  const has = (role: Role) => config.roles.includes(role)
  // Held for the platform's lifetime so shared clients stay open between role starts.
  deps.postgres.acquire()
  deps.kafka.acquire()
  await prepare(deps)
  const platform: Platform = { deps, stop: async () => {} }
  if (has('ingest')) {
    platform.ingest = await startIngestServer(deps)
    // An ephemeral ingest port (0, as in tests) is only known once bound; provider callbacks must name it.
    if (/:0\/?$/.test(config.publicWebhookBaseUrl)) {
      config.publicWebhookBaseUrl = addressOf(platform.ingest) ?? config.publicWebhookBaseUrl
    }
  }
  if (has('processors')) platform.processors = await startProcessors(deps)
  if (has('workers')) {
    const dispatch = await startWorkers(deps)
    const webhooks = await startWebhookWorker(deps)
    const journeys = await startJourneyWorker(deps)
    platform.workers = {
      isHealthy: () => dispatch.isHealthy() && webhooks.isHealthy() && journeys.isHealthy(),
      stop: async () => {
        await Promise.all([dispatch.stop(), webhooks.stop(), journeys.stop()])
      },
    }
  }
  if (has('scheduler')) platform.scheduler = await startScheduler(deps)
  if (has('api')) platform.api = await startApiServer(deps)
  if (config.metricsPort !== undefined) platform.metrics = await startMetricsServer(config)
  platform.stop = async () => {
    await Promise.all([platform.api?.close(), platform.ingest?.close(), platform.metrics?.close()])
    await platform.processors?.stop()
    await platform.workers?.stop()
    await platform.scheduler?.stop()
    await deps.kafka.release()
    await deps.postgres.release()
  }
  return platform
}

export function addressOf(app: FastifyInstance | undefined): string | undefined {
  const address = app?.server.address()
  return address && typeof address === 'object' ? `http://${address.address}:${address.port}` : undefined
}
