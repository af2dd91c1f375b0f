// Revenue API (spec §13) over the real stack: revenue posted for a message is credited to it (and its offer and
// contact) through the revenue topic and the processors; other accounts cannot touch the message; bulk records
// fail on their own with the spec's codes; an Idempotency-Key makes a retry record nothing new; revenue stored
// before its message's first click (live or imported) is credited to that click once it comes.
import t from 'tap'
import type { ClickHouse } from '../../analytics/clickhouse.js'
import type { messageReport } from '../../analytics/message-report.js'
import type { FirstClick } from '../../core/attribution.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { loadFirstClicks, reattributeConversions } from '../../processors/first-clicks.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
const other = await createFixture(platform, platform.ingestUrl)
const pg = platform.deps.postgres.acquire()
const ch = platform.deps.clickhouse.acquire()
t.teardown(async () => {
  await platform.deps.postgres.release()
  await platform.deps.clickhouse.release()
})

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
type Reply = { status: number; body: any; headers: Headers }
async function post(
  path: string,
  body: unknown,
  key = fixture.apiKey,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

type Report = Awaited<ReturnType<typeof messageReport>>
const report = async (id: string, key = fixture.apiKey): Promise<Report> => {
  const res = await fetch(`${platform.apiUrl}/api/v2/reports/messages/${id}`, {
    headers: { 'x-api-key': key },
  })
  return (await res.json()) as Report
}
const reportShows = (id: string, revenue: number, conversions: number) =>
  eventually(
    async () => {
      const r = await report(id)
      return r.revenue === revenue && r.conversions === conversions ? r : undefined
    },
    30_000,
    `revenue ${revenue} on ${id}`,
  )

const conversionRows = (messageId: string) =>
  ch.query<{
    event_id: string
    offer_id: string
    attribution_type: string
    source: string
    network: string
    amount: number
    imported: number
    event_time: string
  }>(
    `SELECT event_id, offer_id, attribution_type, source, network, toFloat64(amount) AS amount, imported,
            toString(event_time) AS event_time
       FROM conversions FINAL WHERE account_id = {a:String} AND message_id = {m:String} ORDER BY event_time`,
    { a: fixture.accountId, m: messageId },
  )

const message = await fixture.createMessage('+14155550201')

t.test('revenue is credited to the message, its link offer and its contact', async (t) => {
  const res = await post('/revenue', {
    message_id: message.messageId,
    revenue: 12.5,
    attribution_type: 'sale',
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    success: true,
    revenue_id: /^[a-f0-9]{24}$/,
    message_id: message.messageId,
    revenue: 12.5,
  })
  t.same(Object.keys(res.body).sort(), ['message_id', 'revenue', 'revenue_id', 'success'])
  t.match(await reportShows(message.messageId, 12.5, 1), { revenue: 12.5, conversions: 1 })
  t.match(await conversionRows(message.messageId), [
    {
      event_id: `rev_${res.body.revenue_id}`,
      offer_id: fixture.offerId,
      attribution_type: 'sale',
      source: 'api',
      network: 'api',
      amount: 12.5,
      imported: 0,
    },
  ])
  const contact = await eventually(
    async () => {
      const { rows } = await pg.pool.query<{ revenue_total: number; conversion_count: number }>(
        `SELECT revenue_total::float8 AS revenue_total, conversion_count FROM list_contacts
          WHERE list_id = $1 AND contact_id = $2`,
        [fixture.listId, message.contactId],
      )
      return rows[0]?.revenue_total === 12.5 ? rows[0] : undefined
    },
    20_000,
    'contact revenue',
  )
  t.same(contact, { revenue_total: 12.5, conversion_count: 1 })
})

t.test('an offer named by external id, and a past timestamp without zone', async (t) => {
  const offerId = newObjectId()
  const external = `EF-${randomAlphanumeric(6)}`
  await pg.pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, external_id)
     VALUES ($1, $2, $3, 'Ext', 'https://offers.example.com/e', 'everflow', $4)`,
    [offerId, fixture.accountId, `ofr_ext_${offerId}`, external],
  )
  const res = await post('/revenue', {
    message_id: message.messageId,
    revenue: 2,
    attribution_type: 'click',
    offer_id: external,
    timestamp: '2026-01-05 08:30:00',
  })
  t.equal(res.status, 200)
  await reportShows(message.messageId, 14.5, 2)
  const rows = await conversionRows(message.messageId)
  t.match(rows[0], {
    event_id: `rev_${res.body.revenue_id}`,
    offer_id: offerId,
    attribution_type: 'click',
    event_time: '2026-01-05 08:30:00.000',
  })
})

t.test('another account cannot post revenue to this message', async (t) => {
  const res = await post(
    '/revenue',
    { message_id: message.messageId, revenue: 100, attribution_type: 'sale' },
    other.apiKey,
  )
  t.same([res.status, res.body], [404, { error: 'Message not found', code: 'message_not_found' }])
  const bulk = await post(
    '/revenue/bulk',
    { records: [{ message_id: message.messageId, revenue: 100, attribution_type: 'sale' }] },
    other.apiKey,
  )
  t.match(bulk.body, { success_count: 0, error_count: 1, errors: [{ index: 0, code: 'message_not_found' }] })
  const theirOffer = await post('/revenue', {
    message_id: message.messageId,
    revenue: 1,
    attribution_type: 'sale',
    offer_id: other.offerId,
  })
  t.same(
    [theirOffer.status, theirOffer.body.code],
    [404, 'offer_not_found'],
    "another account's offer is unknown",
  )
  await new Promise((r) => setTimeout(r, 1_500))
  t.match(await report(message.messageId), { revenue: 14.5, conversions: 2 }, 'nothing was credited')
})

t.test('single record errors carry the spec codes', async (t) => {
  const base = { message_id: message.messageId, revenue: 1, attribution_type: 'send' }
  const cases: [Record<string, unknown>, number, string][] = [
    [{ ...base, message_id: undefined }, 400, 'missing_message_id'],
    [{ ...base, revenue: undefined }, 400, 'missing_revenue'],
    [{ ...base, revenue: -1 }, 400, 'invalid_revenue'],
    [{ ...base, revenue: 'lots' }, 400, 'invalid_revenue'],
    [{ ...base, attribution_type: undefined }, 400, 'missing_attribution_type'],
    [{ ...base, attribution_type: 'view' }, 400, 'invalid_attribution_type'],
    [{ ...base, timestamp: 'tomorrow' }, 400, 'invalid_timestamp'],
    [{ ...base, message_id: 'zzzzzzzz' }, 404, 'message_not_found'],
    [{ ...base, offer_id: 'no-such-offer' }, 404, 'offer_not_found'],
  ]
  for (const [body, status, code] of cases) {
    const res = await post('/revenue', body)
    t.same([res.status, res.body.code], [status, code], JSON.stringify(body))
  }
})

t.test('bulk: records fail on their own; totals of what was recorded', async (t) => {
  const second = await fixture.createMessage('+14155550202')
  const foreign = await other.createMessage()
  const res = await post('/revenue/bulk', {
    records: [
      { message_id: second.messageId, revenue: 4.25, attribution_type: 'sale' },
      { message_id: foreign.messageId, revenue: 9, attribution_type: 'sale' },
      { message_id: second.messageId, revenue: 1.5, attribution_type: 'bogus' },
      { revenue: 1, attribution_type: 'sale' },
      { message_id: second.messageId, attribution_type: 'sale' },
      { message_id: second.messageId, revenue: -2, attribution_type: 'sale' },
      { message_id: second.messageId, revenue: 3 },
      { message_id: second.messageId, revenue: '0.75', attribution_type: 'send' },
      'junk',
    ],
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    success_count: 2,
    error_count: 7,
    total_revenue: 5,
    errors: [
      { index: 1, code: 'message_not_found', error: 'Message not found', message_id: foreign.messageId },
      { index: 2, code: 'invalid_attribution_type', error: String, message_id: second.messageId },
      { index: 3, code: 'missing_message_id', error: 'message_id is required', message_id: null },
      { index: 4, code: 'missing_revenue', error: 'revenue is required', message_id: second.messageId },
      { index: 5, code: 'invalid_revenue', error: String, message_id: second.messageId },
      { index: 6, code: 'missing_attribution_type', error: String, message_id: second.messageId },
      { index: 8, code: 'validation_error', error: 'Each record must be an object', message_id: null },
    ],
  })
  t.equal(res.body.errors.length, 7)
  await reportShows(second.messageId, 5, 2)
  t.match(await report(foreign.messageId, other.apiKey), { revenue: 0 }, 'the other account got nothing')
})

t.test('bulk request codes', async (t) => {
  const empty = await post('/revenue/bulk', { records: [] })
  t.same([empty.status, empty.body.code], [400, 'missing_records'])
  const absent = await post('/revenue/bulk', {})
  t.same([absent.status, absent.body.code], [400, 'missing_records'])
  const many = await post('/revenue/bulk', {
    records: Array.from({ length: 1001 }, () => ({
      message_id: message.messageId,
      revenue: 1,
      attribution_type: 'sale',
    })),
  })
  t.same([many.status, many.body.code], [413, 'too_many_records'])
})

t.test('bulk imported records are marked imported', async (t) => {
  const third = await fixture.createMessage('+14155550203')
  const res = await post('/revenue/bulk', {
    imported: true,
    records: [
      {
        message_id: third.messageId,
        revenue: 8,
        attribution_type: 'send',
        timestamp: '2025-12-01T00:00:00Z',
      },
    ],
  })
  t.match(res.body, { success_count: 1, total_revenue: 8 })
  await reportShows(third.messageId, 8, 1)
  t.match(await conversionRows(third.messageId), [
    { imported: 1, source: 'import', attribution_type: 'send' },
  ])
})

t.test('an Idempotency-Key retry records nothing new', async (t) => {
  const fourth = await fixture.createMessage('+14155550204')
  const key = `rev-${randomAlphanumeric(12)}`
  const body = { message_id: fourth.messageId, revenue: 6, attribution_type: 'sale' }
  const first = await post('/revenue', body, fixture.apiKey, { 'idempotency-key': key })
  const retry = await post('/revenue', body, fixture.apiKey, { 'idempotency-key': key })
  t.equal(first.status, 200)
  t.same(retry.body, first.body, 'the retry gets the first reply')
  t.equal(retry.headers.get('idempotent-replayed'), 'true')
  const bulkKey = `bulk-${randomAlphanumeric(12)}`
  const bulkBody = { records: [{ ...body, revenue: 1 }] }
  await post('/revenue/bulk', bulkBody, fixture.apiKey, { 'idempotency-key': bulkKey })
  const bulkRetry = await post('/revenue/bulk', bulkBody, fixture.apiKey, { 'idempotency-key': bulkKey })
  t.equal(bulkRetry.headers.get('idempotent-replayed'), 'true')
  await reportShows(fourth.messageId, 7, 2)
  await new Promise((r) => setTimeout(r, 1_500))
  t.match(await report(fourth.messageId), { revenue: 7, conversions: 2 }, 'each recorded once')
})

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
const creditedTo = async (messageId: string) =>
  (
    await ch.query<{ attributed_click_id: string }>(
      `SELECT attributed_click_id FROM conversions FINAL WHERE account_id = {a:String} AND message_id = {m:String}`,
      { a: fixture.accountId, m: messageId },
    )
  ).map((r) => r.attributed_click_id)
const firstClick = (messageId: string) =>
  eventually(
    async () => (await loadFirstClicks(pg.pool, [messageId])).get(messageId),
    30_000,
    `first click of ${messageId}`,
  )

// Set by the test below: a message whose conversion names its first click.
let converted: FirstClick | undefined

t.test(
  "a conversion stored before its message's first click is credited to it, live or imported",
  async (t) => {
    const live = await fixture.createMessage('+14155550205')
    const name = randomAlphanumeric(8)
    const phone = '+14155550206'
    const sends = await post('/history/sends', {
      records: [{ id: name, list_id: fixture.listId, to_number: phone, timestamp: '2025-06-01T10:00:00Z' }],
    })
    t.match(sends.body, { success_count: 1 })
    const { rows } = await pg.pool.query<{ id: string }>(
      'SELECT id FROM messages WHERE account_id = $1 AND import_id = $2',
      [fixture.accountId, name],
    )
    const imported = rows[0]!.id
    t.match(await post('/revenue', { message_id: live.messageId, revenue: 3, attribution_type: 'sale' }), {
      status: 200,
    })
    const history = await post('/history/revenue', {
      records: [
        { message_id: name, offer_id: fixture.offerId, revenue: 4, timestamp: '2025-06-01T12:00:00Z' },
      ],
    })
    t.match(history.body, { success_count: 1 })
    // Both stored before any click, so credited to none; the clicks come only then.
    for (const id of [live.messageId, imported]) {
      t.same(
        await eventually(
          async () => ((await creditedTo(id)).length > 0 ? creditedTo(id) : undefined),
          30_000,
        ),
        [''],
        'stored before its first click',
      )
    }
    const res = await fetch(`${platform.ingestUrl}/${live.links[0]!.code}`, {
      redirect: 'manual',
      headers: { 'user-agent': BROWSER },
    })
    t.equal(res.status, 302, 'live click')
    const clicks = await post('/history/clicks', {
      records: [
        {
          message_id: name,
          offer_id: fixture.offerId,
          phone_number: phone,
          timestamp: '2025-06-01T11:00:00Z',
        },
      ],
    })
    t.match(clicks.body, { success_count: 1 }, 'imported click')
    for (const [id, label] of [
      [live.messageId, 'live'],
      [imported, 'imported'],
    ] as const) {
      const first = await firstClick(id)
      const credit = await eventually(
        async () => {
          const now = await creditedTo(id)
          return now.length === 1 && now[0] === first.clickId ? now : undefined
        },
        30_000,
        `${label} conversion re-attributed`,
      )
      t.same(credit, [first.clickId], `the ${label} conversion is credited to its first click`)
      if (label === 'live') converted = first
    }
  },
)

t.test('re-attribution reads ClickHouse only for messages that have a conversion', async (t) => {
  const reads: unknown[] = []
  const counted: ClickHouse = {
    ...ch,
    query: (sql, params) => {
      reads.push(params)
      return ch.query(sql, params)
    },
  }
  const clickless = await fixture.createMessage('+14155550207')
  const unconverted: FirstClick = {
    accountId: fixture.accountId,
    messageId: clickless.messageId,
    clickId: `clk_${randomAlphanumeric(12)}`,
    contactId: clickless.contactId,
    offerId: fixture.offerId,
    clickedAt: new Date().toISOString(),
  }
  t.equal(await reattributeConversions(counted, pg.pool, new Map([[clickless.messageId, unconverted]])), 0)
  t.same(reads, [], 'no conversion: no ClickHouse read')
  t.ok(converted, 'a converted message from the test before')
  const both = new Map([
    [clickless.messageId, unconverted],
    [converted!.messageId, converted!],
  ])
  t.equal(await reattributeConversions(counted, pg.pool, both), 0, 'already credited to its first click')
  t.same(
    reads.map((params) => (params as { messages: string[] }).messages),
    [[converted!.messageId]],
    'one read, of the converted message only',
  )
})

t.test('the revenue and history routes are in the OpenAPI document', async (t) => {
  const doc = (await (await fetch(`${platform.apiUrl}/docs/json`)).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
  }
  for (const [path, method] of [
    ['/api/v2/revenue', 'post'],
    ['/api/v2/revenue/bulk', 'post'],
    ['/api/v2/history/sends', 'post'],
    ['/api/v2/history/clicks', 'post'],
    ['/api/v2/history/revenue', 'post'],
    ['/api/v2/history/clear', 'delete'],
  ] as const) {
    t.ok(doc.paths[path]?.[method]?.responses['200'], `${method.toUpperCase()} ${path}`)
  }
})
