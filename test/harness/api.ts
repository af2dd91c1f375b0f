// The app.inject() harness for /api/v2: the real API app over the real services, no socket, and helpers to
// make accounts with keys of each role. One per test file (its own ClickHouse directory and topics).
import type { FastifyInstance } from 'fastify'
import { apiApp } from '../../api/app.js'
import { prepare } from '../../bin/platform.js'
import type { Config } from '../../core/config.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import type { Role } from '../../core/roles.js'
import { createDeps, type Deps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import type { Postgres } from '../../lib/postgres.js'
import { buildHttpApp } from '../../lib/server.js'
import { createAccount, createApiKey } from '../../services/accounts.js'
import { hashPassword } from '../../services/passwords.js'
import { type Mailbox, startMailbox } from './mail.js'
import type { Teardown } from './platform.js'
import { quietHoursOff, testConfig } from './platform.js'

export interface TestAccount {
  accountId: string
  userId: string
  /** Keys by role; `owner` is the account's first key. */
  keys: Record<Role, string>
  /** A sending list on the simulator, with its E.164 number. */
  list: { id: number; phoneNumber: string }
}

/** A signed-in dashboard session: its cookie and CSRF token, as a browser and the dashboard would send them. */
export interface SessionCredential {
  cookie: string
  csrfToken: string
  /** The Session the sign-in answered. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  session: any
}

/** An API key, or a signed-in session (its writes carry X-CSRF-Token). */
export type Credential = string | SessionCredential

/** The request headers a credential sends. */
export function credentialHeaders(
  credential: Credential | undefined,
  method: string,
): Record<string, string> {
  if (credential === undefined) return {}
  if (typeof credential === 'string') return { 'x-api-key': credential }
  return {
    cookie: `trackly_session=${credential.cookie}`,
    ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': credential.csrfToken }),
  }
}

export interface ApiHarness {
  app: FastifyInstance
  deps: Deps
  config: Config
  pg: Postgres
  /** The SMTP receiver this app sends its mail to. */
  mail: Mailbox
  /** A new account with owner, member and viewer keys and one active sending list. */
  account(opts?: { listNumber?: string; shortenerDomain?: string | null }): Promise<TestAccount>
  /** A further sending list of the account, on the simulator; a fresh toll-free number unless one is given. */
  list(
    accountId: string,
    opts?: { phoneNumber?: string; shortenerDomain?: string | null },
  ): Promise<{ id: number; phoneNumber: string }>
  /** A request with an API key or a session (or neither). */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    key: Credential | undefined,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>
  /** Gives a user a password (the harness's owners are created without one). */
  setPassword(userId: string, password: string): Promise<void>
  /** A new user with a password and `role` on the account. */
  user(accountId: string, role: Role): Promise<{ userId: string; email: string; password: string }>
  /** Signs in through POST /auth/sign-in; throws unless it answers 200. */
  signIn(
    email: string,
    password: string,
    extra?: { totp_code?: string; recovery_code?: string },
  ): Promise<SessionCredential>
  /** A session of the account's owner (given a password first), on that account. */
  ownerSession(account: TestAccount): Promise<SessionCredential>
}

export async function apiHarness(t: Teardown, overrides: Partial<Config> = {}): Promise<ApiHarness> {
  const mail = await startMailbox(t)
  const config = testConfig({ smtpUrl: mail.url, ...overrides })
  const deps = createDeps(config, createLogger(config))
  await prepare(deps)
  const app = await buildHttpApp(apiApp, deps)
  const pg = deps.postgres.acquire()
  t.teardown(async () => {
    await app.close()
    await deps.postgres.release()
  })
  let listSeq = 0
  async function addList(
    accountId: string,
    { phoneNumber, shortenerDomain = null }: { phoneNumber?: string; shortenerDomain?: string | null } = {},
  ) {
    const number = phoneNumber ?? `+1800555${String(1000 + (listSeq++ % 9000)).padStart(4, '0')}`
    const { rows } = await pg.pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, shortener_domain)
       VALUES ($1, $2, 'Test list', 'Test Brand', 'simulator', $3) RETURNING id`,
      [accountId, number, shortenerDomain],
    )
    return { id: rows[0]!.id, phoneNumber: number }
  }
  return {
    app,
    deps,
    config,
    pg,
    mail,
    async account(opts = {}) {
      const { accountId, userId, apiKey } = await createAccount(
        pg.db,
        {
          name: `Test ${randomAlphanumeric(6)}`,
          ownerEmail: `owner-${randomAlphanumeric(10).toLowerCase()}@example.test`,
        },
        config.secretKey,
      )
      await quietHoursOff(pg.pool, accountId)
      const member = await createApiKey(pg.db, accountId, 'member key', userId, 'member')
      const viewer = await createApiKey(pg.db, accountId, 'viewer key', userId, 'viewer')
      const list = await addList(accountId, {
        phoneNumber: opts.listNumber,
        shortenerDomain: opts.shortenerDomain === undefined ? 'trk.example' : opts.shortenerDomain,
      })
      return { accountId, userId, keys: { owner: apiKey, member, viewer }, list }
    },
    list: addList,
    request,
    setPassword,
    async user(accountId, role) {
      const userId = newObjectId()
      const email = `user-${randomAlphanumeric(10).toLowerCase()}@example.test`
      const password = `pw-${randomAlphanumeric(16)}`
      await pg.pool.query('INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)', [
        userId,
        email,
        await hashPassword(password),
      ])
      await pg.pool.query('INSERT INTO account_access (account_id, user_id, role) VALUES ($1, $2, $3)', [
        accountId,
        userId,
        role,
      ])
      return { userId, email, password }
    },
    signIn,
    async ownerSession(account) {
      const { rows } = await pg.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [
        account.userId,
      ])
      const password = `pw-${randomAlphanumeric(16)}`
      await setPassword(account.userId, password)
      const signed = await signIn(rows[0]!.email, password)
      if (signed.session.current_account_id === account.accountId) return signed
      const switched = await request('PUT', '/api/v2/auth/session/account', signed, {
        account_id: account.accountId,
      })
      if (switched.status !== 200) throw new Error(`switch account: ${switched.status}`)
      return { ...signed, session: switched.body }
    },
  }

  async function request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    key: Credential | undefined,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
    const res = await app.inject({
      method,
      url,
      headers: credentialHeaders(key, method),
      ...(body === undefined ? {} : { payload: body as object }),
    })
    let parsed: unknown = res.body
    try {
      parsed = res.json()
    } catch {}
    return { status: res.statusCode, body: parsed, headers: res.headers }
  }

  async function setPassword(userId: string, password: string): Promise<void> {
    await pg.pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
      userId,
      await hashPassword(password),
    ])
  }

  async function signIn(
    email: string,
    password: string,
    extra: { totp_code?: string; recovery_code?: string } = {},
  ): Promise<SessionCredential> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/auth/sign-in',
      payload: { email, password, ...extra },
    })
    const cookie = res.cookies.find((c) => c.name === 'trackly_session')
    if (res.statusCode !== 200 || !cookie) throw new Error(`sign-in: ${res.statusCode} ${res.body}`)
    const session = res.json()
    return { cookie: cookie.value, csrfToken: session.csrf_token, session }
  }
}
