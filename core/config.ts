// The configuration's shape and how it is built from environment variables, as a pure function. Reading
// process.env and the secret-key file is lib/config.ts's (the one place that does); everything else receives a Config.
import { resolve } from 'node:path'
import Type, { type Static } from 'typebox'
import Value from 'typebox/value'
import { parseThrottleLimits, ThrottleLimits } from './throttle.js'

export const ROLES = ['api', 'ingest', 'processors', 'workers', 'scheduler'] as const
export type Role = (typeof ROLES)[number]

const ConfigSchema = Type.Object({
  env: Type.Enum(['development', 'test', 'production']),
  logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  roles: Type.Array(Type.Enum(ROLES), { minItems: 1 }),
  host: Type.String({ minLength: 1 }),
  apiPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  ingestPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** Base URL short links are printed with when a list has no shortener domain of its own. */
  publicLinkBaseUrl: Type.String({ pattern: '^https?://' }),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.String({ pattern: '^postgres(ql)?://' }),
  redisUrl: Type.String({ pattern: '^rediss?://' }),
  kafkaBrokers: Type.Array(Type.String({ minLength: 3 }), { minItems: 1 }),
  /** Prefix for every topic name and consumer group; lets test files and tenants of a shared broker stay apart. */
  kafkaTopicPrefix: Type.String({ pattern: '^[a-zA-Z0-9._-]*$' }),
  kafkaPartitions: Type.Integer({ minimum: 1, maximum: 256 }),
  /** Copies of each topic's partitions: 1 on one broker, 3 on a three-broker cluster. */
  kafkaReplicationFactor: Type.Integer({ minimum: 1, maximum: 16 }),
  /** ClickHouse server over HTTP; when absent ClickHouse runs embedded (chdb) in `clickhouseDataDir`. */
  clickhouseUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  clickhouseDatabase: Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }),
  clickhouseDataDir: Type.String({ minLength: 1 }),
  producerLingerMs: Type.Integer({ minimum: 0, maximum: 1_000 }),
  producerMaxBatch: Type.Integer({ minimum: 1, maximum: 100_000 }),
  producerMaxPending: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  spoolDir: Type.String({ minLength: 1 }),
  shutdownTimeoutMs: Type.Integer({ minimum: 100 }),
  /** AES-256-GCM key (64 hex) for secrets at rest, e.g. provider credentials (core/crypto.ts). */
  secretKey: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** Public base URL of ingest that providers call back (delivery receipts, replies). */
  publicWebhookBaseUrl: Type.String({ pattern: '^https?://' }),
  /** How long a provider API call may take before its outcome counts as unknown (never retried). */
  providerTimeoutMs: Type.Integer({ minimum: 100, maximum: 120_000 }),
  /** Delay before the simulator provider posts a message's delivery receipt to ingest. */
  simulatorReceiptDelayMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
  /**
   * Customer webhooks may target private, loopback and link-local addresses. Off by default (SSRF protection);
   * for local development and tests only.
   */
  webhookAllowPrivateNetworks: Type.Boolean(),
  /**
   * Which peers' X-Forwarded-For is believed (Fastify trustProxy): `true`/`false`, or addresses/CIDRs/
   * `loopback`/`linklocal`/`uniquelocal`. Client addresses feed bot detection, throttles and postback allow-lists,
   * so by default no forwarded header is believed: name the proxy in front (e.g. `loopback`) to believe it.
   */
  trustProxy: Type.Union([Type.Boolean(), Type.String({ minLength: 1 })]),
  /** Bearer token a Prometheus scraper must present at /metrics; unset: only loopback/private scrapers. */
  metricsToken: Type.Optional(Type.String({ minLength: 16 })),
  /** Port of a /metrics-only server, for processes without an HTTP role (processors, workers); unset: none. */
  metricsPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
  /**
   * Request header (lower case) holding the clicker's ISO country, set by a proxy in front of ingest that is trusted
   * to overwrite it, e.g. `cf-ipcountry` behind Cloudflare. Unset: no country is read (a client could forge it).
   */
  clickCountryHeader: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$' })),
  /**
   * Clicks closer than this (ms) to their message's send are stored as bots (too_fast_after_send): scanners in the
   * delivery path fetch links at once, people cannot. Default 2000; 0 keeps only the certain case, a click while
   * the provider call is under way.
   */
  clickMinMsAfterSend: Type.Integer({ minimum: 0, maximum: 600_000 }),
  /** Contacts per page of a campaign run's expansion (one transaction and one cursor commit per page). */
  campaignPageSize: Type.Integer({ minimum: 1, maximum: 100_000 }),
  /** Abuse throttles (core/throttle.ts): attempts per window, per client address or identity. THROTTLE_LIMITS. */
  throttleLimits: ThrottleLimits,
  /** Public base URL of the API (and dashboard) that links in emails point to; never taken from a request. */
  publicUrl: Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' }),
  /** SMTP server for invitations and password resets (nodemailer URL: smtp:// or smtps://); unset: no email. */
  smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  /** From address of every email. */
  mailFrom: Type.String({ minLength: 3 }),
})

export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got "${raw}"`)
  return n
}

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '') return false
  return raw === 'true' || raw === 'false' ? raw === 'true' : raw
}

function parseRoles(raw: string | undefined): string[] {
  if (!raw || raw === 'all') return [...ROLES]
  return raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
}

/** The local stack's SMTP receiver (deploy/stack.sh) by default, except in production. */
function smtpUrlOf(env: Env): { smtpUrl?: string } {
  if (env.SMTP_URL) return { smtpUrl: env.SMTP_URL }
  return env.NODE_ENV === 'production' ? {} : { smtpUrl: 'smtp://127.0.0.1:51025' }
}

function throttleLimitsOf(raw: string | undefined): Config['throttleLimits'] {
  try {
    return parseThrottleLimits(raw)
  } catch (err) {
    throw new ConfigError(`THROTTLE_LIMITS: ${(err as Error).message}`)
  }
}

/** Where the data lives: TRACKLY_DATA_DIR, relative to the checkout (`.stack` by default). */
export const dataDirOf = (env: Env, root: string): string => resolve(root, env.TRACKLY_DATA_DIR ?? '.stack')

/**
 * Builds and validates the configuration from `env`; throws ConfigError naming every bad variable.
 * `dataDir` and `secretKey` come from the caller, which may touch the file system (lib/config.ts).
 */
export function configFrom(
  env: Env,
  found: { dataDir: string; secretKey: string },
  overrides: Partial<Config> = {},
): Config {
  const { dataDir } = found
  const apiPort = int(env, 'API_PORT', 3000)
  const ingestPort = int(env, 'INGEST_PORT', 3001)
  const host = env.HOST ?? '127.0.0.1'
  const candidate: Config = {
    env: (env.NODE_ENV as Config['env']) ?? 'development',
    logLevel: (env.LOG_LEVEL as Config['logLevel']) ?? 'info',
    roles: parseRoles(env.TRACKLY_ROLES) as Role[],
    host,
    apiPort,
    ingestPort,
    publicLinkBaseUrl: env.PUBLIC_LINK_BASE_URL ?? `http://${host}:${ingestPort}`,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/trackly',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:56379',
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:59092').split(',').map((b) => b.trim()),
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    kafkaPartitions: int(env, 'KAFKA_PARTITIONS', 4),
    kafkaReplicationFactor: int(env, 'KAFKA_REPLICATION_FACTOR', 1),
    clickhouseDatabase: env.CLICKHOUSE_DATABASE ?? 'trackly',
    clickhouseDataDir: resolve(dataDir, env.CLICKHOUSE_DATA_DIR ?? 'clickhouse'),
    producerLingerMs: int(env, 'PRODUCER_LINGER_MS', 20),
    producerMaxBatch: int(env, 'PRODUCER_MAX_BATCH', 1000),
    producerMaxPending: int(env, 'PRODUCER_MAX_PENDING', 100_000),
    spoolDir: resolve(dataDir, env.SPOOL_DIR ?? 'spool'),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 15_000),
    ...(env.CLICKHOUSE_URL ? { clickhouseUrl: env.CLICKHOUSE_URL } : {}),
    secretKey: found.secretKey,
    publicWebhookBaseUrl:
      env.PUBLIC_WEBHOOK_BASE_URL ?? env.PUBLIC_LINK_BASE_URL ?? `http://${host}:${ingestPort}`,
    providerTimeoutMs: int(env, 'PROVIDER_TIMEOUT_MS', 10_000),
    simulatorReceiptDelayMs: int(env, 'SIMULATOR_RECEIPT_DELAY_MS', 1_500),
    webhookAllowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    ...(env.METRICS_PORT ? { metricsPort: int(env, 'METRICS_PORT', 0) } : {}),
    clickMinMsAfterSend: int(env, 'CLICK_MIN_MS_AFTER_SEND', 2_000),
    campaignPageSize: int(env, 'CAMPAIGN_PAGE_SIZE', 5_000),
    throttleLimits: throttleLimitsOf(env.THROTTLE_LIMITS),
    publicUrl: (env.PUBLIC_URL || `http://${host}:${apiPort}`).replace(/\/+$/, ''),
    ...smtpUrlOf(env),
    mailFrom: env.MAIL_FROM || 'Trackly <no-reply@localhost>',
    ...(env.CLICK_COUNTRY_HEADER
      ? { clickCountryHeader: env.CLICK_COUNTRY_HEADER.trim().toLowerCase() }
      : {}),
    ...overrides,
  }
  const errors = [...Value.Errors(ConfigSchema, candidate)]
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.instancePath || '/'}: ${e.message}`)
    throw new ConfigError(`invalid configuration:\n${[...new Set(lines)].join('\n')}`)
  }
  return candidate
}
