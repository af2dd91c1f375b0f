// What the dashboard's pages read beyond the reports (issue 14), over the real stack: a message's lifecycle
// timeline (sent, receipt, bot and human clicks, conversion, the replies before the next message; a drop with its
// reason), the replies inbox by kind and contact, and a campaign run's variants beside the selector's posteriors.
import t from 'tap'
import { newMessageId, newObjectId } from '../../core/ids.js'
import { PREVIEW_UA, trafficFor } from '../harness/live.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

t.setTimeout(180_000)

const platform = await startTestPlatform(t, { simulatorReceiptDelayMs: 50 })
const { pool } = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const a = await createFixture(platform, platform.ingestUrl)
const b = await createFixture(platform, platform.ingestUrl)
const traffic = await trafficFor(t, platform, a, pool)

const get = async (path: string, key = a.apiKey) => {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, { headers: { 'x-api-key': key } })
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return { status: res.status, body: (await res.json()) as any }
}

t.test(
  'message timeline: queued, sent, receipt, clicks with bot marks, conversion, replies until the next message',
  async (t) => {
    const phone = traffic.phone()
    const [m1] = await traffic.sendTo([phone])
    await traffic.click(m1!, PREVIEW_UA)
    const human = await traffic.click(m1!)
    await traffic.click(m1!)
    t.equal(await traffic.convert(human.clickId!, 12.5), 200)
    t.equal(await traffic.reply(phone, 'Thanks!'), 200)
    await eventually(async () => {
      const { rows } = await pool.query(
        'SELECT 1 FROM inbound_messages WHERE account_id = $1 AND from_number = $2',
        [a.accountId, phone],
      )
      return rows.length === 1 || undefined
    })
    const [m2] = await traffic.sendTo([phone])
    t.equal(await traffic.reply(phone, 'HELP'), 200)

    type Entry = { type: string; at: string } & Record<string, unknown>
    const timeline = await eventually(
      async () => {
        const res = await get(`/messages/${m1!.messageId}`)
        const entries = res.body.timeline as Entry[]
        const has = (type: string, n: number) => entries.filter((e) => e.type === type).length === n
        return has('click', 3) && has('conversion', 1) && has('delivery', 1) && has('reply', 1)
          ? entries
          : undefined
      },
      30_000,
      "m1's timeline",
    )
    t.same(
      timeline.map((e) => e.at),
      [...timeline.map((e) => e.at)].sort((x, y) => Date.parse(x) - Date.parse(y)),
      'oldest first',
    )
    t.match(timeline[0], { type: 'queued' })
    t.match(
      timeline.find((e) => e.type === 'sent'),
      { provider: 'simulator' },
    )
    t.match(
      timeline.find((e) => e.type === 'delivery'),
      { status: 'delivered', status_detail: 'DELIVERED_TO_HANDSET', error_code: null },
    )
    const clicks = timeline.filter((e) => e.type === 'click')
    t.match(
      clicks.find((c) => c.human === false),
      { bot_reason: String, first: false, offer_id: a.offerId },
    )
    t.same(
      clicks.filter((c) => c.human).map((c) => c.first),
      [true, false],
      'the first human click holds the slot, the repeat does not',
    )
    t.match(
      timeline.find((e) => e.type === 'conversion'),
      { network: 'everflow', payout: 12.5, credited: true, source: 'postback' },
    )
    t.match(
      timeline.find((e) => e.type === 'reply'),
      { kind: 'other', opt_out: false, text: 'Thanks!' },
    )
    t.equal(timeline[timeline.length - 1]!.type, 'reply', 'the reply came last')

    const second = await eventually(async () => {
      const res = await get(`/messages/${m2!.messageId}`)
      return res.body.timeline.some((e: Entry) => e.type === 'reply') ? res.body.timeline : undefined
    })
    t.match(
      second.filter((e: Entry) => e.type === 'reply'),
      [{ kind: 'help', text: 'HELP' }],
      "the reply after the next message is that message's",
    )
    t.equal(
      (await get(`/messages/${m1!.messageId}`, b.apiKey)).status,
      404,
      "another account's message is not found",
    )
  },
)

t.test('message timeline: a message to an unsubscribed contact is dropped, with its reason', async (t) => {
  const phone = traffic.phone()
  await traffic.sendTo([phone])
  t.equal(await traffic.reply(phone, 'STOP'), 200)
  await eventually(async () => {
    const { rows } = await pool.query(
      `SELECT 1 FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
        WHERE c.account_id = $1 AND c.phone_number = $2 AND NOT lc.active`,
      [a.accountId, phone],
    )
    return rows.length === 1 || undefined
  })
  const [dropped] = await traffic.sendTo([phone])
  const res = await get(`/messages/${dropped!.messageId}`)
  t.equal(res.body.message.status, 'dropped')
  t.match(res.body.timeline, [{ type: 'queued' }, { type: 'dropped', status: 'dropped', reason: String }])
  t.notOk(
    res.body.timeline.some((e: { type: string }) => e.type === 'sent'),
    'never sent',
  )
})

t.test('replies inbox: by kind and by contact, with the contact id', async (t) => {
  const phone = traffic.phone()
  const [m] = await traffic.sendTo([phone])
  t.equal(await traffic.reply(phone, 'who is this?'), 200)
  t.equal(await traffic.reply(phone, 'HELP'), 200)
  const help = await eventually(async () => {
    const res = await get(`/replies?kind=help&contact_id=${m!.contactId}`)
    return res.body.replies.length === 1 ? res.body : undefined
  })
  t.match(help.replies[0], { kind: 'help', from: phone, contact_id: m!.contactId, body: 'HELP' })
  const all = await get(`/replies?contact_id=${m!.contactId}`)
  t.same(all.body.replies.map((r: { kind: string }) => r.kind).sort(), ['help', 'other'])
  t.equal((await get(`/replies?contact_id=${m!.contactId}`, b.apiKey)).body.replies.length, 0, 'not for B')
})

t.test('a campaign run: progress and its variants side by side with the selector’s posteriors', async (t) => {
  const created = async (path: string, body: unknown) => {
    const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
      method: 'POST',
      headers: { 'x-api-key': a.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await res.json()) as Record<string, Record<string, unknown>>
  }
  const automated = (
    await pool.query<{ id: number }>(
      `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type, status)
       VALUES ($1, $2, 'Auto one', 'Deal {{link1}}', $3, 'automated', 'active') RETURNING id`,
      [
        a.accountId,
        `cre_auto_${newObjectId().slice(-6)}`,
        JSON.stringify([{ key: 'link1', offer_id: a.offerId }]),
      ],
    )
  ).rows[0]!.id
  await pool.query(
    `INSERT INTO creative_stats (account_id, creative_id, feature, value, sends, clicks, conversions, revenue)
     VALUES ($1, $2, '', '', 200, 20, 4, 40)`,
    [a.accountId, automated],
  )
  const audience = await created('/audiences', {
    name: 'Everyone',
    filter: {
      operator: 'AND',
      conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
    },
  })
  const schedule = await created('/schedules', {
    name: 'Run detail',
    send_type: 'blast',
    is_repeating: false,
    send_time: '09:30',
    send_date: '2030-11-27',
    status: 'draft',
    audiences: [audience.audience?.id ?? audience.id],
    sending_list_id: a.listId,
    blasts: [
      {
        message: 'Deals {{link1}}',
        offer_links: [{ key: 'link1', offer_id: a.offerId }],
        percent_audience: 100,
      },
    ],
  })
  const scheduleId = String(schedule.schedule?.id)
  const runId = newObjectId()
  const occurrence = '2030-11-27'
  await pool.query(
    `INSERT INTO schedule_runs (id, account_id, schedule_id, occurrence, targeted, queued, variants, excluded)
     VALUES ($1, $2, $3, $4, 6, 5, '{"A":3,"ml":2}', '{"unsubscribed":1}')`,
    [runId, a.accountId, scheduleId, occurrence],
  )
  // Three messages of blast A (two sent, one clicked and converted, then partly refunded), two of the ML share.
  const ids: string[] = []
  for (const [variant, creative, status, sent] of [
    ['A', null, 'delivered', true],
    ['A', null, 'sent', true],
    ['A', null, 'queued', false],
    ['ml', automated, 'delivered', true],
    ['ml', automated, 'delivered', true],
  ] as const) {
    const id = newMessageId()
    const c = newObjectId()
    await pool.query('INSERT INTO contacts (id, account_id, phone_number) VALUES ($1, $2, $3)', [
      c,
      a.accountId,
      traffic.phone(),
    ])
    await pool.query(
      `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, status, sent_at, schedule_id,
                             schedule_occurrence, variant, creative_id)
       VALUES ($1, $2, $3, $4, '+12015550100', 'x', $5, $6, $7, $8, $9, $10)`,
      [
        id,
        a.accountId,
        a.listId,
        c,
        status,
        sent ? new Date() : null,
        scheduleId,
        occurrence,
        variant,
        creative,
      ],
    )
    ids.push(id)
  }
  await pool.query(
    `INSERT INTO message_clicks (message_id, account_id, click_id, contact_id, offer_id, clicked_at)
     VALUES ($1, $2, 'k1', 'c', $3, now())`,
    [ids[0], a.accountId, a.offerId],
  )
  await pool.query(
    `INSERT INTO conversion_ledger (event_id, account_id, message_id, click_id, amount)
     VALUES ($1, $2, $3, 'k1', 10), ($4, $2, $3, 'k1', -2.5)`,
    [newObjectId(), a.accountId, ids[0], newObjectId()],
  )

  const res = await get(`/schedules/${scheduleId}/runs/${runId}`)
  t.equal(res.status, 200)
  t.match(res.body.run, {
    id: runId,
    targeted: 6,
    queued: 5,
    excluded: { unsubscribed: 1, invalid: 0 },
    variants: { A: 3, ml: 2 },
    messages: { delivered: 3, sent: 1, queued: 1 },
    clicked: 1,
    revenue: 7.5,
  })
  const [blast, ml] = res.body.variants
  t.match(blast, {
    variant: 'A',
    creative_id: null,
    messages: 3,
    sent: 2,
    delivered: 1,
    clicked: 1,
    conversions: 1,
    revenue: 7.5,
    rps: 3.75,
    ml_posterior: null,
  })
  t.ok(
    blast.ctr.low < blast.ctr.mean && blast.ctr.mean < blast.ctr.high,
    'a credible interval around the mean',
  )
  t.equal(blast.ctr.mean, 0.5, 'Beta(1 + 1, 1 + 1): mean 0.5')
  t.match(ml, {
    variant: 'ml',
    creative_id: automated,
    creative_name: 'Auto one',
    messages: 2,
    sent: 2,
    clicked: 0,
    ml_posterior: { sends: 200, clicks: 20, conversions: 4, revenue: 40 },
  })
  t.ok(
    ml.ml_posterior.ctr.low < 0.1 && ml.ml_posterior.ctr.high > 0.1,
    "the selector's interval around 20/200",
  )
  t.equal((await get(`/schedules/${scheduleId}/runs/${newObjectId()}`)).status, 404, 'an unknown run')
  t.equal(
    (await get(`/schedules/${scheduleId}/runs/${runId}`, b.apiKey)).status,
    404,
    "another account's run",
  )
  const list = await get(`/schedules/${scheduleId}/runs`)
  t.equal(list.body.runs.length, 1)
})
