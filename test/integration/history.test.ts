// History import and clear (spec §14) over the real stack: imported sends, clicks and revenue go through Kafka and
// the processors into ClickHouse and the contacts' activity exactly like live traffic; re-posting a batch creates
// nothing (no new event on any topic) and reports duplicates; clear needs confirm and removes only what it names.
import t from 'tap'
import type { messageReport } from '../../analytics/message-report.js'
import { topicName } from '../../core/events.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const other = await createFixture(platform, platform.ingestUrl)
const pg = platform.deps.postgres.acquire()
const ch = platform.deps.clickhouse.acquire()
const { kafka } = platform.deps.kafka.acquire()
t.teardown(async () => {
  await platform.deps.postgres.release()
  await platform.deps.clickhouse.release()
  await platform.deps.kafka.release()
})

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
type Reply = { status: number; body: any }
async function call(method: string, path: string, body?: unknown, key = fixture.apiKey): Promise<Reply> {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** The id an imported send is stored (and its events carried) under: always new, never the record's. */
const storedId = async (name: string): Promise<string> =>
  (
    await pg.pool.query<{ id: string }>('SELECT id FROM messages WHERE account_id = $1 AND import_id = $2', [
      fixture.accountId,
      name,
    ])
  ).rows[0]!.id

type Report = Awaited<ReturnType<typeof messageReport>>
const report = async (id: string): Promise<Report> => {
  const res = await call('GET', `/reports/messages/${id}`)
  if (res.status !== 200) throw new Error(`report ${res.status}`)
  return res.body
}

/** Records on the event topics: re-posting must publish nothing. */
async function topicRecords(): Promise<number> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    let total = 0
    for (const key of ['sends', 'clicks', 'revenue', 'deliveries'] as const) {
      const offsets = await admin.fetchTopicOffsets(topicName(platform.config.kafkaTopicPrefix, key))
      total += offsets.reduce((sum, p) => sum + Number(p.high), 0)
    }
    return total
  } finally {
    await admin.disconnect()
  }
}

const activity = async (phone: string) => {
  const { rows } = await pg.pool.query<{
    send_count: number
    click_count: number
    conversion_count: number
    revenue_total: number
    signup_method: string
    last_sent_at: Date | null
    last_clicked_at: Date | null
    last_revenue_at: Date | null
  }>(
    `SELECT lc.send_count, lc.click_count, lc.conversion_count, lc.revenue_total::float8 AS revenue_total,
            lc.signup_method, lc.last_sent_at, lc.last_clicked_at, lc.last_revenue_at
       FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 AND c.phone_number = $2`,
    [fixture.listId, phone],
  )
  return rows[0]
}

const ids = { a: randomAlphanumeric(8), b: randomAlphanumeric(8), c: randomAlphanumeric(8) }
const phones = { a: '+14155550101', b: '+14155550102', c: '+14155550103' }
const externalOffer = newObjectId()
await pg.pool.query(
  `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, external_id)
   VALUES ($1, $2, $3, 'External offer', 'https://offers.example.com/x', 'tune', $4)`,
  [externalOffer, fixture.accountId, `ofr_ext_${externalOffer}`, `TUNE-${ids.a}`],
)
const foreign = await other.createMessage()
// Named by an import of this account: the id is then this account's name for its import as well.
const foreignImported = await other.createMessage()

const sends = [
  {
    id: ids.a,
    list_number: '+18005550199',
    to_number: phones.a,
    message: 'Hello from the old platform',
    send_type: 'campaign',
    delivered: true,
    timestamp: '2025-06-01T10:00:00Z',
  },
  { id: ids.b, list_id: fixture.listId, to_number: phones.b, length: 200, timestamp: '2025-06-02 10:00:00' },
  { id: ids.c, list_id: String(fixture.listId), to_number: phones.c, timestamp: '2025-07-01T10:00:00Z' },
]
const clicks = [
  { message_id: ids.a, offer_id: fixture.offerId, phone_number: phones.a, timestamp: '2025-06-01T10:05:00Z' },
  {
    message_id: ids.b,
    offer_id: `TUNE-${ids.a}`,
    phone_number: phones.b,
    send_timestamp: '2025-06-02T10:00:00Z',
    timestamp: '2025-06-02T11:00:00Z',
  },
]
const revenue = [
  {
    message_id: ids.a,
    offer_id: fixture.offerId,
    revenue: 20,
    payout: 12,
    attribution_type: 'migration',
    timestamp: '2025-06-01T12:00:00Z',
  },
  { message_id: ids.b, offer_id: `TUNE-${ids.a}`, revenue: '5.5' },
]

t.test('sends: imported messages, contacts found or created, errors per record', async (t) => {
  const res = await call('POST', '/history/sends', {
    records: [
      ...sends,
      { list_number: '+18005550199', to_number: phones.a, timestamp: '2025-06-01T10:00:00Z' },
      {
        id: randomAlphanumeric(8),
        list_number: '+18005550199',
        to_number: '555-0101',
        timestamp: '2025-06-01',
      },
      { id: randomAlphanumeric(8), list_number: '+18005550199', to_number: phones.a, timestamp: 'June' },
      {
        id: randomAlphanumeric(8),
        list_number: '+18005550100',
        to_number: phones.a,
        timestamp: '2025-06-01',
      },
      {
        id: foreignImported.messageId,
        list_number: '+18005550199',
        to_number: '+14155550104',
        timestamp: '2025-06-01',
      },
      { ...sends[0], to_number: phones.b },
    ],
  })
  t.equal(res.status, 200)
  // Another account's message id is saved like any new one (no answer tells "someone else's" from "nobody's").
  t.match(res.body, {
    success_count: 4,
    error_count: 4,
    duplicates_skipped: 1,
    invalid_phones: 1,
    errors: [
      { index: 3, id: null, code: 'missing_id', error: 'id is required' },
      { index: 4, code: 'invalid_phone', error: String },
      { index: 5, code: 'invalid_timestamp', error: String },
      { index: 6, code: 'list_not_found', error: 'List not found' },
    ],
  })
  t.equal(res.body.errors.length, 4)
  const { rows } = await pg.pool.query(
    `SELECT import_id AS id, imported, status, segments, body, provider, sent_at, metadata, list_id
       FROM messages WHERE account_id = $1 AND import_id = ANY($2::text[]) ORDER BY sent_at`,
    [fixture.accountId, Object.values(ids)],
  )
  t.match(rows, [
    {
      id: ids.a,
      imported: true,
      status: 'delivered',
      segments: 1,
      body: 'Hello from the old platform',
      sent_at: new Date('2025-06-01T10:00:00Z'),
      metadata: { send_type: 'campaign' },
      list_id: fixture.listId,
    },
    { id: ids.b, imported: true, status: 'sent', segments: 2, sent_at: new Date('2025-06-02T10:00:00Z') },
    { id: ids.c, imported: true, status: 'sent', segments: 1 },
  ])
  const foreignRow = await pg.pool.query('SELECT account_id FROM messages WHERE id = $1', [
    foreignImported.messageId,
  ])
  t.equal(foreignRow.rows[0].account_id, other.accountId, "another account's message is untouched")
  t.equal(
    (await call('GET', `/messages/${foreignImported.messageId}`)).body.message.to,
    '+14155550104',
    "the id names this account's import, for this account",
  )
  t.match(await activity(phones.a), { signup_method: 'import' }, 'the recipient joined the list by import')
})

t.test('clicks: one per message; message, offer and recipient must match', async (t) => {
  const res = await call('POST', '/history/clicks', {
    records: [
      ...clicks,
      { ...clicks[0], timestamp: '2025-06-01T10:06:00Z' },
      { ...clicks[0], message_id: randomAlphanumeric(8) },
      { ...clicks[0], message_id: foreign.messageId },
      { ...clicks[0], offer_id: 'no-such-offer' },
      { ...clicks[0], message_id: ids.c, phone_number: phones.a },
    ],
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    success_count: 2,
    error_count: 4,
    duplicates_skipped: 1,
    invalid_phones: 0,
    errors: [
      { index: 3, code: 'message_not_found' },
      { index: 4, id: foreign.messageId, code: 'message_not_found' },
      { index: 5, id: ids.a, code: 'offer_not_found' },
      { index: 6, id: ids.c, code: 'contact_not_found' },
    ],
  })
  t.equal(res.body.errors.length, 4)
  const missingOffer = await call('POST', '/history/clicks', {
    records: [{ message_id: ids.c, phone_number: phones.c, timestamp: '2025-07-01T11:00:00Z' }],
  })
  t.match(missingOffer.body.errors, [{ index: 0, id: ids.c, code: 'missing_offer_id' }])
})

t.test('revenue: credited like live conversions; total_revenue', async (t) => {
  // Undated revenue is placed at its message's first click: wait until the processors have claimed the imported ones.
  const stored = [await storedId(ids.a), await storedId(ids.b)]
  await eventually(
    async () =>
      (await pg.pool.query('SELECT 1 FROM message_clicks WHERE message_id = ANY($1::text[])', [stored]))
        .rowCount === 2
        ? true
        : undefined,
    20_000,
    'imported first clicks claimed',
  )
  const res = await call('POST', '/history/revenue', {
    records: [
      ...revenue,
      { ...revenue[0], message_id: foreign.messageId },
      { ...revenue[0], offer_id: undefined },
      { ...revenue[0], revenue: -3 },
    ],
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    success_count: 2,
    error_count: 3,
    duplicates_skipped: 0,
    total_revenue: 25.5,
    errors: [
      { index: 2, code: 'message_not_found' },
      { index: 3, code: 'missing_offer_id' },
      { index: 4, code: 'invalid_revenue' },
    ],
  })
  t.notOk('invalid_phones' in res.body)
})

t.test('imported history is reported exactly like live traffic', async (t) => {
  const a = await eventually(
    async () => {
      const r = await report(ids.a)
      return r.sends === 1 && r.clicks === 1 && r.revenue === 20 ? r : undefined
    },
    30_000,
    'message A in the report',
  )
  t.match(a, { sends: 1, clicks: 1, total_clicks: 1, bot_clicks: 0, conversions: 1, revenue: 20, rps: 20 })
  const b = await eventually(
    async () => {
      const r = await report(ids.b)
      return r.revenue === 5.5 && r.clicks === 1 ? r : undefined
    },
    30_000,
    'message B in the report',
  )
  t.match(b, { sends: 1, clicks: 1, conversions: 1, revenue: 5.5 })
  t.match(await report(ids.c), { sends: 1, clicks: 0, revenue: 0 })
  // ClickHouse holds the stored ids; the API answered to the records' ids above.
  const stored = { a: await storedId(ids.a), b: await storedId(ids.b) }
  const conversions = await ch.query<{
    message_id: string
    offer_id: string
    attribution_type: string
    event_time: string
    imported: number
    attributed_click_id: string
  }>(
    `SELECT message_id, offer_id, attribution_type, toString(event_time) AS event_time, imported, attributed_click_id
       FROM conversions FINAL WHERE account_id = {a:String} ORDER BY message_id = {m:String} DESC`,
    { a: fixture.accountId, m: stored.a },
  )
  t.match(conversions[0], {
    message_id: stored.a,
    offer_id: fixture.offerId,
    attribution_type: 'migration',
    event_time: '2025-06-01 12:00:00.000',
    imported: 1,
  })
  t.equal(conversions[0]!.attributed_click_id.slice(0, 8), stored.a, 'credited to the imported first click')
  t.match(
    conversions[1],
    { message_id: stored.b, offer_id: externalOffer, event_time: '2025-06-02 11:00:00.000' },
    'external offer id resolved; undated revenue placed at the first click',
  )
  const sendsRow = await ch.query<{ imported: number; provider: string }>(
    'SELECT imported, provider FROM sends FINAL WHERE account_id = {a:String} AND message_id = {m:String}',
    { a: fixture.accountId, m: stored.a },
  )
  t.same(sendsRow, [{ imported: 1, provider: 'import' }])
  const delivered = await eventually(
    async () => {
      const rows = await ch.query<{ status: string }>(
        'SELECT status FROM deliveries FINAL WHERE account_id = {a:String} AND message_id = {m:String}',
        { a: fixture.accountId, m: stored.a },
      )
      return rows.length > 0 ? rows : undefined
    },
    20_000,
    'delivery of the delivered send',
  )
  t.same(delivered, [{ status: 'delivered' }])
  const contact = await eventually(
    async () => {
      const c = await activity(phones.a)
      return c && c.revenue_total === 20 && c.click_count === 1 && c.send_count === 1 ? c : undefined
    },
    20_000,
    'contact activity',
  )
  t.match(contact, {
    send_count: 1,
    click_count: 1,
    conversion_count: 1,
    revenue_total: 20,
    last_sent_at: new Date('2025-06-01T10:00:00Z'),
    last_clicked_at: new Date('2025-06-01T10:05:00Z'),
    last_revenue_at: new Date('2025-06-01T12:00:00Z'),
  })
})

t.test('posting the same batches again creates nothing and counts duplicates', async (t) => {
  const before = await topicRecords()
  const reports = await Promise.all(Object.values(ids).map(report))
  const contactBefore = await activity(phones.a)
  const s = await call('POST', '/history/sends', { records: sends })
  const c = await call('POST', '/history/clicks', { records: clicks })
  const r = await call('POST', '/history/revenue', {
    records: [{ ...revenue[0], revenue: '20', timestamp: '2025-06-01T12:00:00.000Z' }, revenue[1]],
  })
  t.match(s.body, { success_count: 0, error_count: 0, duplicates_skipped: 3, errors: [] })
  t.match(c.body, { success_count: 0, error_count: 0, duplicates_skipped: 2, errors: [] })
  t.match(r.body, { success_count: 0, error_count: 0, duplicates_skipped: 2, total_revenue: 0, errors: [] })
  t.equal(await topicRecords(), before, 'no event was published')
  t.same(await Promise.all(Object.values(ids).map(report)), reports, 'reports unchanged')
  t.same(await activity(phones.a), contactBefore, 'contact activity unchanged')
})

t.test('request-level codes and the 100-error cap', async (t) => {
  for (const path of ['/history/sends', '/history/clicks', '/history/revenue']) {
    const none = await call('POST', path, { records: [] })
    t.same([none.status, none.body.code], [400, 'missing_records'], `${path} empty`)
    const absent = await call('POST', path, {})
    t.same([absent.status, absent.body.code], [400, 'missing_records'], `${path} without records`)
    const many = await call('POST', path, { records: Array.from({ length: 1001 }, () => ({})) })
    t.same([many.status, many.body.code], [413, 'too_many_records'], `${path} 1,001 records`)
  }
  const bad = await call('POST', '/history/sends', {
    records: Array.from({ length: 150 }, (_, i) => ({ id: `bad-${i}` })),
  })
  t.equal(bad.body.error_count, 150)
  t.equal(bad.body.errors.length, 100, 'errors capped at 100')
  t.match(bad.body.errors[99], { index: 99, id: 'bad-99', code: 'invalid_id' })
})

t.test('clear: confirm and entities are required', async (t) => {
  const cases: [unknown, string][] = [
    [{ entities: ['sends', 'clicks', 'revenue'] }, 'confirm_required'],
    [{ entities: ['sends'], confirm: 'true' }, 'confirm_required'],
    [{ confirm: true }, 'missing_entities'],
    [{ entities: ['sends', 'contacts'], confirm: true }, 'invalid_entities'],
    [{ entities: ['sends'], before_date: 'soon', confirm: true }, 'invalid_date'],
  ]
  for (const [body, code] of cases) {
    const res = await call('DELETE', '/history/clear', body)
    t.same([res.status, res.body.code], [400, code], JSON.stringify(body))
  }
  const noBody = await call('DELETE', '/history/clear')
  t.same([noBody.status, noBody.body.code], [400, 'missing_entities'])
  t.match(await report(ids.a), { sends: 1, clicks: 1, revenue: 20 }, 'nothing was cleared')
})

t.test('clear removes imported history, all revenue, and nothing of other accounts', async (t) => {
  // Live traffic of this account: its revenue goes (spec: all revenue), its message stays.
  const live = await fixture.createMessage()
  const posted = await call('POST', '/revenue', {
    message_id: live.messageId,
    revenue: 3,
    attribution_type: 'send',
  })
  t.equal(posted.status, 200)
  const otherRevenue = await call(
    'POST',
    '/revenue',
    { message_id: foreign.messageId, revenue: 7, attribution_type: 'sale' },
    other.apiKey,
  )
  t.equal(otherRevenue.status, 200)
  await eventually(
    async () => ((await report(live.messageId)).revenue === 3 ? true : undefined),
    20_000,
    'live revenue',
  )
  const otherReport = async () =>
    (await call('GET', `/reports/messages/${foreign.messageId}`, undefined, other.apiKey)).body as Report
  await eventually(
    async () => ((await otherReport()).revenue === 7 ? true : undefined),
    20_000,
    'other revenue',
  )

  const [before] = await ch.query<{ dims: string }>(
    'SELECT count() AS dims FROM message_dims FINAL WHERE account_id = {a:String}',
    { a: fixture.accountId },
  )
  t.equal(Number(before?.dims), 4, 'each imported send has its dimensions row')
  const res = await call('DELETE', '/history/clear', {
    entities: ['sends', 'clicks', 'revenue'],
    confirm: true,
  })
  t.equal(res.status, 200)
  t.same(res.body, { success: true, cleared: { sends: 4, clicks: 2, revenue: 3 } })

  for (const id of Object.values(ids)) {
    const gone = await call('GET', `/reports/messages/${id}`)
    t.equal(gone.status, 404, `imported message ${id} is gone`)
  }
  const counts = await ch.query<{ sends: string; clicks: string; conversions: string }>(
    `SELECT (SELECT count() FROM sends FINAL WHERE account_id = {a:String}) AS sends,
            (SELECT count() FROM clicks FINAL WHERE account_id = {a:String}) AS clicks,
            (SELECT count() FROM conversions FINAL WHERE account_id = {a:String}) AS conversions,
            (SELECT count() FROM message_dims FINAL WHERE account_id = {a:String}) AS dims`,
    { a: fixture.accountId },
  )
  t.same(counts, [{ sends: '0', clicks: '0', conversions: '0', dims: '0' }], 'ClickHouse holds nothing of it')
  t.match(await report(live.messageId), { revenue: 0, conversions: 0 }, 'live revenue cleared too')
  t.match(await otherReport(), { revenue: 7 }, "another account's revenue stays")
  const pgState = await pg.pool.query<{ messages: number; clicks: number; ledger: number; live: number }>(
    `SELECT (SELECT count(*)::int FROM messages WHERE account_id = $1 AND imported) AS messages,
            (SELECT count(*)::int FROM message_clicks WHERE account_id = $1) AS clicks,
            (SELECT count(*)::int FROM conversion_ledger WHERE account_id = $1) AS ledger,
            (SELECT count(*)::int FROM messages WHERE id = $2) AS live`,
    [fixture.accountId, live.messageId],
  )
  t.same(pgState.rows[0], { messages: 0, clicks: 0, ledger: 0, live: 1 })
  t.match(await activity(phones.a), {
    send_count: 0,
    click_count: 0,
    conversion_count: 0,
    revenue_total: 0,
    last_sent_at: null,
    last_clicked_at: null,
    last_revenue_at: null,
  })
})

t.test('after a clear the same history imports again; before_date clears only older sends', async (t) => {
  const again = await call('POST', '/history/sends', { records: sends })
  t.match(again.body, { success_count: 3, duplicates_skipped: 0 })
  await eventually(
    async () => {
      const counted = await Promise.all(Object.values(phones).map(activity))
      return counted.every((c) => c?.send_count === 1) ? true : undefined
    },
    20_000,
    'sends counted again',
  )
  await eventually(
    async () => ((await report(ids.c)).sends === 1 ? true : undefined),
    20_000,
    'sends reported',
  )
  const res = await call('DELETE', '/history/clear', {
    entities: ['sends'],
    before_date: '2025-06-15',
    confirm: true,
  })
  t.same(res.body, { success: true, cleared: { sends: 2, clicks: 0, revenue: 0 } })
  t.equal((await call('GET', `/reports/messages/${ids.a}`)).status, 404)
  t.match(await report(ids.c), { sends: 1 }, 'the later send stays')
  t.match(await activity(phones.c), { send_count: 1, last_sent_at: new Date('2025-07-01T10:00:00Z') })
  t.match(await activity(phones.b), { send_count: 0, last_sent_at: null })
})

t.test('before_date clears older clicks and revenue; counters keep the rest', async (t) => {
  const clicked = await call('POST', '/history/clicks', {
    records: [
      {
        message_id: ids.c,
        offer_id: fixture.offerId,
        phone_number: phones.c,
        timestamp: '2025-07-01T11:00:00Z',
      },
    ],
  })
  t.match(clicked.body, { success_count: 1 })
  const paid = await call('POST', '/history/revenue', {
    records: [
      { message_id: ids.c, offer_id: fixture.offerId, revenue: 4, timestamp: '2025-07-02T00:00:00Z' },
      { message_id: ids.c, offer_id: fixture.offerId, revenue: 6, timestamp: '2025-08-01T00:00:00Z' },
    ],
  })
  t.match(paid.body, { success_count: 2, total_revenue: 10 })
  await eventually(
    async () => {
      const c = await activity(phones.c)
      return c?.revenue_total === 10 && c.click_count === 1 ? c : undefined
    },
    20_000,
    'clicks and revenue counted',
  )
  const res = await call('DELETE', '/history/clear', {
    entities: ['clicks', 'revenue'],
    before_date: '2025-07-15T00:00:00Z',
    confirm: true,
  })
  t.same(res.body, { success: true, cleared: { sends: 0, clicks: 1, revenue: 1 } })
  t.match(await report(ids.c), { sends: 1, clicks: 0, revenue: 6, conversions: 1 })
  t.match(await activity(phones.c), {
    send_count: 1,
    click_count: 0,
    last_clicked_at: null,
    revenue_total: 6,
    conversion_count: 1,
    last_revenue_at: new Date('2025-08-01T00:00:00Z'),
  })
  const again = await call('DELETE', '/history/clear', {
    entities: ['clicks', 'revenue'],
    before_date: '2025-07-15T00:00:00Z',
    confirm: true,
  })
  t.same(again.body.cleared, { sends: 0, clicks: 0, revenue: 0 }, 'a repeated clear finds nothing more')
  t.match(await activity(phones.c), { revenue_total: 6, conversion_count: 1 }, 'and takes nothing twice')
})

t.test('viewers cannot import or clear', async (t) => {
  const { createApiKey } = await import('../../services/accounts.js')
  const { rows } = await pg.pool.query<{ user_id: string }>(
    'SELECT user_id FROM account_access WHERE account_id = $1 LIMIT 1',
    [fixture.accountId],
  )
  const viewer = await createApiKey(pg.db, fixture.accountId, 'viewer', rows[0]!.user_id, 'viewer')
  const res = await call('POST', '/history/sends', { records: sends }, viewer)
  t.equal(res.status, 403)
  const clear = await call('DELETE', '/history/clear', { entities: ['revenue'], confirm: true }, viewer)
  t.equal(clear.status, 403)
})
