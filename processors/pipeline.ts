// The event pipeline: each partition batch runs through small named steps — decode, attribute, write to
// ClickHouse, dead-letter what cannot be read — before its offsets are committed.
import type { KafkaMessage } from 'kafkajs'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClickHouse } from '../analytics/clickhouse.js'
import {
  type ConversionRow,
  clickRows,
  conversionRow,
  type FirstClick,
  firstClickCandidates,
} from '../core/attribution.js'
import {
  type DeadLetterEvent,
  decodeEvent,
  type EventTypes,
  type SendEvent,
  type TopicKey,
  topicName,
} from '../core/events.js'

import type { BatchingProducer } from '../lib/kafka.js'
import type { PartitionBatch } from './consumer.js'

export interface PipelineDeps {
  pool: pg.Pool
  clickhouse: ClickHouse
  producer: BatchingProducer
  topicPrefix: string
  log: Logger
}

type Decodable = 'sends' | 'clicks' | 'revenue' | 'linkMisses' | 'deliveries' | 'inbound'

interface Decoded<T> {
  events: T[]
  dead: DeadLetterEvent[]
}

/** Step: parse and validate every record; what fails becomes a dead letter with its reason. */
export function decodeBatch<K extends Decodable>(key: K, batch: PartitionBatch): Decoded<EventTypes[K]> {
  const events: EventTypes[K][] = []
  const dead: DeadLetterEvent[] = []
  for (const m of batch.messages) {
    const result = decodeEvent(key, m.value)
    if (result.ok) events.push(result.event)
    else dead.push(deadLetter(batch, m, result.reason))
  }
  return { events, dead }
}

function deadLetter(batch: PartitionBatch, m: KafkaMessage, reason: string): DeadLetterEvent {
  return {
    event_id: `dl_${batch.topic}_${batch.partition}_${m.offset}`,
    event_time: new Date().toISOString(),
    source_topic: batch.topic,
    source_partition: batch.partition,
    source_offset: m.offset,
    reason,
    payload: m.value?.toString('utf8').slice(0, 64_000) ?? '',
  }
}

/** Dedup token of a batch: a redelivery of the same offsets is written once even before merges. */
export const batchToken = (b: PartitionBatch): string =>
  `${b.topic}:${b.partition}:${b.messages[0]!.offset}-${b.messages[b.messages.length - 1]!.offset}`

/** Step: claim the first-click slot of each message (first writer wins, so replays re-derive the same winner). */
export async function claimFirstClicks(
  pool: pg.Pool,
  candidates: FirstClick[],
): Promise<Map<string, FirstClick>> {
  if (candidates.length > 0) {
    await pool.query(
      `INSERT INTO message_clicks (message_id, account_id, click_id, contact_id, offer_id, clicked_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT (message_id) DO NOTHING`,
      [
        candidates.map((c) => c.messageId),
        candidates.map((c) => c.accountId),
        candidates.map((c) => c.clickId),
        candidates.map((c) => c.contactId),
        candidates.map((c) => c.offerId),
        candidates.map((c) => c.clickedAt),
      ],
    )
  }
  return loadFirstClicks(
    pool,
    candidates.map((c) => c.messageId),
  )
}

export async function loadFirstClicks(pool: pg.Pool, messageIds: string[]): Promise<Map<string, FirstClick>> {
  if (messageIds.length === 0) return new Map()
  const { rows } = await pool.query<{
    message_id: string
    account_id: string
    click_id: string
    contact_id: string
    offer_id: string
    clicked_at: Date
  }>(
    'SELECT message_id, account_id, click_id, contact_id, offer_id, clicked_at FROM message_clicks WHERE message_id = ANY($1::text[])',
    [[...new Set(messageIds)]],
  )
  return new Map(
    rows.map((r) => [
      r.message_id,
      {
        accountId: r.account_id,
        messageId: r.message_id,
        clickId: r.click_id,
        contactId: r.contact_id,
        offerId: r.offer_id,
        clickedAt: r.clicked_at.toISOString(),
      },
    ]),
  )
}

export const sendRows = (events: SendEvent[]) =>
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
  }))

/**
 * Step: conversions written before their message's first click was known were credited to the click they named;
 * once the first click is known they are written again, credited to it. The end state is the same whichever
 * topic was processed first (the re-inserted row is the newest, so FINAL keeps it).
 */
export async function reattributeConversions(
  ch: ClickHouse,
  winners: Map<string, FirstClick>,
): Promise<number> {
  if (winners.size === 0) return 0
  const firsts = [...winners.values()]
  const stale = await ch.query<ConversionRow>(
    `SELECT account_id, event_id, event_time, message_id, click_id, attributed_click_id, offer_id, contact_id, network,
            transaction_id, conversion_type, toFloat64(amount) AS amount, source
       FROM conversions FINAL
      WHERE account_id IN {accounts:Array(String)} AND message_id IN {messages:Array(String)}`,
    { accounts: [...new Set(firsts.map((f) => f.accountId))], messages: firsts.map((f) => f.messageId) },
  )
  const rows = stale.flatMap((row) => {
    const first = winners.get(row.message_id)
    if (!first || row.attributed_click_id === first.clickId) return []
    return [
      { ...row, attributed_click_id: first.clickId, offer_id: first.offerId, contact_id: first.contactId },
    ]
  })
  await ch.insert('conversions', rows)
  return rows.length
}

export class EventPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /** Topic → step pipeline of that topic's batches. */
  get handlers(): [string, (b: PartitionBatch) => Promise<void>][] {
    const t = (k: TopicKey) => topicName(this.deps.topicPrefix, k)
    return [
      [t('sends'), (b) => this.sends(b)],
      [t('clicks'), (b) => this.clicks(b)],
      [t('revenue'), (b) => this.revenue(b)],
      [t('linkMisses'), (b) => this.linkMisses(b)],
    ]
  }

  private async sends(batch: PartitionBatch): Promise<void> {
    const { events, dead } = decodeBatch('sends', batch)
    await this.deps.clickhouse.insert('sends', sendRows(events), batchToken(batch))
    await this.deadLetters(dead)
  }

  private async clicks(batch: PartitionBatch): Promise<void> {
    const { events, dead } = decodeBatch('clicks', batch)
    const winners = await claimFirstClicks(this.deps.pool, firstClickCandidates(events))
    const winnerIds = new Map([...winners].map(([m, f]) => [m, f.clickId]))
    await this.deps.clickhouse.insert('clicks', clickRows(events, winnerIds), batchToken(batch))
    await reattributeConversions(this.deps.clickhouse, winners)
    await this.deadLetters(dead)
  }

  private async revenue(batch: PartitionBatch): Promise<void> {
    const { events, dead } = decodeBatch('revenue', batch)
    const firsts = await loadFirstClicks(
      this.deps.pool,
      events.map((e) => e.message_id),
    )
    const rows = events.map((e) => conversionRow(e, firsts.get(e.message_id)))
    await this.deps.clickhouse.insert('conversions', rows, batchToken(batch))
    // A first click claimed while this batch was written: the click side may have looked for conversions just
    // before these rows existed, so this side checks again (one of the two always sees the other's write).
    const claimedMeanwhile = new Map(
      [...(await loadFirstClicks(this.deps.pool, [...new Set(events.map((e) => e.message_id))]))].filter(
        ([message, first]) => firsts.get(message)?.clickId !== first.clickId,
      ),
    )
    await reattributeConversions(this.deps.clickhouse, claimedMeanwhile)
    await this.deadLetters(dead)
  }

  private async linkMisses(batch: PartitionBatch): Promise<void> {
    const { events, dead } = decodeBatch('linkMisses', batch)
    await this.deps.clickhouse.insert('link_misses', events, batchToken(batch))
    await this.deadLetters(dead)
  }

  private deadLetters(dead: DeadLetterEvent[]): Promise<void> {
    return publishDeadLetters(this.deps.producer, this.deps.topicPrefix, this.deps.log, dead)
  }
}

/** Step: publish unreadable records to the dead-letter topic (awaited, so the commit waits for it). */
export async function publishDeadLetters(
  producer: BatchingProducer,
  topicPrefix: string,
  log: Logger,
  dead: DeadLetterEvent[],
): Promise<void> {
  if (dead.length === 0) return
  log.warn({ count: dead.length, reason: dead[0]!.reason }, 'dead-lettering records')
  await producer.sendAll(
    dead.map((d) => ({
      topic: topicName(topicPrefix, 'deadLetter'),
      key: d.source_topic,
      value: JSON.stringify(d),
    })),
  )
}

/** The consumer group of the processors role (prefixed like the topics). */
export const processorGroupId = (prefix: string): string => `${prefix}trackly-processors`
