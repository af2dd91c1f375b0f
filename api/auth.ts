// Authentication for /api/v2: an API key (X-Api-Key) or a dashboard session (cookie, api/session-auth.ts). Either
// gives the same caller (account and role), so role checks and scoping do not depend on which one came. The
// caller's account scopes every query after this point.
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../core/errors.js'
import { type Role, roleAtLeast } from '../core/roles.js'
import { clientAddressKey } from '../core/throttle.js'
import { type ApiCaller, authenticateApiKey, sessionCaller } from '../services/accounts.js'
import { hasSessionCookie, READS, sessionOf, sessionsPlugin } from './session-auth.js'

declare module 'fastify' {
  interface FastifyRequest {
    caller: ApiCaller
  }
  interface FastifyContextConfig {
    /** Least role the route needs; default: viewer for reads, member for writes (spec §18 permissions). */
    minRole?: Role
    /**
     * Served without the API-key-or-session check: the route authenticates by its own token (invitation accept,
     * password reset) or is the sign-in itself, or checks the session alone (session and 2FA routes).
     */
    public?: boolean
  }
}

export const apiKeyAuth = fp(
  async (app) => {
    // The api app registers the sessions at its root; a smaller app (a test's probe) gets them here.
    if (!app.hasDecorator('sessions')) await app.register(sessionsPlugin)
    app.decorateRequest('caller', null as unknown as ApiCaller)

    /** The caller an X-Api-Key gives. */
    async function keyCaller(request: FastifyRequest, key: string): Promise<ApiCaller> {
      // An address that sent too many unknown keys is refused before any lookup (no I/O: a local check).
      const address = clientAddressKey(request.ip)
      app.throttle.assertOpen('api_key_failure_ip', address)
      const caller = await authenticateApiKey(app.pg.pool, key.trim())
      // A deleted account is gone: its keys answer like unknown ones (suspension is the reversible state).
      if (!caller || caller.accountStatus === 'deleted') {
        await app.throttle.consume('api_key_failure_ip', address)
        throw new AppError('invalid_api_key', 'Invalid API key')
      }
      return caller
    }

    /** The caller a session cookie gives: the user's membership of the account the session has open. */
    async function signedInCaller(request: FastifyRequest, reply: FastifyReply): Promise<ApiCaller> {
      const session = await sessionOf(app, request, reply)
      const caller = await sessionCaller(app.pg.pool, session.userId, session.accountId)
      if (!caller || caller.accountStatus === 'deleted') {
        throw new AppError('forbidden', 'You no longer belong to this account; switch to another one')
      }
      // A suspended account answers account_suspended (below) whatever its sign-in policy.
      if (caller.accountStatus === 'active' && caller.twoFactorSetupRequired) {
        throw new AppError(
          'two_factor_setup_required',
          'This account requires two-factor authentication: turn it on under Settings → Security',
        )
      }
      return caller
    }

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.config.public === true) return
      const header = request.headers['x-api-key']
      const key = Array.isArray(header) ? header[0] : header
      // A key wins over a cookie: a program's request is never judged by a browser session it happens to carry.
      if (!key && !hasSessionCookie(request)) {
        throw new AppError('missing_api_key', 'API key required')
      }
      const caller = key ? await keyCaller(request, key) : await signedInCaller(request, reply)
      if (caller.accountStatus !== 'active') throw new AppError('account_suspended', 'Account is suspended')
      request.caller = caller
      const needed = request.routeOptions.config.minRole ?? (READS.has(request.method) ? 'viewer' : 'member')
      if (!roleAtLeast(caller.role, needed)) {
        const who = caller.keyId ? 'this API key has' : 'you have'
        throw new AppError(
          'forbidden',
          `This action needs the ${needed} role; ${who} the ${caller.role} role`,
        )
      }
    })
  },
  { name: 'trackly-api-key-auth', dependencies: ['trackly-postgres', 'trackly-throttle'] },
)
