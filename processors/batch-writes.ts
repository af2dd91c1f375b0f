// Batch-handler parts of the event pipeline: live events, the ClickHouse dedup token and send rows, creative stats.
import type pg from 'pg'
import { type StatsItem, statsDeltas } from '../core/bandit-stats.js'
import type { EventTypes, SendEvent } from '../core/events.js'
import type { LiveEntry } from '../core/live.js'
import type { LivePublisher } from '../services/live.js'
import type { PartitionBatch } from './consumer.js'
import { applyCreativeStats, applyOncePerOffset, loadSelections, type SelectionRef } from './state.js'
import { type Decodable, processBatch, type Slice, type StepRunnerDeps } from './steps.js'

/** The live events of a written slice (core/live.ts). */
export type LiveOf<E> = (slice: Slice<E>) => LiveEntry[]

/** `source` of a slice for gathered live events: its topic and partition. */
export const sliceSource = (s: { topic: string; partition: number }): string => `${s.topic}:${s.partition}`

/**
 * A topic's batch handler: the step runner over `write`, then the live events of every slice that was written,
 * published after the writes and before the offsets are committed (a redelivery publishes nothing twice).
 */
export function withLiveEvents<K extends Decodable>(
  key: K,
  write: (slice: Slice<EventTypes[K]>) => Promise<void>,
  live: LiveOf<EventTypes[K]> | undefined,
  deps: StepRunnerDeps & { live?: LivePublisher | undefined },
): (b: PartitionBatch) => Promise<void> {
  return async (batch) => {
    const entries: LiveEntry[] = []
    const publisher = deps.live
    await processBatch(
      key,
      batch,
      async (slice) => {
        await write(slice)
        if (publisher && live) entries.push(...live(slice))
      },
      deps,
    )
    if (publisher) await publisher.publish(batch, entries)
  }
}

/** Dedup token of a batch: a redelivery of the same offsets is written once even before merges. */
export const batchToken = (b: PartitionBatch): string =>
  `${b.topic}:${b.partition}:${b.messages[0]!.offset}-${b.messages[b.messages.length - 1]!.offset}`

export const sendRows = (events: SendEvent[], carriers: ReadonlyMap<string, string>) =>
  events.map((e) => ({
    account_id: e.account_id,
    event_id: e.event_id,
    event_time: e.event_time,
    message_id: e.message_id,
    contact_id: e.contact_id,
    list_id: e.list_id,
    to_number: e.to,
    provider: e.provider,
    segments: e.segments,
    cost: e.cost,
    creative_id: e.creative_id,
    schedule_id: e.schedule_id,
    variant: e.variant,
    offer_ids: e.offer_ids,
    imported: e.imported ? 1 : 0,
    carrier: carriers.get(e.contact_id) ?? '',
  }))

const CREATIVE_STATS = 'creative_stats'

/**
 * Step: the bandit's counts (creative_stats) of the batch's events whose message has a creative selection, applied
 * once per offset under its own watermark. `count` turns the fresh events into counts, in that transaction.
 */
export async function applyCreativeStatsStep<E extends { account_id: string; message_id: string }>(
  pool: pg.Pool,
  batch: PartitionBatch,
  events: readonly E[],
  offsets: readonly string[],
  count: (
    client: pg.PoolClient,
    fresh: { event: E; selection: SelectionRef }[],
  ) => StatsItem[] | Promise<StatsItem[]>,
): Promise<void> {
  const selections = await loadSelections(
    pool,
    events.map((e) => e.message_id),
  )
  // Most batches name no selected message: no transaction for them. Skipping their offsets is safe because a
  // selection is committed with its message, before any event about that message exists.
  if (selections.size === 0) return
  await applyOncePerOffset(pool, CREATIVE_STATS, batch, async (client, isFresh) => {
    const fresh = events.flatMap((event, i) => {
      const selection = selections.get(event.message_id)
      return selection && selection.accountId === event.account_id && isFresh(offsets[i]!)
        ? [{ event, selection }]
        : []
    })
    if (fresh.length > 0) await applyCreativeStats(client, statsDeltas(await count(client, fresh)))
  })
}
