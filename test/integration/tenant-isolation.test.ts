// Two accounts, A and B, each with a full set of resources made through the API. No endpoint lets A read,
// change or count anything of B: every id of B answers 404 to A exactly like an id that does not exist,
// lists never show B's rows, counts never include them, and B's data is unchanged afterwards. Every case runs
// twice: with the owners' API keys, and with their signed-in dashboard sessions (cookie and CSRF token).
import t from 'tap'
import { apiHarness, type Credential, type TestAccount } from '../harness/api.js'

const h = await apiHarness(t)
const [a, b] = [await h.account(), await h.account()]

type Reply = Awaited<ReturnType<typeof h.request>>
/** A step that must succeed: setup and reads throw (failing the file) rather than assert. */
const ok = (res: Reply, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
  return res.body
}

interface Resources {
  offerId: string
  creativeId: number
  audienceId: string
  scheduleId: string
  messageId: string
  keyId: string
  phone: string
}

async function populate(acc: TestAccount, key: Credential, phone: string): Promise<Resources> {
  const offer = ok(
    await h.request('POST', '/api/v2/offers', key, {
      name: 'Iso offer',
      tracking_url: 'https://offers.example.com/iso',
    }),
    'offer',
  ).offer
  const creative = ok(
    await h.request('POST', '/api/v2/creatives', key, {
      name: 'Iso creative',
      message: 'Deal {{link1}}',
      offer_links: [{ key: 'link1', offer_id: offer.id }],
    }),
    'creative',
  ).creative
  ok(
    await h.request('POST', '/api/v2/contacts', key, {
      phone_number: phone,
      list_number: acc.list.phoneNumber,
    }),
    'contact',
  )
  const audience = ok(
    await h.request('POST', '/api/v2/audiences', key, {
      name: 'Everyone',
      filter: {
        operator: 'AND',
        conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
        groups: [],
      },
    }),
    'audience',
  ).audience
  const schedule = ok(
    await h.request('POST', '/api/v2/schedules', key, {
      name: 'Iso schedule',
      send_type: 'blast',
      is_repeating: false,
      send_date: '2030-01-01',
      send_time: '10:00',
      audiences: [audience.id],
      sending_list_id: acc.list.id,
      blasts: [
        {
          message: 'Deal {{link1}}',
          offer_links: [{ key: 'link1', offer_id: offer.id }],
          percent_audience: 100,
        },
      ],
    }),
    'schedule',
  ).schedule
  const message = ok(
    await h.request('POST', '/api/v2/send', key, {
      to: phone,
      list_number: acc.list.phoneNumber,
      body: 'Hi',
    }),
    'send',
  )
  const createdKey = ok(
    await h.request('POST', '/api/v2/keys', key, { name: 'extra', role: 'viewer' }),
    'key',
  )
  return {
    offerId: offer.id,
    creativeId: creative.id,
    audienceId: audience.id,
    scheduleId: schedule.id,
    messageId: message.message_id,
    keyId: createdKey.key.id,
    phone,
  }
}

const sessions = { a: await h.ownerSession(a), b: await h.ownerSession(b) }
// A's resources are made through its owner's session, B's with its key.
const ra = await populate(a, sessions.a, '+14155552671')
const rb = await populate(b, b.keys.owner, '+12125551234')

for (const [mode, credA, credB] of [
  ['API key', a.keys.owner, b.keys.owner],
  ['session', sessions.a, sessions.b],
] as const) {
  t.test(`${mode}: every id of B answers 404 to A, on every verb`, async (t) => {
    const probes: [string, string, unknown?][] = [
      ['GET', `/api/v2/offers/${rb.offerId}`],
      ['PUT', `/api/v2/offers/${rb.offerId}`, { name: 'stolen' }],
      ['DELETE', `/api/v2/offers/${rb.offerId}`],
      ['GET', `/api/v2/creatives/${rb.creativeId}`],
      ['PUT', `/api/v2/creatives/${rb.creativeId}`, { name: 'stolen' }],
      ['GET', `/api/v2/audiences/${rb.audienceId}`],
      ['PUT', `/api/v2/audiences/${rb.audienceId}`, { name: 'stolen' }],
      ['DELETE', `/api/v2/audiences/${rb.audienceId}`],
      ['GET', `/api/v2/audiences/${rb.audienceId}/size`],
      ['GET', `/api/v2/schedules/${rb.scheduleId}`],
      ['PUT', `/api/v2/schedules/${rb.scheduleId}`, { name: 'stolen' }],
      ['DELETE', `/api/v2/schedules/${rb.scheduleId}`],
      ['GET', `/api/v2/lists/${b.list.id}`],
      ['GET', `/api/v2/reports/messages/${rb.messageId}`],
      ['GET', `/api/v2/messages/${rb.messageId}`],
      ['DELETE', `/api/v2/keys/${rb.keyId}`],
      ['PUT', `/api/v2/team/${b.userId}`, { role: 'viewer' }],
      ['DELETE', `/api/v2/team/${b.userId}`],
    ]
    for (const [method, url, body] of probes) {
      const res = await h.request(method as 'GET', url, credA, body)
      t.equal(res.status, 404, `${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`)
    }
  })

  t.test(
    `${mode}: B's lists, offers, audiences and ids inside request bodies do not resolve for A`,
    async (t) => {
      const key = credA
      const cases: [string, string, unknown, string][] = [
        [
          'POST',
          '/api/v2/contacts',
          { phone_number: '+13105551212', list_number: b.list.phoneNumber },
          'list_not_found',
        ],
        [
          'POST',
          '/api/v2/send',
          { to: '+13105551212', list_number: b.list.phoneNumber, body: 'x' },
          'list_not_found',
        ],
        [
          'POST',
          '/api/v2/send',
          {
            to: '+13105551212',
            list_number: a.list.phoneNumber,
            body: '{{link1}}',
            offer_links: [{ key: 'link1', offer_id: rb.offerId }],
          },
          'offer_not_found',
        ],
        [
          'POST',
          '/api/v2/creatives',
          { name: 'x', message: '{{link1}}', offer_links: [{ key: 'link1', offer_id: rb.offerId }] },
          'offer_not_found',
        ],
        [
          'POST',
          '/api/v2/audiences',
          {
            name: 'x',
            source_lists: [b.list.id],
            filter: {
              operator: 'AND',
              conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
              groups: [],
            },
          },
          'source_list_not_found',
        ],
        [
          'POST',
          '/api/v2/schedules',
          {
            name: 'x',
            send_type: 'blast',
            is_repeating: false,
            send_date: '2030-01-01',
            send_time: '10:00',
            audiences: [rb.audienceId],
            blasts: [{ message: 'hi', percent_audience: 100 }],
          },
          'audience_not_found',
        ],
        ['POST', '/api/v2/links/shorten', { url: 'https://x.example', listId: b.list.id }, 'list_not_found'],
        ['POST', '/api/v2/links/shorten', { offerId: rb.offerId, listId: a.list.id }, 'offer_not_found'],
      ]
      for (const [method, url, body, code] of cases) {
        const res = await h.request(method as 'POST', url, key, body)
        t.equal(
          res.body?.code,
          code,
          `${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
        )
      }
      const del = await h.request('DELETE', '/api/v2/contacts', key, {
        phone_number: rb.phone,
        list_number: b.list.phoneNumber,
      })
      t.same(del.body, { success: true, unsubscribed: false }, "A cannot unsubscribe B's contact")
    },
  )

  t.test(`${mode}: lists and counts of A never include B`, async (t) => {
    const key = credA
    const lists = ok(await h.request('GET', '/api/v2/lists', key), 'lists').lists as {
      id: number
      contact_count: number
    }[]
    t.same(
      lists.map((l) => l.id),
      [a.list.id],
    )
    t.equal(lists[0]!.contact_count, 1)
    for (const [url, field, own] of [
      ['/api/v2/offers', 'offers', ra.offerId],
      ['/api/v2/creatives', 'creatives', ra.creativeId],
      ['/api/v2/audiences', 'audiences', ra.audienceId],
      ['/api/v2/schedules', 'schedules', ra.scheduleId],
    ] as const) {
      const items = ok(await h.request('GET', url, key), url)[field] as { id: string | number }[]
      t.same(
        items.map((i) => i.id),
        [own],
        `${url} lists only A's`,
      )
    }
    // A reply to B's number is B's alone.
    await h.pg.pool.query(
      `INSERT INTO inbound_messages (id, account_id, list_id, from_number, to_number, body, provider,
                                   provider_message_id, kind, received_at)
     VALUES ($1, $2, $3, $4, $5, 'hi B', 'simulator', $1, 'other', now())`,
      [`iso${mode[0]}${Date.now()}`, b.accountId, b.list.id, rb.phone, b.list.phoneNumber],
    )
    const replies = ok(await h.request('GET', '/api/v2/replies', key), 'replies')
    t.equal(replies.pagination.total, 0, "A sees none of B's replies")
    const contacts = ok(await h.request('GET', '/api/v2/contacts', key), 'contacts')
    t.same(
      contacts.contacts.map((c: { phone_number: string }) => c.phone_number),
      [ra.phone],
    )
    t.equal(contacts.pagination.total, 1)
    const size = ok(await h.request('GET', `/api/v2/audiences/${ra.audienceId}/size`, key), 'size')
    t.equal(size.size, 1, "an all-contacts audience of A counts only A's contacts")
    const keys = ok(await h.request('GET', '/api/v2/keys', key), 'keys').keys as { id: string }[]
    t.notOk(keys.some((k) => k.id === rb.keyId))
    const team = ok(await h.request('GET', '/api/v2/team', key), 'team').members as { user_id: string }[]
    t.same(
      team.map((m) => m.user_id),
      [a.userId],
    )
  })

  t.test(`${mode}: B's data is unchanged`, async (t) => {
    const key = credB
    t.equal(
      ok(await h.request('GET', `/api/v2/offers/${rb.offerId}`, key), 'offer').offer?.name ?? '',
      'Iso offer',
    )
    t.equal(
      ok(await h.request('GET', `/api/v2/audiences/${rb.audienceId}`, key), 'aud').audience?.status ?? '',
      'active',
    )
    const contacts = ok(await h.request('GET', '/api/v2/contacts', key), 'contacts').contacts as {
      active: boolean
    }[]
    t.same(
      contacts.map((c) => c.active),
      [true],
    )
    const res = await h.request('GET', '/api/v2/keys', key)
    t.ok(
      (res.body.keys as { id: string }[]).some((k) => k.id === rb.keyId),
      "B's key was not revoked",
    )
  })
}
