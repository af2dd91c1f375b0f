// One contact (issue 16, spec §5, §19): GET /contacts/:id with a subscription per list, its consent evidence as
// JSON and as a CSV download, evidence set by POST /contacts, /contacts/bulk and the CSV import, the search of
// GET /contacts, a contact's messages (GET /messages) and replies, and account isolation (another account's id
// answers exactly like a missing one).
import { randomInt } from 'node:crypto'
import t from 'tap'
import { parseCsv } from '../../core/csv.js'
import { newObjectId } from '../../core/ids.js'
import { apiHarness } from '../harness/api.js'
import { phone } from '../harness/contacts.js'

const h = await apiHarness(t)
const a = await h.account()
const other = await h.account()

/** A second list of account `a`, so a contact can hold two subscriptions. */
const { rows: secondList } = await h.pg.pool.query<{ id: number; phone_number: string }>(
  `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
   VALUES ($1, $2, 'Second', 'Test Brand', 'simulator') RETURNING id, phone_number`,
  [a.accountId, `+1877${String(randomInt(2_000_000, 9_999_999))}`],
)
const list2 = { id: secondList[0]!.id, phoneNumber: secondList[0]!.phone_number }

const number = phone()
const created = await h.request('POST', '/api/v2/contacts', a.keys.member, {
  phone_number: number,
  list_number: a.list.phoneNumber,
  signup_method: 'form',
  ip_address: '198.51.100.7',
  url: 'https://example.com/join',
  consent_date: '2024-03-05',
  ad_network_source: 'facebook',
  ad_network_id: 'fb-123',
  opt_in_form: 'Spring popup',
  first_name: 'Grace',
  custom_fields: { plan: 'gold' },
})
const contactId: string = created.body.contact_id

t.test('POST /contacts stores the consent evidence it is given', async (t) => {
  t.equal(created.status, 200)
  const res = await h.request('GET', `/api/v2/contacts/${contactId}/consent`, a.keys.viewer)
  t.equal(res.status, 200)
  t.same(res.body, {
    contact_id: contactId,
    phone_number: number,
    consent: [
      {
        list_number: a.list.phoneNumber,
        list_id: a.list.id,
        active: true,
        signup_method: 'form',
        signup_date: res.body.consent[0].signup_date,
        ip_address: '198.51.100.7',
        signup_url: 'https://example.com/join',
        ad_network_source: 'facebook',
        ad_network_id: 'fb-123',
        opt_in_keyword: null,
        opt_in_form: 'Spring popup',
        consent_date: '2024-03-05T00:00:00.000Z',
        opted_out_at: null,
        opt_out_reason: null,
      },
    ],
  })
})

t.test('bad consent evidence is refused with its code', async (t) => {
  const post = (extra: object) =>
    h.request('POST', '/api/v2/contacts', a.keys.member, {
      phone_number: phone(),
      list_number: a.list.phoneNumber,
      ...extra,
    })
  const future = await post({ consent_date: '2999-01-01' })
  t.match(future, { status: 400, body: { code: 'invalid_date', error: /future/ } })
  t.match(await post({ consent_date: 'yesterday' }), { status: 400, body: { code: 'invalid_date' } })
  t.match(await post({ ip_address: 'not-an-ip' }), { status: 400, body: { code: 'validation_error' } })
  const v6 = await post({ ip_address: '2001:db8::1' })
  t.equal(v6.status, 200, 'an IPv6 address is fine')
})

t.test('GET /contacts/:id: the contact with one subscription per list', async (t) => {
  await h.request('POST', '/api/v2/contacts', a.keys.member, {
    phone_number: number,
    list_number: list2.phoneNumber,
    opt_in_keyword: 'JOIN',
    signup_method: 'keyword',
    signup_date: '2025-01-02T03:04:05Z',
    custom_fields: { plan: 'silver' },
  })
  await h.request('DELETE', '/api/v2/contacts', a.keys.member, {
    phone_number: number,
    list_number: list2.phoneNumber,
  })
  const res = await h.request('GET', `/api/v2/contacts/${contactId}`, a.keys.viewer)
  t.equal(res.status, 200)
  const contact = res.body.contact
  t.match(contact, {
    contact_id: contactId,
    phone_number: number,
    timezone: 'America/Los_Angeles',
    state: 'CA',
    is_valid: true,
  })
  t.equal(contact.subscriptions.length, 2)
  const byList = new Map(contact.subscriptions.map((s: { list_number: string }) => [s.list_number, s]))
  t.match(byList.get(a.list.phoneNumber), {
    contact_id: contactId,
    active: true,
    signup_method: 'form',
    custom_fields: { plan: 'gold' },
    first_name: 'Grace',
    unsubscribe_reason: null,
    unsubscribed_at: null,
  })
  t.match(byList.get(list2.phoneNumber), {
    active: false,
    signup_method: 'keyword',
    signup_date: '2025-01-02T03:04:05.000Z',
    custom_fields: { plan: 'silver' },
    unsubscribe_reason: 'api',
    unsubscribed_at: /^\d{4}-/,
  })
  const consent = await h.request('GET', `/api/v2/contacts/${contactId}/consent`, a.keys.viewer)
  t.match(
    consent.body.consent.find((c: { list_number: string }) => c.list_number === list2.phoneNumber),
    { opt_in_keyword: 'JOIN', opt_out_reason: 'api', opted_out_at: /^\d{4}-/, active: false },
  )
})

t.test('consent as a CSV download: format=csv or Accept: text/csv', async (t) => {
  const url = `/api/v2/contacts/${contactId}/consent`
  for (const [how, res] of [
    ['format=csv', await h.app.inject({ url: `${url}?format=csv`, headers: { 'x-api-key': a.keys.viewer } })],
    ['Accept', await h.app.inject({ url, headers: { 'x-api-key': a.keys.viewer, accept: 'text/csv' } })],
  ] as const) {
    t.equal(res.statusCode, 200, how)
    t.match(res.headers['content-type'], /^text\/csv/, how)
    t.match(res.headers['content-disposition'], `attachment; filename="consent-${contactId}.csv"`, how)
    const rows = parseCsv(res.body)
    t.same(rows[0]!.slice(0, 3), ['phone_number', 'list_number', 'list_id'], `${how}: header`)
    t.equal(rows.length, 3, `${how}: header and one row per list`)
    const header = rows[0]!
    const row = rows.find((r) => r[header.indexOf('list_number')] === `'${a.list.phoneNumber}`)
    t.ok(row, `${how}: the list's row (numbers guarded against spreadsheet formulas)`)
    const cell = (name: string) => row![header.indexOf(name)]
    t.equal(cell('ip_address'), '198.51.100.7')
    t.equal(cell('signup_url'), 'https://example.com/join')
    t.equal(cell('opt_in_form'), 'Spring popup')
    t.equal(cell('consent_date'), '2024-03-05T00:00:00.000Z')
  }
  const json = await h.app.inject({
    url,
    headers: { 'x-api-key': a.keys.viewer, accept: 'application/json, text/csv' },
  })
  t.match(json.headers['content-type'], /json/, 'JSON when Accept prefers it')
})

t.test('another account’s contact answers exactly like a missing one', async (t) => {
  const missing = newObjectId()
  for (const path of ['', '/consent']) {
    const foreign = await h.request('GET', `/api/v2/contacts/${contactId}${path}`, other.keys.owner)
    const absent = await h.request('GET', `/api/v2/contacts/${missing}${path}`, other.keys.owner)
    t.equal(foreign.status, 404)
    t.same(foreign.body, absent.body, `${path || 'detail'}: same reply`)
    t.same(foreign.body, { error: 'Contact not found', code: 'contact_not_found' })
  }
  const csv = await h.request('GET', `/api/v2/contacts/${contactId}/consent?format=csv`, other.keys.owner)
  t.equal(csv.status, 404, 'the CSV neither')
  const messages = await h.request('GET', `/api/v2/messages?contact_id=${contactId}`, other.keys.owner)
  t.same(messages.body.messages, [], 'nor its messages')
  const byNumber = await h.request(
    'GET',
    `/api/v2/messages?to=${encodeURIComponent(number)}`,
    other.keys.owner,
  )
  t.same(byNumber.body.messages, [], 'nor its messages by number')
})

t.test('bulk and CSV import set the consent evidence too', async (t) => {
  const [bulk1, bulk2] = [phone(), phone()]
  const bulk = await h.request('POST', '/api/v2/contacts/bulk', a.keys.member, {
    contacts: [
      {
        phone_number: bulk1,
        list_number: a.list.phoneNumber,
        ip_address: '192.0.2.1',
        consent_date: '2024-01-01',
      },
      { phone_number: bulk2, list_number: a.list.phoneNumber, consent_date: '2999-01-01' },
    ],
  })
  t.match(bulk.body, { success_count: 1, error_count: 1, errors: [{ index: 1, code: 'invalid_date' }] })

  const [imp1, imp2] = [phone('212'), phone('212')]
  const csv = [
    'Phone,IP,Signup URL,Keyword,Form,Consent,ad_network_source',
    `${imp1},203.0.113.5,https://ex.com/a,,Footer form,2024-02-03,google`,
    `${imp2},999.1.1.1,,,,,`,
  ].join('\n')
  const dry = await h.request('POST', '/api/v2/contacts/import', a.keys.member, {
    list_number: a.list.phoneNumber,
    csv,
  })
  t.match(dry.body, { dry_run: true, valid_rows: 1, invalid_rows: 1, ignored_columns: [] })
  t.match(dry.body.rows[1], { row: 3, status: 'invalid', reason: 'invalid_ip_address' })
  const run = await h.request('POST', '/api/v2/contacts/import', a.keys.member, {
    list_number: a.list.phoneNumber,
    csv,
    dry_run: false,
  })
  t.match(run.body, { dry_run: false, created: 1 })

  const evidence = async (p: string) => {
    const listed = await h.request(
      'GET',
      `/api/v2/contacts?search=${encodeURIComponent(p)}&list_number=${encodeURIComponent(a.list.phoneNumber)}`,
      a.keys.viewer,
    )
    t.equal(listed.body.contacts.length, 1, `search finds ${p}`)
    const res = await h.request(
      'GET',
      `/api/v2/contacts/${listed.body.contacts[0].contact_id}/consent`,
      a.keys.viewer,
    )
    return res.body.consent[0]
  }
  t.match(await evidence(bulk1), { ip_address: '192.0.2.1', consent_date: '2024-01-01T00:00:00.000Z' })
  t.match(await evidence(imp1), {
    signup_method: 'import',
    ip_address: '203.0.113.5',
    signup_url: 'https://ex.com/a',
    opt_in_keyword: null,
    opt_in_form: 'Footer form',
    ad_network_source: 'google',
    consent_date: '2024-02-03T00:00:00.000Z',
  })
})

t.test('GET /contacts search: by any part of the number, by name or field, by one field', async (t) => {
  const search = async (query: string) => {
    const res = await h.request('GET', `/api/v2/contacts?${query}`, a.keys.viewer)
    t.equal(res.status, 200, query)
    return res.body.contacts.map((c: { phone_number: string; list_number: string }) => c.phone_number)
  }
  const formatted = `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`
  t.ok((await search(`search=${encodeURIComponent(formatted)}`)).includes(number), 'a formatted number')
  t.ok((await search(`search=${number.slice(-6)}`)).includes(number), 'the last digits')
  t.same(await search('search=grace'), [number], 'a first name, any case')
  t.ok((await search('search=gold')).includes(number), 'a custom field value')
  t.ok((await search('search=silv&field=plan')).includes(number), 'one custom field')
  t.notOk((await search('search=gold&field=other')).includes(number), 'another field does not match')
  t.same(await search('search=100%25'), [], 'LIKE wildcards are literal')
  const unsubscribed = await search(`search=${number.slice(-7)}&active=false`)
  t.same(unsubscribed, [number], 'with the status filter: only the unsubscribed subscription')
  t.same(await search(`search=${number.slice(-7)}`), [number, number], 'a row per subscription')
  t.same(
    await h.request('GET', `/api/v2/contacts?search=grace`, other.keys.owner).then((r) => r.body.contacts),
    [],
    'never another account’s contacts',
  )
})

t.test('GET /messages by contact or number, and GET /replies by contact', async (t) => {
  const sent = await h.request('POST', '/api/v2/send', a.keys.member, {
    to: number,
    list_number: a.list.phoneNumber,
    body: 'Hello Grace',
  })
  t.equal(sent.status, 200)
  await h.request('POST', '/api/v2/send', a.keys.member, {
    to: phone(),
    list_number: a.list.phoneNumber,
    body: 'Someone else',
  })
  const byContact = await h.request('GET', `/api/v2/messages?contact_id=${contactId}`, a.keys.viewer)
  t.equal(byContact.status, 200)
  t.match(byContact.body, {
    messages: [
      {
        id: sent.body.message_id,
        contact_id: contactId,
        to: number,
        list_number: a.list.phoneNumber,
        body: 'Hello Grace',
        status: 'queued',
      },
    ],
    pagination: { page: 1, total: 1 },
  })
  const byNumber = await h.request('GET', `/api/v2/messages?to=${encodeURIComponent(number)}`, a.keys.viewer)
  t.same(byNumber.body.messages, byContact.body.messages, 'the same by number')
  const all = await h.request('GET', '/api/v2/messages', a.keys.viewer)
  t.equal(all.status, 200)
  t.same(
    all.body.messages.map((m: { body: string }) => m.body),
    ['Someone else', 'Hello Grace'],
    'without a filter: every message of the account, newest first',
  )
  const none = await h.request('GET', '/api/v2/messages', other.keys.viewer)
  t.same(none.body.messages, [], 'and none of another account')
  t.match(await h.request('GET', '/api/v2/messages?to=nope', a.keys.viewer), {
    status: 400,
    body: { code: 'invalid_phone' },
  })

  await h.pg.pool.query(
    `INSERT INTO inbound_messages (id, account_id, list_id, contact_id, from_number, to_number, body, provider,
       provider_message_id, kind, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'thanks!', 'simulator', $1, 'other', now())`,
    [newObjectId(), a.accountId, a.list.id, contactId, number, a.list.phoneNumber],
  )
  const replies = await h.request('GET', `/api/v2/replies?contact_id=${contactId}`, a.keys.viewer)
  t.match(replies.body.replies, [{ contact_id: contactId, from: number, body: 'thanks!' }])
})
