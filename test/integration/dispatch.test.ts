// Invariant 1 at the moment of sending: the dispatch worker re-checks each queued message against Postgres, so an
// opt-out, an account-wide block or an inactive list that arrives while a message waits in the queue stops it —
// the message is dropped with the spec's reason and no send event is published.
import t from 'tap'
import {
  claimForDispatch,
  markSendEventsPublished,
  recordDispatchResults,
  unpublishedSendEvents,
} from '../../services/dispatch.js'
import {
  createFixture,
  dispatchQueue,
  eventually,
  quietHoursOn,
  startTestPlatform,
} from '../harness/platform.js'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const queue = dispatchQueue(t, platform)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())

const api = (method: string, path: string, body: unknown) =>
  fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': fixture.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function statusOf(ids: string[]): Promise<Record<string, string>> {
  const { rows } = await pg.pool.query<{ id: string; status: string; status_detail: string | null }>(
    'SELECT id, status, status_detail FROM messages WHERE id = ANY($1::text[])',
    [ids],
  )
  // Handed to the provider is `sent`, even when the simulator's receipt already moved it on to delivered.
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      r.status === 'delivered' ? 'sent' : r.status_detail ? `${r.status}:${r.status_detail}` : r.status,
    ]),
  )
}

t.test('an opt-out or block that arrives while the message is queued stops it', async (t) => {
  const listNumber = (
    await pg.pool.query('SELECT phone_number FROM sending_lists WHERE id = $1', [fixture.listId])
  ).rows[0].phone_number as string
  const kept = await fixture.createMessage('+14155552671')
  const optedOut = await fixture.createMessage('+12125551234')
  const blocked = await fixture.createMessage('+13105551212')
  // Both arrive after the messages were queued and before the worker picks them up.
  const unsubscribe = await api('DELETE', '/api/v2/contacts', {
    phone_number: '+12125551234',
    list_number: listNumber,
  })
  t.same(await unsubscribe.json(), { success: true, unsubscribed: true })
  await pg.pool.query(
    `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, '+13105551212', 'complaint')`,
    [fixture.accountId],
  )
  const ids = [kept.messageId, optedOut.messageId, blocked.messageId]
  await queue.add('send', { messageIds: ids })
  const final = await eventually(
    async () => {
      const s = await statusOf(ids)
      return Object.values(s).every((v) => v !== 'queued') ? s : undefined
    },
    20_000,
    'messages leave the queue',
  )
  t.same(final, {
    [kept.messageId]: 'sent',
    [optedOut.messageId]: 'dropped:contact_blocked',
    [blocked.messageId]: 'dropped:contact_blocked',
  })
  const ch = platform.deps.clickhouse.acquire()
  t.teardown(() => platform.deps.clickhouse.release())
  const sends = await eventually(
    async () => {
      const rows = await ch.query<{ message_id: string }>(
        'SELECT message_id FROM sends FINAL WHERE account_id = {a:String} ORDER BY message_id',
        { a: fixture.accountId },
      )
      return rows.length > 0 ? rows.map((r) => r.message_id) : undefined
    },
    20_000,
    'send events',
  )
  t.same(sends, [kept.messageId], 'only the kept message produced a send event')
})

t.test('a message on a list that was deactivated is dropped as inactive_list', async (t) => {
  const message = await fixture.createMessage('+16465550199')
  await pg.pool.query(`UPDATE sending_lists SET status = 'inactive' WHERE id = $1`, [fixture.listId])
  t.teardown(() =>
    pg.pool.query(`UPDATE sending_lists SET status = 'active' WHERE id = $1`, [fixture.listId]),
  )
  await queue.add('send', { messageIds: [message.messageId] })
  const status = await eventually(
    async () => {
      const s = (await statusOf([message.messageId]))[message.messageId]
      return s !== 'queued' ? s : undefined
    },
    20_000,
    'message leaves the queue',
  )
  t.equal(status, 'dropped:inactive_list')
})

/** A timezone whose local hour right now is within [from, to). */
function zoneAt(from: number, to: number): string {
  const zones = [
    'Pacific/Pago_Pago',
    'Pacific/Honolulu',
    'America/Anchorage',
    'America/Los_Angeles',
    'America/Denver',
    'America/Chicago',
    'America/New_York',
    'America/Halifax',
    'America/Sao_Paulo',
    'Atlantic/South_Georgia',
    'Atlantic/Azores',
    'Europe/London',
    'Europe/Paris',
    'Europe/Athens',
    'Europe/Moscow',
    'Asia/Dubai',
    'Asia/Karachi',
    'Asia/Dhaka',
    'Asia/Bangkok',
    'Asia/Shanghai',
    'Asia/Tokyo',
    'Australia/Brisbane',
    'Pacific/Noumea',
    'Pacific/Auckland',
    'Pacific/Kiritimati',
  ]
  const hour = (tz: string) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }).format(
        new Date(),
      ),
    )
  const zone = zones.find((tz) => hour(tz) >= from && hour(tz) < to)
  if (!zone) throw new Error(`no zone at local hours ${from}-${to}`)
  return zone
}

t.test(
  'quiet hours: a recipient at night is held until 08:00 local, not dropped; one in daytime is sent',
  async (t) => {
    await quietHoursOn(pg.pool, fixture.accountId)
    const night = await fixture.createMessage('+14155550123')
    const day = await fixture.createMessage('+14155550124')
    const nightZone = zoneAt(1, 6)
    const dayZone = zoneAt(10, 18)
    await pg.pool.query(
      `UPDATE contacts SET timezone = CASE phone_number WHEN '+14155550123' THEN $1 ELSE $2 END, state = NULL
      WHERE account_id = $3 AND phone_number IN ('+14155550123', '+14155550124')`,
      [nightZone, dayZone, fixture.accountId],
    )
    // Queued two hours ago: without the hold the stale sweeper would drop it.
    await pg.pool.query(`UPDATE messages SET created_at = now() - interval '2 hours' WHERE id = $1`, [
      night.messageId,
    ])
    await queue.add('send', { messageIds: [night.messageId, day.messageId] })
    const held = await eventually(
      async () => {
        const { rows } = await pg.pool.query<{ id: string; status: string; send_after: Date | null }>(
          'SELECT id, status, send_after FROM messages WHERE id = ANY($1::text[])',
          [[night.messageId, day.messageId]],
        )
        const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
        return ['sent', 'delivered'].includes(byId[day.messageId]?.status ?? '') &&
          byId[night.messageId]?.send_after
          ? byId[night.messageId]
          : undefined
      },
      20_000,
      'the day message sent and the night message held',
    )
    t.equal(held.status, 'queued', 'the night message waits')
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: nightZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    t.equal(local.format(held.send_after!), '08:00', `held until 08:00 in ${nightZone}`)
    const delayed = await queue.getJobs(['delayed'])
    t.ok(
      delayed.some((j) => j.data.messageIds.includes(night.messageId)),
      'a delayed job will send it when the window opens',
    )
    const { dropStaleMessages } = await import('../../workers/scheduler.js')
    await dropStaleMessages(pg.pool)
    t.equal((await statusOf([night.messageId]))[night.messageId], 'queued', 'a held message is not stale')

    // The window opens: the contact's local time is now daytime (here by moving them, rather than the clock)
    // and the delayed job comes due. The held message goes out.
    await pg.pool.query(
      `UPDATE contacts SET timezone = $1 WHERE account_id = $2 AND phone_number = '+14155550123'`,
      [dayZone, fixture.accountId],
    )
    await delayed.find((j) => j.data.messageIds.includes(night.messageId))!.promote()
    const released = await eventually(
      async () => {
        const s = await statusOf([night.messageId])
        return s[night.messageId] === 'queued' ? undefined : s[night.messageId]
      },
      20_000,
      'the held message sent',
    )
    t.equal(released, 'sent', 'sent once its window is open')
  },
)

t.test(
  'a send event waits in the outbox until it is in Kafka; the sweep publishes what was left',
  async (t) => {
    // Claimed and recorded here, as the worker does, without the worker's Kafka publish that follows.
    const { messageId } = await fixture.createMessage()
    const claimed = await claimForDispatch(pg.pool, [messageId])
    t.equal(claimed.length, 1, 'claimed')
    const recorded = await recordDispatchResults(pg.pool, 'simulator', [
      { message: claimed[0]!, result: { outcome: 'accepted', providerMessageId: `sim-${messageId}` } },
    ])
    t.equal(recorded.sent.length, 1, 'one send event')
    const waiting = async () =>
      (
        await pg.pool.query<{ sent_at: Date }>('SELECT sent_at FROM send_outbox WHERE message_id = $1', [
          messageId,
        ])
      ).rows
    t.same(
      (await waiting()).map((r) => r.sent_at.toISOString()),
      [recorded.sent[0]!.event_time],
      'in the outbox with its sent time, written with the sent status',
    )
    t.notOk(
      (await unpublishedSendEvents(pg.pool, 60, 100_000)).some((e) => e.message_id === messageId),
      'the sweep leaves it to the dispatcher for a minute',
    )
    const swept = (await unpublishedSendEvents(pg.pool, 0, 100_000)).find((e) => e.message_id === messageId)
    t.same(swept, recorded.sent[0], 'then the sweep has the same event the dispatcher would have published')
    await markSendEventsPublished(pg.pool, [messageId])
    t.same(await waiting(), [], 'published: out of the outbox')
    t.notOk(
      (await unpublishedSendEvents(pg.pool, 0, 100_000)).some((e) => e.message_id === messageId),
      'and never swept again',
    )
  },
)
