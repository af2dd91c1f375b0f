// A platform of its own for one test file: real services, its own topics (prefix), its own ClickHouse data
// directory and spool, its own account. Files therefore run in parallel without seeing each other.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Queue } from 'bullmq'
import type pg from 'pg'
import { addressOf, type Platform, startPlatform } from '../../bin/platform.js'
import type { Config, Role } from '../../core/config.js'
import { clickIdKey, newClickId, newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { DEFAULT_THROTTLE_LIMITS } from '../../core/throttle.js'
import { loadConfig } from '../../lib/config.js'
import { createDeps } from '../../lib/deps.js'
import { createLogger } from '../../lib/logger.js'
import { createDispatchQueue, type DispatchJob } from '../../lib/queues.js'
import { createAccount } from '../../services/accounts.js'
import { createTrackedMessage, type TrackedMessage } from '../../services/messages.js'
import { type Mailbox, startMailbox } from './mail.js'
import { readStackEnv } from './stack.js'

export interface Teardown {
  teardown(fn: () => unknown): void
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const env = readStackEnv()
  const dir = mkdtempSync(join(tmpdir(), 'trackly-test-'))
  return loadConfig(
    {
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      TRACKLY_DATA_DIR: dir,
      KAFKA_TOPIC_PREFIX: `t${randomAlphanumeric(8)}.`,
      KAFKA_PARTITIONS: '2',
      API_PORT: '0',
      INGEST_PORT: '0',
      // Tests click the moment a message is sent; bot-filter.test.ts sets the production threshold itself.
      CLICK_MIN_MS_AFTER_SEND: '0',
      // A test file sends every request from one address; throttle.test.ts sets the production limits.
      THROTTLE_LIMITS: Object.keys(DEFAULT_THROTTLE_LIMITS)
        .map((name) => `${name}=1000000/1`)
        .join(','),
    },
    overrides,
  )
}

export interface TestPlatform extends Platform {
  config: Config
  apiUrl: string
  ingestUrl: string
  /** The SMTP receiver this platform sends its mail to. */
  mail: Mailbox
}

export async function startTestPlatform(t: Teardown, overrides: Partial<Config> = {}): Promise<TestPlatform> {
  const mail = await startMailbox(t)
  const config = testConfig({ smtpUrl: mail.url, ...overrides })
  const platform = await startPlatform(config, createDeps(config, createLogger(config)))
  t.teardown(() => platform.stop())
  // The same object, so a test that restarts a role on it is still stopped by the platform's teardown.
  return Object.assign(platform, {
    config,
    apiUrl: addressOf(platform.api) ?? '',
    ingestUrl: addressOf(platform.ingest) ?? '',
    mail,
  })
}

export const roles = (...r: Role[]): Role[] => r

/**
 * Dispatch holds marketing texts outside 08:00–21:00 in the recipient's zone, and test files run at any hour: test
 * accounts send around the clock (the account switch the simulator demo uses) unless a test turns quiet hours on.
 */
export async function quietHoursOff(pool: pg.Pool, accountId: string): Promise<void> {
  await pool.query(
    `UPDATE accounts SET settings = jsonb_set(settings, '{messaging}', COALESCE(settings->'messaging', '{}') || '{"quiet_hours":false}')
      WHERE id = $1`,
    [accountId],
  )
}

/** Turns quiet hours back on for a test about them. */
export async function quietHoursOn(pool: pg.Pool, accountId: string): Promise<void> {
  await pool.query(
    `UPDATE accounts SET settings = jsonb_set(settings, '{messaging}', (COALESCE(settings->'messaging', '{}') - 'quiet_hours'))
      WHERE id = $1`,
    [accountId],
  )
}

export interface Fixture {
  accountId: string
  apiKey: string
  /** What its conversion postbacks carry (`postback_secret`). */
  postbackSecret: string
  listId: number
  offerId: string
  createMessage(to?: string): Promise<TrackedMessage>
}

/** An account with a list on the simulator and an Everflow offer, created through the real services. */
export async function createFixture(
  platform: Platform & { config: Config },
  linkBaseUrl: string,
): Promise<Fixture> {
  const pg = platform.deps.postgres.acquire()
  try {
    const { accountId, apiKey, postbackSecret } = await createAccount(
      pg.db,
      {
        name: `Test ${randomAlphanumeric(6)}`,
        ownerEmail: `owner-${randomAlphanumeric(10).toLowerCase()}@example.test`,
      },
      platform.config.secretKey,
    )
    await quietHoursOff(pg.pool, accountId)
    const list = await pg.pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
       VALUES ($1, '+18005550199', 'Test list', 'Test Brand', 'simulator') RETURNING id`,
      [accountId],
    )
    const offerId = newObjectId()
    await pg.pool.query(
      `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, payout)
       VALUES ($1, $2, $3, 'Test offer', 'https://offers.example.com/o?aff=1', 'everflow', 10)`,
      [offerId, accountId, `ofr_test_${offerId}`],
    )
    const listId = list.rows[0]!.id
    let n = 0
    return {
      accountId,
      apiKey,
      postbackSecret,
      listId,
      offerId,
      async createMessage(to) {
        const { pool } = platform.deps.postgres.acquire()
        try {
          return await createTrackedMessage(pool, {
            accountId,
            listId,
            to: to ?? `+1201555${String(1000 + (n++ % 9000)).padStart(4, '0')}`,
            body: 'Deal: {{link1}}',
            links: { link1: { offerId } },
            linkBaseUrl,
          })
        } finally {
          await platform.deps.postgres.release()
        }
      },
    }
  } finally {
    await platform.deps.postgres.release()
  }
}

/** A click id as the platform's redirects mint it (with its MAC), for a network's postback to name. */
export const issuedClickId = (platform: { config: Config }, messageRef: string): string =>
  newClickId(clickIdKey(platform.config.secretKey), messageRef)

export function dispatchQueue(t: Teardown, platform: TestPlatform): Queue<DispatchJob> {
  const queue = createDispatchQueue(platform.deps.redis.acquire(), platform.config.kafkaTopicPrefix)
  t.teardown(async () => {
    await queue.close()
    await platform.deps.redis.release()
  })
  return queue
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  label = 'condition',
  pollMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
  throw new Error(`timed out waiting for ${label}${last ? `: ${(last as Error).message}` : ''}`)
}
