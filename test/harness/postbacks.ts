// The platform the postback tests share (postbacks.test.ts, postback-secrets.test.ts): ingest behind a trusted
// loopback proxy, an account to post for, the ClickHouse conversions of a message, and requests to ingest and the
// API. Each test file starts its own (tap runs files in separate processes), so files never see each other's state.
import {
  createFixture,
  eventually,
  type Fixture,
  issuedClickId,
  startTestPlatform,
  type Teardown,
} from './platform.js'

export interface ConversionRow {
  transaction_id: string
  conversion_type: string
  amount: number
  source: string
  network: string
  offer_id: string
  click_id: string
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
export type Reply = { status: number; body: any; headers: Headers }

/** A platform of its own with `main`, the account most tests post for (`sign` signs for it unless told another). */
export async function postbackHarness(t: Teardown) {
  // A reverse proxy on loopback is trusted here, so a test names the network's address in X-Forwarded-For.
  const platform = await startTestPlatform(t, { trustProxy: 'loopback' })
  const ingest = platform.ingestUrl
  const ch = platform.deps.clickhouse.acquire()
  const { pool } = platform.deps.postgres.acquire()
  t.teardown(async () => {
    await platform.deps.clickhouse.release()
    await platform.deps.postgres.release()
  })

  const conversionsOf = (accountId: string, messageId: string) =>
    ch.query<ConversionRow>(
      `SELECT transaction_id, conversion_type, toFloat64(amount) AS amount, source, network, offer_id, click_id
         FROM conversions FINAL
        WHERE account_id = {a:String} AND message_id = {m:String}
        ORDER BY event_time, transaction_id`,
      { a: accountId, m: messageId },
    )

  /** Waits until the message has `count` conversions and returns them. */
  const settled = (accountId: string, messageId: string, count: number) =>
    eventually(
      async () => {
        const rows = await conversionsOf(accountId, messageId)
        return rows.length >= count ? rows : undefined
      },
      30_000,
      `${count} conversion(s) of ${messageId}`,
    )

  async function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(`${ingest}${path}`, { headers })
    const type = res.headers.get('content-type') ?? ''
    const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())
    return { status: res.status, body, headers: res.headers }
  }

  async function api(
    fixture: Fixture,
    method: string,
    path: string,
    body?: unknown,
    key = fixture.apiKey,
  ): Promise<Omit<Reply, 'headers'>> {
    const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: await res.json() }
  }

  /** The path with the account's postback secret, as the settings' URLs carry it. */
  const sign = (path: string, fixture: Fixture = main): string =>
    `${path}${path.includes('?') ? '&' : '?'}postback_secret=${fixture.postbackSecret}`
  const clickIdOf = (messageRef: string) => issuedClickId(platform, messageRef)

  const main = await createFixture(platform, ingest)

  return { platform, ingest, pool, main, settled, get, api, sign, clickIdOf }
}
