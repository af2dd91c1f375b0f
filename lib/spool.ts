// The local click journal. Every event is appended here synchronously before the request is answered, so an
// answered request survives a crash of this process; Kafka is fed in the background. The journal is written in
// segments: a segment is deleted once every event in it was acknowledged by Kafka, and kept for replay when any
// send failed (or when its process died). Replayed duplicates are harmless: events carry stable ids and every
// downstream write is idempotent.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { OutgoingRecord, RecordProducer } from './kafka.js'

// <pid>-<seq>.active.jsonl    being written
// <pid>-<seq>.pending.jsonl   sealed, sends still in flight
// <pid>-<seq>.replay.jsonl    sealed with a failed send: to be replayed by any process
const ACTIVE = '.active.jsonl'
const PENDING = '.pending.jsonl'
const REPLAY = '.replay.jsonl'

interface Segment {
  name: string
  fd: number | undefined
  pending: number
  failed: number
  records: number
}

export class Spool {
  private active: Segment | undefined
  private batch: string[] = []
  private flushing: Promise<void> | undefined
  private readonly sealed = new Map<string, Segment>()
  private seq = 0
  private failedTotal = 0
  private replaying = false
  /** Records of this process's retired segments that failed and wait in a replay file. */
  private awaitingReplay = 0

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true })
  }

  /**
   * Appends a record and resolves once it is written (after that, a crash of this process cannot lose it) with the
   * segment it went to, to be settled when Kafka answers. Records appended in the same event-loop turn share one
   * write (group commit): one syscall for all the requests of a turn.
   */
  append(record: OutgoingRecord): Promise<Segment> {
    const segment = this.activeSegment()
    segment.pending++
    segment.records++
    this.batch.push(`${JSON.stringify([record.topic, record.key, record.value])}\n`)
    this.flushing ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const lines = this.batch
        this.batch = []
        this.flushing = undefined
        try {
          writeSync(segment.fd!, lines.join(''))
          resolve()
        } catch (err) {
          reject(err)
        }
      })
    })
    return this.flushing.then(() => segment)
  }

  /** Records Kafka's answer for one appended record. */
  settle(segment: Segment, acknowledged: boolean): void {
    segment.pending--
    if (!acknowledged) {
      segment.failed++
      this.failedTotal++
    }
    if (segment !== this.active) this.retire(segment)
  }

  /** Records in this process's segments that Kafka has not acknowledged: in flight, or failed and awaiting replay. */
  get backlog(): number {
    let total = this.awaitingReplay
    for (const segment of [this.active, ...this.sealed.values()]) {
      if (segment) total += segment.pending + segment.failed
    }
    return total
  }

  /** Records whose send failed and that wait in the journal for replay (since start). */
  get failedCount(): number {
    return this.failedTotal
  }

  /** Closes the active segment so that it can be deleted or replayed; new appends open a fresh one. */
  seal(): void {
    const segment = this.active
    // A batch still waiting for its write keeps the segment open until the next seal.
    if (!segment || this.flushing) return
    this.active = undefined
    closeSync(segment.fd!)
    segment.fd = undefined
    const name = segment.name.replace(ACTIVE, PENDING)
    renameSync(join(this.dir, segment.name), join(this.dir, name))
    segment.name = name
    this.sealed.set(name, segment)
    this.retire(segment)
  }

  hasBacklog(): boolean {
    return this.replayableFiles().length > 0
  }

  /** Sends every replayable segment through the producer; returns how many records were acknowledged. */
  async replay(producer: RecordProducer, chunk = 1_000): Promise<number> {
    if (this.replaying || !producer.isHealthy()) return 0
    this.replaying = true
    let sent = 0
    try {
      for (const file of this.replayableFiles()) {
        const path = join(this.dir, file)
        const records = parseSpoolFile(readFileSync(path, 'utf8'), (line) =>
          this.log.warn({ file, line: line.slice(0, 80) }, 'skipping torn journal line'),
        )
        for (let i = 0; i < records.length; i += chunk) await producer.sendAll(records.slice(i, i + chunk))
        unlinkSync(path)
        // Files an earlier process left were never counted here.
        this.awaitingReplay = Math.max(0, this.awaitingReplay - records.length)
        sent += records.length
        this.log.info({ file, records: records.length }, 'replayed journaled events')
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'journal replay interrupted; will retry')
    } finally {
      this.replaying = false
    }
    return sent
  }

  private activeSegment(): Segment {
    if (!this.active) {
      const name = `${process.pid}-${Date.now()}-${this.seq++}${ACTIVE}`
      this.active = { name, fd: openSync(join(this.dir, name), 'a'), pending: 0, failed: 0, records: 0 }
    }
    return this.active
  }

  /** A sealed segment with nothing in flight is deleted when all of it reached Kafka, else queued for replay. */
  private retire(segment: Segment): void {
    if (segment.pending > 0 || !this.sealed.has(segment.name)) return
    this.sealed.delete(segment.name)
    const path = join(this.dir, segment.name)
    if (segment.failed === 0) unlinkSync(path)
    else {
      renameSync(path, path.replace(PENDING, REPLAY))
      this.awaitingReplay += segment.records
    }
  }

  private replayableFiles(): string[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((f) => {
        if (f.endsWith(REPLAY)) return true
        if (!f.endsWith(ACTIVE) && !f.endsWith(PENDING)) return false
        const pid = Number(f.slice(0, f.indexOf('-')))
        return pid !== process.pid && !isAlive(pid)
      })
      .sort()
  }
}

export function parseSpoolFile(text: string, onTorn: (line: string) => void = () => {}): OutgoingRecord[] {
  const records: OutgoingRecord[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    try {
      const [topic, key, value] = JSON.parse(line) as [string, string, string]
      records.push({ topic, key, value })
    } catch {
      onTorn(line)
    }
  }
  return records
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
