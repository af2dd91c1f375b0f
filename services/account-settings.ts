// Account settings (issue 16): read and changed through the API, stored where the sending code reads them —
// `accounts.settings` (templates, brand name, quiet hours, spam complaints, time zone) and the `bot_filter_mode`
// column that the tracking settings share. Every change is audited with the fields it altered.
import type pg from 'pg'
import {
  accountSettingsOf,
  checkSettingsUpdate,
  settingsDiff,
  storedChanges,
} from '../core/account-settings.js'
import { AppError } from '../core/errors.js'
import type { AccountSettingsUpdate, AccountSettingsView } from '../core/views/account-settings.js'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'

/**
 * SQL for the brand name that fills `{{brand_name}}` for a list: its own, else the account's (settings), else ''.
 * `list` and `account` are the query's aliases of sending_lists and accounts.
 */
export const brandNameSql = (list: string, account: string): string =>
  `COALESCE(NULLIF(${list}.brand_name, ''), ${account}.settings->'messaging'->>'brand_name', '')`

interface Row {
  settings: Record<string, unknown> | null
  bot_filter_mode: string
}

export async function getAccountSettings(pool: pg.Pool, accountId: string): Promise<AccountSettingsView> {
  const { rows } = await pool.query<Row>('SELECT settings, bot_filter_mode FROM accounts WHERE id = $1', [
    accountId,
  ])
  if (!rows[0]) throw new AppError('not_found', 'Account not found')
  return accountSettingsOf(rows[0].settings, rows[0].bot_filter_mode)
}

/** Sets the fields given; the other keys of `accounts.settings` (and of settings.messaging) are kept. */
export async function updateAccountSettings(
  pool: pg.Pool,
  caller: ApiCaller,
  input: AccountSettingsUpdate,
): Promise<AccountSettingsView> {
  const checked = checkSettingsUpdate(input)
  if (!checked.ok) throw new AppError(checked.code, checked.error)
  const { top, messaging, botFilterMode } = storedChanges(checked.update)
  return withTransaction(pool, async (client) => {
    const { rows: old } = await client.query<Row>(
      'SELECT settings, bot_filter_mode FROM accounts WHERE id = $1 FOR UPDATE',
      [caller.accountId],
    )
    if (!old[0]) throw new AppError('not_found', 'Account not found')
    const { rows } = await client.query<Row>(
      `UPDATE accounts
          SET settings = jsonb_set(settings || $2::jsonb, '{messaging}',
                                   COALESCE(settings->'messaging', '{}'::jsonb) || $3::jsonb),
              bot_filter_mode = COALESCE($4, bot_filter_mode),
              updated_at = now()
        WHERE id = $1
        RETURNING settings, bot_filter_mode`,
      [caller.accountId, JSON.stringify(top), JSON.stringify(messaging), botFilterMode],
    )
    const before = accountSettingsOf(old[0].settings, old[0].bot_filter_mode)
    const after = accountSettingsOf(rows[0]!.settings, rows[0]!.bot_filter_mode)
    const changes = settingsDiff(before, after)
    if (Object.keys(changes).length > 0) {
      await writeAudit(client, {
        accountId: caller.accountId,
        actor: actorOf(caller),
        action: 'account.settings_updated',
        target: caller.accountId,
        detail: { changes },
      })
    }
    return after
  })
}
