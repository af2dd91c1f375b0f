// Operator commands for accounts and users: suspend or activate an account, and issue a password reset
// token (Trackly sends no email, so an operator hands the token to the user).
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../core/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { prepare } from '../lib/platform.js'
import type { Postgres } from '../lib/postgres.js'
import { type AccountStatus, setAccountStatus } from '../services/accounts.js'
import { createPasswordReset } from '../services/passwords.js'

async function withPostgres<T>(fn: (pg: Postgres) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const deps = createDeps(config, createLogger(config))
  await prepare(deps)
  try {
    return await fn(deps.postgres.acquire())
  } finally {
    await deps.postgres.release()
  }
}

/** `suspend-account --id ID` / `activate-account --id ID`: effective on the account's next API request. */
export async function accountStatusCommand(argv: string[], status: AccountStatus): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { id: { type: 'string' } } })
  const verb = status === 'active' ? 'activate' : 'suspend'
  if (!values.id) throw new ConfigError(`usage: trackly ${verb}-account --id ACCOUNT_ID`)
  const id = values.id
  const found = await withPostgres((pg) => setAccountStatus(pg.pool, id, status))
  if (!found) throw new ConfigError(`no account with id ${id}`)
  process.stdout.write(`account ${id} is now ${status}\n`)
}

/** `reset-password --email E`: prints a reset token valid 1 h and the request that uses it. */
export async function resetPasswordCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { email: { type: 'string' } } })
  if (!values.email) throw new ConfigError('usage: trackly reset-password --email EMAIL')
  const email = values.email
  const config = loadConfig()
  const reset = await withPostgres((pg) => createPasswordReset(pg.pool, email))
  if (!reset) throw new ConfigError(`no active user with email ${email}`)
  const api = `http://${config.host}:${config.apiPort}`
  process.stdout.write(
    [
      `reset token (valid until ${reset.expiresAt.toISOString()}, works once):`,
      `  ${reset.token}`,
      'set the new password with:',
      `  curl -s -X POST ${api}/api/v2/auth/password-reset/confirm -H 'Content-Type: application/json' \\`,
      `    -d '{"token":"${reset.token}","password":"<new password, 8+ characters>"}'`,
      '',
    ].join('\n'),
  )
}
