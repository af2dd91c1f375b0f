// The dispatch worker: BullMQ jobs carry batches of message ids; each message is claimed in Postgres (so it is
// handed to a provider at most once, whatever retries BullMQ makes) and its send event is published to Kafka.
import { Queue, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { planDispatch } from '../core/dispatch-plan.js'
import { topicName } from '../core/events.js'
import type { Deps, RunningRole } from '../lib/deps.js'
import { ListRateLimiter } from '../lib/rate-limiter.js'
import { byListRate, claimForSending, holdUntil, recipientWindows } from '../services/messages.js'

export interface DispatchJob {
  messageIds: string[]
}

export const dispatchQueueName = (prefix: string): string => `${prefix}dispatch`

export function createDispatchQueue(redis: Redis, prefix: string): Queue<DispatchJob> {
  return new Queue<DispatchJob>(dispatchQueueName(prefix), {
    connection: redis,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: 1_000,
    },
  })
}

export async function startWorkers(deps: Deps): Promise<RunningRole> {
  const { config } = deps
  const log = deps.log.child({ role: 'workers' })
  const pg = deps.postgres.acquire()
  const kafka = deps.kafka.acquire()
  const redis = deps.redis.acquire()
  const sendsTopic = topicName(config.kafkaTopicPrefix, 'sends')
  // BullMQ needs a connection of its own for its blocking reads.
  const connection = redis.duplicate()
  const requeue = createDispatchQueue(redis, config.kafkaTopicPrefix)
  const limiter = new ListRateLimiter(redis, config.kafkaTopicPrefix)
  const worker = new Worker<DispatchJob>(
    dispatchQueueName(config.kafkaTopicPrefix),
    async (job) => {
      // Quiet hours: recipients outside their window wait (still queued) for a delayed job at its opening.
      const plan = planDispatch(await recipientWindows(pg.pool, job.data.messageIds), new Date())
      for (const [at, messageIds] of plan.later) {
        await holdUntil(pg.pool, messageIds, new Date(at))
        await requeue.add('send', { messageIds }, { delay: Math.max(0, Date.parse(at) - Date.now()) })
      }
      // Per-list rate: what the list's budget allows goes now; the rest is re-queued for when its tokens exist.
      const sendable: string[] = []
      for (const [listId, { perMinute, messageIds }] of await byListRate(pg.pool, plan.now)) {
        const { granted, retryAfterMs } = await limiter.take(listId, perMinute, messageIds.length)
        sendable.push(...messageIds.slice(0, granted))
        const rest = messageIds.slice(granted)
        if (rest.length > 0) {
          const refillMs = Math.ceil((rest.length * 60_000) / perMinute)
          await requeue.add(
            'send',
            { messageIds: rest },
            { delay: Math.max(retryAfterMs, Math.min(1_000, refillMs)) },
          )
        }
      }
      // Only the local simulator provider exists so far: accepting a message is the provider call.
      const sent = await claimForSending(pg.pool, sendable, 'simulator')
      await kafka.producer.sendAll(
        sent.map((e) => ({ topic: sendsTopic, key: e.message_id, value: JSON.stringify(e) })),
      )
      return { sent: sent.length, held: job.data.messageIds.length - sendable.length }
    },
    { connection, concurrency: 4 },
  )
  worker.on('failed', (job, err) => log.warn({ job: job?.id, err: err.message }, 'dispatch job failed'))
  await worker.waitUntilReady()
  return {
    isHealthy: () => worker.isRunning(),
    async stop() {
      // Waits for the jobs in progress to finish.
      await worker.close()
      await requeue.close()
      await connection.quit().catch(() => connection.disconnect())
      await Promise.all([deps.redis.release(), deps.kafka.release(), deps.postgres.release()])
    },
  }
}
