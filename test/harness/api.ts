// The app.inject() harness for /api/v2: the real API app over the real services, no socket, and helpers to
// make accounts with keys of each role. One per test file (its own ClickHouse directory and topics).
import type { FastifyInstance } from 'fastify'
import { apiApp } from '../../api/app.js'
import { prepare } from '../../bin/platform.js'
import type { Config } from '../../core/config.js'
import { randomAlphanumeric } from '../../core/ids.js'
import { createDeps, type Deps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import type { Postgres } from '../../lib/postgres.js'
import { buildHttpApp } from '../../lib/server.js'
import { createAccount, createApiKey, type Role } from '../../services/accounts.js'
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

export interface ApiHarness {
  app: FastifyInstance
  deps: Deps
  config: Config
  pg: Postgres
  /** The SMTP receiver this app sends its mail to. */
  mail: Mailbox
  /** A new account with owner, member and viewer keys and one active sending list. */
  account(opts?: { listNumber?: string; shortenerDomain?: string | null }): Promise<TestAccount>
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    key: string | undefined,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>
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
      const phoneNumber = opts.listNumber ?? `+1800555${String(1000 + (listSeq++ % 9000)).padStart(4, '0')}`
      const { rows } = await pg.pool.query<{ id: number }>(
        `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, shortener_domain)
         VALUES ($1, $2, 'Test list', 'Test Brand', 'simulator', $3) RETURNING id`,
        [accountId, phoneNumber, opts.shortenerDomain === undefined ? 'trk.example' : opts.shortenerDomain],
      )
      return {
        accountId,
        userId,
        keys: { owner: apiKey, member, viewer },
        list: { id: rows[0]!.id, phoneNumber },
      }
    },
    async request(method, url, key, body) {
      const res = await app.inject({
        method,
        url,
        headers: key ? { 'x-api-key': key } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      })
      let parsed: unknown = res.body
      try {
        parsed = res.json()
      } catch {}
      return { status: res.statusCode, body: parsed, headers: res.headers }
    },
  }
}
