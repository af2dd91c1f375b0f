// `trackly import-contacts --account ID --list +1… --file contacts.csv [--commit]`: imports a CSV file of any
// size onto a sending list. Without --commit it only validates (the dry-run default of the spec). Progress
// goes to stderr, the summary to stdout.
import { existsSync } from 'node:fs'
import { AppError } from '../core/errors.js'
import { type FileImportProgress, importCsvFile } from '../services/contact-import.js'
import { publishContactEvents } from '../services/contacts.js'
import { type CommandContext, emit, UsageError, withPostgres } from './cli.js'

/** A one-line progress bar, redrawn in place. */
export function progressLine(p: FileImportProgress, width = 30): string {
  const ratio = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 1
  const filled = Math.round(ratio * width)
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${p.rows.toLocaleString('en-US')} rows`
}

export async function importContactsCommand(
  ctx: CommandContext,
  opts: { account: string; list: string; file: string; commit?: boolean; json?: boolean },
): Promise<void> {
  if (!existsSync(opts.file)) throw new UsageError(`--file: no such file: ${opts.file}`)
  const { config, deps, log } = ctx
  const commit = opts.commit ?? false
  const kafka = commit ? deps.kafka.acquire() : undefined
  try {
    if (kafka) {
      // The producer connects in the background; give it a moment so subscription events are published.
      for (let i = 0; i < 100 && !kafka.producer.isHealthy(); i++)
        await new Promise((r) => setTimeout(r, 100))
    }
    const summary = await withPostgres(ctx, (pg) =>
      importCsvFile(pg.pool, {
        accountId: opts.account,
        listNumber: opts.list,
        path: opts.file,
        commit,
        ...(opts.json
          ? {}
          : { onProgress: (p: FileImportProgress) => process.stderr.write(progressLine(p)) }),
        ...(kafka ? { onEvents: (events) => publishContactEvents(kafka.producer, config, events, log) } : {}),
      }).catch((err: unknown) => {
        // A bad list, header or file is the user's to fix: print its message, not a stack.
        if (err instanceof AppError) throw new UsageError(`${err.code}: ${err.message}`)
        throw err
      }),
    )
    if (!opts.json) process.stderr.write('\n')
    const { invalid, ignored_columns, ...counts } = summary
    emit(opts.json, summary, () => [
      summary.dry_run ? 'dry run (nothing written; add --commit to import)' : 'import committed',
      ...Object.entries(counts).map(([k, v]) => `  ${k}: ${v}`),
      ...(ignored_columns.length > 0 ? [`  ignored columns: ${ignored_columns.join(', ')}`] : []),
      ...invalid.slice(0, 20).map((r) => `  row ${r.row}: ${r.phone_number ?? '(empty)'} ${r.reason}`),
    ])
  } finally {
    if (kafka) await deps.kafka.release()
  }
}
