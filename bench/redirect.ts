// Redirect benchmark (DESIGN numbers: ≥ 70% of a bare Fastify redirect's requests/s with every click durable;
// p99 < 20 ms at half that load). Both servers run as their own processes, measured in the same run with the
// same load generator (autocannon, in this process); durability is checked by counting the click events Kafka
// holds afterwards against the 302s answered.
//   npm run bench:redirect        (builds first; needs the local stack: ./trackly stack up)
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { prepare } from '../bin/platform.js'
import { topicName } from '../core/events.js'
import { newObjectId, randomAlphanumeric } from '../core/ids.js'
import { loadConfig } from '../lib/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { repoRoot } from '../lib/paths.js'
import { createAccount } from '../services/accounts.js'
import { createTrackedMessage } from '../services/messages.js'

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64)
/** BENCH_PROFILE_DIR=dir writes a V8 CPU profile of the ingest process there (node --cpu-prof), on its exit. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR
const dataDir = mkdtempSync(join(tmpdir(), 'trackly-bench-'))
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  KAFKA_TOPIC_PREFIX: `bench${randomAlphanumeric(6)}.`,
  TRACKLY_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  TRACKLY_SECRET_KEY: process.env.TRACKLY_SECRET_KEY ?? '0'.repeat(64),
})
const deps = createDeps(config, createLogger(config))
await prepare(deps)

// One account, offer and tracked message; every request follows its link.
const pg = deps.postgres.acquire()
const { accountId } = await createAccount(
  pg.db,
  {
    name: 'Bench',
    ownerEmail: `bench-${randomAlphanumeric(8).toLowerCase()}@example.test`,
  },
  config.secretKey,
)
const list = await pg.pool.query<{ id: number }>(
  `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider) VALUES ($1, '+18005550111', 'Bench', 'Bench', 'simulator') RETURNING id`,
  [accountId],
)
const offerId = newObjectId()
await pg.pool.query(
  `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform) VALUES ($1, $2, $3, 'Bench offer', 'https://offers.example.com/o?aff=1', 'everflow')`,
  [offerId, accountId, `ofr_bench_${offerId}`],
)
const message = await createTrackedMessage(pg.pool, {
  accountId,
  listId: list.rows[0]!.id,
  to: '+14155552671',
  body: 'Bench {{link1}}',
  links: { link1: { offerId } },
  linkBaseUrl: 'https://bench.example',
})
const code = message.links[0]!.code

async function startProcess(
  args: string[],
  env: Record<string, string>,
  readyText: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // The bare server says `ready` on stdout; Trackly logs `trackly started` on stderr.
  let out = ''
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (d) => {
      out += d
    })
  }
  const deadline = Date.now() + 60_000
  while (!out.includes(readyText)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`process did not start: ${out.slice(-500)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return child
}

interface Run {
  rps: number
  p50: number
  p99: number
  redirects: number
  errors: number
}

async function load(url: string, opts: { overallRate?: number } = {}): Promise<Run> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...opts })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    redirects: result['3xx'],
    errors: result.errors + result.timeouts + result.non2xx - result['3xx'],
  }
}

async function clickEventsInKafka(): Promise<number> {
  const admin = deps.kafka.acquire().kafka.admin()
  await admin.connect()
  const offsets = await admin.fetchTopicOffsets(topicName(config.kafkaTopicPrefix, 'clicks'))
  await admin.disconnect()
  await deps.kafka.release()
  return offsets.reduce((n, p) => n + Number(p.high), 0)
}

const spooled = (): number =>
  readdirSync(join(dataDir, 'spool'), { withFileTypes: true })
    .filter((f) => f.isFile())
    .reduce(
      (n, f) =>
        n +
        readFileSync(join(dataDir, 'spool', f.name), 'utf8')
          .split('\n')
          .filter(Boolean).length,
      0,
    )

const BARE_PORT = 3901
const INGEST_PORT = 3902
const bare = await startProcess(['dist/bench/bare-redirect.js', String(BARE_PORT)], {}, 'ready')
const ingest = await startProcess(
  [...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []), 'dist/bin/trackly.js', 'start'],
  {
    TRACKLY_ROLES: 'ingest',
    INGEST_PORT: String(INGEST_PORT),
    KAFKA_TOPIC_PREFIX: config.kafkaTopicPrefix,
    TRACKLY_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    TRACKLY_SECRET_KEY: process.env.TRACKLY_SECRET_KEY ?? '0'.repeat(64),
  },
  'trackly started',
)

try {
  const bareUrl = `http://127.0.0.1:${BARE_PORT}/${code}`
  const ingestUrl = `http://127.0.0.1:${INGEST_PORT}/${code}`
  await autocannon({ url: bareUrl, connections: 8, duration: 3 })
  await autocannon({ url: ingestUrl, connections: 8, duration: 3 })
  const before = await clickEventsInKafka()
  const bareMax = await load(bareUrl)
  const ingestMax = await load(ingestUrl)
  const halfRate = Math.round(ingestMax.rps / 2)
  const ingestHalf = await load(ingestUrl, { overallRate: halfRate })
  const bareHalf = await load(bareUrl, { overallRate: halfRate })
  await new Promise((r) => setTimeout(r, 2_000))
  const produced = (await clickEventsInKafka()) - before
  const answered = ingestMax.redirects + ingestHalf.redirects
  const inSpool = spooled()
  const rows = [
    ['bare Fastify 302 (reference)', bareMax, bareHalf],
    ['Trackly ingest GET /:code', ingestMax, ingestHalf],
  ] as const
  const lines = [
    `| server | max req/s (${CONNECTIONS} conns, ${DURATION_S}s) | at ${halfRate} req/s: p50 ms | p99 ms | errors |`,
    '|---|---|---|---|---|',
    ...rows.map(
      ([name, max, half]) =>
        `| ${name} | ${Math.round(max.rps)} | ${half.p50} | ${half.p99} | ${max.errors + half.errors} |`,
    ),
    '',
    `ratio ingest/bare: ${(ingestMax.rps / bareMax.rps).toFixed(2)} (goal ≥ 0.80, issue 15); ingest p99 at half load ${ingestHalf.p99} ms (goal < 20 ms)`,
    `durability: ${answered} redirects answered (after warm-up), ${produced} click events in Kafka, ${inSpool} in the local spool`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  bare.kill('SIGTERM')
  ingest.kill('SIGTERM')
  await Promise.all([once(bare, 'exit'), once(ingest, 'exit')])
  await deps.postgres.release()
}
process.exit(0)
