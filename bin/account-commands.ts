// Operator commands for accounts and users: create an account, suspend or activate one, and issue a password
// reset token for an operator to hand over. They need Postgres only.
import { type AccountStatus, createAccount, setAccountStatus } from '../services/accounts.js'
import { createPasswordReset } from '../services/passwords.js'
import { type CommandContext, emit, UsageError, withPostgres } from './cli.js'

export async function createAccountCommand(
  ctx: CommandContext,
  opts: { name: string; email: string; password?: string; json?: boolean },
): Promise<void> {
  const created = await withPostgres(ctx, (pg) =>
    createAccount(
      pg.db,
      {
        name: opts.name,
        ownerEmail: opts.email,
        ...(opts.password ? { password: opts.password } : {}),
      },
      ctx.config.secretKey,
    ),
  )
  emit(opts.json, { account_id: created.accountId, api_key: created.apiKey }, () => [
    `account ${created.accountId}`,
    `API key (shown once): ${created.apiKey}`,
  ])
}

/** `suspend-account --id ID` / `activate-account --id ID`: effective on the account's next API request. */
export async function accountStatusCommand(
  ctx: CommandContext,
  opts: { id: string; json?: boolean },
  status: AccountStatus,
): Promise<void> {
  const found = await withPostgres(ctx, (pg) => setAccountStatus(pg.pool, opts.id, status))
  if (!found) throw new UsageError(`no account with id ${opts.id}`)
  emit(opts.json, { account_id: opts.id, status }, () => [`account ${opts.id} is now ${status}`])
}

/** `reset-password --email E`: prints a reset token valid 1 h and the request that uses it. */
export async function resetPasswordCommand(
  ctx: CommandContext,
  opts: { email: string; json?: boolean },
): Promise<void> {
  const reset = await withPostgres(ctx, (pg) => createPasswordReset(pg.pool, opts.email))
  if (!reset) throw new UsageError(`no active user with email ${opts.email}`)
  const api = `http://${ctx.config.host}:${ctx.config.apiPort}`
  emit(opts.json, { token: reset.token, expires_at: reset.expiresAt.toISOString() }, () => [
    `reset token (valid until ${reset.expiresAt.toISOString()}, works once):`,
    `  ${reset.token}`,
    'set the new password with:',
    `  curl -s -X POST ${api}/api/v2/auth/password-reset/confirm -H 'Content-Type: application/json' \\`,
    `    -d '{"token":"${reset.token}","password":"<new password, 8+ characters>"}'`,
  ])
}
