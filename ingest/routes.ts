// Public ingest endpoints: short-link redirects and conversion postbacks.
import type { FastifyInstance } from 'fastify'
import type { Config } from '../core/config.js'
import type { DurableEvents } from '../lib/durable-events.js'
import type { Lookups } from './lookups.js'
import type { PostbackLookups } from './postback-lookups.js'
import { postbackRoutes } from './postbacks.js'
import { redirectRoutes } from './redirect.js'

export interface IngestRouteOptions {
  lookups: Lookups
  postbackLookups: PostbackLookups
  events: DurableEvents
  topicPrefix: string
  /** Redirects read the confirm-token secret and the trusted country header from it. */
  config: Config
}

export async function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  await app.register(redirectRoutes, opts)
  await app.register(postbackRoutes, opts)
}
