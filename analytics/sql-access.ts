// Read-only SQL for data teams (POST /api/v2/analytics/sql), scoped to the caller's account.
//
// A query is accepted only if ClickHouse's own parser says it is one SELECT that reads nothing but the documented
// tables: ClickHouse formats it (formatQuerySingleLine, which refuses multi-statements; the text is bound as a
// parameter, so nothing runs), then EXPLAIN AST of that single statement is walked here. It then runs as a
// subquery under CTEs that shadow each documented table with that table's rows of the account (FINAL, so replays
// never show), with readonly=1, a time limit, a row limit and a memory limit set after it; the account id is a
// bound parameter. The walk rejects database-qualified and other tables, table functions (url, file, remote, s3,
// numbers, …), functions that read other objects by name (dictGet, joinGet, …), `x IN table`, SETTINGS, FORMAT
// and INTO OUTFILE.
import { AppError } from '../core/errors.js'
import type { ClickHouse } from './clickhouse.js'

/** The tables a query may read (docs/analytics.md documents their columns). */
export const SQL_TABLES = ['sends', 'deliveries', 'clicks', 'conversions', 'contact_events'] as const

export const SQL_DEFAULT_LIMIT = 10_000
export const SQL_MAX_LIMIT = 100_000
export const SQL_TIMEOUT_SECONDS = 10
const MAX_MEMORY_BYTES = 2_000_000_000
const MAX_RESULT_BYTES = 100_000_000

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
  // The client appends FORMAT JSONEachRow; anything else at the top (FORMAT, INTO OUTFILE, SETTINGS) is the user's.
  for (const [i, child] of root.children.entries()) {
    if (i === 0 && child.type === 'ExpressionList') continue
    if (i === root.children.length - 1 && child.text === 'Identifier JSONEachRow') continue
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

const explainText = (row: unknown): string =>
  typeof row === 'string' ? row : String(Object.values(row as Record<string, unknown>)[0] ?? '')

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

/** A query as ClickHouse formats it, after checking it is one statement that may run. */
export async function validateSql(ch: ClickHouse, query: string): Promise<string> {
  let formatted: string
  try {
    const rows = await ch.query<{ f: string }>('SELECT formatQuerySingleLine({q:String}) AS f', { q: query })
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
    lines = (await ch.query<unknown>(`EXPLAIN AST ${formatted}`)).map(explainText)
  } catch (err) {
    if (!chErrorType(err)) throw err
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

/** Runs a data team's query over the account's rows only. */
export async function runAccountSql(
  ch: ClickHouse,
  accountId: string,
  query: string,
  opts: SqlOptions = {},
): Promise<SqlResult> {
  const limit = Math.min(Math.max(1, opts.limit ?? SQL_DEFAULT_LIMIT), SQL_MAX_LIMIT)
  const timeout = opts.timeoutSeconds ?? SQL_TIMEOUT_SECONDS
  const formatted = await validateSql(ch, query)
  const { database } = await infoOf(ch)
  const db = `\`${database.replaceAll('`', '``')}\``
  const ctes = SQL_TABLES.map(
    (t) => `${t} AS (SELECT * FROM ${db}.${t} FINAL WHERE account_id = {account:String})`,
  ).join(',\n')
  const body = `WITH ${ctes}\nSELECT * FROM (\n${formatted}\n)`
  // readonly first: nothing after it in this clause comes from the user (SETTINGS in the query were rejected).
  const settings = `SETTINGS readonly = 1, max_execution_time = ${timeout}, timeout_overflow_mode = 'throw',
    max_result_bytes = ${MAX_RESULT_BYTES}, result_overflow_mode = 'throw', max_memory_usage = ${MAX_MEMORY_BYTES},
    do_not_merge_across_partitions_select_final = 1`
  const params = { account: accountId }
  try {
    const [described, rows] = await Promise.all([
      ch.query<{ name: string; type: string }>(`DESCRIBE TABLE (${body})`, params),
      ch.query<Record<string, unknown>>(`${body}\nLIMIT ${limit + 1}\n${settings}`, params),
    ])
    const columns = described.map((c) => ({ name: c.name, type: c.type }))
    const truncated = rows.length > limit
    const kept = truncated ? rows.slice(0, limit) : rows
    return {
      columns,
      rows: kept.map((r) => columns.map((c) => r[c.name] ?? null)),
      row_count: kept.length,
      truncated,
    }
  } catch (err) {
    const type = chErrorType(err)
    if (!type) throw err
    if (type === 'TIMEOUT_EXCEEDED' || type === 'TOO_SLOW') {
      throw new AppError('sql_timeout', `The query ran longer than ${timeout} s`)
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
