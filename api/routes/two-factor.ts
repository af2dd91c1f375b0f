// Two-factor authentication of the signed-in user (TOTP, with ten one-time recovery codes) and the account's
// policy requiring it (owners). The 2FA routes take the session alone: they stay open when the account requires
// 2FA and the user has not set it up, which is how the user gets past that requirement.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { identityKey } from '../../core/throttle.js'
import { MAX_PASSWORD_LENGTH } from '../../core/tokens.js'
import { accountSecurity, updateAccountSecurity } from '../../services/account-security.js'
import { disableTwoFactor, enableTwoFactor, setupTwoFactor } from '../../services/two-factor.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'
import { signedIn } from '../session-auth.js'
import { sessionOnly } from './sessions.js'

const SIGNED_IN = { public: true }
const SIGNED_IN_ERRORS = { 401: ErrorReply, 403: ErrorReply }
const AccountSecurity = Type.Object({
  require_two_factor: Type.Boolean({
    description: 'Every signed-in user of the account must have two-factor on (API keys are not affected)',
  }),
})

export async function twoFactorRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const secretKey = app.config.secretKey

  app.post(
    '/auth/two-factor/setup',
    {
      config: SIGNED_IN,
      onRequest: signedIn(app),
      schema: {
        operationId: 'setupTwoFactor',
        summary: 'Start two-factor enrolment: a new secret and its QR code',
        description:
          'Scan `qr_svg` (or enter `secret`) in an authenticator app, then confirm with `POST ' +
          '/auth/two-factor/enable`. Until then sign-in is unchanged. 409 `two_factor_already_enabled`.',
        tags: ['auth'],
        security: sessionOnly,
        response: {
          200: Type.Object({
            secret: Type.String({ description: 'Base32, for typing into the app' }),
            otpauth_url: Type.String({ description: 'otpauth://totp/… (what the QR code holds)' }),
            qr_svg: Type.String({ description: 'The QR code as an SVG document' }),
          }),
          409: ErrorReply,
          ...SIGNED_IN_ERRORS,
        },
      },
    },
    (request) => setupTwoFactor(app.pg.pool, secretKey, request.session!.userId),
  )

  app.post(
    '/auth/two-factor/enable',
    {
      config: SIGNED_IN,
      onRequest: signedIn(app),
      schema: {
        operationId: 'enableTwoFactor',
        summary: 'Turn two-factor on with a code from the app; answers ten recovery codes',
        description:
          'The recovery codes are shown this once (stored hashed); each signs in once in place of a code. ' +
          '400 `invalid_code` for a wrong code; 409 `two_factor_setup_not_started` before setup.',
        tags: ['auth'],
        security: sessionOnly,
        body: Type.Object({ code: Type.String({ maxLength: 16 }) }),
        response: {
          200: Type.Object({ recovery_codes: Type.Array(Type.String(), { minItems: 10, maxItems: 10 }) }),
          400: ErrorReply,
          409: ErrorReply,
          ...SIGNED_IN_ERRORS,
        },
      },
    },
    (request) => enableTwoFactor(app.pg.pool, secretKey, request.session!.userId, request.body.code),
  )

  app.post(
    '/auth/two-factor/disable',
    {
      config: SIGNED_IN,
      onRequest: signedIn(app),
      schema: {
        operationId: 'disableTwoFactor',
        summary: 'Turn two-factor off (password and a current code)',
        description:
          '`code`: the app’s current code, or a recovery code if the device is lost. 400 `invalid_password` or ' +
          '`invalid_code`; failures are limited like sign-ins (429 `rate_limited`). 409 `two_factor_not_enabled`.',
        tags: ['auth'],
        security: sessionOnly,
        body: Type.Object({
          password: Type.String({ maxLength: MAX_PASSWORD_LENGTH }),
          code: Type.String({ maxLength: 64 }),
        }),
        response: {
          204: Type.Null({ description: 'Two-factor is off' }),
          400: ErrorReply,
          409: ErrorReply,
          ...SIGNED_IN_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const userId = request.session!.userId
      // Counted against the user's sign-in budget: a stolen session cannot guess the password here instead.
      const key = identityKey(`user:${userId}`)
      await app.throttle.consume('sign_in_email', key)
      await disableTwoFactor(app.pg.pool, secretKey, userId, request.body)
      await app.throttle.refund('sign_in_email', key)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/account/security',
    {
      schema: {
        operationId: 'getAccountSecurity',
        summary: 'The account’s sign-in policy',
        tags: ['account'],
        response: { 200: AccountSecurity, ...AUTH_ERRORS },
      },
    },
    (request) => accountSecurity(app.pg.pool, request.caller.accountId),
  )

  app.put(
    '/account/security',
    {
      config: { minRole: 'owner' },
      schema: {
        operationId: 'updateAccountSecurity',
        summary: 'Require two-factor for every signed-in user of the account (owner)',
        description:
          'While on, a signed-in user without two-factor gets 403 `two_factor_setup_required` from every account ' +
          'route until they turn it on (the session and two-factor routes stay open). API keys are not affected.',
        tags: ['account'],
        body: AccountSecurity,
        response: {
          200: Type.Object({ success: Type.Literal(true), ...AccountSecurity.properties }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      ...(await updateAccountSecurity(app.pg.pool, request.caller, request.body)),
    }),
  )
}
