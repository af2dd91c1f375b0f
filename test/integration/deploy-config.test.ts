// The scale-out deployment as users get it: docker-compose.yml validated by Debian's docker-compose (`config`
// interpolates and checks the file without an engine), with each role split into its own containers, three KRaft
// brokers holding three copies of each partition, and a ClickHouse server for every role.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { parse } from 'yaml'
import { repoRoot } from '../../lib/paths.js'

const run = promisify(execFile)
const compose = (env: Record<string, string>) =>
  run('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env },
  })

interface Service {
  environment?: Record<string, string | number>
  command?: string[]
  depends_on?: Record<string, { condition: string }>
}

t.test('docker-compose config accepts the file, and refuses it without a secret key', async (t) => {
  await t.rejects(compose({}), /TRACKLY_SECRET_KEY/, 'every copy must share one secret key')
  const { stdout } = await compose({ TRACKLY_SECRET_KEY: 'k'.repeat(64) })
  const { services } = parse(stdout) as { services: Record<string, Service> }
  const roleCopies = (role: string) =>
    Object.entries(services)
      .filter(([, s]) => s.environment?.TRACKLY_ROLES === role)
      .map(([name]) => name)
      .sort()
  t.same(roleCopies('api'), ['api-1', 'api-2'])
  t.same(roleCopies('ingest'), ['ingest-1', 'ingest-2'])
  t.same(roleCopies('processors'), ['processors-1', 'processors-2'])
  t.same(roleCopies('workers'), ['workers'])
  t.same(roleCopies('scheduler'), ['scheduler'])
  const roles = Object.values(services).filter((s) => s.environment?.TRACKLY_ROLES)
  for (const s of roles) {
    t.match(
      s.environment?.CLICKHOUSE_URL,
      /^http:\/\/.+@clickhouse:8123\//,
      'a ClickHouse server, never embedded',
    )
    t.equal(s.environment?.KAFKA_BROKERS, 'kafka-1:9092,kafka-2:9092,kafka-3:9092')
    t.equal(String(s.environment?.KAFKA_REPLICATION_FACTOR), '3')
    t.equal(
      s.depends_on?.migrate?.condition,
      'service_completed_successfully',
      'roles start after migrations',
    )
  }
  const brokers = ['kafka-1', 'kafka-2', 'kafka-3'].map((n) => services[n]!)
  t.same(
    brokers.map((b) => String(b.environment?.KAFKA_NODE_ID)),
    ['1', '2', '3'],
  )
  for (const b of brokers) {
    t.equal(b.environment?.KAFKA_CONTROLLER_QUORUM_VOTERS, '1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093')
    t.equal(String(b.environment?.KAFKA_MIN_INSYNC_REPLICAS), '2')
  }
  t.ok(services.proxy, 'nginx in front of the api and ingest copies')
  t.same(services.migrate?.command, ['node', 'dist/bin/trackly.js', 'migrate'])
})
