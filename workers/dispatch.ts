// The dispatch worker: BullMQ jobs carry batches of message ids. Each job runs the same steps — hold what is
// outside its recipient's quiet-hour window, take what each list's rate allows, claim in Postgres (compliance
// re-checked there), call the list's provider once per claimed message, record the answers, publish send events.
// A claim is committed before the provider call, so a worker killed mid-batch never calls a provider twice.
import { type Queue, Worker } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Config } from '../core/config.js'
import { decryptSecret } from '../core/crypto.js'
import { byListRate, planDispatch } from '../core/dispatch-plan.js'
import { type SendEvent, topicName } from '../core/events.js'
import type { Deps, RunningRole } from '../lib/deps.js'
import type { BatchingProducer } from '../lib/kafka.js'
import { dispatchStepDuration, providerCalls } from '../lib/metrics.js'
import { createDispatchQueue, type DispatchJob, dispatchQueueName } from '../lib/queues.js'
import { ListRateLimiter } from '../lib/rate-limiter.js'
import { continuingRequest } from '../lib/request-context.js'
import { adapterFor } from '../providers/index.js'
import { createSimulator } from '../providers/simulator.js'
import type { ProviderAdapter, ProviderName, SendResult } from '../providers/types.js'
import { publishContactEvents } from '../services/contacts.js'
import {
  type ClaimedMessage,
  claimForDispatch,
  type DispatchFacts,
  type DispatchResult,
  dispatchFacts,
  holdUntil,
  markSendEventsPublished,
  recordDispatchResults,
  type SendingContext,
  sendingContexts,
} from '../services/dispatch.js'

/** Provider calls in flight per job; jobs themselves run `WORKER_CONCURRENCY` at a time. */
const CALLS_PER_JOB = 50
const WORKER_CONCURRENCY = 4
/** Sending contexts (credentials, webhook URLs) are re-read at most this often. */
const CONTEXT_TTL_MS = 30_000

interface DispatchSteps {
  pool: pg.Pool
  config: Config
  producer: BatchingProducer
  requeue: Queue<DispatchJob>
  limiter: ListRateLimiter
  adapter(name: ProviderName): ProviderAdapter
  log: Logger
}

/** Runs one named step of a job, its time going to the per-step histogram. */
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const done = dispatchStepDuration.startTimer({ step })
  try {
    return await work()
  } finally {
    done()
  }
}

/** Step: recipients outside their window stay queued and get a delayed job at its opening. */
async function holdQuietHours(s: DispatchSteps, facts: DispatchFacts[]): Promise<DispatchFacts[]> {
  const plan = planDispatch(facts, new Date())
  for (const [at, held] of plan.later) {
    await holdUntil(s.pool, held, new Date(at))
    await s.requeue.add('send', { messageIds: held }, { delay: Math.max(0, Date.parse(at) - Date.now()) })
  }
  const now = new Set(plan.now)
  return facts.filter((f) => now.has(f.messageId))
}

/** Step: what each list's budget allows goes now; the rest is re-queued for when its tokens exist. */
async function takeListRate(s: DispatchSteps, facts: DispatchFacts[]): Promise<string[]> {
  const sendable: string[] = []
  for (const [listId, { perMinute, limited, unlimited }] of byListRate(facts)) {
    sendable.push(...unlimited)
    if (limited.length === 0) continue
    const { granted, retryAfterMs } = await s.limiter.take(listId, perMinute, limited.length)
    sendable.push(...limited.slice(0, granted))
    const rest = limited.slice(granted)
    if (rest.length > 0) {
      const refillMs = Math.ceil((rest.length * 60_000) / perMinute)
      await s.requeue.add(
        'send',
        { messageIds: rest },
        { delay: Math.max(retryAfterMs, Math.min(1_000, refillMs)) },
      )
    }
  }
  return sendable
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  })
  await Promise.all(lanes)
  return out
}

/** Step: one provider call per claimed message. An adapter that throws is an unknown outcome: never retried. */
async function callProviders(
  s: DispatchSteps,
  claimed: ClaimedMessage[],
  contexts: Map<number, SendingContext>,
): Promise<Map<ProviderName, DispatchResult[]>> {
  const byProvider = new Map<ProviderName, DispatchResult[]>()
  await mapLimit(claimed, CALLS_PER_JOB, async (message) => {
    const context = contexts.get(message.listId)!
    const adapter = s.adapter(context.provider)
    let result: SendResult
    let threw = false
    const timer = providerCalls.startTimer({ provider: context.provider })
    try {
      adapter.checkCredentials(context.credentials)
      result = await adapter.send(
        context.credentials,
        {
          messageId: message.id,
          from: context.phoneNumber,
          to: message.to,
          // A masked message goes out as sealed; only the provider call sees the code.
          body:
            message.sealedBody === null
              ? message.body
              : decryptSecret(message.sealedBody, s.config.secretKey),
          statusUrl: `${context.statusUrl}&m=${message.id}`,
        },
        { timeoutMs: s.config.providerTimeoutMs },
      )
    } catch (err) {
      s.log.warn(
        { message: message.id, provider: context.provider, err: (err as Error).message },
        'provider call threw',
      )
      result = { outcome: 'failed', code: 'provider_error', description: (err as Error).name }
      threw = true
    }
    timer({ outcome: threw ? 'error' : result.outcome })
    const list = byProvider.get(context.provider) ?? []
    list.push({ message, result })
    byProvider.set(context.provider, list)
  })
  return byProvider
}

/** Step: send events to Kafka, then marked published; what fails here is published by the scheduler's sweep. */
async function publishSends(s: DispatchSteps, events: SendEvent[]): Promise<void> {
  if (events.length === 0) return
  const topic = topicName(s.config.kafkaTopicPrefix, 'sends')
  try {
    await timed('publish_sends', () =>
      s.producer.sendAll(events.map((e) => ({ topic, key: e.message_id, value: JSON.stringify(e) }))),
    )
    await timed('mark_published', () =>
      markSendEventsPublished(
        s.pool,
        events.map((e) => e.message_id),
      ),
    )
  } catch (err) {
    s.log.warn({ count: events.length, err: (err as Error).message }, 'send events left to the outbox sweep')
  }
}

export async function startWorkers(deps: Deps): Promise<RunningRole> {
  const { config } = deps
  const log = deps.log.child({ role: 'workers' })
  const pg = deps.postgres.acquire()
  const kafka = deps.kafka.acquire()
  const redis = deps.redis.acquire()
  // BullMQ needs a connection of its own for its blocking reads.
  const connection = redis.duplicate()
  const simulator = createSimulator({ receiptDelayMs: config.simulatorReceiptDelayMs })
  const steps: DispatchSteps = {
    pool: pg.pool,
    config,
    producer: kafka.producer,
    requeue: createDispatchQueue(redis, config.kafkaTopicPrefix),
    limiter: new ListRateLimiter(redis, config.kafkaTopicPrefix),
    adapter: (name) => (name === 'simulator' ? simulator : adapterFor(name)),
    log,
  }
  let contexts = new Map<number, SendingContext>()
  let contextsReadAt = 0
  const contextsFor = async (listIds: number[]): Promise<Map<number, SendingContext>> => {
    const missing = listIds.filter((id) => !contexts.has(id))
    if (missing.length > 0 || Date.now() - contextsReadAt > CONTEXT_TTL_MS) {
      const fresh = await sendingContexts(pg.pool, [...new Set([...contexts.keys(), ...listIds])], {
        secretKey: config.secretKey,
        webhookBaseUrl: config.publicWebhookBaseUrl,
      })
      contexts = fresh
      contextsReadAt = Date.now()
    }
    return contexts
  }

  const worker = new Worker<DispatchJob>(
    dispatchQueueName(config.kafkaTopicPrefix),
    continuingRequest(async (job) => {
      const facts = await timed('facts', () => dispatchFacts(pg.pool, job.data.messageIds))
      const now = await timed('quiet_hours', () => holdQuietHours(steps, facts))
      const sendable = await timed('list_rate', () => takeListRate(steps, now))
      const claimed = await timed('claim', () => claimForDispatch(pg.pool, sendable))
      if (claimed.length === 0) return { sent: 0 }
      const contexts = await timed('contexts', () => contextsFor([...new Set(claimed.map((m) => m.listId))]))
      const byProvider = await timed('provider_calls', () => callProviders(steps, claimed, contexts))
      let sent = 0
      for (const [provider, results] of byProvider) {
        const recorded = await timed('record_results', () =>
          recordDispatchResults(pg.pool, provider, results),
        )
        await publishSends(steps, recorded.sent)
        await publishContactEvents(kafka.producer, config, recorded.unsubscribed, log)
        sent += recorded.sent.length
        if (recorded.retry.length > 0) {
          const attempts = Math.max(...results.map((r) => r.message.attempts))
          await steps.requeue.add(
            'send',
            { messageIds: recorded.retry },
            { delay: Math.min(60_000, 1_000 * 2 ** attempts) },
          )
        }
      }
      return { sent, claimed: claimed.length }
    }),
    { connection, concurrency: WORKER_CONCURRENCY },
  )
  worker.on('failed', (job, err) => log.warn({ job: job?.id, err: err.message }, 'dispatch job failed'))
  await worker.waitUntilReady()
  return {
    isHealthy: () => worker.isRunning(),
    async stop() {
      // Waits for the jobs in progress to finish.
      await worker.close()
      simulator.close()
      await steps.requeue.close()
      await connection.quit().catch(() => connection.disconnect())
      await Promise.all([deps.redis.release(), deps.kafka.release(), deps.postgres.release()])
    },
  }
}
