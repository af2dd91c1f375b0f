// `trackly import-contacts --account ID --list +1… --file contacts.csv [--commit]`: imports a CSV file of any
// size onto a sending list. Without --commit it only validates (the dry-run default of the spec). Progress
// goes to stderr, the summary to stdout.
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../core/config.js'
import { AppError } from '../core/errors.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { type FileImportProgress, importCsvFile } from '../services/contact-import.js'
import { publishContactEvents } from '../services/contacts.js'

const USAGE = 'usage: trackly import-contacts --account ID --list +1NNNNNNNNNN --file PATH.csv [--commit]'

/** A one-line progress bar, redrawn in place. */
export function progressLine(p: FileImportProgress, width = 30): string {
  const ratio = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 1
  const filled = Math.round(ratio * width)
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${p.rows.toLocaleString('en-US')} rows`
}

export async function importContactsCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      account: { type: 'string' },
      list: { type: 'string' },
      file: { type: 'string' },
      commit: { type: 'boolean', default: false },
    },
  })
  if (!values.account || !values.list || !values.file) throw new ConfigError(USAGE)
  const config = loadConfig()
  const log = createLogger(config)
  const deps = createDeps(config, log)
  const pg = deps.postgres.acquire()
  const kafka = values.commit ? deps.kafka.acquire() : undefined
  try {
    if (kafka) {
      // The producer connects in the background; give it a moment so subscription events are published.
      for (let i = 0; i < 100 && !kafka.producer.isHealthy(); i++)
        await new Promise((r) => setTimeout(r, 100))
    }
    const summary = await importCsvFile(pg.pool, {
      accountId: values.account,
      listNumber: values.list,
      path: values.file,
      commit: values.commit ?? false,
      onProgress: (p) => process.stderr.write(progressLine(p)),
      ...(kafka ? { onEvents: (events) => publishContactEvents(kafka.producer, config, events, log) } : {}),
    }).catch((err: unknown) => {
      // A bad list, header or file is the user's to fix: print its message, not a stack.
      if (err instanceof AppError) throw new ConfigError(`${err.code}: ${err.message}`)
      throw err
    })
    process.stderr.write('\n')
    const { invalid, ignored_columns, ...counts } = summary
    process.stdout.write(
      [
        summary.dry_run ? 'dry run (nothing written; add --commit to import)' : 'import committed',
        ...Object.entries(counts).map(([k, v]) => `  ${k}: ${v}`),
        ...(ignored_columns.length > 0 ? [`  ignored columns: ${ignored_columns.join(', ')}`] : []),
        ...invalid.slice(0, 20).map((r) => `  row ${r.row}: ${r.phone_number ?? '(empty)'} ${r.reason}`),
        '',
      ].join('\n'),
    )
  } finally {
    if (kafka) await deps.kafka.release()
    await deps.postgres.release()
  }
}
