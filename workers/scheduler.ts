// The scheduler role: node-cron jobs that fire in exactly one copy (a Postgres advisory lock held for life).
import cron, { type ScheduledTask } from 'node-cron'
import type pg from 'pg'
import { topicName } from '../core/events.js'
import type { Deps } from '../lib/deps.js'
import {
  failInterruptedClaims,
  markSendEventsPublished,
  unpublishedSendEvents,
} from '../services/dispatch.js'
import { pruneIdempotencyKeys } from '../services/idempotency.js'

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

export async function startScheduler(deps: Deps): Promise<RunningScheduler> {
  const log = deps.log.child({ role: 'scheduler' })
  const pg = deps.postgres.acquire()
  const kafka = deps.kafka.acquire()
  const sendsTopic = topicName(deps.config.kafkaTopicPrefix, 'sends')
  const lockClient = await pg.pool.connect()
  let leader = false
  const tasks: ScheduledTask[] = []
  const tryLead = async () => {
    if (leader) return
    const { rows } = await lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      SCHEDULER_LOCK,
    ])
    leader = rows[0]?.ok === true
    if (leader) log.info('scheduler is the active copy')
  }
  await tryLead()
  tasks.push(
    cron.schedule('* * * * *', async () => {
      await tryLead().catch((err) => log.warn({ err: (err as Error).message }, 'leader check failed'))
      if (!leader) return
      const dropped = await dropStaleMessages(pg.pool).catch(() => 0)
      if (dropped > 0) log.info({ dropped }, 'dropped stale queued messages')
      await pruneIdempotencyKeys(pg.pool).catch(() => 0)
      const interrupted = await failInterruptedClaims(pg.pool).catch(() => 0)
      if (interrupted > 0)
        log.warn({ interrupted }, 'failed messages whose provider call never reported back')
      // Outbox: send events whose publication the dispatcher could not confirm (ids are stable; CH dedups).
      const unpublished = await unpublishedSendEvents(pg.pool).catch(() => [])
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
      if (leader) await lockClient.query('SELECT pg_advisory_unlock($1)', [SCHEDULER_LOCK]).catch(() => {})
      lockClient.release()
      await deps.kafka.release()
      await deps.postgres.release()
    },
  }
}
