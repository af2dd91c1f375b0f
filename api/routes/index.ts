// Every /api/v2 route module, registered behind API-key authentication. Add a module here to serve it.
import type { FastifyPluginAsync } from 'fastify'
import { reportRoutes } from './reports.js'

export const v2Routes: FastifyPluginAsync[] = [
  reportRoutes,
  // (route modules)
]
