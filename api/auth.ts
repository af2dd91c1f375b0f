// X-Api-Key authentication for /api/v2. The caller's account scopes every query after this point.
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../core/errors.js'
import { clientAddressKey } from '../core/throttle.js'
import { type ApiCaller, authenticateApiKey, type Role } from '../services/accounts.js'

declare module 'fastify' {
  interface FastifyRequest {
    caller: ApiCaller
  }
  interface FastifyContextConfig {
    /** Least role the route needs; default: viewer for reads, member for writes (spec §18 permissions). */
    minRole?: Role
    /** Served without an API key (invitation accept, password reset): the route authenticates by its own token. */
    public?: boolean
  }
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, owner: 2 }
const READS = new Set(['GET', 'HEAD'])

export const apiKeyAuth = fp(
  async (app) => {
    app.decorateRequest('caller', null as unknown as ApiCaller)
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (request.routeOptions.config.public === true) return
      const header = request.headers['x-api-key']
      const key = Array.isArray(header) ? header[0] : header
      if (!key) throw new AppError('missing_api_key', 'API key required')
      // An address that sent too many unknown keys is refused before any lookup (no I/O: a local check).
      const address = clientAddressKey(request.ip)
      app.throttle.assertOpen('api_key_failure_ip', address)
      const caller = await authenticateApiKey(app.pg.pool, key.trim())
      // A deleted account is gone: its keys answer like unknown ones (suspension is the reversible state).
      if (!caller || caller.accountStatus === 'deleted') {
        await app.throttle.consume('api_key_failure_ip', address)
        throw new AppError('invalid_api_key', 'Invalid API key')
      }
      if (caller.accountStatus !== 'active') throw new AppError('account_suspended', 'Account is suspended')
      request.caller = caller
      const needed = request.routeOptions.config.minRole ?? (READS.has(request.method) ? 'viewer' : 'member')
      if ((RANK[caller.role] ?? -1) < RANK[needed]) {
        throw new AppError(
          'forbidden',
          `This action needs the ${needed} role; this API key has the ${caller.role} role`,
        )
      }
    })
  },
  { name: 'trackly-api-key-auth', dependencies: ['trackly-postgres', 'trackly-throttle'] },
)
