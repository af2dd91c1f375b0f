// Public ingest endpoints: short-link redirects and conversion postbacks.
import type { FastifyInstance } from 'fastify'
import { postbackRoutes } from './postbacks.js'
import { redirectRoutes } from './redirect.js'
import type { IngestRouteOptions } from './route-options.js'

export async function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  await app.register(redirectRoutes, opts)
  await app.register(postbackRoutes, opts)
}
