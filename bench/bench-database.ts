// A Postgres database of a benchmark's own next to the configured one: created empty, dropped at the end.
import pg from 'pg'

export interface BenchDatabase {
  url: string
  drop(): Promise<void>
}

export async function freshBenchDatabase(databaseUrl: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString(),
  })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}`)
  return {
    url: Object.assign(new URL(databaseUrl), { pathname: `/${name}` }).toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
      await admin.end()
    },
  }
}
