// Publishes an event so that it is durable before the caller answers: acknowledged by Kafka within
// `ackTimeoutMs`, or else appended to the local spool. A slow or absent Kafka never fails the request.
import type { Logger } from 'pino'
import type { BatchingProducer, OutgoingRecord } from './kafka.js'
import { Spool } from './spool.js'

export type Durability = 'acked' | 'spooled'

export class DurableEvents {
  private readonly spool: Spool
  private replayTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly producer: BatchingProducer,
    spoolDir: string,
    private readonly ackTimeoutMs: number,
    private readonly log: Logger,
  ) {
    this.spool = new Spool(spoolDir, log)
  }

  /** Starts replaying the spool (leftovers of earlier runs included) whenever Kafka is reachable. */
  start(intervalMs = 1_000): void {
    this.replayTimer = setInterval(() => {
      if (this.spool.hasBacklog()) void this.spool.replay(this.producer)
    }, intervalMs)
    this.replayTimer.unref()
  }

  async publish(record: OutgoingRecord): Promise<Durability> {
    const acked = this.producer.send(record)
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.ackTimeoutMs)
    })
    try {
      const outcome = await Promise.race([acked.then(() => 'acked' as const), timedOut])
      if (outcome === 'acked') return 'acked'
      // Still in flight: spool a copy now; if Kafka acks later too, the duplicate is dropped downstream by id.
      acked.catch(() => {})
    } catch {
      // Refused or failed: the spool is the only copy.
    } finally {
      clearTimeout(timer)
    }
    this.spool.append([record])
    return 'spooled'
  }

  get spooledCount(): number {
    return this.spool.appendedCount
  }

  /** Replays what is spooled now (used at shutdown and by tests). */
  replayNow(): Promise<number> {
    return this.spool.replay(this.producer)
  }

  async close(): Promise<void> {
    clearInterval(this.replayTimer)
    await this.replayNow().catch(() => 0)
    this.spool.close()
    this.log.debug('durable events closed')
  }
}
