// API keys (spec §1): only owners list, create and revoke them. A new key is shown once, in the create reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { RoleSchema } from '../../core/roles.js'
import { ApiKeyView, CreatedApiKeyView } from '../../core/views/keys.js'
import { createAccountApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const ownerOnly = { minRole: 'owner' as const }

export async function keyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/keys',
    {
      config: ownerOnly,
      schema: {
        operationId: 'listApiKeys',
        summary: 'List the account’s active API keys (owner)',
        description: 'Never returns a key or its hash: only its display prefix.',
        tags: ['keys'],
        response: { 200: Type.Object({ keys: Type.Array(ApiKeyView) }), ...AUTH_ERRORS },
      },
    },
    async (request) => ({ keys: await listApiKeys(app.pg.pool, request.caller.accountId) }),
  )

  app.post(
    '/keys',
    {
      config: ownerOnly,
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key (owner)',
        description:
          'The key (`trk_` + 32 alphanumerics) is in `api_key` of this reply only; it is stored as a hash.',
        tags: ['keys'],
        body: Type.Object({
          name: Type.String({ maxLength: 100 }),
          role: Type.Optional(RoleSchema),
        }),
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            key: CreatedApiKeyView,
            api_key: Type.String({ description: 'Shown once' }),
          }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const name = request.body.name.trim()
      if (!name) throw new AppError('missing_name', 'name is required')
      const { key, apiKey } = await createAccountApiKey(app.pg.pool, request.caller, {
        name,
        role: request.body.role ?? 'member',
      })
      return { success: true as const, key, api_key: apiKey }
    },
  )

  app.delete(
    '/keys/:id',
    {
      config: ownerOnly,
      schema: {
        operationId: 'deleteApiKey',
        summary: 'Revoke an API key (owner)',
        description:
          'The key is refused from the next request on. The account’s last owner key cannot be revoked (409 `last_owner_key`).',
        tags: ['keys'],
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({ success: Type.Literal(true), revoked: Type.Literal(true) }),
          404: ErrorReply,
          409: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await revokeApiKey(app.pg.pool, request.caller, request.params.id)
      return { success: true as const, revoked: true as const }
    },
  )
}
