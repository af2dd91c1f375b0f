// A Postgres database of a test file's own, beside the configured one: created empty, dropped at teardown. For
// tests that need a schema at an older migration, or statistics and settings no other test file may see.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { sqlDir } from '../../lib/paths.js'
import { type Teardown, testConfig } from './platform.js'

/** Creates the database `<configured>_<tag>_<pid>`; returns its URL. */
export async function scratchDatabase(t: Teardown, tag: string): Promise<string> {
  const adminUrl = new URL(testConfig().databaseUrl)
  const name = `${adminUrl.pathname.slice(1)}_${tag}_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl.toString() })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "${name}"`)
  t.teardown(async () => {
    await dropWhenClosed(admin, name)
    await admin.end()
  })
  return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString()
}

/**
 * Drops the database once the test's own connections have gone. Not WITH (FORCE): a pool's end() resolves before
 * its sockets close, and a backend terminated under a client that has stopped listening crashes the test file with
 * an unhandled 57P01 'error' event. DROP refuses (55006, object in use) while any session remains; it is retried.
 */
async function dropWhenClosed(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`)
      return
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/** The Postgres migration files in order, each `{ file, sql }`. */
export function postgresMigrations(): { file: string; sql: string }[] {
  const dir = join(sqlDir, 'postgres')
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((file) => ({ file, sql: readFileSync(join(dir, file), 'utf8') }))
}
