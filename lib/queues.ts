// BullMQ job contracts: each queue's name, job shape, default options and how jobs are added. The roles that add
// jobs (api, scheduler, processors) and the workers that run them share this module, so nothing above lib/
// imports a worker to queue work.
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { type Clock, systemClock } from '../core/clock.js'
import { tagJobsWithRequestId } from './request-context.js'

export interface DispatchJob {
  /** The API request that queued this job, for its logs and events (lib/request-context.ts). */
  requestId?: string
  messageIds: string[]
}

export const dispatchQueueName = (prefix: string): string => `${prefix}dispatch`

export function createDispatchQueue(redis: Redis, prefix: string): Queue<DispatchJob> {
  return tagJobsWithRequestId(
    new Queue<DispatchJob>(dispatchQueueName(prefix), {
      connection: redis,
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: 1_000,
        removeOnFail: 10_000,
      },
    }),
  )
}

/** A journey step due at `runAt` (services/journeys.ts plans them). */
export interface JourneyStep {
  enrollmentId: string
  seq: number
  runAt: Date
}

export interface JourneyJob {
  /** The API request that queued this job, for its logs and events (lib/request-context.ts). */
  requestId?: string
  enrollmentId: string
  seq: number
  /** When the step is due (ISO), on the clock that scheduled it. */
  runAt: string
}

export const journeyQueueName = (prefix: string): string => `${prefix}journeys`

/** One id per (enrollment, seq): adding the same step job twice keeps one. */
export const journeyJobId = (enrollmentId: string, seq: number): string => `je-${enrollmentId}-${seq}`

export function createJourneyQueue(redis: Redis, prefix: string): Queue<JourneyJob> {
  return tagJobsWithRequestId(
    new Queue<JourneyJob>(journeyQueueName(prefix), {
      connection: redis,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 2_000 },
        // Completed ids are kept a while so a duplicate add of a step that already ran is ignored outright.
        removeOnComplete: 10_000,
        removeOnFail: 10_000,
      },
    }),
  )
}

/** Queues step jobs, each delayed until its runAt as read on `clock`. */
export async function queueJourneySteps(
  queue: Queue<JourneyJob>,
  jobs: readonly JourneyStep[],
  clock: Clock = systemClock,
): Promise<void> {
  if (jobs.length === 0) return
  const now = clock.now().getTime()
  await queue.addBulk(
    jobs.map((j) => ({
      name: 'step',
      data: { enrollmentId: j.enrollmentId, seq: j.seq, runAt: j.runAt.toISOString() },
      opts: { jobId: journeyJobId(j.enrollmentId, j.seq), delay: Math.max(0, j.runAt.getTime() - now) },
    })),
  )
}

export interface WebhookJob {
  /** The API request that queued this job, for its logs and events (lib/request-context.ts). */
  requestId?: string
  deliveryId: string
}

export const webhookQueueName = (prefix: string): string => `${prefix}webhooks`

/** Attempts and backoff are set per job by enqueueWebhookEvent; the queue only bounds what Redis keeps. */
export function createWebhookQueue(redis: Redis, prefix: string): Queue<WebhookJob> {
  return tagJobsWithRequestId(
    new Queue<WebhookJob>(webhookQueueName(prefix), {
      connection: redis,
      defaultJobOptions: { removeOnComplete: 1_000, removeOnFail: 10_000 },
    }),
  )
}
