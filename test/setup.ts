// tap `before`: bring up (or find) the real services once for the whole run, and migrate Postgres once
// (each test file migrates its own ClickHouse data directory and creates its own topics). The dashboard is built
// once here too (dist/web, about two seconds), for the browser tests and the bundle-size check.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { migratePostgres } from '../lib/migrate.js'
import { repoRoot } from '../lib/paths.js'
import { createPostgres } from '../lib/postgres.js'
import { ensureStack } from './harness/stack.js'

const env = await ensureStack()
const pg = createPostgres({ databaseUrl: env.DATABASE_URL }, 1)
await migratePostgres(pg)
await pg.close()
process.stdout.write(`test stack: ${env.source}\n`)
execFileSync(
  join(repoRoot, 'node_modules', '.bin', 'vite'),
  ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  {
    cwd: repoRoot,
    stdio: 'inherit',
  },
)
