import fc from 'fast-check'
import t from 'tap'
import { messageCost, SEGMENT_PRICE_USD, VOLUME_SEGMENT_PRICE_USD } from '../../core/pricing.js'

t.test(
  'segments are billed at the list price until the first million, then at the volume price',
  async (t) => {
    t.equal(messageCost(1), SEGMENT_PRICE_USD)
    t.equal(messageCost(3), 0.0135)
    t.equal(messageCost(2, 999_999), 0.0075, 'one segment at each price')
    t.equal(messageCost(2, 5_000_000), 2 * VOLUME_SEGMENT_PRICE_USD)
    t.equal(messageCost(0), 0)
  },
)

t.test('splitting a cycle into messages never changes its total', async () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 50 }),
      fc.integer({ min: 999_900, max: 1_000_100 }),
      (sizes, start) => {
        let before = start
        let sum = 0
        for (const s of sizes) {
          sum += messageCost(s, before)
          before += s
        }
        const total = messageCost(before - start, start)
        return Math.abs(sum - total) < 1e-6 * (sizes.length + 1)
      },
    ),
  )
})
