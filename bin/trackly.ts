#!/usr/bin/env node
// The one entry point: `start` runs any set of roles (TRACKLY_ROLES, default all) in this process;
// `migrate` applies pending migrations; `create-account` makes an account with its owner and first API key.
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../core/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { addressOf, prepare, startPlatform } from '../lib/platform.js'
import { createAccount } from '../services/accounts.js'
import { runDemoTraffic } from '../services/demo-traffic.js'
import { seedDemo } from '../services/seed.js'
import { createDispatchQueue } from '../workers/dispatch.js'
import { accountStatusCommand, resetPasswordCommand } from './account-commands.js'
import { createListCommand } from './create-list.js'
import { importContactsCommand } from './import-contacts.js'
import { runCampaignsCommand } from './run-campaigns.js'

async function start(): Promise<void> {
  const config = loadConfig()
  const log = createLogger(config)
  const platform = await startPlatform(config, createDeps(config, log))
  const apiUrl = addressOf(platform.api)
  const ingestUrl = addressOf(platform.ingest)
  log.info({ roles: config.roles, api: apiUrl, ingest: ingestUrl }, 'trackly started')

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'draining')
    const timer = setTimeout(() => {
      log.error('shutdown timed out')
      process.exit(1)
    }, config.shutdownTimeoutMs)
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
      const demo = await seedDemo(pg.db, pg.pool, config.secretKey)
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
    } finally {
      await platform.deps.postgres.release()
    }
  }
}

async function migrate(): Promise<void> {
  const config = loadConfig()
  const deps = createDeps(config, createLogger(config))
  await prepare(deps)
  process.stdout.write('migrations applied\n')
}

async function newAccount(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
  })
  if (!values.name || !values.email)
    throw new ConfigError('usage: trackly create-account --name NAME --email EMAIL')
  const config = loadConfig()
  const deps = createDeps(config, createLogger(config))
  await prepare(deps)
  const pg = deps.postgres.acquire()
  try {
    const created = await createAccount(pg.db, {
      name: values.name,
      ownerEmail: values.email,
      ...(values.password ? { password: values.password } : {}),
    })
    process.stdout.write(`account ${created.accountId}\nAPI key (shown once): ${created.apiKey}\n`)
  } finally {
    await deps.postgres.release()
  }
}

const [command = 'start', ...rest] = process.argv.slice(2)
const commands: Record<string, () => Promise<void>> = {
  start,
  migrate,
  'create-account': () => newAccount(rest),
  'create-list': () => createListCommand(rest),
  'import-contacts': () => importContactsCommand(rest),
  'suspend-account': () => accountStatusCommand(rest, 'suspended'),
  'activate-account': () => accountStatusCommand(rest, 'active'),
  'reset-password': () => resetPasswordCommand(rest),
  'run-campaigns': () => runCampaignsCommand(rest),
}
const run = commands[command]
if (!run) {
  process.stderr.write(`unknown command "${command}"; expected one of: ${Object.keys(commands).join(', ')}\n`)
  process.exit(2)
}
run().then(
  () => {
    if (command !== 'start') process.exit(0)
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack}\n`)
    process.exit(1)
  },
)
