// `trackly run-campaigns [--account ID] [--at ISO-TIME]`: one campaign tick now, outside the scheduler's minute —
// to push a due schedule out at once, or (with --at) to run the schedules as they would fire at another time,
// e.g. to replay a day the scheduler missed. Runs already expanded are never expanded twice.
import { parseArgs } from 'node:util'
import { ManualClock, systemClock } from '../core/clock.js'
import { ConfigError, loadConfig } from '../core/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { prepare } from '../lib/platform.js'
import { runDueSchedules } from '../services/campaigns.js'
import { createDispatchQueue } from '../workers/dispatch.js'

export async function runCampaignsCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { account: { type: 'string' }, at: { type: 'string' } },
  })
  const at = values.at ? new Date(values.at) : null
  if (at && Number.isNaN(at.getTime()))
    throw new ConfigError('usage: trackly run-campaigns [--account ID] [--at ISO-TIME]')
  const config = loadConfig()
  const deps = createDeps(config, createLogger(config))
  await prepare(deps)
  const pg = deps.postgres.acquire()
  const queue = createDispatchQueue(deps.redis.acquire(), config.kafkaTopicPrefix)
  try {
    const summary = await runDueSchedules({
      pool: pg.pool,
      queue,
      log: deps.log,
      clock: at ? new ManualClock(at) : systemClock,
      pageSize: config.campaignPageSize,
      defaultLinkBaseUrl: config.publicLinkBaseUrl,
      ...(values.account ? { accountId: values.account } : {}),
    })
    process.stdout.write(`${JSON.stringify(summary)}\n`)
  } finally {
    await queue.close()
    await deps.redis.release()
    await deps.postgres.release()
  }
}
