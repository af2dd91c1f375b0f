import type { FastifyInstance } from 'fastify'
import type { Deps } from '../lib/deps.js'
import { startHttpServer } from '../lib/server.js'
import { apiApp } from './app.js'

export const startApiServer = (deps: Deps): Promise<FastifyInstance> =>
  startHttpServer('api', apiApp, deps, deps.config.apiPort)
