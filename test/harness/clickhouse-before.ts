// A fresh embedded ClickHouse holding the schema as it was before one migration, for the migration tests: every
// earlier migration applied and recorded, so migrateClickHouse then runs the one under test (and any later).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClickHouse } from '../../analytics/clickhouse.js'
import { createClickHouse } from '../../analytics/clickhouse.js'
import { CLICKHOUSE_MIGRATIONS_TABLE, clickHouseMigrations, splitStatements } from '../../lib/migrate.js'

/** A ClickHouse in a directory of its own (one per test file: chdb binds one per process), closed at teardown. */
export function scratchClickHouse(t: { teardown(fn: () => unknown): void }, tag: string): ClickHouse {
  const ch = createClickHouse({
    clickhouseDataDir: mkdtempSync(join(tmpdir(), `trackly-${tag}-`)),
    clickhouseDatabase: 'default',
  })
  t.teardown(() => ch.close())
  return ch
}

/** Applies and records every migration before `file`; returns its index (-1 when there is no such file). */
export async function migrateBefore(ch: ClickHouse, file: string): Promise<number> {
  const migrations = clickHouseMigrations()
  const index = migrations.findIndex((m) => m.file === file)
  await ch.command(CLICKHOUSE_MIGRATIONS_TABLE)
  for (const m of migrations.slice(0, Math.max(index, 0))) {
    for (const statement of splitStatements(m.sql)) await ch.command(statement)
    await ch.insert('schema_migrations', [{ version: m.file, checksum: m.checksum }])
  }
  return index
}
