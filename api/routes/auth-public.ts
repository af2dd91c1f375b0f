// Routes served without an API key (config.public): accepting an invitation and resetting a password. Each
// authenticates by its own single-use token, stored only as a hash.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { MAX_PASSWORD_LENGTH } from '../../core/tokens.js'
import { ROLES } from '../../services/accounts.js'
import { confirmPasswordReset, createPasswordReset } from '../../services/passwords.js'
import { acceptInvitation, previewInvitation } from '../../services/team.js'
import { ErrorReply } from '../schemas.js'

const publicRoute = { public: true }
/** No X-Api-Key in the OpenAPI document for these routes. */
const noApiKey: Array<Record<string, string[]>> = []
const TokenSchema = Type.String({ maxLength: 128 })
const PasswordSchema = Type.String({ maxLength: MAX_PASSWORD_LENGTH, description: 'At least 8 characters' })
const TOKEN_ERRORS = { 400: ErrorReply, 410: ErrorReply }

export async function publicAuthRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/invitations/accept',
    {
      config: publicRoute,
      schema: {
        summary: 'What an invitation link offers (no API key)',
        description: 'For the page that asks the invitee for a password before `POST /invitations/accept`.',
        tags: ['team'],
        security: noApiKey,
        querystring: Type.Object({ token: TokenSchema }),
        response: {
          200: Type.Object({
            email: Type.String(),
            role: Type.Enum([...ROLES]),
            account_name: Type.String(),
            expires_at: Type.String({ format: 'date-time' }),
          }),
          403: ErrorReply,
          ...TOKEN_ERRORS,
        },
      },
    },
    (request) => previewInvitation(app.pg.pool, request.query.token),
  )

  app.post(
    '/invitations/accept',
    {
      config: publicRoute,
      schema: {
        summary: 'Accept an invitation (no API key)',
        description:
          'Creates the user with this password and gives it the invited role. When a user with the invited email ' +
          'exists already, it gets access instead and `password` must be its current password (400 ' +
          '`invalid_password`); its password is never changed here. 410 `token_expired` after 7 days; 400 ' +
          '`invalid_token` for an unknown or used token; 400 `weak_password` under 8 characters.',
        tags: ['team'],
        security: noApiKey,
        body: Type.Object({ token: TokenSchema, password: PasswordSchema }),
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            user_id: Type.String(),
            account_id: Type.String(),
            role: Type.Enum([...ROLES]),
            new_user: Type.Boolean(),
          }),
          403: ErrorReply,
          409: ErrorReply,
          ...TOKEN_ERRORS,
        },
      },
    },
    async (request) => ({ success: true as const, ...(await acceptInvitation(app.pg.pool, request.body)) }),
  )

  app.post(
    '/auth/password-reset',
    {
      config: publicRoute,
      schema: {
        summary: 'Request a password reset (no API key)',
        description:
          'Always answers `{success: true}`, whether or not the email has a user. A reset token valid 1 hour is ' +
          'made for a known email. Trackly sends no email: outside production the token is written to the log ' +
          '(info level); operators get one with `trackly reset-password --email E`.',
        tags: ['auth'],
        security: noApiKey,
        body: Type.Object({ email: Type.String({ maxLength: 254 }) }),
        response: { 200: Type.Object({ success: Type.Literal(true) }), 400: ErrorReply },
      },
    },
    async (request) => {
      const reset = await createPasswordReset(app.pg.pool, request.body.email)
      if (reset && app.config.env !== 'production') {
        request.log.info(
          { user_id: reset.userId, reset_token: reset.token, expires_at: reset.expiresAt.toISOString() },
          'password reset token (logged outside production only): POST /api/v2/auth/password-reset/confirm',
        )
      }
      return { success: true as const }
    },
  )

  app.post(
    '/auth/password-reset/confirm',
    {
      config: publicRoute,
      schema: {
        summary: 'Set a new password with a reset token (no API key)',
        description:
          'The token works once (then 400 `invalid_token`) and for 1 hour (then 410 `token_expired`). Using it ' +
          'voids the user’s other reset tokens. 400 `weak_password` under 8 characters.',
        tags: ['auth'],
        security: noApiKey,
        body: Type.Object({ token: TokenSchema, password: PasswordSchema }),
        response: { 200: Type.Object({ success: Type.Literal(true) }), ...TOKEN_ERRORS },
      },
    },
    async (request) => {
      await confirmPasswordReset(app.pg.pool, request.body.token, request.body.password)
      return { success: true as const }
    },
  )
}
