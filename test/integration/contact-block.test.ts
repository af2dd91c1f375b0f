// Account-wide blocks over the API (issue 16): PUT/DELETE /contacts/:id/block. A blocked contact gets nothing
// through the real send path (POST /send queues it, the dispatch worker drops it as `contact_blocked`), unblocking
// restores it, the detail shows the block, each change is audited once, another account's contact and block are
// out of reach, and viewers cannot change it.
import t from 'tap'
import { createApiKey } from '../../services/accounts.js'
import { createFixture, eventually, type Fixture, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t, { roles: ['api', 'workers'] })
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())

interface Account extends Fixture {
  member: string
  viewer: string
  listNumber: string
}
async function account(): Promise<Account> {
  const fixture = await createFixture(platform, platform.ingestUrl)
  const member = await createApiKey(pg.db, fixture.accountId, 'member key', null, 'member')
  const viewer = await createApiKey(pg.db, fixture.accountId, 'viewer key', null, 'viewer')
  const { rows } = await pg.pool.query('SELECT phone_number FROM sending_lists WHERE id = $1', [
    fixture.listId,
  ])
  return { ...fixture, member, viewer, listNumber: rows[0].phone_number }
}
const a = await account()
const b = await account()

async function api(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, body: (await res.json()) as any }
}

const phone = `+1415${String(2_000_000 + Math.floor(Math.random() * 7_000_000))}`
const contactOf = async (acc: Account): Promise<string> => {
  const res = await api('POST', '/api/v2/contacts', acc.member, {
    phone_number: phone,
    list_number: acc.listNumber,
  })
  if (res.status !== 200) throw new Error(`contact: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.contact_id
}
// The same number is a contact of both accounts.
const contactA = await contactOf(a)
const contactB = await contactOf(b)

const blockPath = (id: string) => `/api/v2/contacts/${id}/block`
const auditOf = async (accountId: string, action: string) =>
  (
    await pg.pool.query(
      'SELECT actor, target, detail FROM audit_log WHERE account_id = $1 AND action = $2 ORDER BY created_at',
      [accountId, action],
    )
  ).rows

/** Sends `body` to the number from the account's list and waits for the dispatch worker's verdict. */
async function sendAndSettle(acc: Account, body: string): Promise<string> {
  const res = await api('POST', '/api/v2/send', acc.member, { to: phone, list_number: acc.listNumber, body })
  if (res.status !== 200) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`)
  const id = res.body.message_id as string
  return eventually(
    async () => {
      const { rows } = await pg.pool.query('SELECT status, status_detail FROM messages WHERE id = $1', [id])
      const r = rows[0]
      if (!r || r.status === 'queued') return undefined
      // Handed to the provider is `sent`, even when the simulator's receipt already moved it on.
      return r.status === 'delivered' ? 'sent' : r.status_detail ? `${r.status}:${r.status_detail}` : r.status
    },
    20_000,
    `message ${id} leaves the queue`,
  )
}

t.test('the detail says a contact is not blocked', async (t) => {
  const got = await api('GET', `/api/v2/contacts/${contactA}`, a.viewer)
  t.equal(got.status, 200)
  t.match(got.body.contact, { contact_id: contactA, blocked: false, blocked_at: null })
})

t.test('viewers cannot block or unblock', async (t) => {
  for (const method of ['PUT', 'DELETE']) {
    const res = await api(method, blockPath(contactA), a.viewer)
    t.equal(res.status, 403, method)
    t.equal(res.body.code, 'forbidden', method)
  }
  const { rowCount } = await pg.pool.query('SELECT 1 FROM contact_blocks WHERE account_id = $1', [
    a.accountId,
  ])
  t.equal(rowCount, 0, 'nothing was blocked')
})

t.test('another account’s contact answers exactly like a missing one', async (t) => {
  for (const method of ['PUT', 'DELETE']) {
    const foreign = await api(method, blockPath(contactB), a.member)
    const missing = await api(method, blockPath('0123456789abcdef01234567'), a.member)
    t.equal(foreign.status, 404, method)
    t.same(foreign.body, missing.body, `${method}: same body`)
    t.equal(foreign.body.code, 'contact_not_found')
  }
  const { rowCount } = await pg.pool.query('SELECT 1 FROM contact_blocks WHERE phone_number = $1', [phone])
  t.equal(rowCount, 0, 'no account blocked the number')
})

t.test('a blocked contact is not sent to; unblocking restores it', async (t) => {
  t.equal(await sendAndSettle(a, 'Before the block'), 'sent', 'sent while not blocked')

  const blocked = await api('PUT', blockPath(contactA), a.member)
  t.equal(blocked.status, 200, JSON.stringify(blocked.body))
  t.match(blocked.body, { contact_id: contactA, blocked: true, blocked_at: /^\d{4}-\d\d-\d\dT/ })
  const again = await api('PUT', blockPath(contactA), a.member)
  t.same(again.body, blocked.body, 'blocking twice keeps the first block')
  const audits = await auditOf(a.accountId, 'contact.blocked')
  t.equal(audits.length, 1, 'one audit entry for one change')
  t.match(audits[0], { actor: /^key:/, target: contactA, detail: { phone_number: phone } })

  const detail = await api('GET', `/api/v2/contacts/${contactA}`, a.viewer)
  t.match(detail.body.contact, { blocked: true, blocked_at: blocked.body.blocked_at })
  t.ok(
    detail.body.contact.subscriptions.every((s: { active: boolean }) => s.active),
    'the subscription is kept',
  )

  t.equal(
    await sendAndSettle(a, 'While blocked'),
    'dropped:contact_blocked',
    'POST /send queues it and dispatch drops it as contact_blocked',
  )
  const other = await api('GET', `/api/v2/contacts/${contactB}`, b.viewer)
  t.match(
    other.body.contact,
    { blocked: false, blocked_at: null },
    'the other account’s contact is not blocked',
  )
  t.equal(
    await sendAndSettle(b, 'From the other account'),
    'sent',
    'the other account still sends to the number',
  )

  const unblocked = await api('DELETE', blockPath(contactA), a.member)
  t.equal(unblocked.status, 200)
  t.same(unblocked.body, { contact_id: contactA, blocked: false, blocked_at: null })
  t.match(await auditOf(a.accountId, 'contact.unblocked'), [
    { target: contactA, detail: { phone_number: phone, reason: 'manual' } },
  ])
  const twice = await api('DELETE', blockPath(contactA), a.member)
  t.same(twice.body, unblocked.body, 'unblocking an unblocked contact changes nothing')
  t.equal((await auditOf(a.accountId, 'contact.unblocked')).length, 1)
  const after = await api('GET', `/api/v2/contacts/${contactA}`, a.viewer)
  t.match(after.body.contact, { blocked: false, blocked_at: null })
  t.equal(await sendAndSettle(a, 'After the block'), 'sent', 'sent again once unblocked')
})

t.test('unblocking lifts a block set elsewhere (a complaint), as the dashboard shows it', async (t) => {
  await pg.pool.query(
    `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'complaint')`,
    [a.accountId, phone],
  )
  const detail = await api('GET', `/api/v2/contacts/${contactA}`, a.viewer)
  t.equal(detail.body.contact.blocked, true)
  const res = await api('DELETE', blockPath(contactA), a.apiKey)
  t.equal(res.status, 200)
  t.match((await auditOf(a.accountId, 'contact.unblocked')).at(-1), { detail: { reason: 'complaint' } })
})
