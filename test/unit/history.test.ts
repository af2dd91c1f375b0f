// History import validation and its deterministic event ids (spec §14).
import fc from 'fast-check'
import t from 'tap'
import {
  importedClickId,
  importedRevenueEventId,
  parseClearRequest,
  parseHistoryClick,
  parseHistoryRevenue,
  parseHistorySend,
  recordId,
  segmentsOfLength,
} from '../../core/history.js'
import { messageIdOfClickId } from '../../core/ids.js'

const NOW = new Date('2026-03-15T12:00:00Z')
const send = {
  id: 'Hist0001',
  list_number: '+18005550100',
  to_number: '+14155551234',
  timestamp: '2025-06-01T10:00:00Z',
}
const click = {
  message_id: 'Hist0001',
  offer_id: 'EF-1',
  phone_number: '+14155551234',
  timestamp: '2025-06-01T10:05:00Z',
}
const revenue = { message_id: 'Hist0001', offer_id: 'EF-1', revenue: 20 }

const codeOf = (p: { ok: boolean; code?: string }) => (p.ok ? 'ok' : p.code)

t.test('sends: fields, defaults and segments', async (t) => {
  t.same(parseHistorySend(send, NOW), {
    ok: true,
    value: {
      id: 'Hist0001',
      listId: null,
      listNumber: '+18005550100',
      to: '+14155551234',
      toLineType: 'unknown',
      body: '',
      sendType: null,
      delivered: false,
      segments: 1,
      timestamp: new Date('2025-06-01T10:00:00Z'),
    },
  })
  t.match(
    parseHistorySend(
      {
        ...send,
        list_number: undefined,
        list_id: '42',
        message: 'x'.repeat(200),
        delivered: true,
        send_type: 'campaign',
      },
      NOW,
    ),
    { ok: true, value: { listId: 42, listNumber: null, delivered: true, sendType: 'campaign', segments: 2 } },
  )
  t.match(
    parseHistorySend({ ...send, length: 320 }, NOW),
    { ok: true, value: { segments: 3 } },
    'from length',
  )
  t.match(
    parseHistorySend({ ...send, to_number: '+447911123456' }, NOW),
    { ok: true, value: { to: '+447911123456', toLineType: 'cell' } },
    "the recipient's line type from the parse that validated the number",
  )
  t.equal(segmentsOfLength(160), 1)
  t.equal(segmentsOfLength(161), 2)
  t.equal(segmentsOfLength(306), 2)
  t.equal(segmentsOfLength(307), 3)
})

t.test('sends: each bad field has its code', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ ...send, id: undefined }, 'missing_id'],
    [{ ...send, id: 'not-8-chars' }, 'invalid_id'],
    [{ ...send, to_number: undefined }, 'missing_to_number'],
    [{ ...send, to_number: '555-1234' }, 'invalid_phone'],
    [{ ...send, to_number: '+11234567890' }, 'invalid_phone'],
    [{ ...send, timestamp: undefined }, 'missing_timestamp'],
    [{ ...send, timestamp: 'June 1st' }, 'invalid_timestamp'],
    [{ ...send, timestamp: '2030-01-01T00:00:00Z' }, 'invalid_timestamp'],
    [{ ...send, list_number: undefined }, 'missing_list_identifier'],
    [{ ...send, list_id: -3 }, 'list_not_found'],
    [{ ...send, delivered: 'yes' }, 'validation_error'],
    [{ ...send, length: -1 }, 'validation_error'],
    [{ ...send, message: 42 }, 'validation_error'],
    [{ ...send, send_type: 7 }, 'invalid_send_type'],
  ]
  for (const [record, code] of cases)
    t.equal(codeOf(parseHistorySend(record, NOW)), code, JSON.stringify(record))
  t.equal(codeOf(parseHistorySend([send], NOW)), 'validation_error', 'an array is not a record')
})

t.test('clicks: each bad field has its code', async (t) => {
  t.same(parseHistoryClick(click, NOW), {
    ok: true,
    value: {
      messageId: 'Hist0001',
      offerId: 'EF-1',
      phone: '+14155551234',
      timestamp: new Date('2025-06-01T10:05:00Z'),
    },
  })
  const cases: [Record<string, unknown>, string][] = [
    [{ ...click, message_id: undefined }, 'missing_message_id'],
    [{ ...click, offer_id: undefined }, 'missing_offer_id'],
    [{ ...click, phone_number: undefined }, 'missing_phone_number'],
    [{ ...click, phone_number: 'nope' }, 'invalid_phone'],
    [{ ...click, timestamp: undefined }, 'missing_timestamp'],
    [{ ...click, send_timestamp: 'soon' }, 'invalid_timestamp'],
    [{ ...click, message_id: 'x' }, 'message_not_found'],
  ]
  for (const [record, code] of cases)
    t.equal(codeOf(parseHistoryClick(record, NOW)), code, JSON.stringify(record))
})

t.test('revenue: each bad field has its code; timestamp optional', async (t) => {
  t.same(parseHistoryRevenue({ ...revenue, payout: '4.5', attribution_type: 'migration' }, NOW), {
    ok: true,
    value: {
      messageId: 'Hist0001',
      offerId: 'EF-1',
      revenue: 20,
      payout: 4.5,
      attributionType: 'migration',
      timestamp: null,
    },
  })
  const cases: [Record<string, unknown>, string][] = [
    [{ ...revenue, message_id: undefined }, 'missing_message_id'],
    [{ ...revenue, offer_id: undefined }, 'missing_offer_id'],
    [{ ...revenue, revenue: undefined }, 'missing_revenue'],
    [{ ...revenue, revenue: -5 }, 'invalid_revenue'],
    [{ ...revenue, payout: 'lots' }, 'invalid_payout'],
    [{ ...revenue, attribution_type: 'x'.repeat(33) }, 'invalid_attribution_type'],
    [{ ...revenue, timestamp: '2025-13-01' }, 'invalid_timestamp'],
  ]
  for (const [record, code] of cases)
    t.equal(codeOf(parseHistoryRevenue(record, NOW)), code, JSON.stringify(record))
})

t.test('record ids for error entries', async (t) => {
  t.equal(recordId(send, 'id'), 'Hist0001')
  t.equal(recordId({ id: 12345678 }, 'id'), '12345678')
  t.equal(recordId('junk', 'id'), null)
  t.equal(recordId({}, 'message_id'), null)
})

t.test('imported click ids: live-shaped, one per message and account', async (t) => {
  const id = importedClickId('acct1', 'Hist0001')
  t.match(id, /^[A-Za-z0-9]{20}$/)
  t.equal(messageIdOfClickId(id), 'Hist0001', 'routes to its message like a live click id')
  t.equal(importedClickId('acct1', 'Hist0001'), id, 'deterministic')
  t.not(importedClickId('acct2', 'Hist0001'), id, 'per account')
})

t.test(
  'imported revenue ids: the same record is the same event, any other field makes another',
  async (t) => {
    const parse = (r: Record<string, unknown>) => {
      const p = parseHistoryRevenue(r, NOW)
      if (!p.ok) throw new Error(p.code)
      return importedRevenueEventId('acct1', p.value)
    }
    const withTime = { ...revenue, timestamp: '2025-06-01T10:00:00Z' }
    const id = parse(withTime)
    t.ok(id.length <= 64, 'fits the event id limit')
    t.equal(
      parse({ ...withTime, revenue: '20.0', timestamp: '2025-06-01T10:00:00.000+00:00' }),
      id,
      'same values',
    )
    fc.assert(
      fc.property(
        fc.constantFrom('message_id', 'offer_id', 'revenue', 'payout', 'attribution_type', 'timestamp'),
        (field) => {
          const changed: Record<string, unknown> = {
            message_id: 'Hist0002',
            offer_id: 'EF-2',
            revenue: 21,
            payout: 3,
            attribution_type: 'migration',
            timestamp: '2025-06-02T10:00:00Z',
          }
          return parse({ ...withTime, [field]: changed[field] }) !== id
        },
      ),
    )
  },
)

t.test('clear: entities, date, confirm', async (t) => {
  t.same(parseClearRequest({ entities: ['sends', 'revenue', 'sends'], confirm: true }), {
    ok: true,
    value: { entities: ['sends', 'revenue'], before: null },
  })
  t.same(parseClearRequest({ entities: ['clicks'], before_date: '2025-01-01', confirm: true }), {
    ok: true,
    value: { entities: ['clicks'], before: new Date('2025-01-01T00:00:00Z') },
  })
  const cases: [unknown, string][] = [
    [undefined, 'missing_entities'],
    [{ confirm: true }, 'missing_entities'],
    [{ entities: [], confirm: true }, 'missing_entities'],
    [{ entities: ['sends', 'contacts'], confirm: true }, 'invalid_entities'],
    [{ entities: 'sends', confirm: true }, 'invalid_entities'],
    [{ entities: ['sends'], before_date: 'last year', confirm: true }, 'invalid_date'],
    [{ entities: ['sends'] }, 'confirm_required'],
    [{ entities: ['sends'], confirm: 'true' }, 'confirm_required'],
    [{ entities: ['sends'], confirm: false }, 'confirm_required'],
  ]
  for (const [body, code] of cases) t.equal(codeOf(parseClearRequest(body)), code, JSON.stringify(body))
})
