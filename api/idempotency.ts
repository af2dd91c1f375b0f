// Idempotency-Key on mutating routes: a route opts in with `config: { idempotent: true }`. The first POST with a
// key runs and its reply (2xx, 4xx) is kept; a retry with the same key and body gets that reply back, marked
// `Idempotent-Replayed: true`, and does nothing. Keys are per account and last 24 hours (services/idempotency.ts).
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../core/errors.js'
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
  idempotencyRequestHash,
  releaseIdempotencyKey,
} from '../services/idempotency.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** POSTs to the route honour the Idempotency-Key header. */
    idempotent?: boolean
  }
}

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/

/** Rate-limit refusals are about timing, not the request: a retry after the wait must be able to run. */
const isStored = (status: number) => status < 500 && status !== 429

export const idempotency = fp(
  async (app) => {
    const claims = new WeakMap<FastifyRequest, IdempotencyClaim>()

    // preValidation: after authentication (the account scopes the key) and body parsing, and before schema
    // validation rewrites the body, so the hash is of what the client sent.
    app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.routeOptions.config.idempotent !== true || request.method !== 'POST') return
      const key = request.headers['idempotency-key']
      if (key === undefined) return
      if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
        throw new AppError(
          'invalid_idempotency_key',
          'Idempotency-Key must be 1–255 printable ASCII characters',
        )
      }
      const route = request.routeOptions.url ?? request.url
      const result = await claimIdempotencyKey(app.pg.pool, {
        accountId: request.caller.accountId,
        key,
        route,
        requestHash: idempotencyRequestHash(request.method, route, request.body),
      })
      switch (result.kind) {
        case 'claimed':
          claims.set(request, result.claim)
          return
        case 'replay':
          return reply.code(result.statusCode).header('idempotent-replayed', 'true').send(result.response)
        case 'in_progress':
          throw new AppError(
            'idempotency_key_conflict',
            'A request with this Idempotency-Key is still being processed; retry later',
          )
        case 'reused':
          throw new AppError(
            'idempotency_key_reused',
            'This Idempotency-Key was used for a different request (another body or endpoint)',
          )
      }
    })

    // onSend, not onResponse: the reply is stored before the client can see it, so an immediate retry replays it
    // instead of finding the key still in progress.
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const claim = claims.get(request)
      if (!claim) return payload
      claims.delete(request)
      const status = reply.statusCode
      try {
        if (isStored(status) && typeof payload === 'string') {
          await completeIdempotencyKey(app.pg.pool, claim, status, JSON.parse(payload))
        } else {
          await releaseIdempotencyKey(app.pg.pool, claim)
        }
      } catch (err) {
        // The request itself succeeded or failed already; its reply goes out either way.
        request.log.error({ err, key: claim.key }, 'could not record the idempotency key outcome')
      }
      return payload
    })
  },
  { name: 'trackly-idempotency', dependencies: ['trackly-api-key-auth', 'trackly-postgres'] },
)
