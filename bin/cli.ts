// What every operator command shares: the two kinds of failure (the user's, exit 2; everything else, exit 1),
// dependencies opened only as far as a command needs them, and results on stdout (text or --json).
import type { Logger } from 'pino'
import { type Config, ConfigError } from '../core/config.js'
import { loadConfig } from '../lib/config.js'
import { createDeps, type Deps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { migratePostgres } from '../lib/migrate.js'
import type { Postgres } from '../lib/postgres.js'

/** Something the user can fix (a bad option, an unknown id, a missing file): one line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const EXIT_USAGE = 2
export const EXIT_FAILURE = 1

/** The one line a failure prints, and the exit code it ends with. No stack for anything the user can act on. */
export function describeFailure(err: unknown): { line: string; code: number } {
  if (err instanceof UsageError || err instanceof ConfigError) return { line: err.message, code: EXIT_USAGE }
  const e = err as NodeJS.ErrnoException
  if (e?.code === 'ENOENT' && typeof e.path === 'string')
    return { line: `no such file: ${e.path}`, code: EXIT_USAGE }
  const message = e instanceof Error ? e.message : String(err)
  // chdb's own error names the path only; its 'Cannot lock file' line goes to stderr from native code.
  if (/Cannot lock file|Failed to create connection for path/i.test(message)) {
    return {
      line: "ClickHouse's data directory is held by another process (a running `trackly start`?): stop it first, or set CLICKHOUSE_URL to a ClickHouse server",
      code: EXIT_FAILURE,
    }
  }
  return { line: message.split('\n')[0] ?? 'failed', code: EXIT_FAILURE }
}

export interface CommandContext {
  config: Config
  log: Logger
  deps: Deps
}

/** Config, a logger on stderr (stdout carries results) and lazily opened dependencies. */
export function commandContext(): CommandContext {
  const config = loadConfig()
  const log = createLogger(config, { sync: true })
  return { config, log, deps: createDeps(config, log) }
}

/**
 * Postgres, migrated, for the length of `fn`. Commands that need nothing else never open the embedded ClickHouse,
 * so they work beside a running platform that owns its data directory.
 */
export async function withPostgres<T>(ctx: CommandContext, fn: (pg: Postgres) => Promise<T>): Promise<T> {
  const pg = ctx.deps.postgres.acquire()
  try {
    await migratePostgres(pg)
    return await fn(pg)
  } finally {
    await ctx.deps.postgres.release()
  }
}

/** A result: JSON for scripts with --json, else the lines a person reads. */
export function emit(json: boolean | undefined, value: unknown, text: () => string[]): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text().join('\n')}\n`)
}
