// tap `before`: bring up (or find) the real services once for the whole run, and migrate Postgres once
// (each test file migrates its own ClickHouse data directory and creates its own topics).
import { migratePostgres } from '../lib/migrate.js'
import { createPostgres } from '../lib/postgres.js'
import { ensureStack } from './harness/stack.js'

const env = await ensureStack()
const pg = createPostgres({ databaseUrl: env.DATABASE_URL }, 1)
await migratePostgres(pg)
await pg.close()
process.stdout.write(`test stack: ${env.source}\n`)
