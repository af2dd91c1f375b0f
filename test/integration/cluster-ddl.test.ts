// The generated cluster DDL parses with ClickHouse's own parser (the embedded engine's formatQuery), statement by
// statement, and so does the CLI's output of it. A cluster cannot be started here; its schema can be checked.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { createClickHouse } from '../../analytics/clickhouse.js'
import { clusterMigrationScript } from '../../analytics/cluster-ddl.js'
import { CLICKHOUSE_MIGRATIONS_TABLE, clickHouseMigrations, splitStatements } from '../../lib/migrate.js'
import { repoRoot } from '../../lib/paths.js'

const ch = createClickHouse({
  clickhouseDataDir: mkdtempSync(join(tmpdir(), 'trackly-cluster-ddl-')),
  clickhouseDatabase: 'default',
})
t.teardown(() => ch.close())

const parse = async (sql: string): Promise<string> =>
  (await ch.query<{ f: string }>('SELECT formatQuery({q:String}) AS f', { q: sql }))[0]!.f

t.test('ClickHouse parses every generated statement', async (t) => {
  const script = clusterMigrationScript(
    clickHouseMigrations().map((m) => ({ ...m, statements: splitStatements(m.sql) })),
    CLICKHOUSE_MIGRATIONS_TABLE,
    { cluster: 'trackly' },
  )
  t.ok(script.length > 20)
  for (const statement of script) {
    const formatted = await parse(statement)
    if (statement.startsWith('CREATE') || statement.startsWith('ALTER'))
      t.match(formatted, /ON CLUSTER trackly/)
  }
  await t.rejects(parse('CREATE TABLE broken (x UInt8 ENGINE = Memory'), 'a malformed statement would fail')
})

t.test('the CLI prints the same script without opening ClickHouse', async (t) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'bin/trackly.ts', 'cluster-ddl', '--cluster', 'prod', '--json'],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', TRACKLY_DATA_DIR: '/nonexistent/trackly' },
    },
  )
  const statements = JSON.parse(stdout) as string[]
  t.ok(statements.every((s) => s.startsWith('INSERT') || / ON CLUSTER prod\b/.test(s)))
  for (const statement of statements) await parse(statement)
})
