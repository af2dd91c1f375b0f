import fc from 'fast-check'
import t from 'tap'
import { clickIdKey, newClickId } from '../../core/ids.js'
import { CLICK_ID_PARAM, clickIdParamFor, NETWORKS, parsePostback } from '../../core/tracking.js'

const clickId = newClickId(clickIdKey('ab'.repeat(32)), 'AbC12345')

t.test('the click id goes where each network expects it', async (t) => {
  t.equal(clickIdParamFor('everflow', null), 'sub1')
  t.equal(clickIdParamFor('tune', null), 'aff_click_id')
  t.equal(clickIdParamFor('cake', null), 's2')
  t.equal(clickIdParamFor(null, null), 'click_id')
  t.equal(clickIdParamFor('everflow', 'sub3'), 'sub3', 'an offer-configured parameter wins')
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

t.test('postbacks: the networks’ real query shapes', async (t) => {
  const { postbackParams } = await import('../../core/tracking.js')
  const parse = (network: (typeof NETWORKS)[number], query: string) =>
    parsePostback(network, Object.fromEntries(new URLSearchParams(query)))

  // TUNE, the spec's global postback: click_id={aff_sub}&payout={payout}&conversion_id={transaction_id}
  t.same(parse('tune', `click_id=${clickId}&payout=4.20&conversion_id=102abc`), {
    ok: true,
    value: { clickId, messageId: 'AbC12345', amount: 4.2, transactionId: '102abc', conversionType: 'sale' },
  })
  const tuneOwn = parse('tune', `aff_click_id=${clickId}&payout=1&transaction_id=T9&offer_id=44&goal_id=3`)
  t.same(
    tuneOwn.ok && [
      tuneOwn.value.clickId,
      tuneOwn.value.transactionId,
      tuneOwn.value.offerRef,
      tuneOwn.value.conversionType,
    ],
    [clickId, 'T9', '44', 'sale'],
    'TUNE’s own names; a numeric goal id is a sale',
  )
  const tuneSub = parse('tune', `aff_sub=${clickId}&payout=2&conversion_id=C1&goal_name=Lead`)
  t.same(tuneSub.ok && [tuneSub.value.clickId, tuneSub.value.conversionType], [clickId, 'lead'])

  // Everflow: click_id={sub1}&payout={revenue}, and the cheat-sheet names
  const ef = parse('everflow', `click_id=${clickId}&payout=7.5`)
  t.same(ef.ok && [ef.value.amount, ef.value.transactionId], [7.5, `${clickId}:sale`])
  const efOwn = parse('everflow', `sub1=${clickId}&payout_amount=3.25&transaction_id=abc123&event=Sign%20Up`)
  t.same(efOwn.ok && [efOwn.value.amount, efOwn.value.transactionId, efOwn.value.conversionType], [
    3.25,
    'abc123',
    'signup',
  ])
  const efRevenue = parse('everflow', `click_id=${clickId}&revenue=9&external_id=ord-1&event_name=Purchase`)
  t.same(
    efRevenue.ok && [efRevenue.value.amount, efRevenue.value.transactionId, efRevenue.value.conversionType],
    [9, 'ord-1', 'sale'],
    'external_id is a dedup key too; Purchase is a sale',
  )

  // Cake: cid=#s2#&lead=#leadid#&payout=#price#&offer=#oid#
  t.same(parse('cake', `cid=${clickId}&lead=8F3A-22&payout=12.00&offer=1931`), {
    ok: true,
    value: {
      clickId,
      messageId: 'AbC12345',
      amount: 12,
      transactionId: '8F3A-22',
      conversionType: 'sale',
      offerRef: '1931',
    },
  })
  const cakeRaw = parse('cake', `s2=${clickId}&leadid=L77&price=0.5&oid=12`)
  t.same(cakeRaw.ok && [cakeRaw.value.transactionId, cakeRaw.value.amount, cakeRaw.value.offerRef], [
    'L77',
    0.5,
    '12',
  ])

  for (const type of ['lead', 'sale', 'rebill', 'refund', 'chargeback', 'install', 'signup']) {
    const r = parse('everflow', `click_id=${clickId}&payout=5&transaction_id=X&event_type=${type}`)
    const reverses = type === 'refund' || type === 'chargeback'
    t.same(r.ok && [r.value.conversionType, r.value.amount], [type, reverses ? -5 : 5], `event_type=${type}`)
  }
  const negRefund = parse('tune', `click_id=${clickId}&payout=-5&conversion_id=X&event_type=refund`)
  t.equal(negRefund.ok && negRefund.value.amount, -5, 'a refund sent already negative stays -5')

  t.same(postbackParams({ a: [' 1 ', '2'], n: 3, b: true, o: { x: 1 } }, { a: 'body' }), {
    ok: true,
    value: { a: 'body', n: '3', b: 'true' },
  })
  t.equal(postbackParams({ a: 'x'.repeat(2000) }).ok, false, 'overlong values are refused')
})

t.test('postbacks: malformed network postbacks get stable codes', async (t) => {
  const code = (network: (typeof NETWORKS)[number], q: Record<string, string>) => {
    const r = parsePostback(network, q)
    return r.ok ? 'ok' : r.code
  }
  t.equal(code('tune', { aff_sub: '{aff_sub}' }), 'invalid_click_id', 'an unfilled macro is no click id')
  t.equal(code('cake', { cid: '#s2#' }), 'invalid_click_id')
  t.equal(code('cake', { click_id: clickId, price: '-1' }), 'invalid_payout', 'negative sale')
  t.equal(code('tune', { click_id: clickId, conversion_id: 'x'.repeat(256) }), 'invalid_transaction_id')
  t.equal(code('tune', { click_id: clickId, event_type: 'goal_3' }), 'invalid_event_type')
  t.equal(code('everflow', { click_id: clickId, payout: '1.1234567' }), 'invalid_payout', 'beyond 6 decimals')
  t.equal(code('everflow', { click_id: clickId, payout: '1000000001' }), 'invalid_payout')
})

t.test('direct conversions: revenue, txn_id, event type, secret', async (t) => {
  const { parseDirectConversion, presentedSecret } = await import('../../core/tracking.js')
  t.same(parseDirectConversion({ revenue: '19.99', txn_id: 'ord-9' }), {
    ok: true,
    value: { amount: 19.99, conversionType: 'sale', transactionId: 'ord-9' },
  })
  t.same(parseDirectConversion({}), { ok: true, value: { amount: 0, conversionType: 'sale' } })
  t.same(parseDirectConversion({ revenue: '5', external_id: 'E', event_type: 'chargeback' }), {
    ok: true,
    value: { amount: -5, conversionType: 'chargeback', transactionId: 'E' },
  })
  const bad = parseDirectConversion({ revenue: 'ten' })
  t.equal(bad.ok ? 'ok' : bad.code, 'invalid_revenue')
  t.equal(presentedSecret({ postback_secret: 'a', secret: 'b' }), 'a')
  t.equal(presentedSecret({ secret: 'b' }), 'b')
  t.equal(presentedSecret({}), undefined)
})

t.test('property: amounts carry the sign of their type; the message id is the click id’s head', async () => {
  const { CONVERSION_TYPES } = await import('../../core/events.js')
  fc.assert(
    fc.property(
      fc.constantFrom(...NETWORKS),
      fc.stringMatching(/^[A-Za-z0-9]{20}$/),
      fc.constantFrom(...CONVERSION_TYPES),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((n) => n.toFixed(2)),
      (network, click, type, payout) => {
        const r = parsePostback(network, { click_id: click, payout, event_type: type })
        if (!r.ok) return r.code === 'invalid_payout' && Number(payout) < 0
        const reverses = type === 'refund' || type === 'chargeback'
        return (
          r.value.messageId === click.slice(0, 8) &&
          r.value.conversionType === type &&
          (reverses ? r.value.amount <= 0 : r.value.amount >= 0) &&
          Math.abs(r.value.amount) === Math.abs(Number(payout))
        )
      },
    ),
  )
})
