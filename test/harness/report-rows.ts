// The hand-made event rows of test/integration/reports.test.ts, as the processors write them: four messages of one
// account (bots, interstitial views, confirmations, refunds, out-of-window conversions, receipts, opt-outs) and a
// send and click of another account that must never show in the first one's reports.
const M = 60_000
const D = 24 * 60 * M

export interface ReportRowsOptions {
  account: string
  otherAccount: string
  list: number
  /** The row time `ms` after the test's t0, as ClickHouse takes it. */
  at: (ms: number) => string
  contacts: { c1: string; c2: string; c3: string }
}

export function reportRows(o: ReportRowsOptions) {
  const { account: A, list: L, at } = o
  const { c1, c2, c3 } = o.contacts
  const ids = { m1: 'rpt00001', m2: 'rpt00002', m3: 'rpt00003', m4: 'rpt00004' }
  const send = (
    event: string,
    message: string,
    contactId: string,
    ms: number,
    o: Record<string, unknown>,
  ) => ({
    account_id: A,
    event_id: event,
    event_time: at(ms),
    message_id: message,
    contact_id: contactId,
    list_id: L,
    to_number: '+12015550100',
    provider: 'simulator',
    segments: 1,
    cost: 0.01,
    creative_id: null,
    schedule_id: null,
    variant: null,
    offer_ids: [],
    imported: 0,
    carrier: '',
    ...o,
  })
  const sends = [
    send('s1', ids.m1, c1, 0, {
      creative_id: 11,
      schedule_id: 'schA',
      variant: 'A',
      offer_ids: ['o1'],
      carrier: 'att',
    }),
    send('s2', ids.m2, c2, M, {
      creative_id: 11,
      schedule_id: 'schA',
      variant: 'B',
      offer_ids: ['o1', 'o2'],
      carrier: 'tmobile',
      segments: 2,
      cost: 0.02,
    }),
    send('s3', ids.m3, c3, 2 * M, { creative_id: 12, offer_ids: ['o2'], carrier: 'att' }),
    send('s4', ids.m4, c1, D, { creative_id: 12, offer_ids: ['o2'], carrier: 'att' }),
  ]
  /** The processors write a send's carrier on its clicks and conversions. */
  const carrierOf = (message: string) => sends.find((s) => s.message_id === message)?.carrier ?? ''
  /** ... and its contact and dimensions on its receipts. */
  const delivery = (event: string, message: string, status: string, ms: number) => {
    const s = sends.find((x) => x.message_id === message)!
    return {
      account_id: A,
      event_id: event,
      event_time: at(ms),
      message_id: message,
      list_id: L,
      provider: 'simulator',
      provider_message_id: `p-${event}`,
      status,
      status_detail: status,
      error_code: null,
      contact_id: s.contact_id,
      carrier: s.carrier,
      creative_id: s.creative_id,
      schedule_id: s.schedule_id,
      variant: s.variant,
      offer_ids: s.offer_ids,
    }
  }
  const deliveries = [
    delivery('d1', ids.m1, 'delivered', 5_000),
    delivery('d2', ids.m2, 'delivered', M + 5_000),
    delivery('d3', ids.m3, 'failed', 2 * M + 5_000),
    delivery('d4', ids.m4, 'undelivered', D + 5_000),
  ]
  const click = (
    event: string,
    message: string,
    contactId: string,
    ms: number,
    o: Record<string, unknown>,
  ) => ({
    account_id: A,
    event_id: event,
    event_time: at(ms),
    message_id: message,
    link_code: 'Abc1234',
    offer_id: 'o1',
    contact_id: contactId,
    ip: '203.0.113.9',
    user_agent: 'Mozilla/5.0',
    bot_reason: '',
    is_bot: 0,
    is_first: 0,
    kind: 'redirect',
    country: 'US',
    list_id: L,
    creative_id: 11,
    schedule_id: 'schA',
    variant: 'A',
    carrier: carrierOf(message),
    ...o,
  })
  const clicks = [
    click('k1', ids.m1, c1, 10 * M, { is_first: 1 }),
    click('k2', ids.m1, c1, 10 * M + 1, { is_bot: 1, bot_reason: 'previewer' }),
    click('k3', ids.m1, c1, 11 * M, {}),
    click('k4', ids.m2, c2, 12 * M, { kind: 'preview', variant: 'B' }),
    click('k5', ids.m2, c2, 12 * M + 3_000, { kind: 'confirm', is_first: 1, variant: 'B' }),
  ]
  const conversion = (
    event: string,
    message: string,
    contactId: string,
    ms: number,
    o: Record<string, unknown>,
  ) => ({
    account_id: A,
    event_id: event,
    event_time: at(ms),
    message_id: message,
    click_id: 'k1',
    attributed_click_id: 'k1',
    offer_id: 'o1',
    contact_id: contactId,
    network: 'everflow',
    transaction_id: `tx-${event}`,
    conversion_type: 'sale',
    amount: 10,
    source: 'postback',
    list_id: L,
    creative_id: 11,
    schedule_id: 'schA',
    variant: 'A',
    carrier: carrierOf(message),
    outside_window: 0,
    ...o,
  })
  const conversions = [
    conversion('v1', ids.m1, c1, 20 * M, {}),
    conversion('v2', ids.m2, c2, 21 * M, {
      amount: 5,
      variant: 'B',
      click_id: 'k5',
      attributed_click_id: 'k5',
    }),
    conversion('v3', ids.m1, c1, 22 * M, { conversion_type: 'refund', amount: -4 }),
    conversion('v4', ids.m2, c2, 23 * M, { amount: 100, outside_window: 1, variant: 'B' }),
    conversion('v5', ids.m4, c1, 9 * D, {
      amount: 7,
      offer_id: 'o2',
      creative_id: 12,
      schedule_id: null,
      variant: null,
    }),
  ]
  const contactEvents = [
    {
      account_id: A,
      event_id: 'u1',
      event_time: at(5 * M),
      type: 'unsubscribed',
      contact_id: c3,
      list_contact_id: 'lc3',
      list_id: L,
      signup_method: '',
      reason: 'message',
    },
    {
      account_id: A,
      event_id: 'u2',
      event_time: at(6 * M),
      type: 'subscribed',
      contact_id: c2,
      list_contact_id: 'lc2',
      list_id: L,
      signup_method: 'api',
      reason: '',
    },
  ]
  // The other account: rows that must never show in A's reports.
  const foreign = [
    { table: 'sends', rows: [{ ...send('x1', 'rptx0001', c1, 0, {}), account_id: o.otherAccount }] },
    {
      table: 'clicks',
      rows: [{ ...click('x2', 'rptx0001', c1, M, { is_first: 1 }), account_id: o.otherAccount }],
    },
  ]
  return { ids, send, sends, deliveries, clicks, conversions, contactEvents, foreign }
}
