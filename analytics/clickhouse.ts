// The one ClickHouse access module. Values are always bound as {name:Type} parameters, never interpolated.
// Embedded (chdb, one data directory per process) by default; a server over HTTP when CLICKHOUSE_URL is set.
//
// Settings of one statement travel inside it (a SETTINGS clause), never as the client's per-call
// `clickhouse_settings`: chdb turns those into SET on its session, where they outlive the statement. An insert's
// deduplication token left on the session that way made every later insert without a token into the same table a
// "duplicate" that was silently dropped (a re-attribution written back vanished from the raw tables).
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { type ClickHouseClient, type ClickHouseSettings, createClient } from '@clickhouse/client'
import { type ChdbConnection, createChdbConnection } from 'chdb/connection'
import type { Config } from '../core/config.js'

export type QueryParams = Record<string, unknown>

/** Settings every statement of a session runs with. */
export type SessionSettings = Record<string, string | number>

export interface TableResult {
  columns: { name: string; type: string }[]
  /** One array per row, in column order. */
  rows: unknown[][]
}

export interface ClickHouse {
  readonly mode: 'embedded' | 'server'
  query<T>(sql: string, params?: QueryParams): Promise<T[]>
  /** Rows as arrays with the result's column names and types, which come back even when no row does. */
  queryTable(sql: string, params?: QueryParams): Promise<TableResult>
  /**
   * Rows of a statement that must not get a FORMAT clause appended: after EXPLAIN such a clause belongs to the
   * statement explained, and the rows come back in the engine's default format instead (CSV, not JSON).
   */
  queryUnformatted<T>(sql: string, params?: QueryParams): Promise<T[]>
  command(sql: string, params?: QueryParams): Promise<void>
  /** Inserts rows; the same `dedupToken` inserted twice into one table is written once. */
  insert(table: string, rows: readonly object[], dedupToken?: string): Promise<void>
  /**
   * Another handle on the same data over a connection of its own, with `settings` on every statement; closed
   * with this one. chdb runs one statement at a time per connection, so statements on one handle never wait for
   * another's.
   */
  session(settings: SessionSettings): ClickHouse
  ping(): Promise<boolean>
  close(): Promise<void>
}

type ClickHouseConfig = Pick<Config, 'clickhouseUrl' | 'clickhouseDatabase' | 'clickhouseDataDir'>

/** Settings of every statement: one value for the whole process, so the session may keep them. */
const BASE_SETTINGS: SessionSettings = { date_time_input_format: 'best_effort' }

/**
 * A ClickHouse string literal of any text: backslash, quote and control characters escaped. For statements that
 * must not take bound parameters (chdb runs parameterized statements one at a time across all connections).
 */
export function chString(s: string): string {
  let out = "'"
  for (const c of s) {
    const code = c.charCodeAt(0)
    if (c === '\\' || c === "'") out += `\\${c}`
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += c
  }
  return `${out}'`
}

export function createClickHouse(config: ClickHouseConfig): ClickHouse {
  return handle(config, BASE_SETTINGS)
}

/** A client, and for the embedded engine its connection, whose raw insert takes the rows' bytes as they are. */
interface Connected {
  client: ClickHouseClient
  embedded?: ChdbConnection
}

function connect(config: ClickHouseConfig, settings: SessionSettings): Connected {
  const clickhouse_settings = settings as ClickHouseSettings
  if (config.clickhouseUrl) {
    return {
      client: createClient({
        url: config.clickhouseUrl,
        database: config.clickhouseDatabase,
        clickhouse_settings,
      }),
    }
  }
  mkdirSync(config.clickhouseDataDir, { recursive: true })
  // chdb binds one data directory per process and uses its `default` database; the directory is the unit of
  // isolation, so table names stay unqualified and the same SQL runs against a server's configured database.
  // Several connections may share the directory. chdb types its connection against @clickhouse/client-common,
  // which the client bundles as its own copy.
  const embedded = createChdbConnection({ path: config.clickhouseDataDir })
  const connection = embedded as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection']
  return { client: createClient({ connection, clickhouse_settings }), embedded }
}

async function readAll(stream: Readable): Promise<string> {
  let text = ''
  for await (const chunk of stream)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
  return text
}

function handle(config: ClickHouseConfig, settings: SessionSettings): ClickHouse {
  const { client, embedded } = connect(config, settings)
  const sessions: ClickHouse[] = []
  return {
    mode: config.clickhouseUrl ? 'server' : 'embedded',
    async query<T>(query: string, params: QueryParams = {}): Promise<T[]> {
      const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' })
      return rs.json<T>()
    },
    async queryTable(query: string, params: QueryParams = {}): Promise<TableResult> {
      const rs = await client.query({
        query,
        query_params: params,
        format: 'JSONCompactEachRowWithNamesAndTypes',
      })
      const [names = [], types = [], ...rows] = await rs.json<unknown[]>()
      return { columns: names.map((name, i) => ({ name: String(name), type: String(types[i]) })), rows }
    },
    async queryUnformatted<T>(query: string, params: QueryParams = {}): Promise<T[]> {
      // default_format is the format of a statement without a FORMAT clause (chdb takes it as an option, not SET).
      const rs = await client.exec({
        query,
        query_params: params,
        clickhouse_settings: { default_format: 'JSONEachRow' },
      })
      const text = await readAll(rs.stream)
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as T)
    },
    async command(query: string, params: QueryParams = {}): Promise<void> {
      await client.command({ query, query_params: params })
    },
    async insert(table: string, rows: readonly object[], dedupToken?: string): Promise<void> {
      if (rows.length === 0) return
      const body = rows.map((row) => JSON.stringify(row)).join('\n')
      if (embedded) {
        // chdb's raw insert hands the bytes to the engine's parser as they are; through the client they were
        // copied into one SQL string, statement and rows, and parsed with it.
        // Its settings are the statement's (a SETTINGS clause), never the session's.
        await embedded.chdb.rawInsert({
          table,
          values: Buffer.from(body),
          format: 'JSONEachRow',
          settings: dedupToken ? { ...settings, insert_deduplication_token: dedupToken } : settings,
        })
        return
      }
      const clause = dedupToken ? ` SETTINGS insert_deduplication_token = ${chString(dedupToken)}` : ''
      const rs = await client.exec({
        query: `INSERT INTO ${table}${clause} FORMAT JSONEachRow`,
        values: Readable.from([body]),
      })
      await readAll(rs.stream)
    },
    session(extra: SessionSettings): ClickHouse {
      const session = handle(config, { ...settings, ...extra })
      sessions.push(session)
      return session
    },
    async ping(): Promise<boolean> {
      const r = await client.ping()
      return r.success
    },
    async close(): Promise<void> {
      await Promise.all(sessions.splice(0).map((s) => s.close()))
      await client.close()
    },
  }
}

/** Ensures the configured database exists on a server (embedded mode needs nothing). */
export async function ensureServerDatabase(config: ClickHouseConfig): Promise<void> {
  if (!config.clickhouseUrl) return
  const admin = createClient({ url: config.clickhouseUrl })
  try {
    await admin.command({
      query: 'CREATE DATABASE IF NOT EXISTS {db:Identifier}',
      query_params: { db: config.clickhouseDatabase },
    })
  } finally {
    await admin.close()
  }
}

/**
 * The process holding an embedded ClickHouse data directory, if another live one does. ClickHouse writes its PID
 * into `status` and locks it; asking first lets a command say so in one line before chdb prints its own error.
 */
export function embeddedDirectoryHolder(dataDir: string): number | null {
  let pid: number
  try {
    pid = Number(/^PID: (\d+)/m.exec(readFileSync(join(dataDir, 'status'), 'utf8'))?.[1])
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (err) {
    // EPERM: alive, another user's. ESRCH: a status file left behind by a process that died.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}
