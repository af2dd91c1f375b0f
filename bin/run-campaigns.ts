// `trackly run-campaigns [--account ID] [--at ISO-TIME]`: one campaign tick now, outside the scheduler's minute —
// to push a due schedule out at once, or (with --at) to run the schedules as they would fire at another time,
// e.g. to replay a day the scheduler missed. Runs already expanded are never expanded twice.
import { ManualClock, systemClock } from '../core/clock.js'
import { createDispatchQueue } from '../lib/queues.js'
import { runDueSchedules } from '../services/campaigns.js'
import { type CommandContext, emit, UsageError, withPostgres } from './cli.js'

export async function runCampaignsCommand(
  ctx: CommandContext,
  opts: { account?: string; at?: string; json?: boolean },
): Promise<void> {
  const at = opts.at ? new Date(opts.at) : null
  if (at && Number.isNaN(at.getTime())) throw new UsageError(`--at: not a date and time: ${opts.at}`)
  const { config, deps } = ctx
  const summary = await withPostgres(ctx, async (pg) => {
    const queue = createDispatchQueue(deps.redis.acquire(), config.kafkaTopicPrefix)
    try {
      return await runDueSchedules({
        pool: pg.pool,
        queue,
        log: deps.log,
        clock: at ? new ManualClock(at) : systemClock,
        pageSize: config.campaignPageSize,
        defaultLinkBaseUrl: config.publicLinkBaseUrl,
        ...(opts.account ? { accountId: opts.account } : {}),
      })
    } finally {
      await queue.close()
      await deps.redis.release()
    }
  })
  emit(opts.json, summary, () => [
    `runs started: ${summary.started}, advanced: ${summary.advanced}, schedules completed: ${summary.completedSchedules}`,
    `messages queued: ${summary.queued}`,
  ])
}
