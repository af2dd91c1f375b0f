// Contacts API in bulk and in lists: bulk partial success, listing, account isolation, the `contacts` topic.
import t from 'tap'
import { decodeEvent, topicName } from '../../core/events.js'
import { contactsHarness, phone, URL } from '../harness/contacts.js'

const { h, a, other, listed, findContact } = await contactsHarness(t)

t.test('bulk: valid items are written, each bad item reports its own code', async (t) => {
  const good = [phone(), phone(), phone()]
  const res = await h.request('POST', `${URL}/bulk`, a.keys.member, {
    contacts: [
      { phone_number: good[0], list_number: a.list.phoneNumber, custom_fields: { n: 0 } },
      { list_number: a.list.phoneNumber },
      { phone_number: good[1], list_number: a.list.phoneNumber },
      { phone_number: phone() },
      { phone_number: '12345', list_number: a.list.phoneNumber },
      { phone_number: phone(), list_number: 'list one' },
      { phone_number: phone(), list_number: other.list.phoneNumber },
      { phone_number: good[2], list_number: a.list.phoneNumber },
      { phone_number: good[0], list_number: a.list.phoneNumber, custom_fields: { m: 1 } },
      { phone_number: phone(), list_number: a.list.phoneNumber, custom_fields: 'x' },
    ],
  })
  t.equal(res.status, 200)
  t.match(res.body, {
    success_count: 4,
    error_count: 6,
    contacts_created: 3,
    list_contacts_created: 3,
    journeys_enrolled: 0,
  })
  t.same(
    res.body.errors.map((e: { index: number; code: string }) => [e.index, e.code]),
    [
      [1, 'missing_phone_number'],
      [3, 'missing_list_number'],
      [4, 'invalid_phone'],
      [5, 'invalid_list_number'],
      [6, 'list_not_found'],
      [9, 'invalid_custom_fields'],
    ],
  )
  t.equal(res.body.errors[2].phone_number, '12345', 'errors echo the phone number given')
  t.equal(res.body.errors[0].phone_number, null)
  for (const number of good) t.ok(await findContact(number), `${number} written`)
  t.same((await findContact(good[0]!))?.custom_fields, { n: 0, m: 1 }, 'a repeated number merges in order')
  const otherList = await listed(other.keys.viewer, 'per_page=1000')
  t.notOk(
    otherList.contacts.some(
      (c) => c.list_number === other.list.phoneNumber && good.includes(String(c.phone_number)),
    ),
  )
})

t.test('bulk request-level errors', async (t) => {
  const item = { phone_number: phone(), list_number: a.list.phoneNumber }
  const expect = async (body: unknown, status: number, code: string, key = a.keys.member) => {
    const res = await h.request('POST', `${URL}/bulk`, key, body)
    t.same([res.status, res.body.code], [status, code], code)
  }
  await expect({}, 400, 'missing_contacts')
  await expect({ contacts: [] }, 400, 'missing_contacts')
  await expect({ contacts: Array.from({ length: 1001 }, () => item) }, 413, 'too_many_contacts')
  await expect({ contacts: [item, { ...item, use_validation: true }] }, 402, 'no_billing_config')
  await expect({ contacts: [item] }, 403, 'forbidden', a.keys.viewer)
  t.notOk(await findContact(item.phone_number), 'a rejected batch writes nothing')
  const full = await h.request('POST', `${URL}/bulk`, a.keys.member, {
    contacts: Array.from({ length: 1000 }, (_, i) => ({
      phone_number: `+1212${String(2_000_000 + i * 7)}`,
      list_number: other.list.phoneNumber,
    })),
  })
  t.equal(full.status, 200, '1,000 is allowed')
  t.equal(full.body.error_count, 1000, 'every item names a list of another account')
  t.equal(full.body.errors[999].code, 'list_not_found')
})

t.test('GET: newest signup first, pagination edges, active filter, account isolation', async (t) => {
  const account = await h.account()
  const list = account.list.phoneNumber
  const numbers = Array.from({ length: 5 }, () => phone('602'))
  for (const [i, number] of numbers.entries())
    await h.request('POST', URL, account.keys.member, {
      phone_number: number,
      list_number: list,
      signup_date: `2025-01-0${i + 1}T00:00:00Z`,
    })
  await h.request('DELETE', URL, account.keys.member, { phone_number: numbers[1], list_number: list })

  const all = await listed(account.keys.viewer, '')
  t.same(all.pagination, { page: 1, per_page: 50, total: 5, total_pages: 1 }, 'defaults page 1, per_page 50')
  t.same(
    all.contacts.map((c) => c.phone_number),
    [...numbers].reverse(),
    'newest signup first',
  )
  t.equal(all.contacts[0]?.timezone, 'America/Phoenix')

  const page3 = await listed(account.keys.viewer, 'per_page=2&page=3')
  t.same(
    page3.contacts.map((c) => c.phone_number),
    [numbers[0]],
  )
  t.same(page3.pagination, { page: 3, per_page: 2, total: 5, total_pages: 3 })
  const past = await listed(account.keys.viewer, 'per_page=2&page=9')
  t.same(past.contacts, [], 'a page past the end is empty')
  t.equal(past.pagination.total, 5)
  t.equal(
    (await listed(account.keys.viewer, 'per_page=1000')).pagination.per_page,
    1000,
    'contacts allow 1000',
  )
  const over = await h.request('GET', `${URL}?per_page=1001`, account.keys.viewer)
  t.equal(over.status, 400, 'per_page is capped at 1000')
  const zero = await h.request('GET', `${URL}?page=0`, account.keys.viewer)
  t.equal(zero.status, 400)

  const active = await listed(account.keys.viewer, 'active=true')
  t.equal(active.pagination.total, 4)
  t.ok(active.contacts.every((c) => c.active === true))
  const inactive = await listed(account.keys.viewer, `active=false&list_number=${encodeURIComponent(list)}`)
  t.same(
    inactive.contacts.map((c) => c.phone_number),
    [numbers[1]],
  )
  const badActive = await h.request('GET', `${URL}?active=yes`, account.keys.viewer)
  t.equal(badActive.status, 400)

  const foreign = await h.request(
    'GET',
    `${URL}?list_number=${encodeURIComponent(a.list.phoneNumber)}`,
    account.keys.viewer,
  )
  t.same(
    [foreign.status, foreign.body.code],
    [404, 'list_not_found'],
    'a list of another account is not found',
  )
  const badList = await h.request('GET', `${URL}?list_number=abc`, account.keys.viewer)
  t.same([badList.status, badList.body.code], [400, 'invalid_list_number'])
  const others = await listed(other.keys.viewer, 'per_page=1000')
  t.notOk(
    others.contacts.some((c) => numbers.includes(String(c.phone_number))),
    'never another account’s contacts',
  )
  const noKey = await h.request('GET', URL, undefined)
  t.equal(noKey.status, 401)
})

t.test('subscription changes are published to the contacts topic', async (t) => {
  const { admin, producer } = h.app.kafka
  for (let i = 0; i < 50 && !producer.isHealthy(); i++) await new Promise((r) => setTimeout(r, 100))
  await admin.connect()
  const topic = topicName(h.config.kafkaTopicPrefix, 'contacts')
  const total = async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0)
  const before = await total()
  const body = { phone_number: phone(), list_number: a.list.phoneNumber }
  await h.request('POST', URL, a.keys.member, body)
  await h.request('POST', URL, a.keys.member, body) // no change: no event
  await h.request('DELETE', URL, a.keys.member, body)
  await h.request('POST', URL, a.keys.member, body) // re-subscribed
  t.equal((await total()) - before, 3, 'subscribe, unsubscribe, re-subscribe')
})

t.test('the contact event schema accepts what the service publishes', async (t) => {
  const { contactEvent } = await import('../../services/contacts.js')
  const event = contactEvent(a.accountId, 'unsubscribed', {
    contactId: 'c'.repeat(24),
    listContactId: 'd'.repeat(24),
    listId: a.list.id,
    phoneNumber: '+14155551234',
    signupMethod: null,
    reason: 'api',
  })
  t.match(decodeEvent('contacts', JSON.stringify(event)), {
    ok: true,
    event: { type: 'unsubscribed', reason: 'api' },
  })
})

t.test('the OpenAPI document describes the contact routes', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(res.statusCode, 200)
  const paths = res.json().paths
  for (const path of ['/api/v2/contacts', '/api/v2/contacts/bulk', '/api/v2/contacts/import'])
    t.ok(paths[path], path)
  const params = paths['/api/v2/contacts'].get.parameters.map((p: { name: string }) => p.name)
  t.same(params.sort(), ['active', 'field', 'list_number', 'page', 'per_page', 'search'])
})
