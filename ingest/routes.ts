// Public ingest endpoints: short-link redirects and conversion postbacks.
import type { FastifyInstance } from 'fastify'
import type { DurableEvents } from '../lib/durable-events.js'
import type { Lookups } from './lookups.js'
import { postbackRoutes } from './postbacks.js'
import { redirectRoutes } from './redirect.js'

export interface IngestRouteOptions {
  lookups: Lookups
  events: DurableEvents
  topicPrefix: string
}

export async function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  await app.register(redirectRoutes, opts)
  await app.register(postbackRoutes, opts)
}
