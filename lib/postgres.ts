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

/** Runs `work` in one transaction on one pooled client; rolls back on any throw. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

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
