import fc from 'fast-check'
import t from 'tap'
import { clickRows, conversionRow, firstClickCandidates } from '../../core/attribution.js'
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
