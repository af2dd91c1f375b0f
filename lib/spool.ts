// A local append-only spool for events Kafka did not acknowledge in time. Each process writes its own file
// (named by pid); replay takes this process's files and those of processes that are gone, sends them, and
// deletes a file only after every record in it was acknowledged. Replayed duplicates are harmless: events carry
// stable ids and every downstream write is idempotent.
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
import type { BatchingProducer, OutgoingRecord } from './kafka.js'

const ACTIVE_SUFFIX = '.active.jsonl'
const SEALED_SUFFIX = '.sealed.jsonl'

export class Spool {
  private fd: number | undefined
  private seq = 0
  private written = 0
  private replaying = false

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true })
  }

  /** Appends records synchronously: once this returns, a process crash cannot lose them. */
  append(records: readonly OutgoingRecord[]): void {
    if (records.length === 0) return
    this.fd ??= openSync(this.activePath(), 'a')
    const text = records.map((r) => `${JSON.stringify([r.topic, r.key, r.value])}\n`).join('')
    writeSync(this.fd, text)
    this.written += records.length
  }

  /** Records appended since start (for metrics and tests). */
  get appendedCount(): number {
    return this.written
  }

  hasBacklog(): boolean {
    return this.fd !== undefined || this.replayableFiles().length > 0
  }

  /** Sends every replayable file through the producer; returns how many records were acknowledged. */
  async replay(producer: BatchingProducer, chunk = 1_000): Promise<number> {
    if (this.replaying || !producer.isHealthy()) return 0
    this.replaying = true
    let sent = 0
    try {
      this.sealActive()
      for (const file of this.replayableFiles()) {
        const path = join(this.dir, file)
        const records = parseSpoolFile(readFileSync(path, 'utf8'), (line) =>
          this.log.warn({ file, line: line.slice(0, 80) }, 'skipping torn spool line'),
        )
        for (let i = 0; i < records.length; i += chunk) await producer.sendAll(records.slice(i, i + chunk))
        unlinkSync(path)
        sent += records.length
        this.log.info({ file, records: records.length }, 'replayed spooled events')
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'spool replay interrupted; will retry')
    } finally {
      this.replaying = false
    }
    return sent
  }

  /** Seals the active file so any process (this one after a restart included) can replay it. */
  close(): void {
    this.sealActive()
  }

  private activePath(): string {
    return join(this.dir, `${process.pid}${ACTIVE_SUFFIX}`)
  }

  /** Closes the active file and renames it so new appends start a fresh one while it replays. */
  private sealActive(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
    renameSync(
      this.activePath(),
      join(this.dir, `${process.pid}-${Date.now()}-${this.seq++}${SEALED_SUFFIX}`),
    )
  }

  private replayableFiles(): string[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((f) => {
        if (f.endsWith(SEALED_SUFFIX)) return true
        if (!f.endsWith(ACTIVE_SUFFIX)) return false
        const pid = Number(f.slice(0, -ACTIVE_SUFFIX.length))
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
