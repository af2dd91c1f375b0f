// The webhook worker: one BullMQ job per delivery (job id = delivery id). Each attempt is one signed POST under
// the SSRF policy; the delivery row records every attempt. A failure hands the job back to BullMQ, whose custom
// backoff waits out the spec §15 schedule (1 min, 5 min, 15 min, 1 h, 2 h) before the next of six attempts.
import { Worker } from 'bullmq'
import type { Deps, RunningRole } from '../lib/deps.js'
import { webhookDeliveries } from '../lib/metrics.js'
import { type WebhookJob, webhookQueueName } from '../lib/queues.js'
import { continuingRequest } from '../lib/request-context.js'
import {
  attemptDelivery,
  loadDeliveryTarget,
  recordDeliveryFailure,
  recordDeliverySuccess,
  stopPausedDelivery,
  WEBHOOK_BACKOFF_TYPE,
} from '../services/webhooks.js'

/** Counts a delivery attempt's outcome at /metrics and returns it as the job's result. */
function counted<T extends string>(outcome: T): T {
  webhookDeliveries.inc({ outcome })
  return outcome
}

/** Delay before retry n (n = 1..5), spec §15. */
export const DEFAULT_BACKOFF_SCHEDULE_MS: readonly number[] = [60_000, 300_000, 900_000, 3_600_000, 7_200_000]

/** Delay after failed attempt `attempt` (1-based); past the end of the schedule, its last step. */
export function retryDelayMs(schedule: readonly number[], attempt: number): number {
  return schedule[Math.min(attempt, schedule.length) - 1] ?? 0
}

export interface WebhookWorkerOptions {
  /** Delays between attempts; tests shorten them. Default {@link DEFAULT_BACKOFF_SCHEDULE_MS}. */
  backoffScheduleMs?: readonly number[]
  /** Deliveries in flight (each waits on a customer server for up to 10 s). */
  concurrency?: number
}

export async function startWebhookWorker(
  deps: Deps,
  options: WebhookWorkerOptions = {},
): Promise<RunningRole> {
  const { config } = deps
  const schedule = options.backoffScheduleMs ?? DEFAULT_BACKOFF_SCHEDULE_MS
  const log = deps.log.child({ role: 'webhooks' })
  const pg = deps.postgres.acquire()
  const redis = deps.redis.acquire()
  // BullMQ needs a connection of its own for its blocking reads.
  const connection = redis.duplicate()
  const worker = new Worker<WebhookJob>(
    webhookQueueName(config.kafkaTopicPrefix),
    continuingRequest(async (job) => {
      const target = await loadDeliveryTarget(pg.pool, job.data.deliveryId)
      // Endpoint deleted, or the delivery already settled (a replayed job): nothing to send.
      if (target?.status !== 'pending') return counted('skipped')
      if (target.endpointStatus !== 'active') {
        await stopPausedDelivery(pg.pool, target)
        return counted('endpoint_paused')
      }
      const outcome = await attemptDelivery(target, config)
      if (outcome.ok) {
        await recordDeliverySuccess(pg.pool, target, outcome.status)
        return counted('succeeded')
      }
      const attempt = job.attemptsMade + 1
      const retry = attempt < (job.opts.attempts ?? 1)
      const nextAttemptAt = retry ? new Date(Date.now() + retryDelayMs(schedule, attempt)) : null
      const { pending } = await recordDeliveryFailure(pg.pool, target, outcome, nextAttemptAt)
      // Throwing hands the job back to BullMQ for the next attempt; a delivery stopped (its endpoint paused,
      // before or during this attempt) gets none.
      if (pending) {
        counted('retried')
        throw new Error(outcome.error)
      }
      return counted('failed')
    }),
    {
      connection,
      concurrency: options.concurrency ?? 10,
      settings: {
        backoffStrategy: (attemptsMade, type) =>
          type === WEBHOOK_BACKOFF_TYPE ? retryDelayMs(schedule, attemptsMade) : -1,
      },
    },
  )
  worker.on('failed', (job, err) =>
    log.info({ delivery: job?.id, attempt: job?.attemptsMade, err: err.message }, 'webhook attempt failed'),
  )
  await worker.waitUntilReady()
  return {
    isHealthy: () => worker.isRunning(),
    async stop() {
      // Waits for the deliveries in progress to finish.
      await worker.close()
      await connection.quit().catch(() => connection.disconnect())
      await Promise.all([deps.redis.release(), deps.postgres.release()])
    },
  }
}
