// Cluster DDL from the single-server migrations: replicated local tables with the same engine arguments,
// Distributed tables sharded so that rows ReplacingMergeTree collapses land on one shard, and ALTERs applied where
// they belong. Anything without a cluster form is refused, so a new kind of migration cannot slip through.
import t from 'tap'
import { ClusterDdlError, clusterMigrationScript, clusterStatements } from '../../analytics/cluster-ddl.js'
import { CLICKHOUSE_MIGRATIONS_TABLE, clickHouseMigrations, splitStatements } from '../../lib/migrate.js'

const opts = { cluster: 'trackly' }

t.test('a table with a message id: replicated local table, Distributed sharded by message', async (t) => {
  const [local, dist] = clusterStatements(
    `CREATE TABLE IF NOT EXISTS clicks
(
    account_id LowCardinality(String),
    message_id String,
    event_id String,
    at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (account_id, message_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000`,
    opts,
  )
  t.match(local, /^CREATE TABLE IF NOT EXISTS clicks_local ON CLUSTER trackly\n\(/)
  t.match(
    local,
    "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/clicks_local', '{replica}')",
  )
  t.match(
    local,
    /ORDER BY \(account_id, message_id, event_id\)\nSETTINGS replicated_deduplication_window = 1000$/,
  )
  t.notMatch(local, /non_replicated/)
  t.equal(
    dist,
    'CREATE TABLE IF NOT EXISTS clicks ON CLUSTER trackly AS clicks_local\nENGINE = Distributed(trackly, currentDatabase(), clicks_local, cityHash64(message_id))',
  )
})

t.test('engine arguments are kept; without a message id the sort key shards', async (t) => {
  const [local, dist] = clusterStatements(
    'CREATE TABLE IF NOT EXISTS report_hourly (account_id String, hour DateTime, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (account_id, hour)',
    opts,
  )
  t.match(
    local,
    "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/report_hourly_local', '{replica}', version)",
  )
  t.match(dist, /cityHash64\(account_id, hour\)\)$/)
  const [, single] = clusterStatements(
    'CREATE TABLE IF NOT EXISTS s (name String) ENGINE = ReplacingMergeTree ORDER BY name',
    opts,
  )
  t.match(single, /cityHash64\(name\)\)$/)
})

t.test('ALTER: columns on both tables, indexes on the local one only', async (t) => {
  t.same(
    clusterStatements(
      "ALTER TABLE sends ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT ''",
      opts,
    ),
    [
      "ALTER TABLE sends_local ON CLUSTER trackly ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT ''",
      "ALTER TABLE sends ON CLUSTER trackly ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT ''",
    ],
  )
  t.same(clusterStatements('ALTER TABLE sends MATERIALIZE INDEX ingested_at_minmax', opts), [
    'ALTER TABLE sends_local ON CLUSTER trackly MATERIALIZE INDEX ingested_at_minmax',
  ])
  t.same(
    clusterStatements(
      'ALTER TABLE contact_attributes MATERIALIZE COLUMN ingested_at SETTINGS mutations_sync = 2',
      opts,
    ),
    [
      'ALTER TABLE contact_attributes_local ON CLUSTER trackly MATERIALIZE COLUMN ingested_at SETTINGS mutations_sync = 2',
    ],
    'a column written into stored parts: on the local tables only',
  )
})

t.test(
  'refused: statements without a cluster form, engines without a replicated one, odd cluster names',
  async (t) => {
    t.throws(() => clusterStatements('CREATE VIEW v AS SELECT 1', opts), ClusterDdlError)
    t.throws(
      () => clusterStatements('CREATE TABLE IF NOT EXISTS m (x UInt8) ENGINE = Memory', opts),
      ClusterDdlError,
    )
    t.throws(() => clusterStatements('ALTER TABLE sends DELETE WHERE 1', opts), ClusterDdlError)
    t.throws(
      () => clusterStatements('ALTER TABLE sends ADD INDEX i x TYPE minmax', { cluster: "a'; DROP" }),
      ClusterDdlError,
    )
  },
)

t.test(
  'every migration has a cluster form, and the script records each as applied under its checksum',
  async (t) => {
    const migrations = clickHouseMigrations()
    const script = clusterMigrationScript(
      migrations.map((m) => ({ ...m, statements: splitStatements(m.sql) })),
      CLICKHOUSE_MIGRATIONS_TABLE,
      opts,
    )
    const creates = script.filter((s) => s.startsWith('CREATE TABLE'))
    t.ok(creates.some((s) => s.startsWith('CREATE TABLE IF NOT EXISTS schema_migrations_local')))
    const last = script.at(-1)!
    for (const m of migrations) t.match(last, `('${m.file}', '${m.checksum}')`)
    t.notOk(
      script.some((s) => /ON CLUSTER/.test(s) === false && !s.startsWith('INSERT')),
      'every DDL is ON CLUSTER',
    )
  },
)

t.test(
  'a materialized view reads and writes the local tables; a backfill goes through the Distributed ones',
  async (t) => {
    t.same(
      clusterStatements(
        'CREATE MATERIALIZED VIEW IF NOT EXISTS dims_mv TO dims AS\nSELECT account_id, message_id FROM sends',
        opts,
      ),
      [
        'CREATE MATERIALIZED VIEW IF NOT EXISTS dims_mv ON CLUSTER trackly TO dims_local AS SELECT account_id, message_id FROM sends_local',
      ],
    )
    const backfill = 'INSERT INTO dims\nSELECT account_id, message_id FROM sends'
    t.same(clusterStatements(backfill, opts), [backfill])
    const colocated = `INSERT INTO clicks (message_id, carrier)
SELECT c.message_id, d.carrier FROM clicks AS c FINAL INNER JOIN message_dims AS d ON d.message_id = c.message_id
SETTINGS distributed_product_mode = 'local'`
    t.same(
      clusterStatements(colocated, opts),
      [colocated],
      'a join of tables sharded by message runs on each shard',
    )
    t.throws(
      () =>
        clusterStatements(
          'INSERT INTO clicks SELECT c.x FROM clicks AS c JOIN other AS o ON o.x = c.x',
          opts,
        ),
      ClusterDdlError,
      'a join without the local product mode has no cluster form',
    )
    t.throws(
      () =>
        clusterStatements(
          'CREATE MATERIALIZED VIEW IF NOT EXISTS v ENGINE = Memory AS SELECT 1 FROM t',
          opts,
        ),
      ClusterDdlError,
    )
  },
)

t.test(
  'a table rebuilt with another layout: the local tables are swapped, the old pair dropped',
  async (t) => {
    t.same(clusterStatements('EXCHANGE TABLES sends AND sends_by_hour', opts), [
      'EXCHANGE TABLES sends_local AND sends_by_hour_local ON CLUSTER trackly',
    ])
    t.same(clusterStatements('DROP TABLE IF EXISTS sends_by_hour', opts), [
      'DROP TABLE IF EXISTS sends_by_hour ON CLUSTER trackly',
      'DROP TABLE IF EXISTS sends_by_hour_local ON CLUSTER trackly',
    ])
    const migration = clickHouseMigrations().find((m) => m.file === '0007_raw_events_by_hour.sql')!
    const script = splitStatements(migration.sql).flatMap((s) => clusterStatements(s, opts))
    const sendsLocal = script.find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS sends_by_hour_local'))!
    t.match(sendsLocal, 'ORDER BY (account_id, toStartOfHour(event_time), message_id, event_id)')
    t.ok(
      script.includes(
        'CREATE TABLE IF NOT EXISTS sends_by_hour ON CLUSTER trackly AS sends_by_hour_local\nENGINE = Distributed(trackly, currentDatabase(), sends_by_hour_local, cityHash64(message_id))',
      ),
      'the copy is sharded by message like the table it replaces',
    )
    t.ok(
      script.includes(
        'ALTER TABLE sends_by_hour_local ON CLUSTER trackly ADD INDEX IF NOT EXISTS message_id_bloom message_id TYPE bloom_filter GRANULARITY 1',
      ),
    )
    t.throws(() => clusterStatements('DROP TABLE sends', opts), ClusterDdlError, 'only IF EXISTS')
  },
)
