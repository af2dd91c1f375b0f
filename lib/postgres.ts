import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import type { Config } from '../core/config.js'
import * as schema from './db/schema.js'

export type Db = NodePgDatabase<typeof schema>

export interface Postgres {
  pool: pg.Pool
  db: Db
  ping(): Promise<boolean>
  close(): Promise<void>
}

// numeric columns come back as strings by default; counts (int8) are parsed as numbers — they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))

export function createPostgres(config: Pick<Config, 'databaseUrl'>, max = 10): Postgres {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  })
  // An idle client's error (e.g. the server restarting) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  const db = drizzle(pool, { schema })
  return {
    pool,
    db,
    async ping() {
      await pool.query('SELECT 1')
      return true
    },
    close: () => pool.end(),
  }
}
