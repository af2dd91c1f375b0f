// Abuse throttling for the API: `app.throttle` (lib/throttle.ts) over the shared Redis, a route option that names
// a policy in one line (`config: { throttle: 'password_reset' }`), and Retry-After on every 429 it causes. A
// policy counts the client address first, then the identity the request names, before the handler looks anything
// up: known and unknown identities get the same answer at the same point.
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { clientAddressKey, identityKey, type ThrottleName } from '../core/throttle.js'
import { normalizeEmail } from '../core/tokens.js'
import { Throttle, Throttled } from '../lib/throttle.js'
import { ErrorReply } from './schemas.js'

type IdentityOf = (request: FastifyRequest) => string | undefined

const field =
  (source: 'body' | 'query', name: string, normalize: (value: string) => string = (v) => v): IdentityOf =>
  (request) => {
    const value = (request[source] as Record<string, unknown> | null | undefined)?.[name]
    return typeof value === 'string' ? normalize(value) : undefined
  }

/** A token in the body (a confirmation) or the query (a link's preview page). */
const token: IdentityOf = (request) => field('body', 'token')(request) ?? field('query', 'token')(request)

/** What a route's `throttle` option counts: its per-address limit, then the limit of the identity it names. */
const POLICIES = {
  password_reset: {
    ip: 'password_reset_ip',
    identity: ['password_reset_email', field('body', 'email', normalizeEmail)],
  },
  password_reset_confirm: { ip: 'reset_confirm_ip', identity: ['reset_confirm_token', token] },
  invitation_accept: { ip: 'invitation_accept_ip', identity: ['invitation_accept_token', token] },
  // Every attempt is counted up front; a successful one is given back (routes/sessions.ts), so failures count.
  sign_in: { ip: 'sign_in_ip', identity: ['sign_in_email', field('body', 'email', normalizeEmail)] },
} satisfies Record<string, { ip: ThrottleName; identity: [ThrottleName, IdentityOf] }>
export type ThrottlePolicy = keyof typeof POLICIES

declare module 'fastify' {
  interface FastifyInstance {
    throttle: Throttle
  }
  interface FastifyContextConfig {
    /** Abuse throttle of a route (per client address and per identity); over it: 429 `rate_limited`. */
    throttle?: ThrottlePolicy
  }
}

function policyHook(app: { throttle: Throttle }, policy: ThrottlePolicy) {
  const { ip, identity } = POLICIES[policy]
  const [identityLimit, identityOf] = identity
  return async (request: FastifyRequest) => {
    await app.throttle.consume(ip, clientAddressKey(request.ip))
    const id = identityOf(request)
    if (id !== undefined) await app.throttle.consume(identityLimit, identityKey(id))
  }
}

/** Hooks of a route plus one more, whatever shape (none, one, a list) the route declared them in. */
const withHook = <H>(existing: H | H[] | undefined, hook: H): H[] => [
  ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
  hook,
]

export const throttlePlugin = fp(
  async (app) => {
    app.decorate('throttle', new Throttle(app.redis, app.config.kafkaTopicPrefix, app.config.throttleLimits))
    // Thrown from a hook, a handler or a service alike, a throttle refusal says when to come back.
    app.addHook('onError', async (_request, reply: FastifyReply, error) => {
      if (error instanceof Throttled) reply.header('retry-after', String(error.retryAfterSeconds))
    })
    app.addHook('onRoute', (route: RouteOptions) => {
      const policy = route.config?.throttle
      // Runs after the body is parsed and before it is validated: malformed requests count too.
      if (policy) route.preValidation = withHook(route.preValidation, policyHook(app, policy))
      // Any API route can answer 429 (a throttled route, or an address blocked for invalid API keys).
      const response = route.schema?.response as Record<string, unknown> | undefined
      if (route.url.startsWith('/api/') && response && !('429' in response)) {
        route.schema = { ...route.schema, response: { 429: ErrorReply, ...response } }
      }
    })
  },
  { name: 'trackly-throttle', dependencies: ['trackly-redis'] },
)
