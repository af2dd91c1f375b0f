// Read-only SQL for data teams (POST /api/v2/analytics/sql), scoped to the caller's account.
//
// A query is accepted only if ClickHouse's own parser says it is one SELECT that reads nothing but the documented
// tables: ClickHouse formats it (formatQuerySingleLine, which refuses multi-statements), then EXPLAIN AST of that single statement is walked here. Neither step runs the query (EXPLAIN AST
// only parses: a scalar subquery is not evaluated, unlike DESCRIBE or EXPLAIN of a plan). The query then runs once,
// as a subquery under CTEs that shadow each documented table with that table's rows of the account (FINAL, so
// replays never show), and its column names and types come back with its rows. The walk rejects database-qualified
// and other tables, table functions (url, file, remote, s3, numbers, …), functions that read other objects by name
// (dictGet, joinGet, …), `x IN table`, SETTINGS, FORMAT and INTO OUTFILE.
//
// Every statement run for a caller runs on a ClickHouse session of its own (a "lane") whose settings limit time,
// memory, rows read, result size and threads, so the limits hold for each step and for subqueries evaluated while
// the query is analysed. chdb runs one statement at a time per connection: on their own connections, callers'
// queries never hold up the reports, ingestion and rollups on the main one. And chdb runs statements with bound
// parameters one at a time across all connections, so a lane binds none: the caller's text and the account id go
// in as escaped string literals (chString), the only values these statements carry. At most SQL_LANES run at once
// in a process; the per-account cap across processes is services/sql-access.ts's.
import { AppError } from '../core/errors.js'
import { type ClickHouse, chString, type SessionSettings } from './clickhouse.js'

/** The tables a query may read (docs/analytics.md documents their columns). */
export const SQL_TABLES = ['sends', 'deliveries', 'clicks', 'conversions', 'contact_events'] as const

export const SQL_DEFAULT_LIMIT = 10_000
export const SQL_MAX_LIMIT = 100_000
export const SQL_TIMEOUT_SECONDS = 10
/** Callers' queries running at once in one process, each on its own connection. */
export const SQL_LANES = 2
const MAX_MEMORY_BYTES = 1_000_000_000
const MAX_ROWS_TO_READ = 100_000_000
const MAX_RESULT_BYTES = 100_000_000
/** One core per query: on a small machine the reports and ingestion keep the others. */
const MAX_THREADS = 1

/** The limits of every statement on a lane. readonly 2: reads only, and our SETTINGS clause may restate limits. */
function laneSettings(timeoutSeconds: number): SessionSettings {
  return {
    readonly: 2,
    max_execution_time: timeoutSeconds,
    timeout_overflow_mode: 'throw',
    max_memory_usage: MAX_MEMORY_BYTES,
    max_rows_to_read: MAX_ROWS_TO_READ,
    read_overflow_mode: 'throw',
    max_result_bytes: MAX_RESULT_BYTES,
    result_overflow_mode: 'throw',
    max_threads: MAX_THREADS,
  }
}

/** Functions that reach objects other than the query's tables by name, or the host. */
const DENIED_FUNCTION =
  /^(dict|joinget|catboost|hascolumnintable$|getmacro$|filesystem|file$|url$|input$|remote)/i
const IN_FUNCTIONS = new Set([
  'in',
  'notin',
  'globalin',
  'globalnotin',
  'nullin',
  'notnullin',
  'globalnullin',
  'globalnotnullin',
  'inignoreset',
  'notinignoreset',
])

interface AstNode {
  type: string
  text: string
  children: AstNode[]
  parent: AstNode | null
}

/** Builds the tree of EXPLAIN AST's indented lines. */
export function parseAstLines(lines: readonly string[]): AstNode | null {
  const root: AstNode = { type: '', text: '', children: [], parent: null }
  const stack: { depth: number; node: AstNode }[] = [{ depth: -1, node: root }]
  for (const line of lines) {
    if (line.trim() === '') continue
    const depth = line.length - line.trimStart().length
    const text = line.trim().replace(/\s+\(children \d+\)$/, '')
    const type = text.split(/\s+/, 1)[0]!
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) stack.pop()
    const parent = stack[stack.length - 1]!.node
    const node: AstNode = { type, text, children: [], parent }
    parent.children.push(node)
    stack.push({ depth, node })
  }
  return root.children.length === 1 ? root.children[0]! : null
}

const nameOf = (node: AstNode): string =>
  node.text
    .slice(node.type.length)
    .trim()
    .replace(/\s+\(alias [^)]*\)$/, '')

/**
 * Why the query of this EXPLAIN AST may not run, or null when it may. `otherTables`: tables of the database that
 * are not exposed (an unqualified name that is not one of the CTEs would read them).
 */
export function rejectionOf(lines: readonly string[], otherTables: ReadonlySet<string>): string | null {
  const root = parseAstLines(lines)
  if (root?.type !== 'SelectWithUnionQuery') return 'Only a single SELECT query is allowed'
  // Anything at the top besides the list of SELECTs is a FORMAT, INTO OUTFILE or SETTINGS clause.
  for (const [i, child] of root.children.entries()) {
    if (i === 0 && child.type === 'ExpressionList') continue
    return 'FORMAT, INTO OUTFILE and SETTINGS clauses are not allowed'
  }
  const walk = (node: AstNode): string | null => {
    switch (node.type) {
      case 'Set':
      case 'SetQuery':
        return 'SETTINGS are not allowed'
      case 'QueryParameter':
        return 'Query parameters are not allowed'
      case 'TableIdentifier': {
        const name = nameOf(node)
        if (name.includes('.')) return `Database-qualified table names are not allowed: ${name}`
        if (otherTables.has(name)) return `Table ${name} is not available; use ${SQL_TABLES.join(', ')}`
        break
      }
      case 'Function': {
        const name = nameOf(node)
        if (node.parent?.type === 'TableExpression') return `Table functions are not allowed: ${name}`
        if (DENIED_FUNCTION.test(name)) return `Function ${name} is not allowed`
        if (IN_FUNCTIONS.has(name.toLowerCase())) {
          const set = node.children[0]?.children[1]
          if (set?.type === 'Identifier') return 'IN with a table name is not allowed; use IN (SELECT …)'
        }
        break
      }
      default:
        if (!/^[A-Za-z]+$/.test(node.type)) return 'Unrecognised query structure'
    }
    for (const child of node.children) {
      const reason = walk(child)
      if (reason) return reason
    }
    return null
  }
  return walk(root)
}

interface DatabaseInfo {
  database: string
  otherTables: Set<string>
  at: number
}

const databaseInfo = new WeakMap<ClickHouse, DatabaseInfo>()

async function infoOf(ch: ClickHouse): Promise<DatabaseInfo> {
  const cached = databaseInfo.get(ch)
  if (cached && Date.now() - cached.at < 60_000) return cached
  const rows = await ch.query<{ database: string; tables: string[] }>(
    `SELECT currentDatabase() AS database,
            (SELECT groupArray(name) FROM system.tables WHERE database = currentDatabase()) AS tables`,
  )
  const exposed: ReadonlySet<string> = new Set(SQL_TABLES)
  const info = {
    database: rows[0]!.database,
    otherTables: new Set(rows[0]!.tables.filter((t) => !exposed.has(t))),
    at: Date.now(),
  }
  databaseInfo.set(ch, info)
  return info
}

/** First line of a ClickHouse error, without the query text it may quote. */
function chMessage(err: unknown): string {
  const message = String((err as Error)?.message ?? 'Invalid query')
  return message
    .split('\n')[0]!
    .replace(/\s*:?\s*In scope [\s\S]*$/, '')
    .replace(/\s*\(version [^)]*\)\s*$/, '')
    .slice(0, 500)
}

function chErrorType(err: unknown): string | undefined {
  const e = err as { type?: unknown; code?: unknown }
  return typeof e?.type === 'string' ? e.type : undefined
}

/** A query as ClickHouse formats it, after checking it is one statement that may run. Runs none of it. */
export async function validateSql(ch: ClickHouse, query: string): Promise<string> {
  let formatted: string
  try {
    const rows = await ch.query<{ f: string }>(`SELECT formatQuerySingleLine(${chString(query)}) AS f`)
    formatted = rows[0]!.f
  } catch (err) {
    if (!chErrorType(err)) throw err
    const msg = chMessage(err)
    if (/multi-statements/i.test(msg))
      throw new AppError('sql_not_allowed', 'Only a single statement is allowed')
    throw new AppError('invalid_sql', msg)
  }
  const info = await infoOf(ch)
  let lines: string[]
  try {
    lines = (await ch.queryUnformatted<{ explain: string }>(`EXPLAIN AST ${formatted}`)).map((r) => r.explain)
  } catch (err) {
    const type = chErrorType(err)
    if (!type) throw err
    // The session is read-only: a SETTINGS clause that would lift it fails while the query is being explained.
    if (type === 'READONLY') throw new AppError('sql_not_allowed', 'SETTINGS are not allowed')
    throw new AppError('invalid_sql', chMessage(err))
  }
  const reason = rejectionOf(lines, info.otherTables)
  if (reason) throw new AppError('sql_not_allowed', reason)
  return formatted
}

export interface SqlColumn {
  name: string
  type: string
}

export interface SqlResult {
  columns: SqlColumn[]
  rows: unknown[][]
  row_count: number
  /** More rows matched than `limit`; the first `limit` are returned. */
  truncated: boolean
}

export interface SqlOptions {
  limit?: number
  timeoutSeconds?: number
}

/** Sessions with the limits of callers' queries, SQL_LANES at most, handed out in order of asking. */
class Lanes {
  private readonly idle: ClickHouse[] = []
  private readonly waiting: ((lane: ClickHouse) => void)[] = []
  private opened = 0

  constructor(
    private readonly ch: ClickHouse,
    private readonly timeoutSeconds: number,
  ) {}

  acquire(): Promise<ClickHouse> {
    const lane = this.idle.pop()
    if (lane) return Promise.resolve(lane)
    if (this.opened < SQL_LANES) {
      this.opened++
      return Promise.resolve(this.ch.session(laneSettings(this.timeoutSeconds)))
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  release(lane: ClickHouse): void {
    const next = this.waiting.shift()
    if (next) next(lane)
    else this.idle.push(lane)
  }
}

const lanesByHandle = new WeakMap<ClickHouse, Map<number, Lanes>>()

function lanesOf(ch: ClickHouse, timeoutSeconds: number): Lanes {
  const byTimeout = lanesByHandle.get(ch) ?? new Map<number, Lanes>()
  lanesByHandle.set(ch, byTimeout)
  const lanes = byTimeout.get(timeoutSeconds) ?? new Lanes(ch, timeoutSeconds)
  byTimeout.set(timeoutSeconds, lanes)
  return lanes
}

/** Runs a data team's query over the account's rows only, on a lane of `ch`. */
export async function runAccountSql(
  ch: ClickHouse,
  accountId: string,
  query: string,
  opts: SqlOptions = {},
): Promise<SqlResult> {
  const limit = Math.min(Math.max(1, opts.limit ?? SQL_DEFAULT_LIMIT), SQL_MAX_LIMIT)
  const timeout = opts.timeoutSeconds ?? SQL_TIMEOUT_SECONDS
  const lanes = lanesOf(ch, timeout)
  const lane = await lanes.acquire()
  try {
    return await runOnLane(lane, accountId, query, limit, timeout)
  } finally {
    lanes.release(lane)
  }
}

async function runOnLane(
  lane: ClickHouse,
  accountId: string,
  query: string,
  limit: number,
  timeout: number,
): Promise<SqlResult> {
  const formatted = await validateSql(lane, query)
  const { database } = await infoOf(lane)
  const db = `\`${database.replaceAll('`', '``')}\``
  const ctes = SQL_TABLES.map(
    (t) => `${t} AS (SELECT * FROM ${db}.${t} FINAL WHERE account_id = ${chString(accountId)})`,
  ).join(',\n')
  const body = `WITH ${ctes}\nSELECT * FROM (\n${formatted}\n)`
  // The lane's session is read-only (readonly 2, which a query may not lift) and carries these limits; they are
  // repeated so the statement states its own. Nothing in this clause comes from the user (their SETTINGS were
  // rejected).
  const settings = `SETTINGS max_execution_time = ${timeout}, timeout_overflow_mode = 'throw',
    max_memory_usage = ${MAX_MEMORY_BYTES}, max_rows_to_read = ${MAX_ROWS_TO_READ}, read_overflow_mode = 'throw',
    max_result_bytes = ${MAX_RESULT_BYTES}, result_overflow_mode = 'throw', max_threads = ${MAX_THREADS},
    do_not_merge_across_partitions_select_final = 1`
  try {
    const { columns, rows } = await lane.queryTable(`${body}\nLIMIT ${limit + 1}\n${settings}`)
    const truncated = rows.length > limit
    const kept = truncated ? rows.slice(0, limit) : rows
    return { columns, rows: kept, row_count: kept.length, truncated }
  } catch (err) {
    const type = chErrorType(err)
    if (!type) throw err
    if (type === 'TIMEOUT_EXCEEDED' || type === 'TOO_SLOW') {
      throw new AppError('sql_timeout', `The query ran longer than ${timeout} s`)
    }
    if (type === 'TOO_MANY_ROWS') {
      throw new AppError('sql_too_many_rows', 'The query reads more rows than allowed; filter by time sooner')
    }
    if (type === 'TOO_MANY_ROWS_OR_BYTES') {
      throw new AppError(
        'sql_too_many_rows',
        'The result is larger than allowed; aggregate or select fewer columns',
      )
    }
    if (type === 'MEMORY_LIMIT_EXCEEDED') {
      throw new AppError('sql_too_many_rows', 'The query needs more memory than allowed; aggregate sooner')
    }
    if (type === 'READONLY' || type === 'ACCESS_DENIED') throw new AppError('sql_not_allowed', chMessage(err))
    throw new AppError('invalid_sql', chMessage(err))
  }
}
