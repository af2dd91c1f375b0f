// Kafka client, topic setup, and the batching producer every role uses to publish events.
// kafkajs does no batching of its own (one awaited send per event caps near 2k msg/s), so events are gathered
// for at most `lingerMs` or `maxBatch` records and sent together; the buffer is bounded for backpressure.
import { type Admin, Kafka, logLevel, type Message, Partitioners, type Producer } from 'kafkajs'
import type { Logger } from 'pino'
import type { Config } from '../core/config.js'
import { TOPICS, type TopicKey, topicName } from '../core/events.js'
import { currentRequestId, REQUEST_ID_HEADER } from './request-context.js'

export function createKafka(config: Pick<Config, 'kafkaBrokers'>, log: Logger, clientId = 'trackly'): Kafka {
  const kafkaLog = log.child({ component: 'kafkajs' })
  return new Kafka({
    clientId,
    brokers: config.kafkaBrokers,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...extra } = entry
        if (level <= logLevel.ERROR) kafkaLog.error(extra, message)
        else kafkaLog.warn(extra, message)
      },
  })
}

/**
 * Creates every topic (with the configured prefix) that does not exist yet and waits until each partition has a
 * leader. A broker that just started answers "unknown topic-partition" for a while, a retriable error kafkajs's
 * own `waitForLeaders` lets escape, so retriable errors are retried here with a bounded backoff.
 */
export async function ensureTopics(
  kafka: Kafka,
  config: Pick<Config, 'kafkaTopicPrefix' | 'kafkaPartitions' | 'kafkaReplicationFactor'>,
  attempts = 30,
): Promise<void> {
  const topics = (Object.keys(TOPICS) as TopicKey[]).map((key) => topicName(config.kafkaTopicPrefix, key))
  const admin = kafka.admin()
  await admin.connect()
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics())
        const missing = topics.filter((name) => !existing.has(name))
        if (missing.length > 0) {
          await admin.createTopics({
            topics: missing.map((topic) => ({
              topic,
              numPartitions: config.kafkaPartitions,
              replicationFactor: config.kafkaReplicationFactor,
            })),
          })
        }
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics })
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return
      } catch (err) {
        if (!(err as { retriable?: boolean }).retriable || attempt >= attempts) throw err
      }
      if (attempt >= attempts) throw new Error(`topics have no leader after ${attempts} attempts`)
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * attempt)))
    }
  } finally {
    await admin.disconnect()
  }
}

export class ProducerUnavailableError extends Error {
  override name = 'ProducerUnavailableError'
}

export interface OutgoingRecord {
  topic: string
  key: string
  value: string
  /** Kafka record headers; `x-request-id` is added for records a request produces. */
  headers?: Record<string, string>
}

interface Pending extends OutgoingRecord {
  resolve(): void
  reject(err: Error): void
}

export interface BatchingProducerOptions {
  lingerMs: number
  maxBatch: number
  /** Records buffered or in flight beyond which `send` refuses at once (the caller spools instead). */
  maxPending: number
}

type ProducerState = 'idle' | 'connecting' | 'connected' | 'closed'

/** What publishing code needs of a producer: the batching one below, or one running on a thread of its own. */
export interface RecordProducer {
  /** Connects in the background; until connected, `send` refuses so callers can fall back at once. */
  start(): Promise<void>
  isHealthy(): boolean
  readonly pendingCount: number
  /** Resolves once the broker acknowledged the record (acks=all). */
  send(record: OutgoingRecord): Promise<void>
  /** Sends many records and waits for all; used by replays and processors, never on the request path. */
  sendAll(records: OutgoingRecord[]): Promise<void>
  /** Waits until every buffered and in-flight record is acknowledged or failed. */
  flush(): Promise<void>
  close(): Promise<void>
}

/** The request's id travels with the records it produces (lib/request-context). */
export function recordWithRequestId(record: OutgoingRecord): OutgoingRecord {
  const requestId = currentRequestId()
  return requestId === undefined
    ? record
    : { ...record, headers: { ...record.headers, [REQUEST_ID_HEADER]: requestId } }
}

export class BatchingProducer implements RecordProducer {
  private readonly producer: Producer
  private state: ProducerState = 'idle'
  private buffer: Pending[] = []
  private timer: NodeJS.Timeout | undefined
  private inFlight = new Set<Promise<void>>()
  private pending = 0
  private reconnectTimer: NodeJS.Timeout | undefined

  constructor(
    kafka: Kafka,
    private readonly options: BatchingProducerOptions,
    private readonly log: Logger,
  ) {
    this.producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    })
    this.producer.on(this.producer.events.DISCONNECT, () => {
      if (this.state === 'connected') this.markDown('disconnected')
    })
  }

  start(): Promise<void> {
    if (this.state !== 'idle') return Promise.resolve()
    return this.connect()
  }

  isHealthy(): boolean {
    return this.state === 'connected'
  }

  get pendingCount(): number {
    return this.pending
  }

  send(record: OutgoingRecord): Promise<void> {
    if (this.state !== 'connected')
      return Promise.reject(new ProducerUnavailableError(`producer ${this.state}`))
    if (this.pending >= this.options.maxPending) {
      return Promise.reject(new ProducerUnavailableError('producer buffer full'))
    }
    return new Promise<void>((resolve, reject) => {
      this.pending++
      this.buffer.push({ ...recordWithRequestId(record), resolve, reject })
      if (this.buffer.length >= this.options.maxBatch) this.flushBuffer()
      else this.timer ??= setTimeout(() => this.flushBuffer(), this.options.lingerMs)
    })
  }

  async sendAll(records: OutgoingRecord[]): Promise<void> {
    await Promise.all(records.map((r) => this.send(r)))
  }

  async flush(): Promise<void> {
    this.flushBuffer()
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return
    await this.flush()
    this.state = 'closed'
    clearTimeout(this.reconnectTimer)
    await this.producer.disconnect().catch(() => {})
  }

  private async connect(): Promise<void> {
    this.state = 'connecting'
    try {
      await this.producer.connect()
      if ((this.state as ProducerState) === 'closed') return
      this.state = 'connected'
      this.log.info('kafka producer connected')
    } catch (err) {
      this.markDown((err as Error).message)
    }
  }

  private markDown(reason: string): void {
    if (this.state === 'closed') return
    this.log.warn({ reason }, 'kafka producer unavailable; retrying in 1s')
    this.state = 'connecting'
    clearTimeout(this.reconnectTimer)
    this.reconnectTimer = setTimeout(async () => {
      await this.producer.disconnect().catch(() => {})
      await this.connect()
    }, 1_000)
    this.reconnectTimer.unref()
  }

  private flushBuffer(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.buffer.length === 0) return
    const batch = this.buffer
    this.buffer = []
    const byTopic = new Map<string, Message[]>()
    for (const r of batch) {
      const list = byTopic.get(r.topic) ?? []
      list.push(
        r.headers ? { key: r.key, value: r.value, headers: r.headers } : { key: r.key, value: r.value },
      )
      byTopic.set(r.topic, list)
    }
    const request = this.producer
      .sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(
        () => {
          for (const r of batch) r.resolve()
        },
        (err: Error) => {
          for (const r of batch) r.reject(err)
          this.markDown(err.message)
        },
      )
      .finally(() => {
        this.pending -= batch.length
        this.inFlight.delete(request)
      })
    this.inFlight.add(request)
  }
}

/** Readiness probe: one metadata round trip to the cluster. */
export async function pingKafka(admin: Admin): Promise<boolean> {
  await admin.connect()
  const cluster = await admin.describeCluster()
  return cluster.brokers.length > 0
}
