// What every HTTP role records of each request: its id echoed in `X-Request-Id` (and, for the api, kept for the
// request's logs, jobs and events), and its duration by route pattern and status at /metrics. The route label is
// the pattern, never the path, so a scan of random paths cannot grow the series without bound. Ingest also counts
// its two products, redirects and postbacks, by outcome.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { httpDuration, postbackOutcomes, redirectOutcomes } from './metrics.js'
import { REQUEST_ID_HEADER, withRequestId } from './request-context.js'

const POSTBACK_ROUTES: Record<string, string> = {
  '/api/postbacks/:network': 'network',
  '/conv': 'conv',
  '/conv/offer': 'conv_offer',
  '/pixel/*': 'pixel',
}

const REDIRECT_OUTCOMES: Record<number, string> = {
  302: 'redirected',
  200: 'interstitial',
  404: 'not_found',
  400: 'bad_token',
  413: 'too_large',
}

/** The coded error a request ended with; the error codes are a fixed enum, so they are safe as labels. */
const errorCodes = new WeakMap<FastifyRequest, string>()

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
  if (service === 'ingest') {
    app.addHook('onError', (request, _reply, error, done) => {
      const code = (error as { code?: unknown }).code
      if (typeof code === 'string' && /^[a-z_]{1,40}$/.test(code)) errorCodes.set(request, code)
      done()
    })
  }
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const status = reply.statusCode
    httpDuration.observe(
      { service, route, method: request.method, status: String(status) },
      reply.elapsedTime / 1000,
    )
    if (service === 'ingest') {
      if (route === '/:code') redirectOutcomes.inc({ outcome: REDIRECT_OUTCOMES[status] ?? 'error' })
      const postback = POSTBACK_ROUTES[route]
      if (postback) {
        const outcome = status < 300 ? 'accepted' : (errorCodes.get(request) ?? `status_${status}`)
        postbackOutcomes.inc({ route: postback, outcome })
      }
    }
    done()
  })
}
