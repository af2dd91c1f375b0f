// A Kafka producer whose encoding, CRCs and socket writes run on a worker thread (lib/producer-thread-worker.ts),
// for the redirect path: there the request thread is the limit, and kafkajs's produce-request encoding took about
// a tenth of it (BENCHMARKS.md, "where the time goes at full load"). The main thread only posts each turn's
// records to the thread and settles their promises from its answers. Same contract as BatchingProducer: `send`
// resolves once the broker acknowledged, refuses at once while the producer is down, and a refused record stays
// in the caller's journal for replay.
import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import {
  type OutgoingRecord,
  ProducerUnavailableError,
  type RecordProducer,
  recordWithRequestId,
} from './kafka.js'
import type { FromThread, ProducerThreadConfig, ToThread } from './producer-thread-protocol.js'

interface Waiting {
  resolve(): void
  reject(err: Error): void
}

const RESTART_DELAY_MS = 1_000
const CLOSE_TIMEOUT_MS = 15_000

// Built code runs from dist/*.js. Tests and benches run the TypeScript sources through a loader, which Node 20
// does not carry into a worker registered with `--import` (tsx): the worker then registers tsx itself first.
const fromSources = import.meta.url.endsWith('.ts')
const workerUrl = new URL(`./producer-thread-worker${fromSources ? '.ts' : '.js'}`, import.meta.url)
const workerSource = fromSources
  ? new URL(
      `data:text/javascript,${encodeURIComponent(
        `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
         register();
         await import(${JSON.stringify(workerUrl.href)});`,
      )}`,
    )
  : workerUrl

export class ThreadedProducer implements RecordProducer {
  private worker: Worker | undefined
  private healthy = false
  private closed = false
  private nextId = 0
  private readonly waiting = new Map<number, Waiting>()
  private outgoing: { ids: number[]; records: OutgoingRecord[] } = { ids: [], records: [] }
  private nextToken = 0
  private readonly replies = new Map<number, () => void>()
  private onClosed: (() => void) | undefined
  private restartTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly config: ProducerThreadConfig,
    private readonly log: Logger,
  ) {}

  start(): Promise<void> {
    if (!this.worker && !this.closed) this.spawn()
    return Promise.resolve()
  }

  isHealthy(): boolean {
    return this.healthy
  }

  get pendingCount(): number {
    return this.waiting.size
  }

  send(record: OutgoingRecord): Promise<void> {
    if (!this.healthy) return Promise.reject(new ProducerUnavailableError('producer thread not connected'))
    if (this.waiting.size >= this.config.producerMaxPending) {
      return Promise.reject(new ProducerUnavailableError('producer buffer full'))
    }
    return new Promise<void>((resolve, reject) => {
      const id = this.nextId++
      if (this.waiting.size === 0) this.worker?.ref()
      this.waiting.set(id, { resolve, reject })
      this.outgoing.ids.push(id)
      this.outgoing.records.push(recordWithRequestId(record))
      // The turn's first record schedules the post (a flush or close may post earlier; then it finds nothing).
      if (this.outgoing.ids.length === 1) setImmediate(() => this.postOutgoing())
    })
  }

  async sendAll(records: OutgoingRecord[]): Promise<void> {
    await Promise.all(records.map((r) => this.send(r)))
  }

  async flush(): Promise<void> {
    if (!this.worker) return
    this.postOutgoing()
    const token = this.nextToken++
    this.worker.ref()
    const flushed = new Promise<void>((resolve) => this.replies.set(token, resolve))
    this.post({ type: 'flush', token })
    await flushed
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.restartTimer)
    const worker = this.worker
    if (!worker) return
    this.postOutgoing()
    const closedByThread = new Promise<void>((resolve) => {
      this.onClosed = resolve
    })
    this.post({ type: 'close' })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      closedByThread,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
      }),
    ])
    clearTimeout(timer)
    this.healthy = false
    await worker.terminate()
    this.failAll('producer closed')
  }

  private spawn(): void {
    const worker = new Worker(workerSource, { workerData: this.config })
    this.worker = worker
    worker.on('message', (message: FromThread) => this.receive(message))
    worker.on('error', (err) => this.log.error({ err: err.message }, 'producer thread failed'))
    worker.on('exit', (code) => {
      if (this.worker !== worker) return
      this.worker = undefined
      this.healthy = false
      this.failAll('producer thread exited')
      if (this.closed) return
      this.log.warn({ code }, 'producer thread exited; restarting in 1s')
      this.restartTimer = setTimeout(() => this.start(), RESTART_DELAY_MS)
      this.restartTimer.unref()
    })
    // The thread keeps the process alive only while an answer is awaited (see idle()).
    worker.unref()
  }

  private receive(message: FromThread): void {
    switch (message.type) {
      case 'settled':
        for (const id of message.acknowledged) this.settle(id)?.resolve()
        if (message.refused.length > 0) {
          const err = new ProducerUnavailableError('kafka refused the batch')
          for (const id of message.refused) this.settle(id)?.reject(err)
        }
        this.idle()
        break
      case 'health':
        this.healthy = message.healthy
        break
      case 'flushed':
        this.replies.get(message.token)?.()
        this.replies.delete(message.token)
        this.idle()
        break
      case 'closed':
        this.onClosed?.()
        break
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id)
    this.waiting.delete(id)
    return waiting
  }

  /** Nothing awaited from the thread: it must not hold the process open on its own. */
  private idle(): void {
    if (this.waiting.size === 0 && this.replies.size === 0) this.worker?.unref()
  }

  private postOutgoing(): void {
    if (this.outgoing.ids.length === 0) return
    const { ids, records } = this.outgoing
    this.outgoing = { ids: [], records: [] }
    this.post({ type: 'send', ids, records })
  }

  private post(message: ToThread): void {
    this.worker?.postMessage(message)
  }

  /** Everything not yet answered is refused: it stays in its caller's journal, which replays it. */
  private failAll(reason: string): void {
    const err = new ProducerUnavailableError(reason)
    for (const waiting of this.waiting.values()) waiting.reject(err)
    this.waiting.clear()
    this.outgoing = { ids: [], records: [] }
    for (const resolve of this.replies.values()) resolve()
    this.replies.clear()
  }
}
