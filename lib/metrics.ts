// Prometheus metrics of this process (prom-client): consumer throughput, lag and errors, batch timings, the click
// journal's backlog, and Node's default process metrics. One registry per process; served at /metrics.
import type { FastifyInstance } from 'fastify'
import client from 'prom-client'
import { classifyAddress } from '../core/addresses.js'
import { isForwarded } from './client-address.js'

export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry, prefix: 'trackly_' })

export const consumerEvents = new client.Counter({
  name: 'trackly_consumer_events_total',
  help: 'Kafka records handled by the processors (committed after their writes)',
  labelNames: ['topic'] as const,
  registers: [registry],
})

export const consumerErrors = new client.Counter({
  name: 'trackly_consumer_batch_errors_total',
  help: 'Partition batches whose writes failed (redelivered by Kafka)',
  labelNames: ['topic'] as const,
  registers: [registry],
})

export const deadLetters = new client.Counter({
  name: 'trackly_dead_letters_total',
  help: 'Records sent to the dead-letter topic, by source topic',
  labelNames: ['topic'] as const,
  registers: [registry],
})

export const consumerLag = new client.Gauge({
  name: 'trackly_consumer_lag',
  help: 'Records behind the partition high watermark after the last handled batch',
  labelNames: ['topic', 'partition'] as const,
  registers: [registry],
})

export const batchDuration = new client.Histogram({
  name: 'trackly_consumer_batch_duration_seconds',
  help: 'Time to write one partition batch (ClickHouse, Postgres state) before its commit',
  labelNames: ['topic'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})

export const pipelineStepDuration = new client.Histogram({
  name: 'trackly_pipeline_step_duration_seconds',
  help: 'Time of one named step of a partition batch (decode, lookups, Postgres state, ClickHouse insert)',
  labelNames: ['step'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
})

export const dispatchStepDuration = new client.Histogram({
  name: 'trackly_dispatch_step_duration_seconds',
  help: 'Time of one named step of a dispatch job (quiet hours, rate, claim, provider calls, result writes, publish)',
  labelNames: ['step'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
})

/** Strips the per-deployment topic prefix, so dashboards work across prefixes. */
export const topicLabel = (topic: string, prefix: string): string =>
  prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic

/**
 * `GET /metrics`. Operational data is not for the internet: with a token configured the scraper must present it
 * (`Authorization: Bearer …`); without one only loopback and private-network scrapers that connect directly are
 * answered. A forwarded request never counts as local, whatever address its headers name: a proxy on this host
 * relays the internet, and an untrusted peer's header proves nothing.
 */
export async function metricsRoute(
  app: FastifyInstance,
  opts: { token?: string | undefined },
): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const allowed = opts.token
      ? request.headers.authorization === `Bearer ${opts.token}`
      : !isForwarded(request) &&
        ['loopback', 'private', 'unique_local'].includes(classifyAddress(request.ip) ?? '')
    if (!allowed) return reply.code(404).send({ error: 'Not found', code: 'not_found' })
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}

// --- HTTP, redirects, postbacks ---

export const httpDuration = new client.Histogram({
  name: 'trackly_http_request_duration_seconds',
  help: 'HTTP requests by service (api, ingest), route pattern, method and status code',
  labelNames: ['service', 'route', 'method', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
})

// --- Ingest: redirects and postbacks by outcome ---

export const redirectOutcomes = new client.Counter({
  name: 'trackly_redirects_total',
  help: 'Short-link requests by outcome (redirected, interstitial, not_found, bad_token, too_large, error)',
  labelNames: ['outcome'] as const,
  registers: [registry],
})

export const postbackOutcomes = new client.Counter({
  name: 'trackly_postbacks_total',
  help: 'Conversions received by route (network, conv, conv_offer, pixel) and outcome (accepted, or the error code)',
  labelNames: ['route', 'outcome'] as const,
  registers: [registry],
})

// --- Messaging: providers, queues, customer webhooks ---

export const providerCalls = new client.Histogram({
  name: 'trackly_provider_call_duration_seconds',
  help: 'SMS provider send calls by provider and outcome (accepted, retryable, failed, error)',
  labelNames: ['provider', 'outcome'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
})

export const webhookDeliveries = new client.Counter({
  name: 'trackly_webhook_deliveries_total',
  help: 'Customer webhook delivery attempts by outcome (succeeded, failed, retried, skipped, endpoint_paused)',
  labelNames: ['outcome'] as const,
  registers: [registry],
})

/** BullMQ queues whose depth this process reports; added by the roles that hold them. */
const depthSources = new Map<string, { getJobCounts(...types: string[]): Promise<Record<string, number>> }>()

export const queueDepth = new client.Gauge({
  name: 'trackly_queue_jobs',
  help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed), read at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset()
    for (const [queue, source] of depthSources) {
      const counts = await source
        .getJobCounts('waiting', 'active', 'delayed', 'failed')
        .catch(() => undefined)
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ queue, state }, count)
    }
  },
})

/** Reports a queue's depth at /metrics until the returned function is called. */
export function reportQueueDepth(
  name: string,
  queue: { getJobCounts(...types: string[]): Promise<Record<string, number>> },
): () => void {
  depthSources.set(name, queue)
  return () => {
    if (depthSources.get(name) === queue) depthSources.delete(name)
  }
}

// --- The click journal, the scheduler ---

const journals = new Set<() => number>()

export const journalBacklog = new client.Gauge({
  name: 'trackly_click_journal_backlog',
  help: 'Events in the local journal that Kafka has not acknowledged yet (in flight or waiting for replay)',
  registers: [registry],
  collect() {
    let total = 0
    for (const backlog of journals) total += backlog()
    this.set(total)
  },
})

/** Counts a journal's backlog at /metrics until the returned function is called. */
export function reportJournalBacklog(backlog: () => number): () => void {
  journals.add(backlog)
  return () => journals.delete(backlog)
}

export const schedulerRuns = new client.Histogram({
  name: 'trackly_scheduler_task_duration_seconds',
  help: 'Scheduler tasks (campaigns, journeys, stale, interrupted, outbox, idempotency) by outcome',
  labelNames: ['task', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  registers: [registry],
})

/** Times one scheduler task and records its outcome; the task's own error handling stays with the caller. */
export async function timeTask<T>(task: string, run: () => Promise<T>): Promise<T> {
  const end = schedulerRuns.startTimer({ task })
  try {
    const value = await run()
    end({ outcome: 'ok' })
    return value
  } catch (err) {
    end({ outcome: 'error' })
    throw err
  }
}
