// The SQL endpoint's admission: one running query per account across every API process (a Redis lease), so one
// account cannot take the lanes that other accounts' queries run on; then the query itself (analytics/sql-access.ts).
import type { Redis } from 'ioredis'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { runAccountSql, SQL_TIMEOUT_SECONDS, type SqlResult } from '../analytics/sql-access.js'
import { AppError } from '../core/errors.js'
import { ConcurrencyCap } from '../lib/concurrency-cap.js'

/** Queries of one account running at once. */
export const SQL_PER_ACCOUNT = 1
/** A slot outlives its query's time limit by this much before Redis frees it on its own (a crashed process). */
const LEASE_MARGIN_MS = 30_000

/** 429 `sql_busy`; the route sends `retryAfterSeconds` as Retry-After (queries usually end within a second). */
export class SqlBusy extends AppError {
  readonly retryAfterSeconds = 1
  constructor() {
    super('sql_busy', `Another query of this account is running; at most ${SQL_PER_ACCOUNT} at a time`)
  }
}

export interface SqlAccessContext {
  clickhouse: ClickHouse
  redis: Redis
  /** Namespace of the Redis keys (the deployment's prefix). */
  keyPrefix: string
}

export async function runCallerSql(
  ctx: SqlAccessContext,
  accountId: string,
  query: string,
  limit: number,
): Promise<SqlResult> {
  const cap = new ConcurrencyCap(ctx.redis, `${ctx.keyPrefix}trk:sql:running:`)
  const admission = await cap.tryAcquire(
    accountId,
    SQL_PER_ACCOUNT,
    SQL_TIMEOUT_SECONDS * 1000 + LEASE_MARGIN_MS,
  )
  if (!admission.slot) throw new SqlBusy()
  try {
    return await runAccountSql(ctx.clickhouse, accountId, query, { limit })
  } finally {
    await admission.slot.release()
  }
}
