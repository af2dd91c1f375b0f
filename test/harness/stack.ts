// Where the test run's Postgres, Redis and Kafka are. In order: services that already answer (the env's URLs
// or the local stack's ports); containers via testcontainers when a Docker engine answers; else the project's
// own local stack (deploy/stack.sh up). The choice is written to .stack/test-env.json for every test file.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from '../../lib/paths.js'

export interface StackEnv {
  DATABASE_URL: string
  REDIS_URL: string
  KAFKA_BROKERS: string
  source: 'existing' | 'testcontainers' | 'local-stack'
  containers: string[]
}

export const stackEnvFile = join(repoRoot, '.stack', 'test-env.json')

const LOCAL: Omit<StackEnv, 'source' | 'containers'> = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:55432/trackly_test',
  REDIS_URL: 'redis://127.0.0.1:56379',
  KAFKA_BROKERS: '127.0.0.1:59092',
}

function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

const hostPort = (url: string): [string, number] => {
  const u = new URL(url.includes('://') ? url : `tcp://${url}`)
  return [u.hostname, Number(u.port)]
}

async function allAnswer(env: Omit<StackEnv, 'source' | 'containers'>): Promise<boolean> {
  const targets = [env.DATABASE_URL, env.REDIS_URL, ...env.KAFKA_BROKERS.split(',')].map(hostPort)
  const answers = await Promise.all(targets.map(([h, p]) => portAnswers(h, p)))
  return answers.every(Boolean)
}

function dockerAnswers(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 }).status === 0
}

async function startContainers(): Promise<StackEnv> {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true' // the teardown script removes them; the setup process exits first
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
  const { RedisContainer } = await import('@testcontainers/redis')
  const { KafkaContainer } = await import('@testcontainers/kafka')
  const [pg, redis, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:16').withDatabase('trackly_test').start(),
    new RedisContainer('redis:7')
      .withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
      .start(),
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
  ])
  return {
    DATABASE_URL: pg.getConnectionUri(),
    REDIS_URL: redis.getConnectionUrl(),
    KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    source: 'testcontainers',
    containers: [pg.getId(), redis.getId(), kafka.getId()],
  }
}

export async function ensureStack(): Promise<StackEnv> {
  const wanted = {
    DATABASE_URL: process.env.DATABASE_URL ?? LOCAL.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? LOCAL.REDIS_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? LOCAL.KAFKA_BROKERS,
  }
  let env: StackEnv
  if (await allAnswer(wanted)) env = { ...wanted, source: 'existing', containers: [] }
  else if (dockerAnswers()) env = await startContainers()
  else {
    execFileSync('bash', [join(repoRoot, 'deploy', 'stack.sh'), 'up'], { stdio: 'inherit' })
    env = { ...LOCAL, source: 'local-stack', containers: [] }
  }
  mkdirSync(join(repoRoot, '.stack'), { recursive: true })
  writeFileSync(stackEnvFile, JSON.stringify(env, null, 2))
  return env
}

export function readStackEnv(): StackEnv {
  // Services named in the environment win over the shared file, so two runs beside each other can use their own database.
  const { DATABASE_URL, REDIS_URL, KAFKA_BROKERS } = process.env
  if (DATABASE_URL && REDIS_URL && KAFKA_BROKERS) {
    return { DATABASE_URL, REDIS_URL, KAFKA_BROKERS, source: 'existing', containers: [] }
  }
  if (!existsSync(stackEnvFile)) throw new Error('test stack not prepared: run the tests through `npm test`')
  return JSON.parse(readFileSync(stackEnvFile, 'utf8')) as StackEnv
}
