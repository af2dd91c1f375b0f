// The step runner of one partition batch. Each record first goes through the decode step, which answers per event
// (ok, drop, dead-letter). The decoded events are then written together by the topic's write step: one Postgres
// transaction and one ClickHouse insert for the whole batch, which is what makes the pipeline fast. When that
// write throws, the runner finds the event at fault instead of handing the whole batch back to Kafka forever:
//   - a transient error (connection, timeout, deadlock) is retried a bounded number of times with backoff;
//   - if it persists while Postgres and ClickHouse answer, or the error is about the data, the batch is split in
//     two and each half written in order (bisection): halves without the poison event land, and a single event
//     that still fails is dead-lettered with its reason, source topic, partition, offset and payload;
//   - a systemic error (unknown table, privileges) or a dependency that does not answer blames no event: the
//     batch is thrown back (redelivered by Kafka, nothing dead-lettered).
// Halves are written in offset order, and every write is idempotent under the per-partition watermark (Postgres)
// and event-id keys (ClickHouse), so the rest of the batch lands exactly once however often it was tried.
import type { KafkaMessage } from 'kafkajs'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { type DeadLetterEvent, decodeEvent, type EventTypes, topicName } from '../core/events.js'
import {
  classifyError,
  deadLetter,
  errorText,
  namedStep,
  ok,
  type RetryPolicy,
  retry,
  retryDelayMs,
  type StepResult,
} from '../core/step-result.js'
import type { BatchingProducer } from '../lib/kafka.js'
import { deadLetters, pipelineStepDuration, topicLabel } from '../lib/metrics.js'
import type { PartitionBatch } from './consumer.js'

/** The decoded events of part of a partition batch, with their records and offsets (same index). */
export interface Slice<E> extends PartitionBatch {
  events: E[]
  offsets: string[]
}

export interface BatchSteps<E> {
  /** Per record: the event, or why it is dropped or dead-lettered. */
  decode(message: KafkaMessage): StepResult<E>
  /** Writes a slice's events; throws when it cannot (the runner turns the error into a result). */
  write(slice: Slice<E>): Promise<void>
}

export interface RunnerIo {
  policy: RetryPolicy
  sleep(ms: number): Promise<void>
  /** Whether the stores answer: a transient error that persists while they do follows the events. */
  dependenciesAnswer(): Promise<boolean>
  random?: () => number
  log?: Logger
}

export type EventOutcome = { offset: string } & (
  | { kind: 'ok' }
  | { kind: 'drop'; reason: string }
  | { kind: 'dead_letter'; reason: string }
)

export interface BatchOutcome {
  /** One per record of the batch, in offset order. */
  outcomes: EventOutcome[]
  deadLetters: DeadLetterEvent[]
  /** Calls of the write step (1 when nothing failed). */
  writes: number
}

interface Entry<E> {
  message: KafkaMessage
  event: E
}

export async function runBatch<E>(
  batch: PartitionBatch,
  steps: BatchSteps<E>,
  io: RunnerIo,
): Promise<BatchOutcome> {
  const outcomes = new Map<string, EventOutcome>()
  const dead: DeadLetterEvent[] = []
  const setAside = (message: KafkaMessage, reason: string) => {
    outcomes.set(message.offset, { offset: message.offset, kind: 'dead_letter', reason })
    dead.push(deadLetterEvent(batch, message, reason))
  }
  const decoded: Entry<E>[] = []
  const decoding = pipelineStepDuration.startTimer({ step: 'decode' })
  for (const message of batch.messages) {
    const result = steps.decode(message)
    if (result.kind === 'ok') decoded.push({ message, event: result.value })
    else if (result.kind === 'drop')
      outcomes.set(message.offset, { offset: message.offset, kind: 'drop', reason: result.reason })
    // A per-record step is pure: the same record would fail the same way again.
    else setAside(message, result.reason)
  }
  decoding()

  let writes = 0
  const attempt = async (entries: Entry<E>[]): Promise<StepResult<null>> => {
    const slice = sliceOf(batch, entries)
    for (let tries = 1; ; tries++) {
      writes++
      try {
        await steps.write(slice)
        return ok(null)
      } catch (err) {
        const cls = classifyError(err)
        if (cls === 'systemic') throw err
        if (cls === 'permanent') return deadLetter(errorText(err), err)
        if (tries >= io.policy.attempts) return retry(`after ${tries} tries: ${errorText(err)}`, err)
        await io.sleep(retryDelayMs(tries, io.policy, io.random))
      }
    }
  }
  const isolate = async (entries: Entry<E>[]): Promise<void> => {
    const result = await attempt(entries)
    if (result.kind === 'ok') {
      for (const { message } of entries) outcomes.set(message.offset, { offset: message.offset, kind: 'ok' })
      return
    }
    if (result.kind === 'retry' && !(await io.dependenciesAnswer())) throw result.error
    const { reason } = result
    if (entries.length === 1) {
      setAside(entries[0]!.message, reason)
      return
    }
    if (entries.length === decoded.length) {
      io.log?.warn(
        { topic: batch.topic, partition: batch.partition, events: entries.length, reason },
        'batch write failed: isolating the events at fault',
      )
    }
    const half = Math.ceil(entries.length / 2)
    await isolate(entries.slice(0, half))
    await isolate(entries.slice(half))
  }
  if (decoded.length > 0) await isolate(decoded)

  dead.sort((a, b) => (BigInt(a.source_offset) < BigInt(b.source_offset) ? -1 : 1))
  return { outcomes: batch.messages.map((m) => outcomes.get(m.offset)!), deadLetters: dead, writes }
}

function sliceOf<E>(batch: PartitionBatch, entries: Entry<E>[]): Slice<E> {
  return {
    topic: batch.topic,
    partition: batch.partition,
    messages: entries.map((e) => e.message),
    events: entries.map((e) => e.event),
    offsets: entries.map((e) => e.message.offset),
  }
}

export function deadLetterEvent(batch: PartitionBatch, m: KafkaMessage, reason: string): DeadLetterEvent {
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

export type Decodable = 'sends' | 'clicks' | 'revenue' | 'linkMisses' | 'deliveries' | 'inbound' | 'contacts'

/** Step: parse and validate one record; what fails is dead-lettered with its reason. */
export function decodeStep<K extends Decodable>(key: K, m: KafkaMessage): StepResult<EventTypes[K]> {
  const result = decodeEvent(key, m.value)
  return result.ok ? ok(result.event) : deadLetter(result.reason)
}

/** Write retries: 4 tries over about 0.7 s before the runner asks whether the stores answer. */
export const WRITE_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 }

export interface StepRunnerDeps {
  pool: pg.Pool
  clickhouse: ClickHouse
  producer: BatchingProducer
  topicPrefix: string
  log: Logger
}

/** A named step (its errors name it, core/step-result) whose time goes to the per-step histogram. */
export async function timedStep<T>(step: string, work: () => Promise<T>): Promise<T> {
  const done = pipelineStepDuration.startTimer({ step })
  try {
    return await namedStep(step, work)
  } finally {
    done()
  }
}

/** Runs a topic's batch through decode and its write step, then publishes what was set aside (before the commit). */
export async function processBatch<K extends Decodable>(
  key: K,
  batch: PartitionBatch,
  write: (slice: Slice<EventTypes[K]>) => Promise<void>,
  deps: StepRunnerDeps,
): Promise<void> {
  const outcome = await runBatch(
    batch,
    { decode: (m) => decodeStep(key, m), write: (slice) => timedStep(`write-${key}`, () => write(slice)) },
    {
      policy: WRITE_RETRY,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      dependenciesAnswer: () => storesAnswer(deps.pool, deps.clickhouse),
      log: deps.log,
    },
  )
  await publishDeadLetters(deps.producer, deps.topicPrefix, deps.log, outcome.deadLetters)
}

async function storesAnswer(pool: pg.Pool, clickhouse: ClickHouse): Promise<boolean> {
  try {
    await pool.query('SELECT 1')
    return await clickhouse.ping()
  } catch {
    return false
  }
}

/** Step: publish the records set aside to the dead-letter topic (awaited, so the commit waits for it). */
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
  for (const d of dead) deadLetters.inc({ topic: topicLabel(d.source_topic, topicPrefix) })
}
