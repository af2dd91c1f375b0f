import type { FastifyInstance } from 'fastify'
import type { Deps } from '../lib/deps.js'
import { startHttpServer } from '../lib/server.js'
import { ingestApp } from './app.js'

export const startIngestServer = (deps: Deps): Promise<FastifyInstance> =>
  startHttpServer('ingest', ingestApp, deps, deps.config.ingestPort)
