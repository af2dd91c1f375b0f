// Messages between lib/producer-thread.ts (the main thread) and lib/producer-thread-worker.ts (its Kafka thread).
import type { Config } from '../core/config.js'
import type { OutgoingRecord } from './kafka.js'

export type ProducerThreadConfig = Pick<
  Config,
  'kafkaBrokers' | 'producerLingerMs' | 'producerMaxBatch' | 'producerMaxPending' | 'logLevel'
>

export type ToThread =
  /** Records to send, each under the id its answer will name. */
  | { type: 'send'; ids: number[]; records: OutgoingRecord[] }
  | { type: 'flush'; token: number }
  | { type: 'close' }

export type FromThread =
  | { type: 'settled'; acknowledged: number[]; refused: number[] }
  | { type: 'health'; healthy: boolean }
  | { type: 'flushed'; token: number }
  | { type: 'closed' }
