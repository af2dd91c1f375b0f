// What every HTTP role records of each request: its id echoed in `X-Request-Id` (and, for the api, kept for the
// request's logs, jobs and events), and its duration by route pattern and status at /metrics. The route label is
// the pattern, never the path, so a scan of random paths cannot grow the series without bound.
import type { FastifyInstance } from 'fastify'
import { httpDuration } from './metrics.js'
import { REQUEST_ID_HEADER, withRequestId } from './request-context.js'

export function observeRequests(
  app: FastifyInstance,
  service: 'api' | 'ingest',
  options: { carryRequestId: boolean },
): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id)
    // The redirect path skips the async context: its clicks are keyed by event id, and every microsecond counts.
    if (options.carryRequestId) withRequestId(request.id, done)
    else done()
  })
  app.addHook('onResponse', (request, reply, done) => {
    httpDuration.observe(
      {
        service,
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    )
    done()
  })
}
