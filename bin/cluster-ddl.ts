// `trackly cluster-ddl [--cluster NAME]`: the ClickHouse schema for a cluster (replicated local tables and
// Distributed tables over them), generated from the same migrations the single server runs. It opens nothing:
// pipe it to `clickhouse-client --multiquery` once, then point CLICKHOUSE_URL at the cluster.
import { clusterMigrationScript } from '../analytics/cluster-ddl.js'
import { CLICKHOUSE_MIGRATIONS_TABLE, clickHouseMigrations, splitStatements } from '../lib/migrate.js'
import { emit, UsageError } from './cli.js'

export function clusterDdlCommand(opts: { cluster: string; json?: boolean }): void {
  if (!/^\w+$/.test(opts.cluster)) throw new UsageError('--cluster: a plain identifier, as in remote_servers')
  const statements = clusterMigrationScript(
    clickHouseMigrations().map((m) => ({ ...m, statements: splitStatements(m.sql) })),
    CLICKHOUSE_MIGRATIONS_TABLE,
    { cluster: opts.cluster },
  )
  emit(opts.json, statements, () => statements.map((s) => `${s};\n`))
}
