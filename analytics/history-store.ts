// The ClickHouse side of clearing history (spec §14): which imported rows a clear removes, their deletion, and
// the latest activity that remains per contact. Postgres bookkeeping stays in services/history-clear.ts.
import type { ClickHouse } from './clickhouse.js'
import { chTime } from './reports.js'

/** One clear's scope: an account, and optionally only events before an instant. */
export interface ClearScope {
  account: string
  before: Date | null
}

const paramsOf = (scope: ClearScope) => ({
  account: scope.account,
  before: scope.before ? chTime(scope.before) : '',
})

const timeFilter = (scope: ClearScope) =>
  scope.before ? "AND event_time < toDateTime64({before:String}, 3, 'UTC')" : ''

/** Clicks of imported sends, and imported clicks on live messages. */
const importedClicksWhere = (scope: ClearScope) => `account_id = {account:String} ${timeFilter(scope)}
    AND (imported = 1 OR message_id IN (SELECT message_id FROM sends WHERE account_id = {account:String} AND imported = 1))`

export function importedClicks(ch: ClickHouse, scope: ClearScope) {
  return ch.query<{ event_id: string; message_id: string }>(
    `SELECT event_id, message_id FROM clicks FINAL WHERE ${importedClicksWhere(scope)}`,
    paramsOf(scope),
  )
}

export async function deleteImportedClicks(ch: ClickHouse, scope: ClearScope): Promise<void> {
  await ch.command(`DELETE FROM clicks WHERE ${importedClicksWhere(scope)}`, paramsOf(scope))
}

/** Per message, the time of its latest human first click that remains, for these contacts. */
export function latestFirstClicks(ch: ClickHouse, account: string, contacts: readonly string[]) {
  return ch.query<{ message_id: string; last_ms: string }>(
    `SELECT message_id, toUnixTimestamp64Milli(max(event_time)) AS last_ms FROM clicks FINAL
      WHERE account_id = {account:String} AND contact_id IN {contacts:Array(String)}
        AND is_first = 1 AND is_bot = 0
      GROUP BY message_id`,
    { account, contacts },
  )
}

const conversionsWhere = (scope: ClearScope) => `account_id = {account:String} ${timeFilter(scope)}`

export async function countConversions(ch: ClickHouse, scope: ClearScope): Promise<number> {
  const [total] = await ch.query<{ n: string }>(
    `SELECT count() AS n FROM conversions FINAL WHERE ${conversionsWhere(scope)}`,
    paramsOf(scope),
  )
  return Number(total?.n ?? 0)
}

/** The conversions in scope, each marked whether it counts as a conversion (reversals move revenue only). */
export function conversionsInScope(ch: ClickHouse, scope: ClearScope) {
  return ch.query<{ event_id: string; counted: number }>(
    // Reversals move revenue but are no conversion (processors/state.ts, core/attribution.ts).
    `SELECT event_id, if(conversion_type NOT IN ('refund', 'chargeback'), 1, 0) AS counted
       FROM conversions FINAL WHERE ${conversionsWhere(scope)}`,
    paramsOf(scope),
  )
}

export async function deleteConversions(ch: ClickHouse, scope: ClearScope): Promise<void> {
  await ch.command(`DELETE FROM conversions WHERE ${conversionsWhere(scope)}`, paramsOf(scope))
}

/** Imported sends and their receipts (provider `import`: only imported sends have them). */
export async function deleteImportedSends(ch: ClickHouse, scope: ClearScope): Promise<void> {
  await ch.command(
    `DELETE FROM deliveries WHERE account_id = {account:String} AND provider = 'import' ${timeFilter(scope)}`,
    paramsOf(scope),
  )
  // Their dimensions first: the sends name the messages (an imported send's message id is never a live one's).
  await ch.command(
    `DELETE FROM message_dims WHERE account_id = {account:String} AND message_id IN
       (SELECT message_id FROM sends WHERE account_id = {account:String} AND imported = 1 ${timeFilter(scope)})`,
    paramsOf(scope),
  )
  await ch.command(
    `DELETE FROM sends WHERE account_id = {account:String} AND imported = 1 ${timeFilter(scope)}`,
    paramsOf(scope),
  )
}

/** Per (list, contact), the time of the latest send that remains, for these contacts. */
export function latestSends(ch: ClickHouse, account: string, contacts: readonly string[]) {
  return ch.query<{ list_id: number; contact_id: string; last_ms: string }>(
    `SELECT list_id, contact_id, toUnixTimestamp64Milli(max(event_time)) AS last_ms FROM sends FINAL
      WHERE account_id = {account:String} AND contact_id IN {contacts:Array(String)}
      GROUP BY list_id, contact_id`,
    { account, contacts },
  )
}
