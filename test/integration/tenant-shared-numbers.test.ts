// Tenant suite over shared phone numbers (issue 12): three accounts hold the same number. Whatever one account
// does with it (adding it, importing carrier and line type, OTP, a provider's "invalid number" answer, history
// and reports), no other account's view changes, and no id an account gets matches another account's.
import { randomInt } from 'node:crypto'
import t from 'tap'
import { randomAlphanumeric } from '../../core/ids.js'
import { parseE164 } from '../../core/phone.js'
import { createSendingList } from '../../services/lists.js'
import { createFixture, eventually, type Fixture, startTestPlatform } from '../harness/platform.js'
import { createTwilioDouble } from '../harness/provider-doubles.js'

const platform = await startTestPlatform(t)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const twilio = await createTwilioDouble()
t.teardown(() => twilio.close())

const [a, b, c] = [
  await createFixture(platform, platform.ingestUrl),
  await createFixture(platform, platform.ingestUrl),
  await createFixture(platform, platform.ingestUrl),
] as [Fixture, Fixture, Fixture]
const LIST = '+18005550199' // each fixture's simulator list
const accounts = { a, b, c }

function freshNumber(): string {
  for (;;) {
    const candidate = `+1312${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, '0')}`
    if (parseE164(candidate)) return candidate
  }
}
const shared = freshNumber()

async function api(
  f: Fixture,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': f.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

/** What the account sees of the shared number: its contact view (id, carrier, line type, validity). */
async function view(f: Fixture) {
  const res = await api(f, 'GET', `/contacts?list_number=${encodeURIComponent(LIST)}&per_page=1000`)
  const row = (res.body.contacts as Record<string, unknown>[]).find((x) => x.phone_number === shared)
  if (!row) return undefined
  const { contact_id, carrier, line_type, timezone, is_valid, active } = row
  return { contact_id, carrier, line_type, timezone, is_valid, active }
}

async function views() {
  return { a: await view(a), b: await view(b), c: await view(c) }
}

t.test('adding the same number: each account gets a new contact with its own id', async (t) => {
  const first = await api(a, 'POST', '/contacts', { phone_number: shared, list_number: LIST })
  t.equal(first.status, 200)
  t.match(first.body, { is_new_contact: true, is_new_list_contact: true })
  const second = await api(b, 'POST', '/contacts', { phone_number: shared, list_number: LIST })
  t.match(
    second.body,
    { is_new_contact: true, is_new_list_contact: true },
    'B learns nothing from A holding it',
  )
  const bulk = await api(c, 'POST', '/contacts/bulk', {
    contacts: [{ phone_number: shared, list_number: LIST }],
  })
  t.equal(bulk.status, 200)
  t.match(bulk.body, { success_count: 1, contacts_created: 1 }, 'bulk: new to C as well')
  const now = await views()
  const ids = new Set([now.a?.contact_id, now.b?.contact_id, now.c?.contact_id])
  t.equal(ids.size, 3, 'three different contact ids')
  t.equal(now.a?.contact_id, first.body.contact_id)
  t.equal(now.b?.contact_id, second.body.contact_id)
})

t.test("a CSV import's carrier and line type change only the importing account's view", async (t) => {
  const before = await views()
  const res = await api(b, 'POST', '/contacts/import', {
    list_number: LIST,
    csv: `phone_number,carrier,line_type\n${shared},Mallory Mobile,VOIP\n`,
    dry_run: false,
  })
  t.equal(res.status, 200)
  t.match(res.body, { success: true, updated: 1 })
  const after = await views()
  t.match(after.b, { carrier: 'Mallory Mobile', line_type: 'voip' }, "B's own facts")
  t.same(after.a, before.a, "A's view is unchanged")
  t.same(after.c, before.c, "C's view is unchanged")
  t.equal(after.a?.carrier, null)
  t.equal(after.a?.line_type, 'unknown')
})

t.test('OTP to the shared number: only the sending account has a message to it', async (t) => {
  const before = await views()
  const sent = await api(a, 'POST', '/otp/send', { to: shared, list_number: LIST })
  t.equal(sent.status, 200)
  const { rows } = await pg.pool.query<{ contact_id: string; account_id: string }>(
    'SELECT contact_id, account_id FROM messages WHERE id = $1',
    [sent.body.message_id],
  )
  t.equal(rows[0]!.contact_id, before.a?.contact_id, "the OTP message is on A's own contact")
  const other = await api(c, 'POST', '/otp/send', { to: shared, list_number: LIST })
  t.equal(other.status, 200, "A's codes do not count against C's throttle")
  t.same(await view(b), before.b, "B's view is unchanged")
})

t.test("a provider's invalid-number answer to A's send marks the number invalid for A only", async (t) => {
  const list = await createSendingList(
    pg.pool,
    {
      accountId: a.accountId,
      phoneNumber: '+18445550777',
      provider: 'twilio',
      brandName: 'Test Brand',
      credentialsJson: JSON.stringify(twilio.credentials),
    },
    platform.config.secretKey,
  )
  t.ok(list.id)
  const before = await views()
  twilio.respondFor(shared, 'invalid_number')
  const sent = await api(a, 'POST', '/send', { to: shared, list_number: '+18445550777', body: 'Hello?' })
  t.equal(sent.status, 200)
  await eventually(
    async () => {
      const { rows } = await pg.pool.query('SELECT status_detail FROM messages WHERE id = $1', [
        sent.body.message_id,
      ])
      return rows[0]?.status_detail === 'invalid_phone' ? true : undefined
    },
    20_000,
    'the send fails as invalid_phone',
  )
  t.equal((await view(a))?.is_valid, false, 'A observed it: invalid for A')
  t.same(await view(b), before.b, "B's view is unchanged")
  t.same(await view(c), before.c, "C's view is unchanged")

  // Campaign and audience filters read the same facts: B's audience still holds the number, A's drops it.
  const filter = {
    operator: 'AND',
    conditions: [
      { condition_type: 'validation', field: 'validation_status', operator: 'exclude', value: ['invalid'] },
    ],
  }
  const sizes: Record<string, number> = {}
  for (const [name, f] of Object.entries(accounts)) {
    const { rows } = await pg.pool.query<{ id: number }>(
      `SELECT id FROM sending_lists WHERE account_id = $1 AND phone_number = $2`,
      [f.accountId, LIST],
    )
    const created = await api(f, 'POST', '/audiences', { name: 'Valid', filter, source_lists: [rows[0]!.id] })
    t.equal(created.status, 201)
    sizes[name] = (await api(f, 'GET', `/audiences/${created.body.audience.id}/size`)).body.size
  }
  t.same(sizes, { a: 0, b: 1, c: 1 })
})

t.test("another account's message ids answer exactly like ids that do not exist", async (t) => {
  const mine = await a.createMessage(shared)
  const missing = 'Zz9Zz9Zz'
  for (const path of ['/messages/', '/reports/messages/']) {
    const foreign = await api(b, 'GET', `${path}${mine.messageId}`)
    const none = await api(b, 'GET', `${path}${missing}`)
    t.equal(foreign.status, none.status, `${path}: same status`)
    t.equal(foreign.body.code, none.body.code, `${path}: same code`)
    t.equal((await api(a, 'GET', `${path}${mine.messageId}`)).status, 200, `${path}: the owner reads it`)
  }
  const click = (id: string) => ({
    message_id: id,
    offer_id: b.offerId,
    phone_number: shared,
    timestamp: new Date().toISOString(),
  })
  const foreign = await api(b, 'POST', '/history/clicks', { records: [click(mine.messageId)] })
  const none = await api(b, 'POST', '/history/clicks', { records: [click(missing)] })
  t.equal(foreign.status, none.status)
  t.same(
    foreign.body.errors.map((e: { code: string }) => e.code),
    none.body.errors.map((e: { code: string }) => e.code),
    'history clicks: the same error either way',
  )
  t.same((await views()).a?.contact_id, (await view(a))?.contact_id)
})

t.test("history sends with another account's message id answer as for a new id", async (t) => {
  const mine = await a.createMessage(shared)
  const fresh = randomAlphanumeric(8)
  const record = (id: string) => ({ id, list_number: LIST, to_number: shared, timestamp: '2025-06-01' })
  const foreign = await api(b, 'POST', '/history/sends', { records: [record(mine.messageId)] })
  const none = await api(b, 'POST', '/history/sends', { records: [record(fresh)] })
  t.equal(foreign.status, none.status)
  t.same(foreign.body, none.body, 'the same reply either way')
  t.match(foreign.body, { success_count: 1, error_count: 0, errors: [] })
  const again = await api(b, 'POST', '/history/sends', { records: [record(mine.messageId), record(fresh)] })
  t.match(again.body, { success_count: 0, duplicates_skipped: 2 }, "both are now B's own: duplicates")
  for (const id of [mine.messageId, fresh]) {
    const own = await api(b, 'GET', `/messages/${id}`)
    t.equal(own.status, 200, `B reads its import ${id}`)
    t.match(own.body.message, { id, to: shared, status: 'sent' })
  }
  const original = await api(a, 'GET', `/messages/${mine.messageId}`)
  t.match(original.body.message, { id: mine.messageId, to: shared }, "A's message is untouched and still A's")
  const { rows } = await pg.pool.query<{ account_id: string }>(
    'SELECT account_id FROM messages WHERE id = $1',
    [mine.messageId],
  )
  t.same(rows, [{ account_id: a.accountId }])
})

t.test('the views at the end: every account still sees only its own facts', async (t) => {
  const end = await views()
  t.match(end.a, { is_valid: false, carrier: null, line_type: 'unknown' })
  t.match(end.b, { is_valid: true, carrier: 'Mallory Mobile', line_type: 'voip' })
  t.match(end.c, { is_valid: true, carrier: null, line_type: 'unknown' })
  const { rows } = await pg.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM contacts WHERE phone_number = $1 AND account_id = ANY($2::text[])',
    [shared, [a.accountId, b.accountId, c.accountId]],
  )
  t.equal(rows[0]!.n, 3, 'one record per account')
})
