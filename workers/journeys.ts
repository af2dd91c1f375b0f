// The journeys worker: one BullMQ job per step run of an enrollment, `{enrollmentId, seq}` with a job id made of
// both (so a job added twice collapses), delayed until the enrollment's next_run_at. Jobs live in Redis and
// survive restarts; a job lost anyway (Redis wiped) is re-added by sweepJourneys. The worker reads "now" from a
// Clock, so tests drive journeys with a ManualClock and promote the jobs whose time has come.
import { DelayedError, type Job, type Queue, Worker } from 'bullmq'
import type pg from 'pg'
import { type Clock, systemClock } from '../core/clock.js'
import type { Deps, RunningRole } from '../lib/deps.js'
import {
  createDispatchQueue,
  createJourneyQueue,
  type JourneyJob,
  journeyJobId,
  journeyQueueName,
  queueJourneySteps,
} from '../lib/queues.js'
import { continuingRequest } from '../lib/request-context.js'
import { publishContactEvents } from '../services/contacts.js'
import type { StepJob } from '../services/journey-enrollment.js'
import { dueEnrollments, expireEnrollments, runEnrollmentStep } from '../services/journey-steps.js'

export interface JourneyWorkerOptions {
  clock?: Clock
  concurrency?: number
}

export async function startJourneyWorker(
  deps: Deps,
  options: JourneyWorkerOptions = {},
): Promise<RunningRole> {
  const { config } = deps
  const clock = options.clock ?? systemClock
  const log = deps.log.child({ role: 'journeys' })
  const pg = deps.postgres.acquire()
  const kafka = deps.kafka.acquire()
  const redis = deps.redis.acquire()
  // BullMQ needs a connection of its own for its blocking reads.
  const connection = redis.duplicate()
  const dispatch = createDispatchQueue(redis, config.kafkaTopicPrefix)
  const next = createJourneyQueue(redis, config.kafkaTopicPrefix)
  const worker = new Worker<JourneyJob>(
    journeyQueueName(config.kafkaTopicPrefix),
    continuingRequest(async (job: Job<JourneyJob>, token?: string) => {
      const run = await runEnrollmentStep(pg.pool, job.data, clock.now(), {
        defaultLinkBaseUrl: config.publicLinkBaseUrl,
      })
      if (run.kind === 'stale') return 'stale'
      if (run.kind === 'early') {
        // Came before its time (clock skew, or promoted early): back to delayed for the rest of the wait.
        await job.moveToDelayed(Date.now() + Math.max(0, run.runAt.getTime() - clock.now().getTime()), token)
        throw new DelayedError()
      }
      // After the commit, as every send does. Dying just before this leaves the messages queued without a job;
      // the scheduler's stale sweep then drops them (never sends them late or twice).
      if (run.messageIds.length > 0) await dispatch.add('send', { messageIds: run.messageIds })
      if (run.next) await queueJourneySteps(next, [run.next], clock)
      await publishContactEvents(kafka.producer, config, run.contactEvents, log)
      return run.status
    }),
    { connection, concurrency: options.concurrency ?? 8 },
  )
  worker.on('failed', (job, err) => log.warn({ job: job?.id, err: err.message }, 'journey step failed'))
  await worker.waitUntilReady()
  return {
    isHealthy: () => worker.isRunning(),
    async stop() {
      await worker.close()
      await Promise.all([dispatch.close(), next.close()])
      await connection.quit().catch(() => connection.disconnect())
      await Promise.all([deps.redis.release(), deps.kafka.release(), deps.postgres.release()])
    },
  }
}

/** A step is "lost" when it is this late without a job that will run it. */
const SWEEP_GRACE_MS = 60_000

/**
 * Once a minute from the scheduler: completes enrollments older than 30 days, and re-adds the job of every active
 * enrollment whose step is overdue and has no live job (Redis lost, or a crash between commit and queueing).
 */
export async function sweepJourneys(
  pool: pg.Pool,
  queue: Queue<JourneyJob>,
  clock: Clock = systemClock,
): Promise<{ expired: number; requeued: number }> {
  const now = clock.now()
  const expired = await expireEnrollments(pool, now)
  const due = await dueEnrollments(pool, new Date(now.getTime() - SWEEP_GRACE_MS))
  const lost: StepJob[] = []
  for (let i = 0; i < due.length; i += 100) {
    await Promise.all(
      due.slice(i, i + 100).map(async (step) => {
        const job = await queue.getJob(journeyJobId(step.enrollmentId, step.seq))
        const state = job ? await job.getState() : 'unknown'
        if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized')
          return
        // A finished job under this id never moved the enrollment on: remove it so the id can be added again.
        if (job) await job.remove().catch(() => {})
        lost.push(step)
      }),
    )
  }
  await queueJourneySteps(queue, lost, clock)
  return { expired, requeued: lost.length }
}
