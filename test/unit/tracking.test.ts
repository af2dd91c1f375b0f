import fc from 'fast-check'
import t from 'tap'
import { newClickId } from '../../core/ids.js'
import { CLICK_ID_PARAM, clickIdParamFor, NETWORKS, parsePostback, redirectUrl } from '../../core/tracking.js'

const clickId = newClickId('AbC12345')

t.test('the click id goes where each network expects it', async (t) => {
  t.equal(clickIdParamFor('everflow', null), 'sub1')
  t.equal(clickIdParamFor('tune', null), 'aff_click_id')
  t.equal(clickIdParamFor('cake', null), 's2')
  t.equal(clickIdParamFor(null, null), 'click_id')
  t.equal(clickIdParamFor('everflow', 'sub3'), 'sub3', 'an offer-configured parameter wins')
})

t.test('redirect URLs keep the offer URL and add or replace the click id', async (t) => {
  t.equal(
    redirectUrl('https://trk.example/c?aff=1', 'sub1', clickId),
    `https://trk.example/c?aff=1&sub1=${clickId}`,
  )
  t.equal(
    redirectUrl('https://trk.example/c?sub1=OLD&x=2', 'sub1', clickId),
    `https://trk.example/c?sub1=${clickId}&x=2`,
  )
  t.equal(
    redirectUrl('https://trk.example/c?aff_sub={{click_id}}&o=9', 'aff_click_id', clickId),
    `https://trk.example/c?aff_sub=${clickId}&o=9`,
    'a {{click_id}} macro is filled in place',
  )
  t.equal(
    redirectUrl('https://trk.example/path#frag', 's2', clickId),
    `https://trk.example/path?s2=${clickId}#frag`,
  )
})

t.test('postbacks: each network form parses', async (t) => {
  const ef = parsePostback('everflow', { click_id: clickId, payout: '12.50', transaction_id: 'T1' })
  t.same(ef, {
    ok: true,
    value: { clickId, messageId: 'AbC12345', amount: 12.5, transactionId: 'T1', conversionType: 'sale' },
  })
  const tune = parsePostback('tune', { click_id: clickId, payout: '3', conversion_id: 'C9' })
  t.equal(tune.ok && tune.value.transactionId, 'C9')
  const cake = parsePostback('cake', { click_id: clickId, price: '7.25', lead_id: 'L5' })
  t.equal(cake.ok && cake.value.amount, 7.25)
  t.equal(cake.ok && cake.value.transactionId, 'L5')
  const refund = parsePostback('everflow', {
    click_id: clickId,
    payout: '5',
    transaction_id: 'R',
    event_type: 'Refund',
  })
  t.equal(refund.ok && refund.value.amount, -5, 'refunds reverse revenue')
  const lead = parsePostback('everflow', { click_id: clickId, event: 'lead' })
  t.same(lead.ok && [lead.value.amount, lead.value.conversionType], [0, 'lead'], 'payout defaults to 0')
  const noTx = parsePostback('everflow', { click_id: clickId, payout: '1' })
  t.equal(
    noTx.ok && noTx.value.transactionId,
    `${clickId}:sale`,
    'one conversion per click and type without a tx id',
  )
})

t.test('postbacks: bad input gets a stable code', async (t) => {
  const code = (q: Record<string, string>) => {
    const r = parsePostback('everflow', q)
    return r.ok ? 'ok' : r.code
  }
  t.equal(code({}), 'missing_click_id')
  t.equal(code({ click_id: '  ' }), 'missing_click_id')
  t.equal(code({ click_id: 'not-a-click' }), 'invalid_click_id')
  t.equal(code({ click_id: `${clickId}x` }), 'invalid_click_id')
  t.equal(code({ click_id: clickId, payout: 'abc' }), 'invalid_payout')
  t.equal(code({ click_id: clickId, payout: '-3' }), 'invalid_payout')
  t.equal(code({ click_id: clickId, payout: '1e5' }), 'invalid_payout')
  t.equal(code({ click_id: clickId, payout: 'Infinity' }), 'invalid_payout')
  t.equal(code({ click_id: clickId, event_type: 'bogus' }), 'invalid_event_type')
})

t.test('postback parsing never throws and only accepts sane amounts', async () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...NETWORKS),
      fc.dictionary(
        fc.constantFrom('click_id', 'payout', 'price', 'transaction_id', 'event_type', 'x'),
        fc.string(),
      ),
      (network, query) => {
        const r = parsePostback(network, query)
        return !r.ok || (Number.isFinite(r.value.amount) && Math.abs(r.value.amount) <= 1e9)
      },
    ),
  )
})

t.test('every network has a click id parameter', async (t) => {
  for (const n of NETWORKS) t.ok(CLICK_ID_PARAM[n])
})
