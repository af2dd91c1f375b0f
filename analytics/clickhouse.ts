// The one ClickHouse access module. Values are always bound as {name:Type} parameters, never interpolated.
// Embedded (chdb, one data directory per process) by default; a server over HTTP when CLICKHOUSE_URL is set.
import { mkdirSync } from 'node:fs'
import { type ClickHouseClient, createClient } from '@clickhouse/client'
import { createChdbConnection } from 'chdb/connection'
import type { Config } from '../core/config.js'

export type QueryParams = Record<string, unknown>

export interface ClickHouse {
  readonly mode: 'embedded' | 'server'
  query<T>(sql: string, params?: QueryParams): Promise<T[]>
  command(sql: string, params?: QueryParams): Promise<void>
  /** Inserts rows; the same `dedupToken` inserted twice into one table is written once. */
  insert(table: string, rows: readonly object[], dedupToken?: string): Promise<void>
  ping(): Promise<boolean>
  close(): Promise<void>
}

type ClickHouseConfig = Pick<Config, 'clickhouseUrl' | 'clickhouseDatabase' | 'clickhouseDataDir'>

export function createClickHouse(config: ClickHouseConfig): ClickHouse {
  const mode = config.clickhouseUrl ? 'server' : 'embedded'
  const client: ClickHouseClient = config.clickhouseUrl
    ? createClient({
        url: config.clickhouseUrl,
        database: config.clickhouseDatabase,
        clickhouse_settings: { date_time_input_format: 'best_effort' },
      })
    : embeddedClient(config.clickhouseDataDir)
  const settings = { date_time_input_format: 'best_effort' as const }
  return {
    mode,
    async query<T>(query: string, params: QueryParams = {}): Promise<T[]> {
      const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' })
      return rs.json<T>()
    },
    async command(query: string, params: QueryParams = {}): Promise<void> {
      await client.command({ query, query_params: params })
    },
    async insert(table: string, rows: readonly object[], dedupToken?: string): Promise<void> {
      if (rows.length === 0) return
      await client.insert({
        table,
        values: rows as object[],
        format: 'JSONEachRow',
        clickhouse_settings: dedupToken ? { ...settings, insert_deduplication_token: dedupToken } : settings,
      })
    },
    async ping(): Promise<boolean> {
      const r = await client.ping()
      return r.success
    },
    close: () => client.close(),
  }
}

function embeddedClient(dataDir: string): ClickHouseClient {
  mkdirSync(dataDir, { recursive: true })
  // chdb binds one data directory per process and uses its `default` database; the directory is the unit of
  // isolation, so table names stay unqualified and the same SQL runs against a server's configured database.
  // chdb types its connection against @clickhouse/client-common, which the client bundles as its own copy.
  const connection = createChdbConnection({ path: dataDir }) as unknown as NonNullable<
    Parameters<typeof createClient>[0]
  >['connection']
  return createClient({ connection })
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
