// A poison event in the middle of a partition batch: a send event that decodes, but whose list id is out of range
// for the Postgres integer column, so the batch's contact-activity transaction throws (SQLSTATE 22003). The
// partition keeps moving: every other event of the batch lands exactly once in ClickHouse and Postgres, the poison
// event is on the dead-letter topic with its reason and source position, the dead-letter metric counts it, and the
// events produced after it land too. Before the step runner, the consumer retried the whole batch without end.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { type DeadLetterEvent, type SendEvent, topicName } from '../../core/events.js'
import { deadLetters } from '../../lib/metrics.js'
import { processorGroupId } from '../../processors/pipeline.js'
import type { TrackedMessage } from '../../services/messages.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

const BATCH = 30
const POISON_AT = 15
const LATER = 5
const PARTITION = 0

const platform = await startTestPlatform(t, { roles: ['processors'] })
const fixture = await createFixture(platform, 'https://trk.example')
const { pool } = platform.deps.postgres.acquire()
const { kafka, admin } = platform.deps.kafka.acquire()
const ch = platform.deps.clickhouse.acquire()
t.teardown(async () => {
  await platform.deps.clickhouse.release()
  await platform.deps.kafka.release()
  await platform.deps.postgres.release()
})
const producer = kafka.producer()
await producer.connect()
t.teardown(() => producer.disconnect())

const sendsTopic = topicName(platform.config.kafkaTopicPrefix, 'sends')
const messages: TrackedMessage[] = []
for (let i = 0; i < BATCH + LATER; i++)
  messages.push(await fixture.createMessage(`+1201777${String(1000 + i)}`))
const contactOf = new Map(
  (
    await pool.query<{ id: string; contact_id: string }>(
      'SELECT id, contact_id FROM messages WHERE id = ANY($1::text[])',
      [messages.map((m) => m.messageId)],
    )
  ).rows.map((r) => [r.id, r.contact_id]),
)
const sendOf = (messageId: string, listId = fixture.listId): SendEvent => ({
  event_id: `snd_${messageId}`,
  account_id: fixture.accountId,
  event_time: new Date().toISOString(),
  message_id: messageId,
  contact_id: contactOf.get(messageId)!,
  list_id: listId,
  to: '+12017770000',
  provider: 'simulator',
  segments: 1,
  cost: 0.0045,
  creative_id: null,
  schedule_id: null,
  variant: null,
  offer_ids: [fixture.offerId],
  imported: false,
})

const metricValue = async () =>
  (await deadLetters.get()).values.find((v) => v.labels.topic === 'sends')?.value ?? 0
const committed = async () => {
  const [entry] = await admin.fetchOffsets({
    groupId: processorGroupId(platform.config.kafkaTopicPrefix),
    topics: [sendsTopic],
  })
  return Number(entry!.partitions.find((p) => p.partition === PARTITION)!.offset)
}
const high = async () =>
  Number((await admin.fetchTopicOffsets(sendsTopic)).find((p) => p.partition === PARTITION)!.high)

t.test(
  'a poison event mid-batch is dead-lettered; the rest lands exactly once and the partition moves on',
  async (t) => {
    const deadBefore = await metricValue()
    const first = messages.slice(0, BATCH)
    const poison = first[POISON_AT]!
    const good = first.filter((m) => m !== poison)
    // Out of range for the Postgres integer column (list_contacts.list_id); a valid integer for the event schema.
    const events = first.map((m) => (m === poison ? sendOf(m.messageId, 2 ** 31) : sendOf(m.messageId)))
    // One produce request to one partition: the records reach the consumer as one batch.
    const [meta] = await producer.send({
      topic: sendsTopic,
      messages: events.map((e) => ({ partition: PARTITION, key: e.message_id, value: JSON.stringify(e) })),
    })
    const poisonOffset = String(Number(meta!.baseOffset) + POISON_AT)

    const end = await high()
    await eventually(
      async () => ((await committed()) >= end ? true : undefined),
      30_000,
      'the batch committed',
    )

    // Events produced after the poison event are processed too.
    const later = messages.slice(BATCH)
    await producer.send({
      topic: sendsTopic,
      messages: later.map((m) => ({
        partition: PARTITION,
        key: m.messageId,
        value: JSON.stringify(sendOf(m.messageId)),
      })),
    })
    const laterEnd = await high()
    await eventually(
      async () => ((await committed()) >= laterEnd ? true : undefined),
      30_000,
      'later events committed',
    )

    const landed = [...good, ...later]
    const activity = await pool.query<{ contact_id: string; send_count: number }>(
      'SELECT contact_id, send_count FROM list_contacts WHERE list_id = $1',
      [fixture.listId],
    )
    const counts = new Map(activity.rows.map((r) => [r.contact_id, Number(r.send_count)]))
    t.same(
      landed.map((m) => counts.get(contactOf.get(m.messageId)!)),
      landed.map(() => 1),
      'Postgres: one send counted for each contact of the other events',
    )
    t.equal(counts.get(contactOf.get(poison.messageId)!), 0, 'Postgres: nothing counted for the poison event')
    t.equal(
      [...counts.values()].reduce((a, b) => a + b, 0),
      landed.length,
      'Postgres: total send count of the list',
    )

    const rows = await ch.query<{ event_id: string; n: string }>(
      `SELECT event_id, count() AS n FROM sends FINAL
      WHERE account_id = {account:String} AND event_id IN {ids:Array(String)} GROUP BY event_id`,
      { account: fixture.accountId, ids: landed.map((m) => `snd_${m.messageId}`) },
    )
    t.equal(rows.length, landed.length, 'ClickHouse: every other event has its row')
    t.ok(
      rows.every((r) => Number(r.n) === 1),
      'ClickHouse: one row each',
    )

    const dlq = kafka.consumer({ groupId: `poison-test-${randomUUID()}` })
    await dlq.connect()
    t.teardown(() => dlq.disconnect())
    const seen: DeadLetterEvent[] = []
    await dlq.subscribe({
      topic: topicName(platform.config.kafkaTopicPrefix, 'deadLetter'),
      fromBeginning: true,
    })
    await dlq.run({
      eachMessage: async ({ message: m }) => {
        seen.push(JSON.parse(m.value!.toString()))
      },
    })
    const dead = await eventually(
      async () => seen.find((d) => d.source_offset === poisonOffset),
      20_000,
      'the poison event on the dead-letter topic',
    )
    t.match(dead, {
      source_topic: sendsTopic,
      source_partition: PARTITION,
      source_offset: poisonOffset,
      reason: 'contact-activity: 22003 value "2147483648" is out of range for type integer',
    })
    t.equal(
      JSON.parse(dead.payload).event_id,
      `snd_${poison.messageId}`,
      'the payload is the original record',
    )
    t.same(
      seen.filter((d) => d.source_topic === sendsTopic).map((d) => d.source_offset),
      [poisonOffset],
      'only the poison event was set aside',
    )
    t.equal((await metricValue()) - deadBefore, 1, 'trackly_dead_letters_total{topic="sends"} moved by one')
  },
)
