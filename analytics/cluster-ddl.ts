// ClickHouse cluster DDL generated from the single-server migrations, so a cluster is never a second schema to keep
// in step. Each `CREATE TABLE t` becomes a replicated `t_local` on every node (ON CLUSTER) plus a Distributed `t`
// over it, so every query and insert keeps the table names it has today. Rows are sharded by their message where
// the table has one (a message's sends, clicks and conversions then sit on one shard, so joins by message stay
// local) and otherwise by their whole sort key — either way, rows that ReplacingMergeTree must collapse (same
// key) always land on the same shard, so replays stay exact.

export interface ClusterOptions {
  /** The cluster's name in the servers' `remote_servers`. */
  cluster: string
}

const LOCAL_SUFFIX = '_local'

export class ClusterDdlError extends Error {
  override name = 'ClusterDdlError'
}

const CREATE =
  /^CREATE TABLE IF NOT EXISTS (\w+)\s*\(([\s\S]*)\)\s*ENGINE\s*=\s*(\w+)(?:\(([^)]*)\))?\s*([\s\S]*)$/i
const ALTER = /^ALTER TABLE (\w+)\s+([\s\S]+)$/i
const MATERIALIZED_VIEW =
  /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+) TO (\w+) AS\s+(SELECT [\s\S]+ FROM)\s+(\w+)$/i
// FINAL through a Distributed table collapses on each shard, where every copy of a key lives.
const INSERT_SELECT = /^INSERT INTO \w+\s*(?:\([^)]*\))?\s*SELECT [\s\S]+ FROM \w+(?:\s+FINAL)?$/i
/** A table rebuilt with another layout is swapped in by name and the old one dropped. */
const EXCHANGE = /^EXCHANGE TABLES (\w+) AND (\w+)$/i
const DROP_TABLE = /^DROP TABLE IF EXISTS (\w+)$/i
/** A backfill that joins tables sharded alike (by message): each shard joins its own local rows. */
const INSERT_SELECT_COLOCATED =
  /^INSERT INTO \w+\s*(?:\([^)]*\))?\s*SELECT [\s\S]+ FROM [\s\S]+\sSETTINGS distributed_product_mode = 'local'$/i

function shardingKey(columns: string, body: string): string {
  if (/^\s*message_id\s/m.test(columns)) return 'cityHash64(message_id)'
  const orderBy = /ORDER BY\s+(\([^)]*\)|\w+)/i.exec(body)
  if (!orderBy) throw new ClusterDdlError('a table without ORDER BY cannot be sharded')
  const key = orderBy[1]!
  return `cityHash64(${key.startsWith('(') ? key.slice(1, -1) : key})`
}

function createTable(match: RegExpExecArray, { cluster }: ClusterOptions): string[] {
  const [, name, columns, engine, args, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ]
  if (!/MergeTree$/i.test(engine))
    throw new ClusterDdlError(`${name}: engine ${engine} has no replicated form`)
  const local = `${name}${LOCAL_SUFFIX}`
  const replicatedArgs = [`'/clickhouse/tables/{shard}/{database}/${local}'`, `'{replica}'`]
  if (args?.trim()) replicatedArgs.push(args.trim())
  // Replicated tables deduplicate inserts by themselves; the embedded engine's setting has no meaning there.
  const body = rest
    .replace(
      /SETTINGS\s+non_replicated_deduplication_window\s*=\s*(\d+)/i,
      'SETTINGS replicated_deduplication_window = $1',
    )
    .trim()
  return [
    `CREATE TABLE IF NOT EXISTS ${local} ON CLUSTER ${cluster}\n(${columns})\nENGINE = Replicated${engine}(${replicatedArgs.join(', ')})\n${body}`,
    `CREATE TABLE IF NOT EXISTS ${name} ON CLUSTER ${cluster} AS ${local}\nENGINE = Distributed(${cluster}, currentDatabase(), ${local}, ${shardingKey(columns, rest)})`,
  ]
}

function alterTable(match: RegExpExecArray, { cluster }: ClusterOptions): string[] {
  const [, name, action] = match as unknown as [string, string, string]
  const onLocal = `ALTER TABLE ${name}${LOCAL_SUFFIX} ON CLUSTER ${cluster} ${action}`
  // Indexes live with the data; columns must exist on the Distributed table too, or reads cannot name them.
  if (/^(ADD|DROP|MODIFY|RENAME) COLUMN/i.test(action)) {
    return [onLocal, `ALTER TABLE ${name} ON CLUSTER ${cluster} ${action}`]
  }
  // Writing a column's or an index's values into stored parts is work on the data, where it lives.
  if (/^((ADD|DROP|MATERIALIZE) INDEX|MATERIALIZE COLUMN)/i.test(action)) return [onLocal]
  throw new ClusterDdlError(`${name}: ALTER ${action.split(/\s+/, 2).join(' ')} has no cluster form here`)
}

/**
 * A view fed by inserts into one table: on every node, from the node's local source into its local target. Both
 * tables are sharded by message, so a row and the rows derived from it stay on one shard.
 */
function materializedView(match: RegExpExecArray, { cluster }: ClusterOptions): string[] {
  const [, name, target, select, source] = match as unknown as [string, string, string, string, string]
  return [
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${name} ON CLUSTER ${cluster} TO ${target}${LOCAL_SUFFIX} AS ${select} ${source}${LOCAL_SUFFIX}`,
  ]
}

/**
 * Swapping two tables swaps their local tables on every node; each Distributed table keeps naming its local one, so
 * it reads the swapped-in rows (both have the same columns and the same sharding key).
 */
function exchangeTables(match: RegExpExecArray, { cluster }: ClusterOptions): string[] {
  const [, a, b] = match as unknown as [string, string, string]
  return [`EXCHANGE TABLES ${a}${LOCAL_SUFFIX} AND ${b}${LOCAL_SUFFIX} ON CLUSTER ${cluster}`]
}

function dropTable(match: RegExpExecArray, { cluster }: ClusterOptions): string[] {
  const [, name] = match as unknown as [string, string]
  return [
    `DROP TABLE IF EXISTS ${name} ON CLUSTER ${cluster}`,
    `DROP TABLE IF EXISTS ${name}${LOCAL_SUFFIX} ON CLUSTER ${cluster}`,
  ]
}

/** The cluster statements for one single-server migration statement (as `splitStatements` yields it). */
export function clusterStatements(statement: string, options: ClusterOptions): string[] {
  const sql = statement.trim()
  if (!/^\w+$/.test(options.cluster)) throw new ClusterDdlError('the cluster name must be a plain identifier')
  const create = CREATE.exec(sql)
  if (create) return createTable(create, options)
  const alter = ALTER.exec(sql)
  if (alter) return alterTable(alter, options)
  const view = MATERIALIZED_VIEW.exec(sql)
  if (view) return materializedView(view, options)
  const exchange = EXCHANGE.exec(sql)
  if (exchange) return exchangeTables(exchange, options)
  const drop = DROP_TABLE.exec(sql)
  if (drop) return dropTable(drop, options)
  // A backfill runs once, through the Distributed tables (which route each row to its shard).
  if (INSERT_SELECT.test(sql) || INSERT_SELECT_COLOCATED.test(sql)) return [sql]
  throw new ClusterDdlError(`no cluster form for: ${sql.slice(0, 60)}`)
}

/**
 * The whole cluster schema as one script: every migration's statements in cluster form, then the migrations
 * table (replicated) with each file recorded under its checksum, so `trackly migrate` against the cluster finds
 * them applied and runs only later ones. `migrationsTable` is the single-server DDL of that table.
 */
export function clusterMigrationScript(
  migrations: readonly { file: string; checksum: string; statements: readonly string[] }[],
  migrationsTable: string,
  options: ClusterOptions,
): string[] {
  const out: string[] = []
  for (const m of migrations) for (const s of m.statements) out.push(...clusterStatements(s, options))
  out.push(...clusterStatements(migrationsTable, options))
  if (migrations.length > 0) {
    const rows = migrations.map(
      (m) => `('${m.file.replace(/'/g, '')}', '${m.checksum.replace(/[^0-9a-f]/g, '')}')`,
    )
    out.push(`INSERT INTO schema_migrations (version, checksum) VALUES ${rows.join(', ')}`)
  }
  return out
}
