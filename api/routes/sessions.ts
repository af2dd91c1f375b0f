// Dashboard sign-in and sessions (issue 14): sign in with email and password (and a two-factor code when the user
// has one), read the session, open another of the user's accounts, sign out here or everywhere. A session is a
// cookie (HttpOnly, SameSite=Lax, Secure over https); every other /api/v2 route accepts it in place of an API key.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { RoleSchema } from '../../core/roles.js'
import { SESSION_COOKIE } from '../../core/sessions.js'
import { clientAddressKey, identityKey } from '../../core/throttle.js'
import { MAX_PASSWORD_LENGTH, normalizeEmail } from '../../core/tokens.js'
import { changePassword } from '../../services/passwords.js'
import type { ActiveSession } from '../../services/sessions.js'
import {
  checkCredentials,
  noAccount,
  noteSignIn,
  openAccountOf,
  type SessionView,
  sessionView,
  userAccounts,
} from '../../services/sign-in.js'
import { ErrorReply } from '../schemas.js'
import { clearSessionCookie, sessionOf, setSessionCookie, signedIn } from '../session-auth.js'

export const Session = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String({ description: 'The user’s name, or the part of the email before the @ without one' }),
  }),
  accounts: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema }), {
    description: 'Every account the user belongs to, with their role on it (oldest membership first)',
  }),
  current_account_id: Type.String({
    description: 'The account the session has open: the one every other route acts on',
  }),
  csrf_token: Type.String({ description: 'Send it as X-CSRF-Token on every request but GET/HEAD' }),
  two_factor_enabled: Type.Boolean(),
  two_factor_setup_required: Type.Boolean({
    description: 'The open account requires two-factor and the user has not turned it on (routes answer 403)',
  }),
  expires_at: Type.String({ format: 'date-time', description: 'When the session ends unless used again' }),
})

/** Sign-in takes no credentials: it is how they are obtained. */
const noCredentials: Array<Record<string, string[]>> = []
/** The session cookie alone (an API key is not a person's login). */
export const sessionOnly: Array<Record<string, string[]>> = [{ session: [] }]
const SIGNED_IN_ERRORS = { 401: ErrorReply, 403: ErrorReply }
const SignedOut = Type.Null({ description: 'Signed out; the cookie is cleared' })

export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const pool = () => app.pg.pool

  /** The session's view with `wanted` open (else its account, else the user's first); ends a session with none. */
  async function viewOf(
    session: ActiveSession,
    reply: FastifyReply,
    wanted = session.accountId,
  ): Promise<SessionView> {
    const found = await userAccounts(pool(), session.userId)
    const account = found && openAccountOf(found, wanted)
    if (!found || !account) {
      await app.sessions.end(session)
      clearSessionCookie(app, reply)
      throw new AppError('unauthorized', 'This login can no longer sign in')
    }
    if (account.id !== session.accountId) await app.sessions.switchAccount(session, account.id)
    return sessionView(found, account, session)
  }

  app.post(
    '/auth/sign-in',
    {
      config: { public: true, throttle: 'sign_in' },
      schema: {
        operationId: 'signIn',
        summary: 'Sign in to the dashboard (sets the session cookie)',
        description:
          'Answers the session and sets the `trackly_session` cookie (HttpOnly, SameSite=Lax, Secure over https). ' +
          '401 `invalid_credentials` for a wrong email or password (alike). A user with two-factor on gets 401 ' +
          '`two_factor_required` without a code and `invalid_two_factor_code` with a wrong or used one; ' +
          '`recovery_code` instead of `totp_code` uses up that recovery code. Failed attempts are limited per ' +
          'client address and per email (429 `rate_limited` with Retry-After). A sign-in from an address the ' +
          'user has not used before is emailed to them.',
        tags: ['auth'],
        security: noCredentials,
        body: Type.Object({
          email: Type.String({ maxLength: 254 }),
          password: Type.String({ maxLength: MAX_PASSWORD_LENGTH }),
          totp_code: Type.Optional(Type.String({ maxLength: 16 })),
          recovery_code: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Session, 400: ErrorReply, ...SIGNED_IN_ERRORS },
      },
    },
    async (request, reply) => {
      const throttled: [Parameters<typeof app.throttle.refund>[0], string][] = [
        ['sign_in_ip', clientAddressKey(request.ip)],
        ['sign_in_email', identityKey(normalizeEmail(request.body.email))],
      ]
      // The throttle counted this attempt; a success, or a right password still missing its code, gives it back.
      const refund = () => Promise.all(throttled.map(([name, key]) => app.throttle.refund(name, key)))
      const user = await checkCredentials(pool(), app.config.secretKey, request.body).catch(async (err) => {
        if (err instanceof AppError && err.code === 'two_factor_required') await refund()
        throw err
      })
      const found = await userAccounts(pool(), user.userId)
      const account = found && openAccountOf(found, undefined)
      if (!found || !account) throw noAccount()
      await refund()
      const previous = await app.sessions.read(request.cookies[SESSION_COOKIE])
      if (previous) await app.sessions.end(previous) // a new token at each sign-in: none can be planted
      const { token, session } = await app.sessions.create(user.userId, account.id)
      setSessionCookie(app, reply, token)
      const { sending } = await noteSignIn(pool(), app.mailer, {
        ...user,
        address: request.ip,
        addressKey: clientAddressKey(request.ip),
        userAgent: request.headers['user-agent'],
      })
      sending.catch((err) => request.log.error({ err }, 'sign-in notice not sent'))
      return sessionView(found, account, session)
    },
  )

  app.get(
    '/auth/session',
    {
      config: { public: true },
      onRequest: signedIn(app),
      schema: {
        operationId: 'getSession',
        summary: 'The signed-in session',
        description:
          '401 `unauthorized` when not signed in or the session has ended (14 days idle, 30 in all).',
        tags: ['auth'],
        security: sessionOnly,
        response: { 200: Session, ...SIGNED_IN_ERRORS },
      },
    },
    (request, reply) => viewOf(request.session!, reply),
  )

  app.put(
    '/auth/session/account',
    {
      config: { public: true },
      onRequest: signedIn(app),
      schema: {
        operationId: 'switchSessionAccount',
        summary: 'Open another of the user’s accounts in this session',
        description:
          'Every later request acts on this account with the user’s role on it. 404 `not_found` for an account ' +
          'the user does not belong to, exactly as for one that does not exist.',
        tags: ['auth'],
        security: sessionOnly,
        body: Type.Object({ account_id: Type.String({ maxLength: 64 }) }),
        response: { 200: Session, 400: ErrorReply, 404: ErrorReply, ...SIGNED_IN_ERRORS },
      },
    },
    async (request, reply) => {
      const session = request.session!
      const found = await userAccounts(pool(), session.userId)
      if (!found?.accounts.some((a) => a.id === request.body.account_id)) {
        throw new AppError('not_found', 'Account not found')
      }
      return viewOf(session, reply, request.body.account_id)
    },
  )

  app.post(
    '/auth/sign-out',
    {
      config: { public: true },
      schema: {
        operationId: 'signOut',
        summary: 'Sign this session out',
        description: '204 also when the session had ended already. Needs X-CSRF-Token while it is live.',
        tags: ['auth'],
        security: sessionOnly,
        response: { 204: SignedOut, ...SIGNED_IN_ERRORS },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const session = await sessionOf(app, request, reply).catch((err) => {
        if (err instanceof AppError && err.code === 'unauthorized') return null
        throw err
      })
      if (session) await app.sessions.end(session)
      clearSessionCookie(app, reply)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/sign-out-everywhere',
    {
      config: { public: true },
      onRequest: signedIn(app),
      schema: {
        operationId: 'signOutEverywhere',
        summary: 'Sign out every session of the user, this one included',
        tags: ['auth'],
        security: sessionOnly,
        response: { 204: SignedOut, ...SIGNED_IN_ERRORS },
      },
    },
    async (request, reply) => {
      await app.sessions.endAll(request.session!.userId)
      clearSessionCookie(app, reply)
      return reply.code(204).send(null)
    },
  )

  app.put(
    '/auth/password',
    {
      config: { public: true },
      onRequest: signedIn(app),
      schema: {
        operationId: 'changePassword',
        summary: 'Change the signed-in user’s password',
        description:
          'Signs out every other session of the user (this one stays). 400 `invalid_password` for a wrong current ' +
          'password (failures are limited like sign-ins: 429 `rate_limited`), `weak_password` under 8 characters.',
        tags: ['auth'],
        security: sessionOnly,
        body: Type.Object({
          current_password: Type.String({ maxLength: MAX_PASSWORD_LENGTH }),
          password: Type.String({ maxLength: MAX_PASSWORD_LENGTH, description: 'At least 8 characters' }),
        }),
        response: { 204: Type.Null({ description: 'Changed' }), 400: ErrorReply, ...SIGNED_IN_ERRORS },
      },
    },
    async (request, reply) => {
      const session = request.session!
      const key = identityKey(`user:${session.userId}`)
      await app.throttle.consume('sign_in_email', key)
      await changePassword(pool(), session.userId, request.body)
      await app.throttle.refund('sign_in_email', key)
      await app.sessions.endAll(session.userId, session)
      return reply.code(204).send(null)
    },
  )
}
