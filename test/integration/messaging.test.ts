// What comes back from providers, end to end over the real stack: the simulator provider posts receipts to ingest
// over HTTP, processors move status forward only; replies (STOP, START, HELP, anything else) are acted on once;
// raw sends, the duplicate guard and a STOP that arrives while a message is queued.
import t from 'tap'
import { createClickHouse } from '../../analytics/clickhouse.js'
import { sendingContexts } from '../../services/dispatch.js'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t, { simulatorReceiptDelayMs: 50 })
const fixture = await createFixture(platform, platform.ingestUrl)
const queue = dispatchQueue(t, platform)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const ch = createClickHouse(platform.config)
t.teardown(() => ch.close())

const contexts = await sendingContexts(pg.pool, [fixture.listId], {
  secretKey: platform.config.secretKey,
  webhookBaseUrl: platform.ingestUrl,
})
const statusUrl = contexts.get(fixture.listId)!.statusUrl
const inboundUrl = statusUrl.replace('/status?', '/inbound?')
const listNumber = '+18005550199'

const api = async (path: string, body: unknown) => {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method: 'POST',
    headers: { 'x-api-key': fixture.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

let seq = 0
const inbound = (from: string, text: string) =>
  post(inboundUrl, {
    id: `mo${Date.now()}${seq++}`,
    from,
    to: listNumber,
    text,
    received_at: new Date().toISOString(),
  })

async function message(id: string) {
  const { rows } = await pg.pool.query<{
    status: string
    status_detail: string | null
    provider_error_code: string | null
    compliance_bypassed: boolean
    provider_message_id: string | null
  }>(
    'SELECT status, status_detail, provider_error_code, compliance_bypassed, provider_message_id FROM messages WHERE id = $1',
    [id],
  )
  return rows[0]!
}

const settled = (id: string, status: string) =>
  eventually(
    async () => ((await message(id)).status === status ? message(id) : undefined),
    20_000,
    `${id} ${status}`,
  )

async function subscription(phone: string) {
  const { rows } = await pg.pool.query<{ active: boolean; unsubscribe_reason: string | null }>(
    `SELECT lc.active, lc.unsubscribe_reason FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 AND c.phone_number = $2`,
    [fixture.listId, phone],
  )
  return rows[0]
}

async function autoReplies(phone: string) {
  const { rows } = await pg.pool.query<{
    id: string
    body: string
    kind: string
    compliance_bypassed: boolean
  }>(
    `SELECT id, body, metadata->>'auto_reply' AS kind, compliance_bypassed FROM messages
      WHERE list_id = $1 AND to_number = $2 AND metadata ? 'auto_reply' ORDER BY created_at`,
    [fixture.listId, phone],
  )
  return rows
}

t.test('the simulator posts a receipt over HTTP and the message ends delivered', async (t) => {
  const sent = await api('/send', { to: '+12015550101', list_number: listNumber, body: 'Hello there' })
  t.equal(sent.status, 200)
  const id = sent.body.message_id as string
  const row = await settled(id, 'delivered')
  t.equal(row.status_detail, 'DELIVERED_TO_HANDSET')
  t.match(row.provider_message_id, /^sim/)
  const rows = await eventually(async () => {
    const r = await ch.query<{ status: string }>(
      'SELECT status FROM deliveries FINAL WHERE message_id = {id:String}',
      {
        id,
      },
    )
    return r.length > 0 ? r : undefined
  })
  t.same(
    rows.map((r) => r.status),
    ['delivered'],
  )
})

t.test('duplicate and out-of-order receipts leave the right final status and keep the reason', async (t) => {
  const a = await fixture.createMessage('+12015550102')
  const b = await fixture.createMessage('+12015550103')
  // Sent on our side first, as the dispatcher would have done.
  await pg.pool.query(
    `UPDATE messages SET status = 'sent', sent_at = now(), provider = 'simulator' WHERE id = ANY($1)`,
    [[a.messageId, b.messageId]],
  )
  const receipt = (id: string, status: string, detail: string, error: string | null = null) => ({
    message_id: id,
    provider_message_id: `sim-${id}`,
    status,
    status_detail: detail,
    error_code: error,
    done_at: new Date().toISOString(),
  })
  for (const r of [
    receipt(a.messageId, 'delivered', 'DELIVERED_TO_HANDSET'),
    receipt(a.messageId, 'sent', 'DELIVERED_TO_OPERATOR'),
    receipt(a.messageId, 'delivered', 'DELIVERED_TO_HANDSET'),
    receipt(b.messageId, 'undelivered', 'REJECTED_ABSENT_SUBSCRIBER', '7'),
    receipt(b.messageId, 'sent', 'DELIVERED_TO_OPERATOR'),
    receipt(b.messageId, 'delivered', 'DELIVERED_TO_HANDSET'),
  ]) {
    t.equal((await post(statusUrl, r)).status, 200)
  }
  const first = await settled(a.messageId, 'delivered')
  t.equal(first.status_detail, 'DELIVERED_TO_HANDSET')
  const second = await settled(b.messageId, 'undelivered')
  // Give the later receipts time to (not) move it.
  await new Promise((r) => setTimeout(r, 1_500))
  const after = await message(b.messageId)
  t.equal(after.status, 'undelivered', 'the first terminal status stays')
  t.equal(after.status_detail, 'REJECTED_ABSENT_SUBSCRIBER')
  t.equal(after.provider_error_code, '7')
  t.equal(second.status, 'undelivered')
  const distinct = await eventually(async () => {
    const r = await ch.query<{ n: string }>(
      'SELECT count() AS n FROM deliveries FINAL WHERE message_id = {id:String}',
      { id: a.messageId },
    )
    return Number(r[0]?.n) === 2 ? r : undefined
  })
  t.equal(Number(distinct[0]!.n), 2, 'the re-posted receipt is stored once')
})

t.test('webhooks are verified: wrong token, wrong provider, bad payload', async (t) => {
  const wrongToken = await post(statusUrl.replace(/token=[^&]+/, 'token=nope'), { status: 'delivered' })
  t.equal(wrongToken.status, 401)
  t.equal(((await wrongToken.json()) as { code: string }).code, 'invalid_webhook_token')
  const wrongProvider = await post(statusUrl.replace('/simulator/', '/twilio/'), {})
  t.equal(wrongProvider.status, 404)
  const bad = await post(statusUrl, { status: 'exploded', provider_message_id: 'x' })
  t.equal(bad.status, 400)
  t.equal(((await bad.json()) as { code: string }).code, 'invalid_webhook_payload')
  const unparseable = await fetch(statusUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'hi',
  })
  t.equal(unparseable.status, 400)
})

t.test('STOP unsubscribes at once and confirms once; a second STOP sends nothing', async (t) => {
  const phone = '+12015550104'
  await fixture.createMessage(phone)
  t.equal((await inbound(phone, 'Stop texting me')).status, 200)
  const sub = await eventually(async () => {
    const s = await subscription(phone)
    return s?.active === false ? s : undefined
  })
  t.equal(sub.unsubscribe_reason, 'message')
  const replies = await eventually(async () => {
    const r = await autoReplies(phone)
    return r.length === 1 ? r : undefined
  })
  t.equal(replies[0]!.kind, 'unsubscribe')
  t.match(replies[0]!.body, /Test Brand: You are unsubscribed/)
  const confirmation = await settled(replies[0]!.id, 'delivered')
  t.equal(
    confirmation.compliance_bypassed,
    true,
    'the confirmation to a now-unsubscribed contact is recorded',
  )
  await inbound(phone, 'STOP')
  await new Promise((r) => setTimeout(r, 1_500))
  t.equal((await autoReplies(phone)).length, 1, 'no second confirmation')
  const { rows } = await pg.pool.query<{ kind: string }>(
    'SELECT kind FROM inbound_messages WHERE list_id = $1 AND from_number = $2 ORDER BY received_at',
    [fixture.listId, phone],
  )
  t.same(
    rows.map((r) => r.kind),
    ['opt_out', 'opt_out'],
  )
})

t.test('a STOP that arrives while a message is queued stops that message', async (t) => {
  const phone = '+12015550105'
  const queued = await fixture.createMessage(phone)
  await inbound(phone, 'st0p')
  await eventually(async () => ((await subscription(phone))?.active === false ? true : undefined))
  await queue.add('send', { messageIds: [queued.messageId] })
  const row = await eventually(async () => {
    const m = await message(queued.messageId)
    return m.status === 'queued' ? undefined : m
  })
  t.equal(`${row.status}:${row.status_detail}`, 'dropped:contact_blocked')
  t.equal(row.provider_message_id, null, 'never handed to the provider')
})

t.test(
  'START resubscribes and confirms; HELP answers with the help text; other replies are stored',
  async (t) => {
    const phone = '+12015550106'
    await fixture.createMessage(phone)
    await pg.pool.query(
      `UPDATE sending_lists SET help_text = 'Test Brand help: call 555-0100.' WHERE id = $1`,
      [fixture.listId],
    )
    await inbound(phone, 'STOP')
    await eventually(async () => ((await subscription(phone))?.active === false ? true : undefined))
    await inbound(phone, 'unstop')
    await eventually(async () => ((await subscription(phone))?.active === true ? true : undefined))
    await inbound(phone, 'help')
    await inbound(phone, 'stop by the store later?')
    const replies = await eventually(async () => {
      const r = await autoReplies(phone)
      return r.length === 3 ? r : undefined
    })
    t.same(
      replies.map((r) => r.kind),
      ['unsubscribe', 'resubscribe', 'help'],
    )
    t.equal(replies[2]!.body, 'Test Brand help: call 555-0100.')
    const stored = await eventually(async () => {
      const { rows } = await pg.pool.query<{ kind: string; body: string }>(
        'SELECT kind, body FROM inbound_messages WHERE list_id = $1 AND from_number = $2 ORDER BY received_at',
        [fixture.listId, phone],
      )
      return rows.length === 4 ? rows : undefined
    })
    t.same(
      stored.map((r) => r.kind),
      ['opt_out', 'opt_in', 'help', 'other'],
    )
    t.equal((await subscription(phone))?.active, true, '"stop by" did not unsubscribe')
  },
)

t.test('raw sends: skip_contact_validation reaches an unsubscribed contact and is recorded', async (t) => {
  const phone = '+12015550107'
  await fixture.createMessage(phone)
  await pg.pool.query(
    `UPDATE list_contacts SET active = false, unsubscribe_reason = 'api'
      WHERE list_id = $1 AND contact_id = (SELECT id FROM contacts WHERE account_id = $3 AND phone_number = $2)`,
    [fixture.listId, phone, fixture.accountId],
  )
  const normal = await api('/send', { to: phone, list_number: listNumber, body: 'Normal' })
  const raw = await api('/send-raw', {
    to: phone,
    list_number: listNumber,
    body: 'Your code is 1234',
    skip_contact_validation: true,
  })
  t.equal(raw.status, 200)
  t.equal(raw.body.status, 'queued')
  const dropped = await eventually(async () => {
    const m = await message(normal.body.message_id as string)
    return m.status === 'queued' ? undefined : m
  })
  t.equal(`${dropped.status}:${dropped.status_detail}`, 'dropped:contact_blocked')
  const bypass = await settled(raw.body.message_id as string, 'delivered')
  t.equal(bypass.compliance_bypassed, true)
  const shown = await fetch(`${platform.apiUrl}/api/v2/messages/${raw.body.message_id}`, {
    headers: { 'x-api-key': fixture.apiKey },
  })
  const view = ((await shown.json()) as { message: Record<string, unknown> }).message
  t.match(view, {
    status: 'delivered',
    compliance_bypassed: true,
    send_flags: { skip_contact_validation: true },
    list_number: listNumber,
  })
  const dropView = await fetch(`${platform.apiUrl}/api/v2/messages/${normal.body.message_id}`, {
    headers: { 'x-api-key': fixture.apiKey },
  })
  t.match(((await dropView.json()) as { message: unknown }).message, {
    status: 'dropped',
    status_detail: 'contact_blocked',
  })
  const invalid = await api('/send-raw', {
    to: '12015550107',
    list_number: listNumber,
    body: 'x',
    skip_contact_validation: true,
  })
  t.equal(invalid.status, 400, 'E.164 always applies')
  t.equal(invalid.body.code, 'invalid_phone')
})

t.test('the duplicate guard drops an identical message within the window unless skipped', async (t) => {
  const phone = '+12015550108'
  const body = { to: phone, list_number: listNumber, body: 'Same words' }
  const first = await api('/send', body)
  const second = await api('/send', body)
  const rawSame = await api('/send-raw', { ...body, skip_duplicate_check: true })
  const other = await api('/send', { ...body, body: 'Other words' })
  await settled(first.body.message_id as string, 'delivered')
  const dup = await eventually(async () => {
    const m = await message(second.body.message_id as string)
    return m.status === 'queued' ? undefined : m
  })
  t.equal(`${dup.status}:${dup.status_detail}`, 'dropped:duplicate')
  await settled(rawSame.body.message_id as string, 'delivered')
  await settled(other.body.message_id as string, 'delivered')
})

t.test('replies are shown over the API, newest first, filtered by kind', async (t) => {
  const phone = '+12015550109'
  await fixture.createMessage(phone)
  await inbound(phone, 'who is this?')
  const shown = await eventually(async () => {
    const res = await fetch(`${platform.apiUrl}/api/v2/replies?kind=other&per_page=100`, {
      headers: { 'x-api-key': fixture.apiKey },
    })
    const body = (await res.json()) as { replies: { from: string; body: string; kind: string }[] }
    return body.replies.some((r) => r.from === phone) ? body : undefined
  })
  const reply = shown.replies.find((r) => r.from === phone)!
  t.equal(reply.body, 'who is this?')
  t.ok(
    shown.replies.every((r) => r.kind === 'other'),
    'only the kind asked for',
  )
})
