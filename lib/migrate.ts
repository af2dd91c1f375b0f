// One `migrate` applies both databases: drizzle's versioned SQL for Postgres, numbered files for ClickHouse.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator'
import type { Logger } from 'pino'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { sqlDir } from './paths.js'
import type { Postgres } from './postgres.js'

const MIGRATION_LOCK = 7_421_001 // pg advisory lock key: one migrator at a time across processes

export async function migratePostgres(pg: Postgres): Promise<void> {
  const client = await pg.pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await drizzleMigrate(drizzle(client), { migrationsFolder: join(sqlDir, 'postgres') })
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
}

/** Splits a migration file into statements: `;` at the end of a line ends one. Comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The table that records applied ClickHouse migrations (its cluster form comes from analytics/cluster-ddl.ts). */
export const CLICKHOUSE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations
    (version String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
    ENGINE = ReplacingMergeTree ORDER BY version`

export interface ClickHouseMigration {
  file: string
  sql: string
  checksum: string
}

/** The numbered ClickHouse migration files, in order. */
export function clickHouseMigrations(): ClickHouseMigration[] {
  const dir = join(sqlDir, 'clickhouse')
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8')
      return { file, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

export async function migrateClickHouse(ch: ClickHouse, log?: Logger): Promise<string[]> {
  await ch.command(CLICKHOUSE_MIGRATIONS_TABLE)
  const applied = new Map(
    (
      await ch.query<{ version: string; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations FINAL',
      )
    ).map((r) => [r.version, r.checksum]),
  )
  const ran: string[] = []
  for (const { file, sql, checksum } of clickHouseMigrations()) {
    const previous = applied.get(file)
    if (previous !== undefined) {
      if (previous !== checksum) throw new Error(`ClickHouse migration ${file} changed after it was applied`)
      continue
    }
    for (const statement of splitStatements(sql)) await ch.command(statement)
    await ch.insert('schema_migrations', [{ version: file, checksum }])
    log?.info({ migration: file }, 'applied ClickHouse migration')
    ran.push(file)
  }
  return ran
}
