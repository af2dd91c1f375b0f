// POST /schedules/estimate (the campaign builder's review): the audience of a schedule body counted against an
// independent count of hand-made contacts, each variant's segments as /creatives/estimate counts them, the cost at
// the price of spec §20; the same error codes as create; another account's audience never counted; nothing written.
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import { messageCost } from '../../core/pricing.js'
import { apiHarness, type TestAccount } from '../harness/api.js'

const h = await apiHarness(t)
const acct = await h.account()
const other = await h.account()
const URL = '/api/v2/schedules/estimate'

const L1 = acct.list.id
const L2 = (await h.list(acct.accountId)).id

interface Member {
  contactId: string
  list: number
  active: boolean
  tier: string
  blocked: boolean
}
const members: Member[] = []

async function seedContacts(account: TestAccount, lists: number[], n: number, into: Member[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const contactId = newObjectId()
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
    await h.pg.pool.query('INSERT INTO contacts (id, account_id, phone_number) VALUES ($1,$2,$3)', [
      contactId,
      account.accountId,
      phone,
    ])
    const blocked = i === 3
    if (blocked) {
      await h.pg.pool.query(
        `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'test')`,
        [account.accountId, phone],
      )
    }
    // Every contact on the first list; every third on the second too; every seventh unsubscribed on the first.
    const on = i % 3 === 0 ? lists : lists.slice(0, 1)
    for (const list of on) {
      const m = {
        contactId,
        list,
        active: !(list === lists[0] && i % 7 === 6),
        tier: i % 2 ? 'gold' : 'silver',
        blocked,
      }
      into.push(m)
      await h.pg.pool.query(
        `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, custom_fields)
         VALUES ($1,$2,$3,$4,$5,$6)`,
        [newObjectId(), account.accountId, list, contactId, m.active, JSON.stringify({ tier: m.tier })],
      )
    }
  }
}
await seedContacts(acct, [L1, L2], 40, members)
await seedContacts(other, [other.list.id], 10, [])

const tierIs = (tier: string) => ({
  operator: 'AND',
  conditions: [{ condition_type: 'custom_field', field: 'custom_fields.tier', operator: 'eq', value: tier }],
  groups: [],
})
const everyone = {
  operator: 'AND',
  conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
  groups: [],
}

async function insertAudience(
  account: TestAccount,
  sourceLists: number[],
  filter: unknown,
  status = 'active',
): Promise<string> {
  const id = newObjectId()
  await h.pg.pool.query(
    `INSERT INTO audiences (id, account_id, name, source_lists, filter, status) VALUES ($1,$2,$3,$4,$5::jsonb,$6)`,
    [id, account.accountId, `Audience ${id}`, sourceLists, JSON.stringify(filter), status],
  )
  return id
}

// Gold on the first list, and everyone on the second: overlapping, so the union must de-duplicate.
const goldOnL1 = await insertAudience(acct, [L1], tierIs('gold'))
const allOnL2 = await insertAudience(acct, [L2], everyone)
const archived = await insertAudience(acct, [L1], everyone, 'archived')
const foreign = await insertAudience(other, [], everyone)

const { rows: offerRows } = await h.pg.pool.query<{ id: string }>(
  `INSERT INTO offers (id, account_id, slug, name, tracking_url) VALUES ($1, $2, $3, 'Offer', $4) RETURNING id`,
  [newObjectId(), acct.accountId, `ofr_est_${Date.now()}`, 'https://network.example/click?sub1={{click_id}}'],
)
const offer = offerRows[0]!.id

const sendable = (pred: (m: Member) => boolean) =>
  new Set(members.filter((m) => m.active && !m.blocked && pred(m)).map((m) => m.contactId)).size
const unionCount = sendable((m) => (m.list === L1 && m.tier === 'gold') || m.list === L2)

const LONG = `${'Big winter sale on everything in store, today only. '.repeat(3)}{{link1}}`
const body = (over: Record<string, unknown> = {}) => ({
  name: 'Winter sale',
  send_type: 'blast',
  is_repeating: false,
  send_time: '09:30',
  send_date: '2026-12-20',
  audiences: [goldOnL1, allOnL2],
  sending_list_id: L1,
  blasts: [
    {
      variant_name: 'Short',
      message: 'Sale {{link1}}',
      offer_links: [{ key: 'link1', offer_id: offer }],
      percent_audience: 50,
    },
    {
      variant_name: 'Long',
      message: LONG,
      offer_links: [{ key: 'link1', offer_id: offer }],
      percent_audience: 50,
    },
  ],
  ...over,
})

/** What the estimate could have written for the account (scoped: other test files write schedules meanwhile). */
async function tableCounts(): Promise<string> {
  const { rows } = await h.pg.pool.query(
    `SELECT (SELECT count(*) FROM schedules WHERE account_id = $1) AS s,
            (SELECT count(*) FROM schedule_blasts b JOIN schedules s ON s.id = b.schedule_id
              WHERE s.account_id = $1) AS b,
            (SELECT count(*) FROM audiences WHERE account_id = $1 AND cached_size IS NOT NULL) AS sized`,
    [acct.accountId],
  )
  return JSON.stringify(rows[0])
}

t.test('the review figures: union audience, per-variant segments, total and cost', async (t) => {
  const before = await tableCounts()
  const res = await h.request('POST', URL, acct.keys.viewer, body())
  t.equal(res.status, 200, JSON.stringify(res.body))
  const e = res.body
  t.ok(unionCount > 10, `a union worth counting (${unionCount})`)
  t.equal(e.audience, unionCount, 'distinct sendable contacts of the union')
  t.equal(e.automated.recipients, 0, 'no automated creative, no ML share')
  t.equal(e.variants.length, 2)
  t.equal(e.variants[0].recipients + e.variants[1].recipients, unionCount, 'variants add up to the audience')
  t.ok(Math.abs(e.variants[0].recipients - e.variants[1].recipients) <= 1, '50/50')
  for (const [i, v] of e.variants.entries()) {
    const message = body().blasts[i]!.message
    const creative = await h.request('POST', '/api/v2/creatives/estimate', acct.keys.viewer, { message })
    t.equal(v.name, ['Short', 'Long'][i])
    t.equal(v.percent, 50)
    t.equal(v.character_count, creative.body.character_count, `${v.name}: characters as /creatives/estimate`)
    t.equal(v.segment_count, creative.body.segment_count)
    t.equal(v.encoding, 'GSM-7')
    t.equal(v.segments, v.recipients * v.segment_count)
  }
  // By hand: "Test Brand: " + body with a 23-character link + " Reply stop to stop. Help for help."
  t.equal(e.variants[0].character_count, 12 + 'Sale '.length + 23 + 35)
  t.equal(e.variants[0].segment_count, 1)
  t.equal(e.variants[1].segment_count, 2, 'the long variant takes two segments')
  const segments = e.variants[0].recipients + 2 * e.variants[1].recipients
  t.equal(e.segments, segments)
  t.equal(e.cost_usd, messageCost(segments))
  t.equal(e.cost_usd, Math.round(segments * 0.0045 * 1e6) / 1e6)
  t.equal(await tableCounts(), before, 'nothing written')
})

t.test('source_lists narrow the audiences; one audience alone', async (t) => {
  const onlyL1 = await h.request('POST', URL, acct.keys.member, body({ source_lists: [L1] }))
  t.equal(
    onlyL1.body.audience,
    sendable((m) => m.list === L1 && m.tier === 'gold'),
  )
  const single = await h.request('POST', URL, acct.keys.member, body({ audiences: [allOnL2] }))
  t.equal(
    single.body.audience,
    sendable((m) => m.list === L2),
  )
})

t.test('errors: the codes of create, and another account’s ids never counted', async (t) => {
  const cases: Array<[Record<string, unknown>, number, string]> = [
    [{ name: '' }, 400, 'missing_name'],
    [{ send_time: '25:00' }, 400, 'invalid_send_time'],
    [{ send_date: null }, 400, 'missing_send_date'],
    [{ send_date: '2026-02-30' }, 400, 'invalid_date'],
    [
      { is_repeating: true, send_date: null, start_date: '2026-12-01', end_date: '2026-12-31' },
      400,
      'no_days_selected',
    ],
    [{ audiences: [] }, 400, 'missing_audiences'],
    [{ automated_percent: 101 }, 400, 'invalid_automated_percent'],
    [
      {
        blasts: [
          { message: 'A {{link1}}', offer_links: [{ key: 'link1', offer_id: offer }], percent_audience: 50 },
          { message: 'B {{link1}}', offer_links: [{ key: 'link1', offer_id: offer }], percent_audience: 40 },
        ],
      },
      400,
      'invalid_blast_percent',
    ],
    [{ audiences: [goldOnL1, archived] }, 404, 'audience_not_found'],
    [{ audiences: [foreign] }, 404, 'audience_not_found'],
    [{ source_lists: [other.list.id] }, 404, 'source_list_not_found'],
    [{ sending_list_id: other.list.id }, 404, 'list_not_found'],
  ]
  for (const [over, status, code] of cases) {
    const estimate = await h.request('POST', URL, acct.keys.owner, body(over))
    const create = await h.request('POST', '/api/v2/schedules', acct.keys.owner, body(over))
    t.equal(estimate.status, status, `${code}: status`)
    t.equal(estimate.body.code, code, `${code}: code`)
    t.same(estimate.body, create.body, `${code}: the same reply as create`)
  }
  const foreignOffer = await h.request(
    'POST',
    URL,
    other.keys.owner,
    body({ audiences: [foreign], sending_list_id: null }),
  )
  t.equal(foreignOffer.body.code, 'offer_not_found', 'an offer of another account')
})

t.test('the other account counts only its own contacts', async (t) => {
  const res = await h.request('POST', URL, other.keys.viewer, {
    ...body({ audiences: [foreign], sending_list_id: null }),
    blasts: [{ message: 'Hi there', percent_audience: 100 }],
  })
  t.equal(res.status, 200, JSON.stringify(res.body))
  t.equal(res.body.audience, 8, 'its ten contacts but the blocked and the unsubscribed one')
})

t.test('the automated (ML) share: split off first, measured by the longest automated creative', async (t) => {
  const ml = await h.account()
  await seedContacts(ml, [ml.list.id], 10, [])
  const everyoneHere = await insertAudience(ml, [], everyone)
  const { rows } = await h.pg.pool.query<{ id: string }>(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url) VALUES ($1, $2, $3, 'Offer', $4) RETURNING id`,
    [newObjectId(), ml.accountId, `ofr_ml_${Date.now()}`, 'https://network.example/click?sub1={{click_id}}'],
  )
  const mlOffer = rows[0]!.id
  const creatives = ['Short one {{link1}}', `${'A much longer automated message. '.repeat(5)}{{link1}}`]
  for (const [i, message] of creatives.entries()) {
    const res = await h.request('POST', '/api/v2/creatives', ml.keys.member, {
      name: `Automated ${i}`,
      message,
      offer_links: [{ key: 'link1', offer_id: mlOffer }],
    })
    t.equal(res.status, 201, JSON.stringify(res.body))
  }
  const longest = await h.request('POST', '/api/v2/creatives/estimate', ml.keys.viewer, {
    message: creatives[1],
  })
  const res = await h.request('POST', URL, ml.keys.viewer, {
    ...body({ audiences: [everyoneHere], sending_list_id: null, automated_percent: 30 }),
    blasts: [
      { variant_name: 'A', message: 'Hello A', percent_audience: 50 },
      { variant_name: 'B', message: 'Hello B', percent_audience: 50 },
    ],
  })
  t.equal(res.status, 200, JSON.stringify(res.body))
  const e = res.body
  t.equal(e.audience, 8, 'ten contacts but the blocked and the unsubscribed one')
  t.same(e.automated, {
    percent: 30,
    recipients: 2,
    creatives: 2,
    segment_count: longest.body.segment_count,
    segments: 2 * longest.body.segment_count,
  })
  t.same(
    e.variants.map((v: { recipients: number }) => v.recipients),
    [3, 3],
    'the rest split 50/50',
  )
  t.equal(e.segments, 2 * longest.body.segment_count + 6)
  t.equal(e.cost_usd, messageCost(e.segments))

  const allMl = await h.request('POST', URL, ml.keys.viewer, {
    ...body({ audiences: [everyoneHere], sending_list_id: null, send_type: 'automated' }),
    blasts: [],
  })
  t.equal(allMl.status, 200, JSON.stringify(allMl.body))
  t.match(allMl.body, { audience: 8, automated: { percent: 100, recipients: 8 }, variants: [] })
})

t.test('who would be left out now: invalid, in a journey, messaged within the cap', async (t) => {
  const acc = await h.account()
  const ids: string[] = []
  for (let i = 0; i < 6; i++) {
    const contactId = newObjectId()
    ids.push(contactId)
    await h.pg.pool.query(
      `INSERT INTO contacts (id, account_id, phone_number, is_valid, validation_status) VALUES ($1,$2,$3,$4,$5)`,
      [
        contactId,
        acc.accountId,
        `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
        i !== 0,
        i === 1 ? 'unreachable' : null,
      ],
    )
    await h.pg.pool.query(
      `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, in_workflow)
       VALUES ($1,$2,$3,$4,true,$5)`,
      [newObjectId(), acc.accountId, acc.list.id, contactId, i === 0 || i === 2],
    )
  }
  // Contact 3 got a message an hour ago; contact 4's message a week ago is outside a 24-hour cap; contact 5's
  // dropped message does not count.
  for (const [i, hoursAgo, status] of [
    [3, 1, 'sent'],
    [4, 24 * 7, 'sent'],
    [5, 1, 'dropped'],
  ] as const) {
    await h.pg.pool.query(
      `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, status, created_at, sent_at)
       VALUES ($1, $2, $3, $4, '+15550000000', 'Earlier', $5, now() - $6 * interval '1 hour',
               now() - $6 * interval '1 hour')`,
      [newObjectId(), acc.accountId, acc.list.id, ids[i], status, hoursAgo],
    )
  }
  const everyoneHere = await insertAudience(acc, [], everyone)
  const estimate = async (skip: number) => {
    const res = await h.request('POST', URL, acc.keys.viewer, {
      ...body({ audiences: [everyoneHere], sending_list_id: null, skip_within_hours: skip }),
      blasts: [{ variant_name: 'Only', message: 'Hello', percent_audience: 100 }],
    })
    t.equal(res.status, 200, JSON.stringify(res.body))
    return res.body
  }
  const capped = await estimate(24)
  t.equal(capped.audience, 6)
  t.same(
    capped.excluded,
    { invalid: 2, in_workflow: 1, frequency_cap: 1 },
    'contact 0 is invalid (and in a journey: counted once, as invalid), 1 unreachable, 2 in a journey, 3 capped',
  )
  t.equal(capped.recipients, 2, 'contacts 4 and 5')
  t.equal(capped.variants[0].recipients, 2, 'the shares divide the recipients, not the audience')
  const uncapped = await estimate(0)
  t.same(uncapped.excluded, { invalid: 2, in_workflow: 1, frequency_cap: 0 }, 'no cap, nobody capped')
  t.equal(uncapped.recipients, 3)
})

t.test('an unsigned caller is refused', async (t) => {
  const res = await h.request('POST', URL, undefined, body())
  t.equal(res.status, 401)
})
