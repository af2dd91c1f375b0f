// A Kafka consumer that hands whole partition batches to a handler and commits their offsets only after the
// handler's writes succeeded. A handler that throws leaves the offsets alone, so kafkajs redelivers the batch.
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs'
import type { Logger } from 'pino'
import { batchDuration, consumerErrors, consumerEvents, consumerLag, topicLabel } from '../lib/metrics.js'

export interface PartitionBatch {
  topic: string
  partition: number
  messages: KafkaMessage[]
}

export interface ConsumerOptions {
  groupId: string
  topics: string[]
  /** Stripped from topic names in metric labels. */
  topicPrefix: string
  fromBeginning: boolean
  handle(batch: PartitionBatch): Promise<void>
}

export class BatchConsumer {
  private readonly consumer: Consumer
  private running = false
  private crashed: Error | undefined

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly log: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxWaitTimeInMs: 250,
    })
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashed = e.payload.error
      this.log.error({ err: e.payload.error.message, restart: e.payload.restart }, 'consumer crashed')
      if (e.payload.restart) this.crashed = undefined
    })
  }

  async start(): Promise<void> {
    await this.consumer.connect()
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning })
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch, isRunning, isStale, resolveOffset, heartbeat }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return
        const topic = topicLabel(batch.topic, this.options.topicPrefix)
        const timer = batchDuration.startTimer({ topic })
        try {
          await this.options.handle({
            topic: batch.topic,
            partition: batch.partition,
            messages: batch.messages,
          })
        } catch (err) {
          consumerErrors.inc({ topic })
          throw err
        }
        timer()
        const last = batch.messages[batch.messages.length - 1]!
        await this.consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ])
        // Moves the fetch position past the batch; without it the same records are fetched again.
        resolveOffset(last.offset)
        await heartbeat()
        consumerEvents.inc({ topic }, batch.messages.length)
        consumerLag.set({ topic, partition: String(batch.partition) }, Number(batch.offsetLag()))
      },
    })
    this.running = true
  }

  isHealthy(): boolean {
    return this.running && this.crashed === undefined
  }

  /** Finishes the batch in progress (and its commit), then leaves the group. */
  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    await this.consumer.disconnect()
  }
}
