#!/usr/bin/env node
// The one entry point. `start` runs any set of roles (TRACKLY_ROLES, default all) in this process; the other
// commands are an operator's, and open only what they need, so they work beside a running platform.
// Results go to stdout (`--json` for scripts), logs and errors to stderr; a user's mistake exits 2, a failure 1.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, CommanderError, Option } from 'commander'
import { repoRoot } from '../lib/paths.js'
import { PROVIDERS } from '../services/lists.js'
import { accountStatusCommand, createAccountCommand, resetPasswordCommand } from './account-commands.js'
import { commandContext, describeFailure, EXIT_USAGE } from './cli.js'
import { clusterDdlCommand } from './cluster-ddl.js'
import { createListCommand, credentialHelp } from './create-list.js'
import { importContactsCommand } from './import-contacts.js'
import { runCampaignsCommand } from './run-campaigns.js'
import { migrateCommand, startCommand } from './start.js'

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }

/** Commands that leave the process running (the platform) rather than exiting with their result. */
let keepRunning = false

const json = () => new Option('--json', 'print the result as one JSON object')

export function buildProgram(): Command {
  const program = new Command('trackly')
    .description('Trackly: SMS marketing and attribution. Logs go to stderr, results to stdout.')
    .version(version, '-v, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ outputError: (line, write) => write(line.endsWith('\n') ? line : `${line}\n`) })

  program
    .command('start')
    .description(
      'run the platform (TRACKLY_ROLES, default every role); seeds a demo account outside test/production',
    )
    .action(async () => {
      keepRunning = true
      await startCommand()
    })
  program
    .command('migrate')
    .description(
      'apply pending Postgres and ClickHouse migrations (needs the ClickHouse data directory or CLICKHOUSE_URL)',
    )
    .action(() => migrateCommand(commandContext()))
  program
    .command('create-account')
    .description('create an account, its owner and a first API key')
    .requiredOption('--name <name>', 'account name')
    .requiredOption('--email <email>', "owner's email")
    .option('--password <password>', "owner's password (8+ characters)")
    .addOption(json())
    .action((opts) => createAccountCommand(commandContext(), opts))
  program
    .command('create-list')
    .description('add a sending list (a number on a provider) to an account')
    .requiredOption('--account <id>', 'account id')
    .requiredOption('--number <e164>', 'the number, e.g. +12015550123')
    .addOption(new Option('--provider <name>', 'SMS provider').choices(PROVIDERS).makeOptionMandatory())
    .requiredOption('--brand <name>', 'brand name')
    .option('--name <name>', 'list name')
    .option('--number-type <type>', 'number type')
    .option('--shortener-domain <domain>', 'link-shortener domain')
    .option('--click-domain <domain>', 'click domain')
    .option('--rate-per-minute <n>', 'sending rate per minute')
    .option('--credentials-json <json>', 'provider credentials as a JSON object (keys below)')
    .option(
      '--byoc',
      "the customer's own provider account: sends once its webhook URLs receive a verified call",
    )
    .addOption(json())
    .addHelpText('after', `\n${credentialHelp()}`)
    .action((opts) => createListCommand(commandContext(), opts))
  program
    .command('import-contacts')
    .description('import a CSV file of contacts onto a list (dry run unless --commit)')
    .requiredOption('--account <id>', 'account id')
    .requiredOption('--list <number>', "the list's number")
    .requiredOption('--file <path>', 'CSV file')
    .option('--commit', 'write the import (default: validate only)')
    .addOption(json())
    .action((opts) => importContactsCommand(commandContext(), opts))
  for (const [name, status] of [
    ['suspend-account', 'suspended'],
    ['activate-account', 'active'],
  ] as const) {
    program
      .command(name)
      .description(
        `${status === 'active' ? 'reactivate' : 'suspend'} an account (effective on its next request)`,
      )
      .requiredOption('--id <id>', 'account id')
      .addOption(json())
      .action((opts) => accountStatusCommand(commandContext(), opts, status))
  }
  program
    .command('reset-password')
    .description('print a password-reset token (valid 1 hour, single use) for an operator to hand over')
    .requiredOption('--email <email>', "the user's email")
    .addOption(json())
    .action((opts) => resetPasswordCommand(commandContext(), opts))
  program
    .command('run-campaigns')
    .description("run one campaign tick now (or as of --at), outside the scheduler's minute")
    .option('--account <id>', 'only this account')
    .option('--at <iso-time>', 'run as of this time')
    .addOption(json())
    .action((opts) => runCampaignsCommand(commandContext(), opts))
  program
    .command('cluster-ddl')
    .description(
      'print the ClickHouse schema for a cluster (replicated and Distributed tables), from the migrations',
    )
    .option('--cluster <name>', 'cluster name in remote_servers', 'trackly')
    .addOption(json())
    .action((opts) => clusterDdlCommand(opts))
  return program
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram()
  if (argv.length === 0) {
    program.outputHelp()
    return
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version were printed already; a parse error was printed with the usage hint.
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE)
    }
    const { line, code } = describeFailure(err)
    process.stderr.write(`trackly: ${line}\n`)
    process.exit(code)
  }
  if (!keepRunning) process.exit(0)
}

await main(process.argv.slice(2))
