// Delivery receipts move a message forward only; what the customer's webhook says; the simulator's fates.
import fc from 'fast-check'
import t from 'tap'
import { DELIVERY_STATUSES, type DeliveryEvent } from '../../core/events.js'
import { deliveryRows, furthestReceipts, webhookDeliveryStatus } from '../../processors/messaging.js'
import { simulatedOutcome, simulatedReply } from '../../providers/simulator.js'

const receipt = (message_id: string, status: DeliveryEvent['status'], n: number): DeliveryEvent => ({
  event_id: `e${n}`,
  account_id: 'a',
  event_time: new Date(n * 1000).toISOString(),
  message_id,
  list_id: 1,
  provider: 'simulator',
  provider_message_id: `p${message_id}`,
  status,
  status_detail: status,
  error_code: null,
})
const rank = (s: string) => (s === 'sent' ? 1 : 2)

t.test('per message, the receipt that moves it furthest; the first among equals', async (t) => {
  const kept = furthestReceipts([
    receipt('m1', 'sent', 1),
    receipt('m1', 'delivered', 2),
    receipt('m1', 'sent', 3),
    receipt('m2', 'undelivered', 4),
    receipt('m2', 'delivered', 5),
  ])
  t.same(
    kept.map((e) => [e.message_id, e.status]),
    [
      ['m1', 'delivered'],
      ['m2', 'undelivered'],
    ],
  )
})

t.test('any order of the same receipts ends at a status of the furthest rank', async () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...DELIVERY_STATUSES), { minLength: 1, maxLength: 12 }),
      (statuses) => {
        const events = statuses.map((s, i) => receipt('m', s, i))
        const [best] = furthestReceipts(events)
        const top = Math.max(...statuses.map(rank))
        return rank(best!.status) === top && best!.status === statuses.find((s) => rank(s) === top)
      },
    ),
  )
})

t.test('webhook statuses of spec §15', async (t) => {
  t.equal(webhookDeliveryStatus('delivered', 'DELIVERED_TO_HANDSET'), 'delivered')
  t.equal(webhookDeliveryStatus('sent', 'DELIVERED_TO_OPERATOR'), 'pending')
  t.equal(webhookDeliveryStatus('failed', 'REJECTED_SPAM'), 'rejected')
  t.equal(webhookDeliveryStatus('undelivered', 'EXPIRED_EXPIRED'), 'expired')
  t.equal(webhookDeliveryStatus('undelivered', 'REJECTED_ABSENT_SUBSCRIBER'), 'undeliverable')
})

t.test('the simulator gives a message the same fate every time, at the configured rates', async (t) => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `m${i.toString(36).padStart(7, '0')}`)
  const creds = { delivery_rate: 0.9, reply_rate: 0.05 }
  const delivered = ids.filter((id) => simulatedOutcome(creds, id) === 'delivered').length
  t.ok(Math.abs(delivered / ids.length - 0.9) < 0.01, `delivered ${delivered}`)
  const replies = ids.filter((id) => simulatedReply(creds, id) !== null).length
  t.ok(Math.abs(replies / ids.length - 0.05) < 0.006, `replies ${replies}`)
  const fates = (list: string[]) => list.map((id) => simulatedOutcome(creds, id))
  t.same(fates(ids.slice(0, 500)), fates(ids.slice(0, 500)), 'deterministic')
  t.ok(
    ids.every((id) => simulatedOutcome({}, id) === 'delivered' && simulatedReply({}, id) === null),
    'without rates: everything delivered, no replies',
  )
})

t.test(
  'receipt rows carry their message dimensions; a message not found yet keeps the contact it names',
  async (t) => {
    const dims = new Map([
      [
        'm1',
        {
          listId: 1,
          contactId: 'k1',
          creativeId: 3,
          scheduleId: 'sch',
          variant: 'B',
          carrier: 'att',
          offerIds: ['o1', 'o2'],
        },
      ],
    ])
    const [known, imported, unknown] = deliveryRows(
      [
        receipt('m1', 'delivered', 1),
        { ...receipt('m2', 'delivered', 2), contact_id: 'k2' },
        receipt('m3', 'failed', 3),
      ],
      dims,
      new Map([['k2', 'verizon']]),
    )
    t.match(known, {
      message_id: 'm1',
      status: 'delivered',
      contact_id: 'k1',
      carrier: 'att',
      creative_id: 3,
      schedule_id: 'sch',
      variant: 'B',
      offer_ids: ['o1', 'o2'],
    })
    t.match(imported, { contact_id: 'k2', carrier: 'verizon', creative_id: null, offer_ids: [] })
    t.match(unknown, {
      contact_id: '',
      carrier: '',
      creative_id: null,
      schedule_id: null,
      variant: null,
      offer_ids: [],
    })
  },
)
