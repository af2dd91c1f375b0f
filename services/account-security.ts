// An account's sign-in policy (issue 14): whether every signed-in user must have two-factor on. API keys are not
// affected (they are not a person's login). Changes are audited.
import type pg from 'pg'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'

export interface AccountSecurity {
  require_two_factor: boolean
}

export async function accountSecurity(pool: pg.Pool, accountId: string): Promise<AccountSecurity> {
  const { rows } = await pool.query<AccountSecurity>(
    'SELECT require_two_factor FROM accounts WHERE id = $1',
    [accountId],
  )
  return { require_two_factor: rows[0]?.require_two_factor ?? false }
}

export function updateAccountSecurity(
  pool: pg.Pool,
  caller: ApiCaller,
  input: AccountSecurity,
): Promise<AccountSecurity> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ before: boolean }>(
      `UPDATE accounts a SET require_two_factor = $2, updated_at = now()
         FROM (SELECT require_two_factor FROM accounts WHERE id = $1 FOR UPDATE) old
        WHERE a.id = $1 RETURNING old.require_two_factor AS before`,
      [caller.accountId, input.require_two_factor],
    )
    if (rows[0] && rows[0].before !== input.require_two_factor) {
      await writeAudit(client, {
        accountId: caller.accountId,
        actor: actorOf(caller),
        action: 'account.require_two_factor',
        target: caller.accountId,
        detail: { from: rows[0].before, to: input.require_two_factor },
      })
    }
    return { require_two_factor: input.require_two_factor }
  })
}
