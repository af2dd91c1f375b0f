import fc from 'fast-check'
import t from 'tap'
import {
  activityDeltas,
  clickRows,
  conversionRow,
  countsAsClick,
  creditConversion,
  firstClickCandidates,
} from '../../core/attribution.js'
import type { ClickEvent, RevenueEvent } from '../../core/events.js'

const click = (id: string, message: string, bot = ''): ClickEvent => ({
  event_id: id,
  account_id: 'acc',
  event_time: '2026-11-01T00:00:00.000Z',
  message_id: message,
  link_code: 'Abc1234',
  offer_id: 'offer',
  contact_id: `contact-${message}`,
  ip: '203.0.113.7',
  user_agent: 'ua',
  bot_reason: bot,
})

t.test('the first human click of each message is the candidate; bots never are', async (t) => {
  const clicks = [
    click('b1', 'm1', 'bot_user_agent'),
    click('h1', 'm1'),
    click('h2', 'm1'),
    click('h3', 'm2'),
  ]
  t.same(
    firstClickCandidates(clicks).map((c) => [c.messageId, c.clickId]),
    [
      ['m1', 'h1'],
      ['m2', 'h3'],
    ],
  )
  const rows = clickRows(
    clicks,
    new Map([
      ['m1', 'h1'],
      ['m2', 'h3'],
    ]),
  )
  t.same(
    rows.map((r) => [r.event_id, r.is_bot, r.is_first]),
    [
      ['b1', 1, 0],
      ['h1', 0, 1],
      ['h2', 0, 0],
      ['h3', 0, 1],
    ],
  )
})

t.test('an earlier winner from state keeps the slot over this batch', async (t) => {
  const rows = clickRows([click('h9', 'm1')], new Map([['m1', 'h1']]))
  t.equal(rows[0]!.is_first, 0)
})

t.test('at most one candidate per message, and it is the first non-bot click in order', async () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ m: fc.constantFrom('a', 'b', 'c'), bot: fc.boolean() }), { maxLength: 40 }),
      (spec) => {
        const clicks = spec.map((s, i) => click(`c${i}`, s.m, s.bot ? 'bot_user_agent' : ''))
        const candidates = firstClickCandidates(clicks)
        const messages = new Set(candidates.map((c) => c.messageId))
        if (messages.size !== candidates.length) return false
        return candidates.every(
          (c) => c.clickId === clicks.find((k) => k.message_id === c.messageId && !k.bot_reason)?.event_id,
        )
      },
    ),
  )
})

t.test('revenue goes to the first click, or to the named click when none is known', async (t) => {
  const event: RevenueEvent = {
    event_id: 'cv_1',
    account_id: 'acc',
    event_time: '2026-11-01T01:00:00.000Z',
    message_id: 'm1',
    click_id: 'later',
    network: 'everflow',
    transaction_id: 'tx',
    conversion_type: 'sale',
    amount: 10,
    source: 'postback',
  }
  const first = {
    accountId: 'acc',
    messageId: 'm1',
    clickId: 'first',
    contactId: 'contact',
    offerId: 'offer',
    clickedAt: '2026-11-01T00:00:00.000Z',
  }
  const credited = conversionRow(event, first)
  t.same(
    [credited.attributed_click_id, credited.offer_id, credited.contact_id],
    ['first', 'offer', 'contact'],
  )
  t.equal(conversionRow(event, undefined).attributed_click_id, 'later')
})

t.test('an interstitial view never takes the slot; its Continue press does', async (t) => {
  const preview = { ...click('p1', 'm1'), kind: 'preview' as const }
  const confirm = { ...click('c1', 'm1'), kind: 'confirm' as const }
  t.same(
    firstClickCandidates([preview, confirm]).map((c) => c.clickId),
    ['c1'],
  )
  t.same(firstClickCandidates([preview]), [])
  t.equal(
    countsAsClick({ bot_reason: 'link_preview', kind: 'confirm' }),
    false,
    'a bot confirming is still a bot',
  )
})

t.test('click rows carry their message dimensions and kind', async (t) => {
  const dims = new Map([
    [
      'm1',
      {
        listId: 7,
        contactId: 'k',
        creativeId: 3,
        scheduleId: 's',
        variant: 'B',
        carrier: 'Verizon',
        offerIds: ['o1'],
      },
    ],
  ])
  const [row] = clickRows([{ ...click('c1', 'm1'), kind: 'confirm', country: 'US' }], new Map(), dims)
  t.match(row, {
    list_id: 7,
    creative_id: 3,
    schedule_id: 's',
    variant: 'B',
    carrier: 'Verizon',
    kind: 'confirm',
    country: 'US',
  })
  const [bare] = clickRows([click('c2', 'm2')], new Map())
  t.match(bare, { list_id: 0, creative_id: null, carrier: '', kind: 'redirect', country: '', imported: 0 })
})

const sale = (time: string): RevenueEvent => ({
  event_id: 'cv_w',
  account_id: 'acc',
  event_time: time,
  message_id: 'm1',
  click_id: 'named',
  network: 'tune',
  transaction_id: 'tx',
  conversion_type: 'sale',
  amount: 5,
  source: 'postback',
})
const firstAt = (clickedAt: string) => ({
  accountId: 'acc',
  messageId: 'm1',
  clickId: 'first',
  contactId: 'contact',
  offerId: 'offer',
  clickedAt,
})

t.test('the offer click window decides whether a conversion is credited', async (t) => {
  const within = conversionRow(sale('2026-11-08T00:00:00.000Z'), firstAt('2026-11-01T00:00:00.000Z'), {
    windowDays: 7,
  })
  t.equal(within.outside_window, 0)
  t.equal(within.seconds_from_click, 7 * 86_400)
  const outside = conversionRow(sale('2026-11-08T00:00:01.000Z'), firstAt('2026-11-01T00:00:00.000Z'), {
    windowDays: 7,
  })
  t.equal(outside.outside_window, 1)
  const defaultWindow = conversionRow(sale('2027-01-29T00:00:00.000Z'), firstAt('2026-11-01T00:00:00.000Z'))
  t.equal(defaultWindow.outside_window, 0, '89 days is inside the default 90')
  const unknown = conversionRow(sale('2027-11-01T00:00:00.000Z'), undefined)
  t.equal(unknown.outside_window, 0, 'no click known yet: judged when it arrives')
  t.equal(unknown.seconds_from_click, null)
})

t.test('a re-post keeps the first amount and counts its postings', async (t) => {
  const row = conversionRow({ ...sale('2026-11-01T00:00:00.000Z'), amount: 99 }, undefined, {
    amount: 5,
    postings: 2,
  })
  t.equal(row.amount, 5)
  t.equal(row.postings, 2)
})

t.test('crediting is idempotent and order-independent', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 200 * 86_400 }), fc.integer({ min: 1, max: 90 }), (secs, days) => {
      const first = firstAt('2026-01-01T00:00:00.000Z')
      const event = sale(new Date(Date.parse(first.clickedAt) + secs * 1000).toISOString())
      const direct = conversionRow(event, first, { windowDays: days })
      const late = creditConversion(conversionRow(event, undefined), first, days)
      const twice = creditConversion(direct, first, days)
      return (
        JSON.stringify(direct) === JSON.stringify(late) &&
        JSON.stringify(direct) === JSON.stringify(twice) &&
        direct.outside_window === (secs > days * 86_400 ? 1 : 0)
      )
    }),
  )
})

t.test('activity deltas sum per list contact and keep the latest times', async (t) => {
  const deltas = activityDeltas([
    { listId: 1, contactId: 'a', sends: 1, lastSentAt: '2026-11-01T00:00:00.000Z' },
    { listId: 1, contactId: 'a', sends: 1, lastSentAt: '2026-11-03T00:00:00.000Z' },
    { listId: 1, contactId: 'a', revenue: -2.5, conversions: 0, lastRevenueAt: '2026-11-02T00:00:00.000Z' },
    { listId: 2, contactId: 'a', clicks: 1, lastClickedAt: '2026-11-02T00:00:00.000Z' },
    { listId: 0, contactId: 'x', sends: 1 },
  ])
  t.equal(deltas.length, 2, 'rows without a list contact are dropped')
  t.match(deltas[0], { listId: 1, sends: 2, revenue: -2.5, lastSentAt: '2026-11-03T00:00:00.000Z' })
  t.match(deltas[1], { listId: 2, clicks: 1, sends: 0, lastSentAt: null })
})
