// Contacts API (spec §5, §19) over the real app, one contact at a time: upsert semantics, custom fields,
// unsubscribe and re-subscribe, limits, error codes and roles. Bulk, listing, account isolation and the
// `contacts` Kafka topic are in contacts-bulk-list.test.ts; the shared setup is in test/harness/contacts.ts.
import t from 'tap'
import { contactsHarness, phone, URL } from '../harness/contacts.js'

const { h, a, other, findContact } = await contactsHarness(t)

async function contactRow(phoneNumber: string) {
  const { rows } = await h.pg.pool.query(
    'SELECT carrier, line_type, timezone, state FROM contacts WHERE account_id = $1 AND phone_number = $2',
    [a.accountId, phoneNumber],
  )
  return rows[0]
}

t.test(
  'POST creates the contact with the documented reply; area code gives timezone and state',
  async (t) => {
    // The test database outlives runs: take a number this account has not used yet.
    let number = phone('312')
    const known = 'SELECT 1 FROM contacts WHERE account_id = $1 AND phone_number = $2'
    while ((await h.pg.pool.query(known, [a.accountId, number])).rowCount) {
      number = phone('312')
    }
    const res = await h.request('POST', URL, a.keys.member, {
      phone_number: number,
      list_number: a.list.phoneNumber,
      custom_fields: { plan: 'gold', score: 7, vip: true },
      ip_address: '203.0.113.9',
      url: 'https://example.com/join',
      first_name: 'Ada',
    })
    t.equal(res.status, 200)
    t.match(res.body, {
      success: true,
      contact_id: /^[a-f0-9]{24}$/,
      list_contact_id: /^[a-f0-9]{24}$/,
      is_new_contact: true,
      is_new_list_contact: true,
      journeys_enrolled: 0,
      warnings: [],
      validation: null,
    })
    t.same(await contactRow(number), {
      carrier: null,
      line_type: 'unknown',
      timezone: 'America/Chicago',
      state: 'IL',
    })
    const listedContact = await findContact(number)
    t.match(listedContact, {
      phone_number: number,
      list_number: a.list.phoneNumber,
      list_id: a.list.id,
      active: true,
      signup_method: 'api',
      custom_fields: { plan: 'gold', score: 7, vip: true },
      carrier: null,
      line_type: 'unknown',
      timezone: 'America/Chicago',
      is_valid: true,
      send_count: 0,
      click_count: 0,
      revenue_total: 0,
      conversion_count: 0,
      last_sent_at: null,
      last_clicked_at: null,
      in_workflow: false,
    })
    t.equal(typeof listedContact?.revenue_total, 'number')
    const { rows } = await h.pg.pool.query(
      'SELECT ip_address, signup_url, first_name, use_journeys, skip_journey_if_exists FROM list_contacts WHERE id = $1',
      [res.body.list_contact_id],
    )
    t.same(rows[0], {
      ip_address: '203.0.113.9',
      signup_url: 'https://example.com/join',
      first_name: 'Ada',
      use_journeys: false,
      skip_journey_if_exists: true,
    })

    const west = phone('915')
    await h.request('POST', URL, a.keys.member, { phone_number: west, list_number: a.list.phoneNumber })
    t.same(await contactRow(west), {
      carrier: null,
      line_type: 'unknown',
      timezone: 'America/Denver',
      state: 'TX',
    })
  },
)

t.test('upsert: the same number again merges custom fields; merge_fields false replaces them', async (t) => {
  const number = phone()
  const body = { phone_number: number, list_number: a.list.phoneNumber }
  const first = await h.request('POST', URL, a.keys.member, { ...body, custom_fields: { a: 1, b: 'x' } })
  const again = await h.request('POST', URL, a.keys.member, {
    ...body,
    custom_fields: { b: 'y', c: true },
    use_journeys: true,
    skip_journey_if_exists: false,
  })
  t.match(again.body, { is_new_contact: false, is_new_list_contact: false })
  t.equal(again.body.contact_id, first.body.contact_id)
  t.equal(again.body.list_contact_id, first.body.list_contact_id)
  t.same((await findContact(number))?.custom_fields, { a: 1, b: 'y', c: true })
  const { rows } = await h.pg.pool.query(
    'SELECT use_journeys, skip_journey_if_exists FROM list_contacts WHERE id = $1',
    [first.body.list_contact_id],
  )
  t.same(rows[0], { use_journeys: true, skip_journey_if_exists: false }, 'journey flags are stored')

  await h.request('POST', URL, a.keys.member, body)
  t.same((await findContact(number))?.custom_fields, { a: 1, b: 'y', c: true }, 'no custom_fields: unchanged')
  await h.request('POST', URL, a.keys.member, { ...body, custom_fields: { z: 0 }, merge_fields: false })
  t.same((await findContact(number))?.custom_fields, { z: 0 }, 'replaced')

  const onOtherList = await h.request('POST', URL, other.keys.member, {
    phone_number: number,
    list_number: other.list.phoneNumber,
  })
  t.match(
    onOtherList.body,
    { is_new_contact: true, is_new_list_contact: true },
    "another account's record of the number is its own: new to it",
  )
  t.not(onOtherList.body.contact_id, first.body.contact_id, 'and with its own id')
})

t.test('signup_date defaults to now; one without a zone is UTC', async (t) => {
  const number = phone()
  const before = Date.now()
  await h.request('POST', URL, a.keys.member, { phone_number: number, list_number: a.list.phoneNumber })
  const signup = Date.parse(String((await findContact(number))?.signup_date))
  t.ok(signup >= before - 1000 && signup <= Date.now() + 1000, 'now')
  const dated = phone()
  await h.request('POST', URL, a.keys.member, {
    phone_number: dated,
    list_number: a.list.phoneNumber,
    signup_date: '2024-06-01T10:30:00',
    signup_method: 'form',
  })
  t.match(await findContact(dated), { signup_date: '2024-06-01T10:30:00.000Z', signup_method: 'form' })
})

t.test('POST errors: each documented code', async (t) => {
  const ok = { phone_number: phone(), list_number: a.list.phoneNumber }
  const expect = async (body: unknown, status: number, code: string, key = a.keys.member) => {
    const res = await h.request('POST', URL, key, body)
    t.equal(res.status, status, code)
    t.equal(res.body.code, code)
    t.type(res.body.error, 'string')
  }
  await expect({ list_number: a.list.phoneNumber }, 400, 'missing_phone_number')
  await expect({ phone_number: ok.phone_number }, 400, 'missing_list_number')
  await expect({ ...ok, phone_number: '4155551234' }, 400, 'invalid_phone')
  await expect({ ...ok, phone_number: '+1415' }, 400, 'invalid_phone')
  await expect({ ...ok, list_number: 'my list' }, 400, 'invalid_list_number')
  await expect({ ...ok, list_number: other.list.phoneNumber }, 404, 'list_not_found')
  await expect({ ...ok, list_number: '+18009999999' }, 404, 'list_not_found')
  await expect({ ...ok, custom_fields: 'gold' }, 400, 'invalid_custom_fields')
  await expect({ ...ok, custom_fields: { a: [1] } }, 400, 'invalid_custom_fields')
  await expect({ ...ok, signup_date: 'last week' }, 400, 'invalid_date')
  await expect({ ...ok, use_validation: true }, 402, 'no_billing_config')
  await expect(ok, 403, 'forbidden', a.keys.viewer)
  const noKey = await h.request('POST', URL, undefined, ok)
  t.same([noKey.status, noKey.body.code], [401, 'missing_api_key'])
  t.notOk(await findContact(ok.phone_number), 'nothing was written by the failed calls')
})

t.test('a contact object over 4,000 bytes is refused with 413 payload_too_large', async (t) => {
  const body = (size: number) => {
    const b = { phone_number: phone(), list_number: a.list.phoneNumber, custom_fields: { note: '' } }
    b.custom_fields.note = 'x'.repeat(size - Buffer.byteLength(JSON.stringify(b)))
    return b
  }
  const atLimit = await h.request('POST', URL, a.keys.member, body(4000))
  t.equal(atLimit.status, 200, 'exactly 4,000 bytes is accepted')
  const over = await h.request('POST', URL, a.keys.member, body(4001))
  t.same([over.status, over.body.code], [413, 'payload_too_large'])
  const overAndInvalid = await h.request('POST', URL, a.keys.member, { ...body(5000), phone_number: 'x' })
  t.same(
    [overAndInvalid.status, overAndInvalid.body.code],
    [413, 'payload_too_large'],
    'size is checked first',
  )
})

t.test('DELETE unsubscribes with reason api and keeps history; signing up again re-subscribes', async (t) => {
  const number = phone()
  const body = { phone_number: number, list_number: a.list.phoneNumber }
  const created = await h.request('POST', URL, a.keys.member, { ...body, custom_fields: { keep: 'me' } })
  const del = await h.request('DELETE', URL, a.keys.member, body)
  t.same([del.status, del.body], [200, { success: true, unsubscribed: true }])
  const gone = await findContact(number)
  t.match(gone, { active: false, unsubscribe_reason: 'api', custom_fields: { keep: 'me' } }, 'history kept')
  t.ok(gone?.unsubscribed_at)
  t.same((await h.request('DELETE', URL, a.keys.member, body)).body, { success: true, unsubscribed: false })
  for (const notThere of [
    { phone_number: phone(), list_number: a.list.phoneNumber },
    { phone_number: number, list_number: '+18009999999' },
    { phone_number: number, list_number: other.list.phoneNumber },
    { phone_number: 'garbage', list_number: a.list.phoneNumber },
  ]) {
    const res = await h.request('DELETE', URL, a.keys.member, notThere)
    t.same([res.status, res.body], [200, { success: true, unsubscribed: false }], JSON.stringify(notThere))
  }
  const missing = await h.request('DELETE', URL, a.keys.member, { list_number: a.list.phoneNumber })
  t.same([missing.status, missing.body.code], [400, 'missing_phone_number'])
  const viewer = await h.request('DELETE', URL, a.keys.viewer, body)
  t.same([viewer.status, viewer.body.code], [403, 'forbidden'])

  const again = await h.request('POST', URL, a.keys.member, { ...body, signup_method: 'form' })
  t.match(again.body, { success: true, is_new_contact: false, is_new_list_contact: false })
  t.equal(again.body.list_contact_id, created.body.list_contact_id)
  t.match(await findContact(number), {
    active: true,
    unsubscribe_reason: null,
    unsubscribed_at: null,
    signup_method: 'form',
    custom_fields: { keep: 'me' },
  })
})

t.test('PUT updates custom fields: merge by default, replace on request', async (t) => {
  const number = phone()
  const body = { phone_number: number, list_number: a.list.phoneNumber }
  const created = await h.request('POST', URL, a.keys.member, { ...body, custom_fields: { a: 1, b: 2 } })
  const merged = await h.request('PUT', URL, a.keys.member, {
    ...body,
    custom_fields: { b: 'two', c: false },
  })
  t.same(merged.body, {
    success: true,
    list_contact_id: created.body.list_contact_id,
    custom_fields: { a: 1, b: 'two', c: false },
  })
  const replaced = await h.request('PUT', URL, a.keys.member, {
    ...body,
    custom_fields: { d: 4 },
    merge_fields: false,
  })
  t.same(replaced.body.custom_fields, { d: 4 })

  const expect = async (payload: unknown, status: number, code: string, key = a.keys.member) => {
    const res = await h.request('PUT', URL, key, payload)
    t.same([res.status, res.body.code], [status, code], code)
  }
  await expect({ ...body }, 400, 'missing_custom_fields')
  await expect({ list_number: a.list.phoneNumber, custom_fields: {} }, 400, 'missing_phone_number')
  await expect({ phone_number: number, custom_fields: {} }, 400, 'missing_list_number')
  await expect({ ...body, custom_fields: 'x' }, 400, 'invalid_custom_fields')
  await expect({ ...body, custom_fields: { x: null } }, 400, 'invalid_custom_fields')
  await expect({ ...body, phone_number: '555-1234', custom_fields: {} }, 400, 'invalid_phone')
  await expect({ ...body, list_number: 'x', custom_fields: {} }, 400, 'invalid_list_number')
  await expect({ ...body, phone_number: phone(), custom_fields: { a: 1 } }, 400, 'contact_not_on_list')
  await expect(
    { ...body, list_number: other.list.phoneNumber, custom_fields: { a: 1 } },
    404,
    'list_not_found',
  )
  await expect({ ...body, custom_fields: { a: 1 } }, 403, 'forbidden', a.keys.viewer)
})
