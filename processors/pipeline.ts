// The event pipeline: each partition batch runs through small named steps — decode, attribute, write to
// ClickHouse and Postgres — under the step runner (processors/steps.ts), which dead-letters what cannot be read or
// written, before its offsets are committed. The handler parts it shares with the messaging processor (live events,
// dedup token), its send rows and its creative-stats step live in processors/batch-writes.ts, re-exported here.
import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClickHouse } from '../analytics/clickhouse.js'
import {
  activityDeltas,
  clickRows,
  conversionRow,
  firstClickCandidates,
  isCountedConversion,
} from '../core/attribution.js'
import {
  type ClickEvent,
  type ContactEvent,
  type EventTypes,
  type LinkMissEvent,
  type RevenueEvent,
  type SendEvent,
  type TopicKey,
  topicName,
} from '../core/events.js'
import { clickEntries, conversionEntries, sendEntries } from '../core/live.js'
import type { BatchingProducer } from '../lib/kafka.js'
import type { LivePublisher } from '../services/live.js'
import {
  applyCreativeStatsStep,
  batchToken,
  type LiveOf,
  sendRows,
  sliceSource,
  withLiveEvents,
} from './batch-writes.js'
import type { PartitionBatch } from './consumer.js'
import { claimFirstClicks, loadFirstClicks, reattributeConversions } from './first-clicks.js'
import {
  applyActivity,
  applyOncePerOffset,
  loadCarriers,
  loadClickWindows,
  loadLedger,
  MessageDimsCache,
  recordPostings,
} from './state.js'
import { type Decodable, type Slice, timedStep } from './steps.js'

export * from './batch-writes.js'

export interface PipelineDeps {
  pool: pg.Pool
  clickhouse: ClickHouse
  producer: BatchingProducer
  topicPrefix: string
  log: Logger
  /** Where the dashboard's live events go once a batch's writes are in (none: not published). */
  live?: LivePublisher
}

const ACTIVITY = 'contact-activity'

export class EventPipeline {
  private readonly dims = new MessageDimsCache()

  constructor(private readonly deps: PipelineDeps) {}

  /** Topic → step pipeline of that topic's batches. */
  get handlers(): [string, (b: PartitionBatch) => Promise<void>][] {
    const t = (k: TopicKey) => topicName(this.deps.topicPrefix, k)
    const run = <K extends Decodable>(
      key: K,
      write: (slice: Slice<EventTypes[K]>) => Promise<void>,
      live?: LiveOf<EventTypes[K]>,
    ) => withLiveEvents(key, write, live, this.deps)
    return [
      [
        t('sends'),
        run(
          'sends',
          (s) => this.sends(s),
          (s) => sendEntries(sliceSource(s), s.events, s.offsets),
        ),
      ],
      [
        t('clicks'),
        run(
          'clicks',
          (s) => this.clicks(s),
          (s) => clickEntries(s.events, s.offsets),
        ),
      ],
      [
        t('revenue'),
        run(
          'revenue',
          (s) => this.revenue(s),
          (s) => conversionEntries(s.events, s.offsets),
        ),
      ],
      [t('contacts'), run('contacts', (s) => this.contacts(s))],
      [t('linkMisses'), run('linkMisses', (s) => this.linkMisses(s))],
    ]
  }

  private async sends(batch: Slice<SendEvent>): Promise<void> {
    const { pool, clickhouse } = this.deps
    const { events, offsets } = batch
    // Postgres state and ClickHouse rows are independent writes; both finish before the commit.
    await Promise.all([
      timedStep('sends.contact-activity', () =>
        applyOncePerOffset(pool, ACTIVITY, batch, (client, isFresh) =>
          applyActivity(
            client,
            activityDeltas(
              events
                .filter((_, i) => isFresh(offsets[i]!))
                .map((e) => ({
                  listId: e.list_id,
                  contactId: e.contact_id,
                  sends: 1,
                  lastSentAt: e.event_time,
                })),
            ),
          ),
        ),
      ),
      timedStep('sends.clickhouse-sends', async () => {
        const carriers = await timedStep('sends.carriers', () =>
          loadCarriers(
            pool,
            events.map((e) => e.contact_id),
          ),
        )
        this.rememberDims(events, carriers)
        await clickhouse.insert('sends', sendRows(events, carriers), batchToken(batch))
      }),
      timedStep('sends.creative-stats', () =>
        applyCreativeStatsStep(pool, batch, events, offsets, (_, fresh) =>
          fresh.map(({ selection }) => ({ ...selection, sends: 1 })),
        ),
      ),
    ])
  }

  /**
   * A send carries its message's dimensions (the dispatcher copies them from the row) and the carrier it is stored
   * with: its clicks and conversions then need no lookup. Imported history may name messages without a row, so it is
   * not remembered.
   */
  private rememberDims(events: readonly SendEvent[], carriers: ReadonlyMap<string, string>): void {
    for (const e of events) {
      if (e.imported) continue
      this.dims.remember(e.message_id, {
        listId: e.list_id,
        contactId: e.contact_id,
        creativeId: e.creative_id,
        scheduleId: e.schedule_id,
        variant: e.variant,
        carrier: carriers.get(e.contact_id) ?? '',
        offerIds: e.offer_ids,
      })
    }
  }

  private async clicks(batch: Slice<ClickEvent>): Promise<void> {
    const { pool, clickhouse } = this.deps
    const { events, offsets } = batch
    const [winners, dims] = await Promise.all([
      timedStep('clicks.first-click-claims', () => claimFirstClicks(pool, firstClickCandidates(events))),
      timedStep('clicks.message-dims', () =>
        this.dims.load(
          pool,
          events.map((e) => e.message_id),
        ),
      ),
    ])
    const winnerIds = new Map([...winners].map(([m, f]) => [m, f.clickId]))
    // A click counts for its contact's activity when it holds its message's first-click slot (spec §14: one per message).
    await Promise.all([
      timedStep('clicks.contact-activity', () =>
        applyOncePerOffset(pool, ACTIVITY, batch, (client, isFresh) =>
          applyActivity(
            client,
            activityDeltas(
              events.flatMap((e, i) => {
                const d = dims.get(e.message_id)
                if (!d || !isFresh(offsets[i]!) || winnerIds.get(e.message_id) !== e.event_id) return []
                return [{ listId: d.listId, contactId: d.contactId, clicks: 1, lastClickedAt: e.event_time }]
              }),
            ),
          ),
        ),
      ),
      timedStep('clicks.clickhouse-clicks', () =>
        clickhouse.insert('clicks', clickRows(events, winnerIds, dims), batchToken(batch)),
      ),
      // Only the click holding its message's first-click slot counts: bots, previews and repeat clicks never do.
      timedStep('clicks.creative-stats', () =>
        applyCreativeStatsStep(pool, batch, events, offsets, (_, fresh) => {
          const counted = new Set<string>()
          return fresh.flatMap(({ event, selection }) => {
            if (winnerIds.get(event.message_id) !== event.event_id || counted.has(event.message_id)) return []
            counted.add(event.message_id)
            return [{ ...selection, clicks: 1 }]
          })
        }),
      ),
    ])
    await timedStep('clicks.reattribution', () => reattributeConversions(clickhouse, pool, winners))
  }

  private async revenue(batch: Slice<RevenueEvent>): Promise<void> {
    const { pool, clickhouse } = this.deps
    const { events, offsets } = batch
    const messageIds = events.map((e) => e.message_id)
    const dims = await timedStep('revenue.message-dims', () => this.dims.load(pool, messageIds))
    // Before the ledger step below: a conversion counts for its creative when the ledger has no posting of it yet
    // (postings of one transaction share the message's partition, so earlier ones were recorded by earlier
    // batches). A refund or chargeback moves revenue (signed amount) but not conversions.
    await timedStep('revenue.creative-stats', () =>
      applyCreativeStatsStep(pool, batch, events, offsets, async (client, fresh) => {
        const posted = await loadLedger(
          client,
          fresh.map((f) => f.event.event_id),
        )
        const counted = new Set<string>()
        return fresh.flatMap(({ event, selection }) => {
          if (posted.has(event.event_id) || counted.has(event.event_id)) return []
          counted.add(event.event_id)
          return [
            {
              ...selection,
              conversions: isCountedConversion(event.conversion_type) ? 1 : 0,
              revenue: event.amount,
            },
          ]
        })
      }),
    )
    // Committed before the ClickHouse rows below: re-attribution reads only messages with a ledger entry.
    await timedStep('revenue.conversion-ledger', () =>
      applyOncePerOffset(pool, ACTIVITY, batch, async (client, isFresh) => {
        const fresh = events.filter((_, i) => isFresh(offsets[i]!))
        const firstPostings = await recordPostings(
          client,
          fresh.map((e) => ({
            eventId: e.event_id,
            accountId: e.account_id,
            messageId: e.message_id,
            clickId: e.click_id,
            amount: e.amount,
          })),
        )
        await applyActivity(
          client,
          activityDeltas(
            fresh.flatMap((e) => {
              const d = dims.get(e.message_id)
              if (!d || !firstPostings.delete(e.event_id)) return []
              return [
                {
                  listId: d.listId,
                  contactId: d.contactId,
                  conversions: isCountedConversion(e.conversion_type) ? 1 : 0,
                  revenue: e.amount,
                  lastRevenueAt: e.event_time,
                },
              ]
            }),
          ),
        )
      }),
    )
    const [firsts, ledger] = await timedStep('revenue.lookups', () =>
      Promise.all([
        loadFirstClicks(pool, messageIds),
        loadLedger(
          pool,
          events.map((e) => e.event_id),
        ),
      ]),
    )
    const windows = await loadClickWindows(
      pool,
      [...firsts.values()].map((f) => f.offerId),
    )
    const rows = events.map((e) => {
      const first = firsts.get(e.message_id)
      return conversionRow(e, first, {
        dims: dims.get(e.message_id),
        amount: ledger.get(e.event_id)?.amount,
        postings: ledger.get(e.event_id)?.postings,
        windowDays: first ? windows.get(first.offerId) : undefined,
      })
    })
    await timedStep('revenue.clickhouse-conversions', () =>
      clickhouse.insert('conversions', rows, batchToken(batch)),
    )
    // A first click claimed while this batch was written: the click side may have looked for conversions just
    // before these rows existed, so this side checks again (one of the two always sees the other's write).
    const claimedMeanwhile = new Map(
      [...(await timedStep('revenue.recheck', () => loadFirstClicks(pool, [...new Set(messageIds)])))].filter(
        ([message, first]) => firsts.get(message)?.clickId !== first.clickId,
      ),
    )
    await reattributeConversions(clickhouse, pool, claimedMeanwhile)
  }

  private async contacts(batch: Slice<ContactEvent>): Promise<void> {
    const { events } = batch
    await this.deps.clickhouse.insert(
      'contact_events',
      events.map((e) => ({
        account_id: e.account_id,
        event_id: e.event_id,
        event_time: e.event_time,
        type: e.type,
        contact_id: e.contact_id,
        list_contact_id: e.list_contact_id,
        list_id: e.list_id,
        signup_method: e.signup_method ?? '',
        reason: e.reason ?? '',
      })),
      batchToken(batch),
    )
  }

  private async linkMisses(batch: Slice<LinkMissEvent>): Promise<void> {
    await this.deps.clickhouse.insert('link_misses', batch.events, batchToken(batch))
  }
}

/** The consumer group of the processors role (prefixed like the topics). */
export const processorGroupId = (prefix: string): string => `${prefix}trackly-processors`
