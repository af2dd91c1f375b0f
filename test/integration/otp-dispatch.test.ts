// An OTP through the whole platform: the provider (a loopback Twilio double) receives the code, and the code is
// nowhere else — not in GET /messages/:id, the Postgres row, the `sends` Kafka event, ClickHouse, or the logs.

import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import t from 'tap'
import { addressOf, startPlatform } from '../../bin/platform.js'
import { topicName } from '../../core/events.js'
import { createDeps } from '../../lib/deps.js'
import { createSendingList } from '../../services/lists.js'
import { startMailbox } from '../harness/mail.js'
import { createFixture, eventually, testConfig } from '../harness/platform.js'
import { createTwilioDouble } from '../harness/provider-doubles.js'

// Every log line of every role, at the most verbose level.
const logLines: string[] = []
const mail = await startMailbox(t)
const config = testConfig({ smtpUrl: mail.url, logLevel: 'trace' })
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk))
      done()
    },
  }),
)
const platform = await startPlatform(config, createDeps(config, logger))
t.teardown(() => platform.stop())
const apiUrl = addressOf(platform.api) ?? ''
const fixture = await createFixture(Object.assign(platform, { config }), addressOf(platform.ingest) ?? '')
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const twilio = await createTwilioDouble()
t.teardown(() => twilio.close())

const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await fetch(`${apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': fixture.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, body: (await res.json()) as any }
}

t.test('the provider gets the code; the row, the API, Kafka, ClickHouse and the logs never do', async (t) => {
  const listNumber = '+18445550777'
  await createSendingList(
    pg.pool,
    {
      accountId: fixture.accountId,
      phoneNumber: listNumber,
      provider: 'twilio',
      brandName: 'Test Brand',
      credentialsJson: JSON.stringify(twilio.credentials),
      byoc: false,
    },
    config.secretKey,
  )
  const to = '+12015550777'
  // Ten digits: a run that long turns up in nothing else by chance (log timestamps, ids).
  const sent = await api('POST', '/otp/send', { to, list_number: listNumber, code_length: 10 })
  t.equal(sent.status, 200, JSON.stringify(sent.body))
  const messageId: string = sent.body.message_id

  const request = await eventually(
    async () => twilio.requests.find((r) => r.form.To === to),
    30_000,
    'the provider call',
  )
  const code = /\b(\d{10})\b/.exec(request.form.Body ?? '')?.[1]
  t.ok(code, `the provider received a code: ${request.form.Body}`)
  if (!code) return
  t.equal(request.form.Body, `Your Test Brand code is ${code}. It expires in 5 minutes.`)

  await eventually(
    async () => {
      const { rows } = await pg.pool.query(
        `SELECT 1 FROM messages m WHERE m.id = $1 AND m.sent_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM send_outbox o WHERE o.message_id = m.id)`,
        [messageId],
      )
      return rows[0]
    },
    30_000,
    'the send event published',
  )
  const shown = await api('GET', `/messages/${messageId}`)
  t.equal(shown.status, 200)
  t.equal(shown.body.message.body, 'Your Test Brand code is **********. It expires in 5 minutes.', 'masked')
  t.notOk(JSON.stringify(shown.body).includes(code), 'GET /messages/:id does not show the code')

  const { rows } = await pg.pool.query('SELECT row_to_json(m)::text AS row FROM messages m WHERE id = $1', [
    messageId,
  ])
  t.notOk(rows[0].row.includes(code), 'the Postgres row does not hold the code')
  t.notOk(rows[0].row.includes('sealed_body'), 'the sealed body is gone once the message is sent')

  const { kafka } = platform.deps.kafka.acquire()
  t.teardown(() => platform.deps.kafka.release())
  const consumer = kafka.consumer({ groupId: `otp-test-${randomUUID()}` })
  await consumer.connect()
  t.teardown(() => consumer.disconnect())
  const events: string[] = []
  await consumer.subscribe({ topic: topicName(config.kafkaTopicPrefix, 'sends'), fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ message }) => {
      events.push(message.value?.toString() ?? '')
    },
  })
  const event = await eventually(
    async () => events.find((e) => e.includes(messageId)),
    30_000,
    'the send event',
  )
  t.notOk(event.includes(code), 'the `sends` event does not carry the code')

  const ch = platform.deps.clickhouse.acquire()
  t.teardown(() => platform.deps.clickhouse.release())
  const sends = await eventually(
    async () => {
      const found = await ch.query<Record<string, unknown>>(
        'SELECT * FROM sends WHERE account_id = {a:String} AND message_id = {m:String}',
        { a: fixture.accountId, m: messageId },
      )
      return found.length > 0 ? found : undefined
    },
    30_000,
    'the send in ClickHouse',
  )
  t.notOk(JSON.stringify(sends).includes(code), 'ClickHouse does not hold the code')

  const verified = await api('POST', '/otp/verify', { to, code })
  t.same([verified.status, verified.body.verified], [200, true], 'the code the provider got is the right one')
  t.ok(logLines.length > 0, `${logLines.length} log lines written`)
  t.notOk(
    logLines.some((l) => l.includes(code)),
    'no log line holds the code',
  )
})
