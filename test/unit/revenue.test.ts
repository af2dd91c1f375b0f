// Revenue API record validation (spec §13): the codes of each bad field, amounts, timestamps.
import fc from 'fast-check'
import t from 'tap'
import { parseAmount, parseEventTime, parseRevenueRecord, roundMoney } from '../../core/revenue.js'

const NOW = new Date('2026-03-15T12:00:00Z')
const good = { message_id: 'a1b2c3d4', revenue: 12.5, attribution_type: 'sale' }

t.test('a minimal record: offer from the message, time now', async (t) => {
  t.same(parseRevenueRecord(good, NOW), {
    ok: true,
    value: { messageId: 'a1b2c3d4', revenue: 12.5, attributionType: 'sale', offerId: null, timestamp: NOW },
  })
})

t.test('every optional field', async (t) => {
  const parsed = parseRevenueRecord(
    { ...good, attribution_type: 'send', offer_id: 4711, timestamp: '2026-01-02 03:04:05' },
    NOW,
  )
  t.match(parsed, {
    ok: true,
    value: { attributionType: 'send', offerId: '4711', timestamp: new Date('2026-01-02T03:04:05Z') },
  })
})

t.test('each bad field has its spec code', async (t) => {
  const cases: [Record<string, unknown> | unknown, string][] = [
    [{ ...good, message_id: undefined }, 'missing_message_id'],
    [{ ...good, message_id: '' }, 'missing_message_id'],
    [{ ...good, message_id: 'short' }, 'message_not_found'],
    [{ ...good, revenue: undefined }, 'missing_revenue'],
    [{ ...good, revenue: -1 }, 'invalid_revenue'],
    [{ ...good, revenue: 'ten' }, 'invalid_revenue'],
    [{ ...good, revenue: Number.NaN }, 'invalid_revenue'],
    [{ ...good, revenue: 2e9 }, 'invalid_revenue'],
    [{ ...good, attribution_type: undefined }, 'missing_attribution_type'],
    [{ ...good, attribution_type: 'migration' }, 'invalid_attribution_type'],
    [{ ...good, timestamp: 'yesterday' }, 'invalid_timestamp'],
    [{ ...good, timestamp: '2027-01-01T00:00:00Z' }, 'invalid_timestamp'],
    [{ ...good, offer_id: { id: 1 } }, 'offer_not_found'],
    ['not an object', 'validation_error'],
    [null, 'validation_error'],
  ]
  for (const [record, code] of cases) {
    const parsed = parseRevenueRecord(record, NOW)
    t.equal(parsed.ok ? 'ok' : parsed.code, code, JSON.stringify(record) ?? String(record))
  }
})

t.test('amounts: numbers and decimal strings ≥ 0', async (t) => {
  t.equal(parseAmount(0), 0)
  t.equal(parseAmount('19.99'), 19.99)
  t.equal(parseAmount(' 7 '), 7)
  for (const bad of [-0.01, '1e3', '', '-1', Number.POSITIVE_INFINITY, null, true]) {
    t.equal(parseAmount(bad), null, String(bad))
  }
  fc.assert(fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (n) => parseAmount(n) === n))
})

t.test('event times: zone-less is UTC; not before 2000 nor a day past now', async (t) => {
  t.same(parseEventTime('2026-03-15T10:00:00', NOW), new Date('2026-03-15T10:00:00Z'))
  t.same(parseEventTime('2026-03-15T10:00:00+02:00', NOW), new Date('2026-03-15T08:00:00Z'))
  t.same(parseEventTime('2026-03-16T11:00:00Z', NOW), new Date('2026-03-16T11:00:00Z'), 'clock skew allowed')
  t.equal(parseEventTime('2026-03-16T13:00:00Z', NOW), null)
  t.equal(parseEventTime('1999-12-31T23:59:59Z', NOW), null)
  t.equal(parseEventTime('2026-02-30T00:00:00Z', NOW), null)
  t.equal(parseEventTime(1_700_000_000_000, NOW), null)
})

t.test('money sums without float noise', async (t) => {
  t.equal(roundMoney(0.1 + 0.2), 0.3)
  t.equal(roundMoney(12.345678912), 12.345679)
})
