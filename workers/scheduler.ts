// The scheduler role: node-cron jobs that fire in exactly one copy (a Postgres advisory lock held for life).
import cron, { type ScheduledTask } from 'node-cron'
import type pg from 'pg'
import { type Clock, systemClock } from '../core/clock.js'
import { topicName } from '../core/events.js'
import type { Deps } from '../lib/deps.js'
import { timeTask } from '../lib/metrics.js'
import { createDispatchQueue, createJourneyQueue } from '../lib/queues.js'
import { runDueSchedules } from '../services/campaigns.js'
import {
  failInterruptedClaims,
  markSendEventsPublished,
  unpublishedSendEvents,
} from '../services/dispatch.js'
import { pruneIdempotencyKeys } from '../services/idempotency.js'
import { sweepJourneys } from './journeys.js'

const SCHEDULER_LOCK = 7_421_002
/**
 * Spec §4: a message still queued 30 minutes after it became sendable is dropped as stale rather than sent late
 * (a message held for quiet hours becomes sendable when its recipient's window opens).
 */
export const STALE_AFTER_MINUTES = 30

export async function dropStaleMessages(
  pool: pg.Pool,
  olderThanMinutes = STALE_AFTER_MINUTES,
): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE messages SET status = 'dropped', status_detail = 'stale', status_updated_at = now()
      WHERE status = 'queued' AND claimed_at IS NULL
        AND COALESCE(send_after, created_at) < now() - make_interval(mins => $1)`,
    [olderThanMinutes],
  )
  return rowCount ?? 0
}

export interface RunningScheduler {
  isLeader(): boolean
  stop(): Promise<void>
}

export async function startScheduler(deps: Deps, clock: Clock = systemClock): Promise<RunningScheduler> {
  const log = deps.log.child({ role: 'scheduler' })
  const pg = deps.postgres.acquire()
  const kafka = deps.kafka.acquire()
  const redis = deps.redis.acquire()
  const dispatchQueue = createDispatchQueue(redis, deps.config.kafkaTopicPrefix)
  const journeyQueue = createJourneyQueue(redis, deps.config.kafkaTopicPrefix)
  const sendsTopic = topicName(deps.config.kafkaTopicPrefix, 'sends')
  const lockClient = await pg.pool.connect()
  let leader = false
  const tasks: ScheduledTask[] = []
  // A run over a large audience can outlast a minute: ticks never overlap, the next one picks up where it stopped.
  let campaignsBusy: Promise<void> | null = null
  const runCampaigns = () => {
    if (!leader || campaignsBusy) return
    campaignsBusy = timeTask('campaigns', () =>
      runDueSchedules({
        pool: pg.pool,
        queue: dispatchQueue,
        log,
        clock,
        pageSize: deps.config.campaignPageSize,
        defaultLinkBaseUrl: deps.config.publicLinkBaseUrl,
      }),
    )
      .then((summary) => {
        if (summary.started + summary.queued + summary.completedSchedules > 0)
          log.info(summary, 'campaign tick')
      })
      .catch((err) => log.error({ err: (err as Error).message }, 'campaign tick failed'))
      .finally(() => {
        campaignsBusy = null
      })
  }
  const tryLead = async () => {
    if (leader) return
    const { rows } = await lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      SCHEDULER_LOCK,
    ])
    leader = rows[0]?.ok === true
    if (leader) log.info('scheduler is the active copy')
  }
  await tryLead()
  // Runs a crash left unfinished resume at once, not at the next minute.
  runCampaigns()
  tasks.push(
    cron.schedule('* * * * *', async () => {
      await tryLead().catch((err) => log.warn({ err: (err as Error).message }, 'leader check failed'))
      if (!leader) return
      runCampaigns()
      await timeTask('journeys', () => sweepJourneys(pg.pool, journeyQueue, clock))
        .then(({ expired, requeued }) => {
          if (expired + requeued > 0) log.info({ expired, requeued }, 'journeys swept')
        })
        .catch((err) => log.warn({ err: (err as Error).message }, 'journeys sweep failed'))
      const dropped = await timeTask('stale', () => dropStaleMessages(pg.pool)).catch(() => 0)
      if (dropped > 0) log.info({ dropped }, 'dropped stale queued messages')
      await timeTask('idempotency', () => pruneIdempotencyKeys(pg.pool)).catch(() => 0)
      const interrupted = await timeTask('interrupted', () => failInterruptedClaims(pg.pool)).catch(() => 0)
      if (interrupted > 0)
        log.warn({ interrupted }, 'failed messages whose provider call never reported back')
      // Outbox: send events whose publication the dispatcher could not confirm (ids are stable; CH dedups).
      const unpublished = await timeTask('outbox', () => unpublishedSendEvents(pg.pool)).catch(() => [])
      if (unpublished.length > 0) {
        await kafka.producer
          .sendAll(
            unpublished.map((e) => ({ topic: sendsTopic, key: e.message_id, value: JSON.stringify(e) })),
          )
          .then(() =>
            markSendEventsPublished(
              pg.pool,
              unpublished.map((e) => e.message_id),
            ),
          )
          .then(() => log.info({ count: unpublished.length }, 'published send events from the outbox'))
          .catch((err) => log.warn({ err: (err as Error).message }, 'outbox publish failed'))
      }
    }),
  )
  return {
    isLeader: () => leader,
    async stop() {
      for (const t of tasks) await t.stop()
      await campaignsBusy
      await dispatchQueue.close()
      await journeyQueue.close()
      if (leader) await lockClient.query('SELECT pg_advisory_unlock($1)', [SCHEDULER_LOCK]).catch(() => {})
      lockClient.release()
      await deps.redis.release()
      await deps.kafka.release()
      await deps.postgres.release()
    },
  }
}
