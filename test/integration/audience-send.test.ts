// An audience send queues one message per matching, subscribed, unblocked member of the sending list — page by
// page, with each member's own macros and a unique tracked link — and hands them to dispatch.
import t from 'tap'
import { parseFilter } from '../../core/audience-dsl.js'
import { newObjectId } from '../../core/ids.js'
import { queueAudienceSend } from '../../services/audience-send.js'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t, { roles: ['workers'] })
const fixture = await createFixture(platform, 'https://trk.example')
const queue = dispatchQueue(t, platform)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())

async function member(phone: string, firstName: string, active = true): Promise<void> {
  const contactId = newObjectId()
  await pg.pool.query(
    `INSERT INTO contacts (id, account_id, phone_number, timezone) VALUES ($1, $2, $3, 'America/New_York')`,
    [contactId, fixture.accountId, phone],
  )
  await pg.pool.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id, first_name, active, send_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      newObjectId(),
      fixture.accountId,
      fixture.listId,
      contactId,
      firstName,
      active,
      firstName === 'Busy' ? 9 : 0,
    ],
  )
}

const base = 2_000_000 + Math.floor(Math.random() * 7_000_000)
const phones = Array.from({ length: 7 }, (_, i) => `+1312${base + i}`)
await member(phones[0]!, 'Ann')
await member(phones[1]!, 'Bob')
await member(phones[2]!, 'Cy')
await member(phones[3]!, 'Dee')
await member(phones[4]!, 'Out', false)
await member(phones[5]!, 'Blocked')
await member(phones[6]!, 'Busy')
await pg.pool.query(
  `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'manual')`,
  [fixture.accountId, phones[5]],
)

t.test('one message per matching member, their own macros and link, in pages, dispatched', async (t) => {
  const filter = parseFilter({
    conditions: [{ condition_type: 'count', field: 'send_count', operator: 'lt', value: 5 }],
  })
  if (!filter.ok) throw new Error('filter')
  const { queued } = await queueAudienceSend(pg.pool, queue, {
    accountId: fixture.accountId,
    list: { id: fixture.listId, brandName: 'Test Brand', linkBaseUrl: 'https://trk.example' },
    filter: filter.filter,
    body: 'Hi {{first_name}}: {{link1}}',
    links: { link1: { offerId: fixture.offerId } },
    pageSize: 2,
  })
  t.equal(queued, 4, 'unsubscribed, blocked and filtered-out members get nothing')
  const { rows } = await pg.pool.query<{ to_number: string; body: string; code: string }>(
    `SELECT m.to_number, m.body, s.code FROM messages m JOIN short_links s ON s.message_id = m.id
      WHERE m.list_id = $1 AND m.to_number = ANY($2::text[]) ORDER BY m.to_number`,
    [fixture.listId, phones],
  )
  t.same(
    rows.map((r) => r.to_number),
    phones.slice(0, 4),
  )
  t.same(
    rows.map((r) => r.body),
    rows.map((r, i) => `Hi ${['Ann', 'Bob', 'Cy', 'Dee'][i]}: https://trk.example/${r.code}`),
  )
  t.equal(new Set(rows.map((r) => r.code)).size, 4, 'a unique link per message')
  await eventually(async () => {
    const sent = await pg.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE list_id = $1 AND to_number = ANY($2::text[]) AND sent_at IS NOT NULL`,
      [fixture.listId, phones],
    )
    return sent.rows[0]!.n === 4 ? true : undefined
  })
})
