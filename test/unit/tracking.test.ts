import fc from 'fast-check'
import t from 'tap'
import { newClickId } from '../../core/ids.js'
import {
  CLICK_ID_PARAM,
  clickDestination,
  clickIdParamFor,
  NETWORKS,
  parsePostback,
} from '../../core/tracking.js'

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
    clickDestination('https://trk.example/c?aff=1', { clickIdParam: 'sub1', clickId }),
    `https://trk.example/c?aff=1&sub1=${clickId}`,
  )
  t.equal(
    clickDestination('https://trk.example/c?sub1=OLD&x=2', { clickIdParam: 'sub1', clickId }),
    `https://trk.example/c?sub1=${clickId}&x=2`,
  )
  t.equal(
    clickDestination('https://trk.example/c?aff_sub={{click_id}}&o=9', {
      clickIdParam: 'aff_click_id',
      clickId,
    }),
    `https://trk.example/c?aff_sub=${clickId}&o=9`,
    'a {{click_id}} macro is filled in place',
  )
  t.equal(
    clickDestination('https://trk.example/path#frag', { clickIdParam: 's2', clickId }),
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

t.test('click destinations: macros filled, short-URL query passed through, click id protected', async (t) => {
  const { clickDestination, passThroughParams } = await import('../../core/tracking.js')
  t.equal(
    clickDestination('https://n.example/c?aff=1&sub2={sub2}&s3={{sub3}}', {
      clickIdParam: 'sub1',
      clickId,
      passThrough: { sub2: 'a b', sub3: 'x', source: 'fb' },
    }),
    `https://n.example/c?aff=1&sub2=a+b&s3=x&source=fb&sub1=${clickId}`,
    'macros take their values; the rest is appended; the click id goes in its parameter',
  )
  t.equal(
    clickDestination(
      'https://n.example/c?aff_sub={{click_id}}&p={{contact.phone}}&m={{messageId}}&q={{unknown}}',
      {
        clickIdParam: 'aff_click_id',
        clickId,
        macros: { messageId: 'AbC12345', 'contact.phone': '+14155551234' },
        passThrough: { click_id: 'forged', aff_click_id: 'forged' },
      },
    ),
    `https://n.example/c?aff_sub=${clickId}&p=%2B14155551234&m=AbC12345&q=`,
    'platform values win; a clicker cannot set the click id; unfilled macros are emptied',
  )
  t.equal(
    clickDestination('https://shop.example/item?x=1', {
      clickIdParam: 'click_id',
      clickId: null,
      passThrough: { x: '2' },
    }),
    'https://shop.example/item?x=2',
    'a plain URL gets no click id',
  )
  t.same(passThroughParams({ a: '1', b: ['2', '3'], c: undefined }), { a: '1', b: '2' })
  fc.assert(
    fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })), (params) => {
      const url = new URL(
        clickDestination('https://n.example/c', { clickIdParam: 'sub1', clickId, passThrough: params }),
      )
      return (
        url.searchParams.get('sub1') === clickId &&
        Object.entries(params).every(
          ([k, v]) => k === 'sub1' || k === 'click_id' || url.searchParams.get(k) === v,
        )
      )
    }),
  )
})
