// Cookie sessions for the dashboard: the cookie plugin, the session store (`app.sessions`), and the checks a
// cookie-authenticated request passes: a live session, and on anything but GET/HEAD the session's CSRF token in
// X-CSRF-Token (a page on another site can make the browser send the cookie, but cannot read the token).
import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../core/errors.js'
import { csrfTokensMatch, SESSION_COOKIE, sessionCookieOptions } from '../core/sessions.js'
import { type ActiveSession, SessionStore } from '../services/sessions.js'

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore
  }
  interface FastifyRequest {
    /** The dashboard session that authenticated the request; null for API keys and public routes. */
    session: ActiveSession | null
  }
}

export const READS = new Set(['GET', 'HEAD'])

export const sessionsPlugin = fp(
  async (app) => {
    await app.register(cookie)
    app.decorate('sessions', new SessionStore(app.redis, app.config.kafkaTopicPrefix))
    app.decorateRequest('session', null)
  },
  { name: 'trackly-sessions', dependencies: ['trackly-redis'] },
)

/** Sets the session cookie on a reply (sign-in). */
export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(app.config.publicUrl))
}

/** Tells the browser to drop the session cookie (sign-out, or a cookie whose session has ended). */
export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(app.config.publicUrl))
}

export const hasSessionCookie = (request: FastifyRequest): boolean =>
  request.cookies[SESSION_COOKIE] !== undefined

const notSignedIn = () => new AppError('unauthorized', 'Not signed in, or the session has ended')

/**
 * The request's live session, CSRF-checked for writes; 401 `unauthorized` (and the dead cookie cleared) without
 * one, 403 `csrf_failed` for a write without the session's token.
 */
export async function sessionOf(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<ActiveSession> {
  const session = await app.sessions.read(request.cookies[SESSION_COOKIE])
  if (!session) {
    if (hasSessionCookie(request)) clearSessionCookie(app, reply)
    throw notSignedIn()
  }
  if (!READS.has(request.method)) {
    const header = request.headers['x-csrf-token']
    if (!csrfTokensMatch(Array.isArray(header) ? header[0] : header, session.csrfToken)) {
      throw new AppError('csrf_failed', 'This request needs the session’s X-CSRF-Token header')
    }
  }
  request.session = session
  return session
}

/** onRequest hook of the routes that only a signed-in user (never an API key) calls: session and 2FA routes. */
export function signedIn(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await sessionOf(app, request, reply)
  }
}
