// The request/response examples of the product documentation (spec/001 overview, trackly-api-details.md),
// replayed over HTTP against a running server. A client written against those docs must work unchanged.
import t from 'tap'
import { randomAlphanumeric } from '../../core/ids.js'
import { createAccount } from '../../services/accounts.js'
import { startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
const { apiKey } = await createAccount(
  pg.db,
  {
    name: 'Docs example',
    ownerEmail: `docs-${randomAlphanumeric(8).toLowerCase()}@example.test`,
  },
  platform.config.secretKey,
)
const { rows } = await pg.pool.query<{ id: number }>(
  `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, shortener_domain)
   SELECT account_id, '+18005551234', 'Docs list', 'Docs Brand', 'simulator', 'trk.ly' FROM api_keys
    WHERE key_hash = encode(sha256($1::bytea), 'hex') RETURNING id`,
  [apiKey],
)
const listId = rows[0]!.id

const call = async (method: string, path: string, body?: unknown, key: string | null = apiKey) => {
  const res = await fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: {
      ...(key ? { 'X-Api-Key': key } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null }
}

t.test('overview: the first send (curl example)', async (t) => {
  const res = await call('POST', '/api/v2/send', {
    to: '+14155551234',
    list_number: '+18005551234',
    body: 'Hello!',
  })
  t.equal(res.status, 200)
  t.match(res.body, { success: true, message_id: /^[A-Za-z0-9]{8}$/, status: 'queued' })
})

t.test('overview: bulk reply with a per-record error', async (t) => {
  const messages = Array.from({ length: 5 }, (_, i) => ({
    to: '+14155551234',
    list_number: '+18005551234',
    body: `m${i}`,
  }))
  messages[3] = { to: '+1invalid', list_number: '+18005551234', body: 'bad' }
  const res = await call('POST', '/api/v2/send/bulk', { messages })
  t.match(res.body, {
    queued_count: 4,
    error_count: 1,
    errors: [
      { index: 3, to: '+1invalid', code: 'invalid_phone', error: 'Invalid recipient phone number format' },
    ],
  })
})

t.test('authentication errors (spec §1)', async (t) => {
  const missing = await call(
    'POST',
    '/api/v2/send',
    { to: '+14155551234', list_number: '+18005551234', body: 'x' },
    null,
  )
  t.same([missing.status, missing.body], [401, { error: 'API key required', code: 'missing_api_key' }])
  const invalid = await call('GET', '/api/v2/lists', undefined, `trk_${'x'.repeat(32)}`)
  t.same([invalid.status, invalid.body.code], [401, 'invalid_api_key'])
  t.notOk('success' in invalid.body, 'error bodies are flat {error, code}')
})

t.test('contacts: create, list with pagination, delete always succeeds (spec §5)', async (t) => {
  const created = await call('POST', '/api/v2/contacts', {
    phone_number: '+14155551234',
    list_number: '+18005551234',
    custom_fields: { plan: 'gold' },
  })
  t.match(created.body, {
    success: true,
    contact_id: String,
    list_contact_id: String,
    is_new_contact: Boolean,
    is_new_list_contact: Boolean,
    journeys_enrolled: Number,
    warnings: Array,
  })
  const list = await call('GET', '/api/v2/contacts?list_number=%2B18005551234&active=true')
  t.match(list.body, {
    contacts: Array,
    pagination: { page: 1, per_page: 50, total: Number, total_pages: Number },
  })
  t.match(list.body.contacts[0], {
    phone_number: '+14155551234',
    list_number: '+18005551234',
    list_id: listId,
    active: true,
    custom_fields: { plan: 'gold' },
  })
  const gone = await call('DELETE', '/api/v2/contacts', {
    phone_number: '+19995550000',
    list_number: '+18005551234',
  })
  t.same(gone.body, { success: true, unsubscribed: false })
})

t.test('lists are read-only with active contact counts (spec §6)', async (t) => {
  const res = await call('GET', '/api/v2/lists')
  t.match(res.body.lists[0], {
    id: listId,
    phone_number: '+18005551234',
    brand_name: 'Docs Brand',
    list_type: 'simulator',
    status: 'active',
    contact_count: Number,
  })
})

t.test('offers, creatives, links (spec §7, §11, §12)', async (t) => {
  const offer = await call('POST', '/api/v2/offers', {
    name: 'Summer Sale',
    tracking_url: 'https://track.example.com/c?o=1&cid={{click_id}}',
    payout: 12.5,
    payout_type: 'cpa',
    external_platform: 'everflow',
  })
  t.match(offer.body, {
    success: true,
    offer: { id: /^[a-f0-9]{24}$/, slug: /^ofr_/, payout: 12.5, payout_type: 'cpa' },
  })
  const creative = await call('POST', '/api/v2/creatives', {
    name: 'Summer blast',
    message: 'Summer sale! {{link1}}',
    offer_links: [{ key: 'link1', offer_id: offer.body.offer.id }],
  })
  t.match(creative.body, {
    success: true,
    creative: {
      id: Number,
      status: 'active',
      creative_type: 'automated',
      character_count: Number,
      segment_count: Number,
    },
  })
  const link = await call('POST', '/api/v2/links/shorten', { url: 'https://example.com/landing', listId })
  t.match(link.body, {
    shortUrl: /^https:\/\/trk\.ly\/[A-Za-z0-9]{7}$/,
    linkId: /^[A-Za-z0-9]{7}$/,
    domain: 'trk.ly',
  })
})

t.test('audiences and schedules (spec §8, §9)', async (t) => {
  const audience = await call('POST', '/api/v2/audiences', {
    name: 'Recent clickers',
    filter: {
      operator: 'AND',
      conditions: [
        { condition_type: 'time', field: 'last_clicked_at', operator: 'within', value: 7, unit: 'days' },
      ],
      groups: [],
    },
  })
  t.match(audience.body, { success: true, audience: { id: /^[a-f0-9]{24}$/, name: 'Recent clickers' } })
  const size = await call('GET', `/api/v2/audiences/${audience.body.audience.id}/size`)
  t.match(size.body, { audience_id: audience.body.audience.id, size: Number, calculated_at: String })
  const empty = await call('POST', '/api/v2/audiences', {
    name: 'x',
    filter: { operator: 'AND', conditions: [], groups: [] },
  })
  t.same([empty.status, empty.body.code], [400, 'empty_filter_group'])
  const schedule = await call('POST', '/api/v2/schedules', {
    name: 'Weekly',
    send_type: 'blast',
    is_repeating: true,
    send_time: '10:00',
    start_date: '2030-01-01',
    end_date: '2030-03-01',
    days_of_week: { monday: true },
    audiences: [audience.body.audience.id],
    blasts: [
      { message: 'A', percent_audience: 50, variant_name: 'A' },
      { message: 'B', percent_audience: 50, variant_name: 'B' },
    ],
  })
  t.match(schedule.body, {
    success: true,
    schedule: { id: /^[a-f0-9]{24}$/, status: 'draft', created_at: String },
  })
  const bad = await call('POST', '/api/v2/schedules', {
    name: 'x',
    send_type: 'blast',
    is_repeating: false,
    send_date: '2030-01-01',
    send_time: '10:00',
    audiences: [audience.body.audience.id],
    blasts: [{ message: 'A', percent_audience: 60 }],
  })
  t.same([bad.status, bad.body.code], [400, 'invalid_blast_percent'])
})

t.test('v1 is deprecated in headers and body (spec §0)', async (t) => {
  const res = await call('POST', '/api/v1/messages', {
    to_msisdn: '14155551234',
    body: 'Hi',
    from_phone_number_id: listId,
  })
  t.equal(res.headers.get('x-api-deprecated'), 'v1 is deprecated')
  t.equal(res.headers.get('deprecation'), 'true')
  t.match(res.body, {
    message_id: /^[A-Za-z0-9]{8}$/,
    id: res.body.message_id,
    status: 'queued',
    segments: 1,
    gsm7: true,
    deprecated: true,
  })
})

t.test('revenue and history import (spec §13, §14)', async (t) => {
  const sent = await call('POST', '/api/v2/send', {
    to: '+14155551234',
    list_number: '+18005551234',
    body: 'Hello!',
  })
  const messageId = sent.body.message_id as string
  const revenue = await call('POST', '/api/v2/revenue', {
    message_id: messageId,
    revenue: 25,
    attribution_type: 'sale',
  })
  t.same(revenue.body, {
    success: true,
    revenue_id: revenue.body.revenue_id,
    message_id: messageId,
    revenue: 25,
  })
  const bulk = await call('POST', '/api/v2/revenue/bulk', {
    records: [
      { message_id: messageId, revenue: 5, attribution_type: 'click' },
      { message_id: messageId, revenue: 5, attribution_type: 'view' },
    ],
    imported: false,
  })
  t.match(bulk.body, {
    success_count: 1,
    error_count: 1,
    total_revenue: 5,
    errors: [{ index: 1, code: 'invalid_attribution_type' }],
  })
  const offer = await call('POST', '/api/v2/offers', {
    name: 'Imported offer',
    tracking_url: 'https://track.example.com/c?o=2',
    external_platform: 'tune',
    external_id: '1234',
  })
  const id = randomAlphanumeric(8)
  const sends = await call('POST', '/api/v2/history/sends', {
    records: [
      {
        id,
        list_number: '+18005551234',
        to_number: '+14155551234',
        message: 'Old campaign',
        send_type: 'campaign',
        delivered: true,
        length: 12,
        timestamp: '2025-01-15T10:00:00Z',
      },
    ],
  })
  t.same(sends.body, {
    success_count: 1,
    error_count: 0,
    duplicates_skipped: 0,
    invalid_phones: 0,
    errors: [],
  })
  const clicks = await call('POST', '/api/v2/history/clicks', {
    records: [
      {
        message_id: id,
        offer_id: '1234',
        phone_number: '+14155551234',
        send_timestamp: '2025-01-15T10:00:00Z',
        timestamp: '2025-01-15T10:03:00Z',
      },
    ],
  })
  t.match(clicks.body, { success_count: 1, error_count: 0, duplicates_skipped: 0, errors: [] })
  const imported = await call('POST', '/api/v2/history/revenue', {
    records: [
      {
        message_id: id,
        offer_id: offer.body.offer.id,
        revenue: 30,
        payout: 20,
        attribution_type: 'migration',
        timestamp: '2025-01-15T12:00:00Z',
      },
    ],
  })
  t.same(imported.body, {
    success_count: 1,
    error_count: 0,
    duplicates_skipped: 0,
    total_revenue: 30,
    errors: [],
  })
  const refused = await call('DELETE', '/api/v2/history/clear', { entities: ['sends'] })
  t.same([refused.status, refused.body.code], [400, 'confirm_required'])
  const cleared = await call('DELETE', '/api/v2/history/clear', {
    entities: ['sends', 'clicks', 'revenue'],
    before_date: '2025-02-01',
    confirm: true,
  })
  t.match(cleared.body, {
    success: true,
    cleared: { sends: 1, clicks: Number, revenue: Number },
  })
})
