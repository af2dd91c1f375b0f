// Routes served without an API key (config.public): accepting an invitation and resetting a password. Each
// authenticates by its own single-use token, stored only as a hash.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { RoleSchema } from '../../core/roles.js'
import { MAX_PASSWORD_LENGTH } from '../../core/tokens.js'
import { acceptInvitation, previewInvitation } from '../../services/invitations.js'
import { confirmPasswordReset, previewPasswordReset, requestPasswordReset } from '../../services/passwords.js'
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
      config: { ...publicRoute, throttle: 'invitation_accept' },
      schema: {
        operationId: 'getInvitation',
        summary: 'What an invitation link offers (no API key)',
        description:
          'The emailed invitation link opens here. `existing_user`: the email has a login already, so ' +
          '`POST /invitations/accept` needs no password.',
        tags: ['team'],
        security: noApiKey,
        querystring: Type.Object({ token: TokenSchema }),
        response: {
          200: Type.Object({
            email: Type.String(),
            role: RoleSchema,
            account_name: Type.String(),
            expires_at: Type.String({ format: 'date-time' }),
            existing_user: Type.Boolean(),
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
      config: { ...publicRoute, throttle: 'invitation_accept' },
      schema: {
        operationId: 'acceptInvitation',
        summary: 'Accept an invitation (no API key)',
        description:
          'The token is the one emailed to the invitee; holding it proves the mailbox. A new email becomes a user ' +
          'with `password` (400 `missing_password` without it, `weak_password` under 8 characters). A user who ' +
          'exists already gets access with no password: `password` is neither checked nor changed. 410 ' +
          '`token_expired` after 7 days; 400 `invalid_token` for an unknown or used token.',
        tags: ['team'],
        security: noApiKey,
        body: Type.Object({ token: TokenSchema, password: Type.Optional(PasswordSchema) }),
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            user_id: Type.String(),
            account_id: Type.String(),
            role: RoleSchema,
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
      config: { ...publicRoute, throttle: 'password_reset' },
      schema: {
        operationId: 'requestPasswordReset',
        summary: 'Request a password reset (no API key)',
        description:
          'Always answers `{success: true}`, whether or not the email has a user. A known email is sent a reset ' +
          'link valid 1 hour (its token goes to `POST /auth/password-reset/confirm`).',
        tags: ['auth'],
        security: noApiKey,
        body: Type.Object({ email: Type.String({ maxLength: 254 }) }),
        response: { 200: Type.Object({ success: Type.Literal(true) }), 400: ErrorReply },
      },
    },
    async (request) => {
      // Not awaited: an answer that waited for SMTP would tell which emails have a user.
      const { sending } = await requestPasswordReset(app.pg.pool, app.mailer, request.body.email)
      sending.catch((err) => request.log.error({ err }, 'password reset email not sent'))
      return { success: true as const }
    },
  )

  app.get(
    '/auth/password-reset/confirm',
    {
      config: { ...publicRoute, throttle: 'password_reset_confirm' },
      schema: {
        operationId: 'getPasswordReset',
        summary: 'What a password reset link opens (no API key)',
        description: 'The emailed reset link opens here; the token is not used up.',
        tags: ['auth'],
        security: noApiKey,
        querystring: Type.Object({ token: TokenSchema }),
        response: {
          200: Type.Object({ email: Type.String(), expires_at: Type.String({ format: 'date-time' }) }),
          ...TOKEN_ERRORS,
        },
      },
    },
    (request) => previewPasswordReset(app.pg.pool, request.query.token),
  )

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { ...publicRoute, throttle: 'password_reset_confirm' },
      schema: {
        operationId: 'confirmPasswordReset',
        summary: 'Set a new password with a reset token (no API key)',
        description:
          'The token works once (then 400 `invalid_token`) and for 1 hour (then 410 `token_expired`). Using it ' +
          'voids the user’s other reset tokens and signs out every session of the user. 400 `weak_password` under 8 ' +
          'characters.',
        tags: ['auth'],
        security: noApiKey,
        body: Type.Object({ token: TokenSchema, password: PasswordSchema }),
        response: { 200: Type.Object({ success: Type.Literal(true) }), ...TOKEN_ERRORS },
      },
    },
    async (request) => {
      const { userId } = await confirmPasswordReset(app.pg.pool, request.body.token, request.body.password)
      // Whoever knew the old password may hold a session: a new password signs every session out.
      await app.sessions.endAll(userId)
      return { success: true as const }
    },
  )
}
