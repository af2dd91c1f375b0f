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
