// The worker side of lib/producer-thread.ts: a batching Kafka producer on a thread of its own. It takes the
// records the main thread posts, and posts back which were acknowledged or refused, gathered per event-loop turn.
import { parentPort, workerData } from 'node:worker_threads'
import { BatchingProducer, createKafka } from './kafka.js'
import { createLogger } from './logger.js'
import type { FromThread, ProducerThreadConfig, ToThread } from './producer-thread-protocol.js'

const port = parentPort!
const config = workerData as ProducerThreadConfig
const log = createLogger(config).child({ component: 'producer-thread' })
const producer = new BatchingProducer(
  createKafka(config, log),
  {
    lingerMs: config.producerLingerMs,
    maxBatch: config.producerMaxBatch,
    maxPending: config.producerMaxPending,
  },
  log,
)

let acknowledged: number[] = []
let refused: number[] = []
let healthy = false
let reporting = false

const post = (message: FromThread) => port.postMessage(message)

/** One message per turn for every answer of that turn (and the health, whenever it changed). */
function report(): void {
  if (reporting) return
  reporting = true
  setImmediate(() => {
    reporting = false
    if (producer.isHealthy() !== healthy) {
      healthy = producer.isHealthy()
      post({ type: 'health', healthy })
    }
    if (acknowledged.length + refused.length === 0) return
    post({ type: 'settled', acknowledged, refused })
    acknowledged = []
    refused = []
  })
}

// Health changes without a record in flight too (a reconnect): looked at every 250 ms.
setInterval(report, 250).unref()
void producer.start().then(report)

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'send':
      for (let i = 0; i < message.ids.length; i++) {
        const id = message.ids[i]!
        producer.send(message.records[i]!).then(
          () => {
            acknowledged.push(id)
            report()
          },
          () => {
            refused.push(id)
            report()
          },
        )
      }
      break
    case 'flush':
      void producer.flush().then(() => post({ type: 'flushed', token: message.token }))
      break
    case 'close':
      void producer.close().then(() => {
        report()
        setImmediate(() => post({ type: 'closed' }))
      })
      break
  }
})
