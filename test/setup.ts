// tap `before`: bring up (or find) the real services once for the whole run, and migrate Postgres once
// (each test file migrates its own ClickHouse data directory and creates its own topics). The dashboard is built
// once here too (dist/web, about two seconds), for the browser tests and the bundle-size check.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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
// Only when web/ changed since the last build: a rebuild replaces the hashed assets, and a browser test of another
// run on this checkout would lose the ones its pages were loaded with.
if (webBuildIsStale()) {
  execFileSync(
    join(repoRoot, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: repoRoot, stdio: 'inherit' },
  )
}

function webBuildIsStale(): boolean {
  const manifest = join(repoRoot, 'dist', 'web', '.vite', 'manifest.json')
  if (!existsSync(manifest)) return true
  const built = statSync(manifest).mtimeMs
  const newest = (path: string): number => {
    const stat = statSync(path)
    if (!stat.isDirectory()) return stat.mtimeMs
    return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
  }
  return (
    newest(join(repoRoot, 'web')) > built || statSync(join(repoRoot, 'package-lock.json')).mtimeMs > built
  )
}
