// The operator CLI beside a running platform: this file's platform holds its embedded ClickHouse data directory,
// and every command is run as a child process against the same directory and services. Commands that need only
// Postgres (and Redis, Kafka) work; `migrate`, which needs ClickHouse, says so in one line; user mistakes exit 2
// with a one-line error and the usage, never a stack trace; results are on stdout (JSON with --json).
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { repoRoot } from '../../lib/paths.js'
import { createFixture, startTestPlatform } from '../harness/platform.js'
import { readStackEnv } from '../harness/stack.js'

const platform = await startTestPlatform(t, {})
const fixture = await createFixture(platform, platform.ingestUrl)
const stack = readStackEnv()

interface Run {
  code: number
  stdout: string
  stderr: string
}

// At most two CLI processes at once (the machine's cores): eight cold `tsx` starts side by side on a loaded
// machine each took longer than their timeout and were killed, failing with no output.
let running = 0
const waiting: (() => void)[] = []
async function cli(...args: string[]): Promise<Run> {
  if (running >= 2) await new Promise<void>((go) => waiting.push(go))
  running++
  try {
    return await cliProcess(args)
  } finally {
    running--
    waiting.shift()?.()
  }
}

function cliProcess(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/trackly.ts', ...args],
      {
        cwd: repoRoot,
        timeout: 90_000,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          DATABASE_URL: stack.DATABASE_URL,
          REDIS_URL: stack.REDIS_URL,
          KAFKA_BROKERS: stack.KAFKA_BROKERS,
          KAFKA_TOPIC_PREFIX: platform.config.kafkaTopicPrefix,
          // The running platform's own data directory: its ClickHouse is locked by this test process.
          TRACKLY_DATA_DIR: platform.config.dataDir,
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
  })
}

const noStack = (t: Test, run: Run) => t.notMatch(run.stderr, /\n\s+at /, 'no stack trace')

// Each command is its own Node process; independent ones run side by side to keep the file short.
t.test('help, version, and no command print help instead of starting', async (t) => {
  const [bare, version, help] = await Promise.all([cli(), cli('--version'), cli('create-list', '--help')])
  t.equal(bare.code, 0)
  t.match(bare.stdout, /Usage: trackly/)
  t.match(bare.stdout, /create-list/)
  t.equal(version.code, 0)
  t.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/)
  t.equal(help.code, 0)
  t.match(help.stdout, /twilio\s+required: account_sid, auth_token/, 'create-list names each provider’s keys')
  t.match(help.stdout, /infobip\s+required: api_key, base_url/)
})

t.test('user mistakes exit 2 with one line and the usage', async (t) => {
  const mistakes = [
    ['bogus'],
    ['create-account', '--name', 'x'],
    ['suspend-account', '--id'],
    ['suspend-account', '--id', 'x', '--wat'],
    ['create-list', '--account', 'a', '--number', '+1', '--provider', 'nope', '--brand', 'b'],
  ]
  const [missing, unknown, at, ...runs] = await Promise.all([
    cli(
      'import-contacts',
      '--account',
      fixture.accountId,
      '--list',
      '+18005550199',
      '--file',
      '/no/such.csv',
    ),
    cli('suspend-account', '--id', 'no-such-account'),
    cli('run-campaigns', '--at', 'yesterday-ish'),
    ...mistakes.map((args) => cli(...args)),
  ])
  runs.forEach((run, i) => {
    const args = mistakes[i]!.join(' ')
    t.equal(run.code, 2, `${args} exits 2`)
    t.match(run.stderr, /^error: .+\n/, 'one error line first')
    t.match(run.stderr, /Usage: trackly/, 'then the usage')
    t.equal(run.stdout, '', 'nothing on stdout')
    noStack(t, run)
  })
  t.equal(missing!.code, 2)
  t.equal(missing!.stderr.trim(), 'trackly: --file: no such file: /no/such.csv')
  t.equal(unknown!.code, 2)
  t.equal(unknown!.stderr.trim(), 'trackly: no account with id no-such-account')
  t.equal(at!.code, 2)
  t.match(at!.stderr, /--at: not a date and time/)
})

t.test('commands that need Postgres work while the platform runs', async (t) => {
  const email = `cli-${Date.now()}@example.test`
  const created = await cli('create-account', '--name', 'CLI account', '--email', email, '--json')
  t.equal(created.code, 0, created.stderr)
  const account = JSON.parse(created.stdout) as { account_id: string; api_key: string }
  t.match(account.api_key, /^trk_/)
  const me = await fetch(`${platform.apiUrl}/api/v2/team`, { headers: { 'x-api-key': account.api_key } })
  t.equal(me.status, 200, 'the new key works against the running platform')

  const list = await cli(
    'create-list',
    '--account',
    account.account_id,
    '--number',
    '+18005550123',
    '--provider',
    'simulator',
    '--brand',
    'CLI Brand',
    '--json',
  )
  t.equal(list.code, 0, list.stderr)
  const created_list = JSON.parse(list.stdout) as { list_id: number; webhooks: { status: string } }
  t.match(created_list.webhooks.status, /\/webhooks\/simulator\/\d+\/status\?token=/)
  const badCredentials = await cli(
    'create-list',
    '--account',
    account.account_id,
    '--number',
    '+18005550124',
    '--provider',
    'twilio',
    '--brand',
    'B',
    '--credentials-json',
    '{"account_sid":"AC1"}',
  )
  t.equal(badCredentials.code, 2)
  t.match(badCredentials.stderr, /auth_token/, 'names the missing key')

  const csv = join(mkdtempSync(join(tmpdir(), 'trackly-cli-')), 'contacts.csv')
  writeFileSync(csv, 'phone_number,first_name\n+12015550111,Ann\nnot-a-number,Bob\n')
  const dry = await cli(
    'import-contacts',
    '--account',
    fixture.accountId,
    '--list',
    '+18005550199',
    '--file',
    csv,
    '--json',
  )
  t.equal(dry.code, 0, dry.stderr)
  const summary = JSON.parse(dry.stdout) as { dry_run: boolean; invalid: unknown[] }
  t.equal(summary.dry_run, true)
  t.equal(summary.invalid.length, 1)

  const suspended = await cli('suspend-account', '--id', account.account_id)
  t.equal(suspended.code, 0)
  t.equal(suspended.stdout, `account ${account.account_id} is now suspended\n`)
  const refused = await fetch(`${platform.apiUrl}/api/v2/team`, { headers: { 'x-api-key': account.api_key } })
  t.equal(((await refused.json()) as { code: string }).code, 'account_suspended')
  t.equal((await cli('activate-account', '--id', account.account_id, '--json')).code, 0)

  const reset = await cli('reset-password', '--email', email, '--json')
  t.equal(reset.code, 0, reset.stderr)
  t.match(JSON.parse(reset.stdout), { token: String, expires_at: String })

  const tick = await cli('run-campaigns', '--account', fixture.accountId, '--json')
  t.equal(tick.code, 0, tick.stderr)
  t.match(JSON.parse(tick.stdout), { started: Number, queued: Number })
  for (const run of [created, list, dry, reset, tick]) {
    t.notMatch(run.stdout, /"level":/, 'logs never on stdout')
    noStack(t, run)
  }
})

t.test('migrate needs ClickHouse: one line while another process holds its data directory', async (t) => {
  const run = await cli('migrate')
  t.equal(run.code, 1)
  t.match(run.stderr, /trackly: ClickHouse's data directory is held by another process/)
  t.equal(
    run.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('{')).length,
    1,
    'one line besides logs',
  )
  noStack(t, run)
})
