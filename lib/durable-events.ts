// Publishes an event so that it is durable before the caller answers: it is written to the local journal
// (group-committed per event-loop turn), then handed to the producer (ingest's runs on a thread of its own). The
// request never waits for Kafka, so a slow or absent Kafka never slows or fails it; what Kafka does not acknowledge
// stays in the journal and is replayed.
import type { Logger } from 'pino'
import type { OutgoingRecord, RecordProducer } from './kafka.js'
import { reportJournalBacklog } from './metrics.js'
import { Spool } from './spool.js'

export class DurableEvents {
  private readonly journal: Spool
  private timer: NodeJS.Timeout | undefined
  private unreport: (() => void) | undefined

  constructor(
    private readonly producer: RecordProducer,
    journalDir: string,
    private readonly log: Logger,
  ) {
    this.journal = new Spool(journalDir, log)
  }

  /** Seals the journal segment every `intervalMs` and replays failed segments (earlier runs' included). */
  start(intervalMs = 1_000): void {
    this.unreport = reportJournalBacklog(() => this.journal.backlog)
    this.timer = setInterval(() => {
      this.journal.seal()
      if (this.journal.hasBacklog()) void this.journal.replay(this.producer)
    }, intervalMs)
    this.timer.unref()
  }

  /** Resolves once the event is in the journal; Kafka is fed without waiting. */
  async publish(record: OutgoingRecord): Promise<void> {
    const segment = await this.journal.append(record)
    this.producer.send(record).then(
      () => this.journal.settle(segment, true),
      () => this.journal.settle(segment, false),
    )
  }

  /** Events whose send failed since start; they wait in the journal for replay. */
  get spooledCount(): number {
    return this.journal.failedCount
  }

  /** Replays what waits in the journal now (used at shutdown and by tests). */
  replayNow(): Promise<number> {
    this.journal.seal()
    return this.journal.replay(this.producer)
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    this.unreport?.()
    await this.producer.flush().catch(() => {})
    await this.replayNow().catch(() => 0)
    this.journal.seal()
    this.log.debug('durable events closed')
  }
}
