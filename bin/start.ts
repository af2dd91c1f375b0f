// `trackly start` (the platform, and the demo outside test/production) and `trackly migrate`.
import { embeddedDirectoryHolder } from '../analytics/clickhouse.js'
import { loadConfig } from '../lib/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { createDispatchQueue } from '../lib/queues.js'
import { findDemo, type LiveDemo, runDemoTraffic, startLiveDemo } from '../services/demo-traffic.js'
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  demoShortenerDomain,
  ensureDemoLogin,
  seedDemo,
} from '../services/seed.js'
import type { CommandContext } from './cli.js'
import { addressOf, prepare, startPlatform } from './platform.js'

/** Both databases' migrations and the Kafka topics: the one command that opens the embedded ClickHouse. */
export async function migrateCommand(ctx: CommandContext): Promise<void> {
  const holder = ctx.config.clickhouseUrl ? null : embeddedDirectoryHolder(ctx.config.clickhouseDataDir)
  if (holder !== null)
    throw new Error(`Cannot lock file: the ClickHouse data directory is held by process ${holder}`)
  await prepare(ctx.deps)
  process.stdout.write('migrations applied\n')
}

export async function startCommand(): Promise<void> {
  const config = loadConfig()
  const log = createLogger(config)
  const platform = await startPlatform(config, createDeps(config, log))
  const apiUrl = addressOf(platform.api)
  const ingestUrl = addressOf(platform.ingest)
  log.info({ roles: config.roles, api: apiUrl, ingest: ingestUrl }, 'trackly started')

  let stopping = false
  let liveDemo: LiveDemo | undefined
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'draining')
    const timer = setTimeout(() => {
      log.error('shutdown timed out')
      process.exit(1)
    }, config.shutdownTimeoutMs)
    await liveDemo?.stop()
    await platform.stop()
    clearTimeout(timer)
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  if (config.env !== 'test' && apiUrl && ingestUrl && platform.workers) {
    const pg = platform.deps.postgres.acquire()
    try {
      const demo = await seedDemo(
        pg.db,
        pg.pool,
        config.secretKey,
        demoShortenerDomain(config.publicLinkBaseUrl),
      )
      if (demo) {
        const queue = createDispatchQueue(platform.deps.redis.acquire(), config.kafkaTopicPrefix)
        const traffic = await runDemoTraffic({
          pool: pg.pool,
          queue,
          demo,
          linkBaseUrl: config.publicLinkBaseUrl,
          ingestUrl,
          log,
        })
        await queue.close()
        await platform.deps.redis.release()
        const sample = traffic.messageIds[0]
        process.stdout.write(
          [
            '',
            'Demo account seeded. Its API key is shown this once:',
            `  ${demo.apiKey}`,
            'Try it (numbers appear within seconds):',
            `  curl -s ${apiUrl}/api/v2/reports/messages/${sample} -H "X-Api-Key: ${demo.apiKey}"`,
            `  curl -s ${apiUrl}/api/v2/replies -H "X-Api-Key: ${demo.apiKey}"`,
            `  curl -s "${apiUrl}/api/v2/reports/performance?group_by=date" -H "X-Api-Key: ${demo.apiKey}"`,
            "A demo campaign fires at the scheduler's next minute (blast variants A/B and an ML share):",
            `  curl -s ${apiUrl}/api/v2/schedules/${demo.scheduleId}/runs -H "X-Api-Key: ${demo.apiKey}"`,
            `  curl -s ${apiUrl}/api/v2/ml/creatives -H "X-Api-Key: ${demo.apiKey}"`,
            'A welcome journey enrols contacts who join with use_journeys:',
            `  curl -s ${apiUrl}/api/v2/contacts -H "X-Api-Key: ${demo.apiKey}" -H 'content-type: application/json' -d '{"phone_number":"+12015550199","list_number":"${demo.listNumber}","use_journeys":true}'`,
            `  curl -s ${apiUrl}/api/v2/journeys/${demo.journeyId}/enrollments -H "X-Api-Key: ${demo.apiKey}"`,
            `  curl -s ${apiUrl}/api/v2/analytics/sql -H "X-Api-Key: ${demo.apiKey}" -H 'content-type: application/json' -d '{"query":"SELECT bot_reason, count() FROM clicks GROUP BY bot_reason"}'`,
            `API docs: ${apiUrl}/docs   Ingest: ${ingestUrl}   Readiness: ${apiUrl}/readyz`,
            '',
          ].join('\n'),
        )
      }
      // Outside production the demo owner signs in to the dashboard with a known password, printed at each start.
      const demoLogin = config.env === 'production' ? null : await ensureDemoLogin(pg.pool)
      if (demoLogin !== null) {
        const dashboard = new URL(config.publicUrl).port === '0' ? apiUrl : config.publicUrl
        const login = demoLogin
          ? `${DEMO_EMAIL} / ${DEMO_PASSWORD}`
          : `${DEMO_EMAIL} (its password was changed)`
        process.stdout.write(`\nDashboard: ${dashboard}/\nDemo login: ${login}\n\n`)
      }
      // Outside production, the demo account keeps getting a trickle of traffic for a few minutes after each
      // start, so the dashboard's overview and live feed move in front of a newcomer.
      const target = config.env === 'production' ? null : await findDemo(pg.pool, config.secretKey)
      if (target) {
        const pool = platform.deps.postgres.acquire().pool
        const queue = createDispatchQueue(platform.deps.redis.acquire(), config.kafkaTopicPrefix)
        liveDemo = startLiveDemo({
          pool,
          queue,
          demo: target,
          linkBaseUrl: config.publicLinkBaseUrl,
          ingestUrl,
          secretKey: config.secretKey,
          log,
        })
        void liveDemo.done.finally(async () => {
          await queue.close()
          await Promise.all([platform.deps.redis.release(), platform.deps.postgres.release()])
        })
      }
    } finally {
      await platform.deps.postgres.release()
    }
  }
}
