// Pure parts of the live layer: SSE framing, resume positions, stream-id order, live events built from pipeline
// events (bots, conversions, replies, sends and receipts gathered per account).
import fc from 'fast-check'
import t from 'tap'
import type { ClickEvent, DeliveryEvent, InboundEvent, RevenueEvent, SendEvent } from '../../core/events.js'
import {
  clickEntries,
  compareStreamIds,
  conversionEntries,
  deliveryEntries,
  isStreamId,
  type LiveEntry,
  newestPerAccount,
  replyEntries,
  resumePosition,
  sendEntries,
  sseComment,
  sseFrame,
} from '../../core/live.js'

/** Parses SSE text as EventSource does (fields of each block; comments dropped). */
function parseSse(text: string): { id?: string; event?: string; data: string }[] {
  const out: { id?: string; event?: string; data: string }[] = []
  for (const block of text.split('\n\n').filter((b) => b !== '')) {
    const frame: { id?: string; event?: string; data: string } = { data: '' }
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = line.slice(0, colon)
      const value = line.slice(colon + 1).replace(/^ /, '')
      if (field === 'id') frame.id = value
      else if (field === 'event') frame.event = value
      else if (field === 'data') data.push(value)
    }
    if (data.length > 0) out.push({ ...frame, data: data.join('\n') })
  }
  return out
}

// Text with the characters SSE gives meaning to: line breaks of each kind, colons, spaces.
const text = fc.string({
  unit: fc.constantFrom('a', 'é', ':', ' ', '\n', '\r', '{', '"', '🛑'),
  maxLength: 20,
})

t.test('sseFrame: id, event and data survive any text, one frame per event', async (t) => {
  t.equal(
    sseFrame({ id: '1-0', event: 'click', data: '{"a":1}' }),
    'id: 1-0\nevent: click\ndata: {"a":1}\n\n',
  )
  t.equal(sseComment('heartbeat'), ': heartbeat\n\n')
  t.equal(sseComment('a\nb'), ': a b\n\n', 'a comment never ends early')
  fc.assert(
    fc.property(fc.array(fc.record({ id: text, event: text, data: text }), { maxLength: 5 }), (frames) => {
      const stream = frames.map((f) => sseFrame(f)).join('') + sseComment('x')
      const parsed = parseSse(stream)
      t.equal(parsed.length, frames.length)
      frames.forEach((f, i) => {
        // Line breaks inside data are kept (as \n); id and event lose theirs.
        t.equal(parsed[i]!.data, f.data.replace(/\r\n|\r/g, '\n'))
        t.equal(parsed[i]!.id, f.id.replace(/[\r\n]/g, ''))
        t.equal(parsed[i]!.event, f.event.replace(/[\r\n]/g, ''))
      })
    }),
    { numRuns: 200 },
  )
})

t.test('resumePosition: header first, then the query; a non-stream id is refused', async (t) => {
  t.equal(resumePosition(undefined, undefined), undefined)
  t.equal(resumePosition('', undefined), undefined)
  t.equal(resumePosition('5-1', '9-9'), '5-1', 'the header wins')
  t.equal(resumePosition(undefined, ' 9-9 '), '9-9')
  for (const bad of ['abc', '1-', '-1', '1-2-3', '1.5-2', `${'1'.repeat(21)}-0`]) {
    t.equal(resumePosition(bad, undefined), null, bad)
  }
  t.ok(isStreamId('1718000000000-0'))
})

t.test('compareStreamIds orders by milliseconds, then sequence, as numbers', async (t) => {
  t.equal(compareStreamIds('9-0', '10-0'), -1, 'not as text')
  t.equal(compareStreamIds('10-2', '10-10'), -1)
  t.equal(compareStreamIds('10-2', '10-2'), 0)
  const id = fc.tuple(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  )
  fc.assert(
    fc.property(id, id, ([am, as], [bm, bs]) => {
      const expected = am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1
      return compareStreamIds(`${am}-${as}`, `${bm}-${bs}`) === expected
    }),
  )
})

const base = { account_id: 'acc1', event_time: '2026-01-01T10:00:00.000Z' }

t.test('clicks: human or bot with its reason', async (t) => {
  const click = (id: string, bot: string, kind?: ClickEvent['kind']): ClickEvent => ({
    ...base,
    event_id: id,
    message_id: 'm1',
    link_code: 'Abc1234',
    offer_id: 'o1',
    contact_id: 'c1',
    ip: '203.0.113.1',
    user_agent: 'x',
    bot_reason: bot,
    ...(kind ? { kind } : {}),
  })
  const [human, bot, preview] = clickEntries(
    [click('k1', ''), click('k2', 'previewer'), click('k3', '', 'preview')],
    ['10', '11', '12'],
  )
  t.same(human, {
    accountId: 'acc1',
    offset: '10',
    event: {
      id: 'k1',
      type: 'click',
      at: base.event_time,
      message_id: 'm1',
      contact_id: 'c1',
      offer_id: 'o1',
      human: true,
      kind: 'redirect',
    },
  })
  t.match(bot!.event, { human: false, bot_reason: 'previewer' })
  t.match(preview!.event, { human: true, kind: 'preview' })
})

t.test('conversions carry network and signed payout; replies their class and opt-out', async (t) => {
  const revenue: RevenueEvent = {
    ...base,
    event_id: 'v1',
    message_id: 'm1',
    click_id: 'k1',
    network: 'everflow',
    transaction_id: 'tx',
    conversion_type: 'refund',
    amount: -5,
    source: 'postback',
  }
  t.match(conversionEntries([revenue], ['3'])[0]!.event, {
    type: 'conversion',
    network: 'everflow',
    payout: -5,
    conversion_type: 'refund',
  })
  t.notOk(
    'offer_id' in conversionEntries([revenue], ['3'])[0]!.event,
    'no offer when the postback named none',
  )
  const inbound = (id: string, body: string): InboundEvent => ({
    ...base,
    event_id: id,
    list_id: 7,
    provider: 'simulator',
    provider_message_id: id,
    from: '+12015550100',
    to: '+18005550100',
    body,
  })
  const [stop, thanks, long] = replyEntries(
    [inbound('r1', 'STOP'), inbound('r2', 'Thanks!'), inbound('r3', `${'é'.repeat(200)}🛑`)],
    ['1', '2', '3'],
  )
  t.match(stop!.event, { type: 'reply', kind: 'opt_out', opt_out: true, text: 'STOP', list_id: 7 })
  t.match(thanks!.event, { kind: 'other', opt_out: false })
  t.equal([...(long!.event as { text: string }).text].length, 160, 'text cut at 160 characters')
})

t.test('sends and receipts: one event per account of a batch, with its highest offset', async (t) => {
  const send = (account: string, message: string, time: string): SendEvent => ({
    account_id: account,
    event_id: `s-${message}`,
    event_time: time,
    message_id: message,
    contact_id: 'c',
    list_id: 1,
    to: '+12015550100',
    provider: 'simulator',
    segments: 1,
    cost: 0.01,
    creative_id: null,
    schedule_id: null,
    variant: null,
    offer_ids: [],
    imported: false,
  })
  const entries = sendEntries(
    'sends:0',
    [
      send('a', 'm1', '2026-01-01T10:00:01.000Z'),
      send('b', 'm2', '2026-01-01T10:00:02.000Z'),
      send('a', 'm3', '2026-01-01T10:00:03.000Z'),
    ],
    ['9', '10', '11'],
  )
  t.same(
    entries.map((e) => [e.accountId, e.offset, e.event]),
    [
      ['a', '11', { id: 'send:sends:0:11:a', type: 'send', at: '2026-01-01T10:00:03.000Z', count: 2 }],
      [
        'b',
        '10',
        { id: 'send:sends:0:10:b', type: 'send', at: '2026-01-01T10:00:02.000Z', count: 1, message_id: 'm2' },
      ],
    ],
  )
  const receipt = (status: DeliveryEvent['status'], message: string): DeliveryEvent => ({
    ...base,
    event_id: `d-${message}`,
    message_id: message,
    list_id: 1,
    provider: 'simulator',
    provider_message_id: `p-${message}`,
    status,
    status_detail: status,
    error_code: null,
  })
  const [d] = deliveryEntries(
    'deliveries:1',
    [
      receipt('delivered', 'm1'),
      receipt('failed', 'm2'),
      receipt('undelivered', 'm3'),
      receipt('sent', 'm4'),
    ],
    ['1', '2', '3', '4'],
  )
  t.match(d!.event, { type: 'delivery', count: 4, delivered: 1, failed: 2 })
  t.equal(d!.offset, '4')
  t.same(sendEntries('sends:0', [], []), [])
})

t.test('newestPerAccount: the newest entries of each account, in order, up to the cap', async (t) => {
  const entry = (accountId: string, offset: number): LiveEntry => ({
    accountId,
    offset: String(offset),
    event: {
      id: `e${offset}`,
      type: 'send',
      at: '2026-12-06T00:00:00.000Z',
      count: 1,
    } as unknown as LiveEntry['event'],
  })
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 60 }),
      fc.integer({ min: 1, max: 10 }),
      (accounts, max) => {
        const entries = accounts.map((a, i) => entry(a, i))
        const kept = newestPerAccount(entries, max)
        // Same as keeping, per account, the last `max` of its entries, and in the batch's order.
        const expected = entries.filter(
          (e, i) => entries.slice(i + 1).filter((l) => l.accountId === e.accountId).length < max,
        )
        return JSON.stringify(kept) === JSON.stringify(expected)
      },
    ),
  )
  t.same(
    newestPerAccount([entry('a', 1), entry('b', 2), entry('a', 3), entry('a', 4)], 2).map((e) => e.offset),
    ['2', '3', '4'],
  )
})
