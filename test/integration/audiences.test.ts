// Audiences API (spec §8) over the real app: create, get, size, update, archive and list, with their error codes and
// roles, over hand-made list contacts (test/harness/audience-contacts.ts). The compiled filter DSL itself is run on
// Postgres in audience-filters.test.ts.
import t from 'tap'
import { all, audienceContacts, cond } from '../harness/audience-contacts.js'

const { h, a, other, L1, L2, rows } = await audienceContacts(t)

const URL = '/api/v2/audiences'
const recentClicks = {
  operator: 'AND',
  conditions: [
    { condition_type: 'time', field: 'last_clicked_at', operator: 'within', value: 30, unit: 'days' },
  ],
}

t.test('create answers 201 {success, audience} with the camelCase echo and defaults', async (t) => {
  const filter = {
    operator: 'AND',
    conditions: [cond('time', 'last_clicked_at', 'within', 30, 'days'), cond('list', 'list_id', 'in', [L2])],
    groups: [{ operator: 'or', conditions: [cond('custom_field', 'custom_fields.tier', 'eq', 'gold')] }],
  }
  const res = await h.request('POST', URL, a.keys.member, { name: 'Clickers', filter })
  t.equal(res.status, 201)
  t.equal(res.body.success, true)
  const audience = res.body.audience
  t.match(audience.id, /^[a-f0-9]{24}$/)
  t.match(audience, {
    name: 'Clickers',
    description: null,
    source_lists: [],
    cached_size: null,
    cached_size_updated_at: null,
    status: 'active',
  })
  t.ok(Date.parse(audience.created_at))
  t.same(audience.filter, {
    operator: 'AND',
    conditions: [
      { conditionType: 'time', field: 'last_clicked_at', operator: 'within', value: 30, unit: 'days' },
      { conditionType: 'list', field: 'listId', operator: 'in', value: [L2] },
    ],
    groups: [
      {
        operator: 'OR',
        conditions: [
          { conditionType: 'custom_field', field: 'custom_fields.tier', operator: 'eq', value: 'gold' },
        ],
        groups: [],
      },
    ],
  })
  const { rows } = await h.pg.pool.query('SELECT filter FROM audiences WHERE id = $1', [audience.id])
  t.equal(rows[0].filter.conditions[0].condition_type, 'time', 'stored in the snake_case request form')
  // The echo can be sent back as is.
  const again = await h.request('POST', URL, a.keys.owner, { name: 'Echo', filter: audience.filter })
  t.equal(again.status, 201)
  t.same(again.body.audience.filter, audience.filter)
})

t.test('create with description and source lists (sorted, de-duplicated)', async (t) => {
  const res = await h.request('POST', URL, a.keys.owner, {
    name: 'Two lists',
    description: 'Both lists',
    source_lists: [L2, L1, L2],
    filter: recentClicks,
  })
  t.equal(res.status, 201)
  t.same(
    res.body.audience.source_lists,
    [L1, L2].sort((x, y) => x - y),
  )
  t.equal(res.body.audience.description, 'Both lists')
})

t.test('create errors carry the spec codes', async (t) => {
  const cases: [unknown, number, string][] = [
    [{ filter: recentClicks }, 400, 'missing_name'],
    [{ name: '  ', filter: recentClicks }, 400, 'missing_name'],
    [{ name: 'x'.repeat(256), filter: recentClicks }, 400, 'name_too_long'],
    [{ name: 'n' }, 400, 'missing_filter'],
    [{ name: 'n', filter: 'everyone' }, 400, 'invalid_filter'],
    [{ name: 'n', filter: { operator: 'AND', conditions: [] } }, 400, 'empty_filter_group'],
    [{ name: 'n', filter: recentClicks, source_lists: [999_999_999] }, 404, 'source_list_not_found'],
    [{ name: 'n', filter: recentClicks, source_lists: [other.list.id] }, 404, 'source_list_not_found'],
  ]
  for (const [body, status, code] of cases) {
    const res = await h.request('POST', URL, a.keys.owner, body)
    t.equal(res.status, status, `${code}: status`)
    t.equal(res.body.code, code, JSON.stringify(body).slice(0, 80))
    t.type(res.body.error, 'string')
  }
})

t.test('filter errors name their path', async (t) => {
  const empty = await h.request('POST', URL, a.keys.owner, {
    name: 'n',
    filter: {
      operator: 'AND',
      conditions: [cond('dnc', 'on_dnc', 'eq', false)],
      groups: [{ operator: 'OR' }],
    },
  })
  t.equal(empty.status, 400)
  t.equal(empty.body.code, 'empty_filter_group')
  t.same(empty.body.details, [
    { path: 'groups[0]', code: 'empty_filter_group', error: empty.body.details[0].error },
  ])

  const invalid = await h.request('POST', URL, a.keys.owner, {
    name: 'n',
    filter: {
      operator: 'XOR',
      conditions: [
        cond('time', 'last_clicked_at', 'within', 30),
        cond('count', 'send_count', 'gte', -1),
        cond('custom_field', 'custom_fields.bad key', 'eq', 'x'),
      ],
      groups: [{ conditions: [{ condition_type: 'weather', field: 'x', operator: 'eq' }] }],
    },
  })
  t.equal(invalid.status, 400)
  t.equal(invalid.body.code, 'invalid_filter')
  t.same(
    invalid.body.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    [
      ['operator', 'invalid_operator'],
      ['conditions[0].unit', 'missing_unit'],
      ['conditions[1].value', 'invalid_value'],
      ['conditions[2].field', 'invalid_field'],
      ['groups[0].conditions[0].condition_type', 'invalid_condition_type'],
    ],
  )

  const foreignList = await h.request('POST', URL, a.keys.owner, {
    name: 'n',
    filter: all(cond('list', 'listId', 'in', [other.list.id])),
  })
  t.equal(foreignList.status, 400)
  t.equal(foreignList.body.code, 'invalid_filter')
  t.same(foreignList.body.details[0].path, 'conditions[0].value')
  t.same(foreignList.body.details[0].code, 'list_not_found')
})

t.test('roles and authentication', async (t) => {
  const viewer = await h.request('POST', URL, a.keys.viewer, { name: 'n', filter: recentClicks })
  t.equal(viewer.status, 403)
  t.equal(viewer.body.code, 'forbidden')
  const anonymous = await h.request('GET', URL, undefined)
  t.equal(anonymous.status, 401)
  t.equal(anonymous.body.code, 'missing_api_key')
  t.equal((await h.request('GET', URL, a.keys.viewer)).status, 200, 'viewers read')
})

t.test('get, and another account’s id answers 404 like a missing one', async (t) => {
  const created = (await h.request('POST', URL, a.keys.owner, { name: 'Mine', filter: recentClicks })).body
    .audience
  const got = await h.request('GET', `${URL}/${created.id}`, a.keys.viewer)
  t.equal(got.status, 200)
  t.same(got.body, { success: true, audience: created })
  for (const [key, id] of [
    [other.keys.owner, created.id],
    [a.keys.owner, '0123456789abcdef01234567'],
    [a.keys.owner, 'not-an-id'],
  ] as const) {
    const res = await h.request('GET', `${URL}/${id}`, key)
    t.equal(res.status, 404)
    t.same(res.body, { error: 'Audience not found', code: 'not_found' })
  }
  for (const [method, path] of [
    ['PUT', ''],
    ['DELETE', ''],
    ['GET', '/size'],
  ] as const) {
    const res = await h.request(
      method,
      `${URL}/${created.id}${path}`,
      other.keys.owner,
      method === 'PUT' ? { name: 'x' } : undefined,
    )
    t.equal(res.status, 404, `${method}${path} of another account`)
    t.equal(res.body.code, 'not_found')
  }
})

t.test('size counts distinct matching contacts and caches the result', async (t) => {
  const created = (
    await h.request('POST', URL, a.keys.member, {
      name: 'Big spenders',
      source_lists: [L1, L2],
      filter: all(cond('revenue', 'has_revenue', 'eq', true)),
    })
  ).body.audience
  const res = await h.request('GET', `${URL}/${created.id}/size`, a.keys.viewer)
  t.equal(res.status, 200)
  const expected = new Set(rows.filter((r) => r.active && !r.blocked && r.rev > 0).map((r) => r.contactId))
    .size
  t.same(Object.keys(res.body).sort(), ['audience_id', 'calculated_at', 'size'])
  t.equal(res.body.audience_id, created.id)
  t.equal(res.body.size, expected)
  t.ok(Date.parse(res.body.calculated_at))
  const after = (await h.request('GET', `${URL}/${created.id}`, a.keys.viewer)).body.audience
  t.equal(after.cached_size, expected)
  t.equal(after.cached_size_updated_at, res.body.calculated_at)
})

t.test('POST /audiences/size counts a filter without storing anything', async (t) => {
  const filter = all(cond('revenue', 'has_revenue', 'eq', true))
  const expected = new Set(rows.filter((r) => r.active && !r.blocked && r.rev > 0).map((r) => r.contactId))
    .size
  const before = (await h.request('GET', URL, a.keys.viewer)).body
  const res = await h.request('POST', `${URL}/size`, a.keys.viewer, { source_lists: [L1, L2], filter })
  t.equal(res.status, 200, 'a viewer may count')
  t.same(Object.keys(res.body).sort(), ['calculated_at', 'size'])
  t.equal(res.body.size, expected, 'the same count as a saved audience of that filter')
  t.same((await h.request('GET', URL, a.keys.viewer)).body, before, 'no audience created or changed')
  const elsewhere = await h.request('POST', `${URL}/size`, other.keys.owner, { source_lists: [], filter })
  t.equal(elsewhere.body.size, 0, 'another account counts only its own contacts')
  const foreign = await h.request('POST', `${URL}/size`, a.keys.owner, {
    source_lists: [other.list.id],
    filter,
  })
  t.equal(foreign.status, 404)
  t.equal(foreign.body.code, 'source_list_not_found', 'another account’s list answers like a missing one')
  const bad = await h.request('POST', `${URL}/size`, a.keys.owner, {
    filter: { operator: 'AND', conditions: [cond('count', 'send_count', 'gte', 1.5)] },
  })
  t.equal(bad.status, 400)
  t.equal(bad.body.details[0].path, 'conditions[0].value', 'the error names the condition it concerns')
})

t.test('update is partial; a changed filter or source lists clear the cached size', async (t) => {
  const created = (await h.request('POST', URL, a.keys.owner, { name: 'Before', filter: recentClicks })).body
    .audience
  await h.request('GET', `${URL}/${created.id}/size`, a.keys.owner)

  const renamed = await h.request('PUT', `${URL}/${created.id}`, a.keys.member, {
    name: 'After',
    description: 'd',
  })
  t.equal(renamed.status, 200)
  t.equal(renamed.body.success, true)
  t.match(renamed.body.audience, { name: 'After', description: 'd', filter: created.filter })
  t.type(renamed.body.audience.cached_size, 'number', 'a rename keeps the cached size')

  const sameFilter = await h.request('PUT', `${URL}/${created.id}`, a.keys.member, { filter: recentClicks })
  t.type(sameFilter.body.audience.cached_size, 'number', 'an identical filter keeps it too')

  const refiltered = await h.request('PUT', `${URL}/${created.id}`, a.keys.member, {
    filter: all(cond('dnc', 'on_dnc', 'eq', false)),
  })
  t.equal(refiltered.status, 200)
  t.equal(refiltered.body.audience.cached_size, null)
  t.equal(refiltered.body.audience.cached_size_updated_at, null)
  t.same(refiltered.body.audience.filter.conditions, [
    { conditionType: 'dnc', field: 'on_dnc', operator: 'eq', value: false },
  ])

  await h.request('GET', `${URL}/${created.id}/size`, a.keys.owner)
  const relisted = await h.request('PUT', `${URL}/${created.id}`, a.keys.member, { source_lists: [L2] })
  t.same(relisted.body.audience.source_lists, [L2])
  t.equal(relisted.body.audience.cached_size, null)

  const errors: [unknown, number, string][] = [
    [{ name: 'x'.repeat(256) }, 400, 'name_too_long'],
    [{ name: '' }, 400, 'missing_name'],
    [{ filter: { groups: [] } }, 400, 'empty_filter_group'],
    [{ filter: all(cond('count', 'send_count', 'between', 1)) }, 400, 'invalid_filter'],
    [{ source_lists: [other.list.id] }, 404, 'source_list_not_found'],
  ]
  for (const [body, status, code] of errors) {
    const res = await h.request('PUT', `${URL}/${created.id}`, a.keys.owner, body)
    t.equal(res.status, status)
    t.equal(res.body.code, code)
  }
  const viewer = await h.request('PUT', `${URL}/${created.id}`, a.keys.viewer, { name: 'v' })
  t.equal(viewer.status, 403)
  t.equal(viewer.body.code, 'forbidden')
})

t.test('delete archives; list filters by status and paginates', async (t) => {
  const c = await h.account()
  const ids: string[] = []
  for (let i = 0; i < 3; i++) {
    ids.push(
      (await h.request('POST', URL, c.keys.owner, { name: `A${i}`, filter: recentClicks })).body.audience.id,
    )
  }
  const viewer = await h.request('DELETE', `${URL}/${ids[0]}`, c.keys.viewer)
  t.equal(viewer.status, 403)
  t.equal(viewer.body.code, 'forbidden')
  const archived = await h.request('DELETE', `${URL}/${ids[0]}`, c.keys.member)
  t.equal(archived.status, 200)
  t.same(archived.body, { success: true, archived: true })
  t.equal((await h.request('GET', `${URL}/${ids[0]}`, c.keys.owner)).body.audience.status, 'archived')

  const active = await h.request('GET', URL, c.keys.viewer)
  t.same(
    active.body.audiences.map((x: { id: string }) => x.id),
    [ids[2], ids[1]],
    'newest first',
  )
  t.same(active.body.pagination, { page: 1, per_page: 50, total: 2, total_pages: 1 })
  const arch = await h.request('GET', `${URL}?status=archived`, c.keys.viewer)
  t.same(
    arch.body.audiences.map((x: { id: string }) => x.id),
    [ids[0]],
  )

  const page2 = await h.request('GET', `${URL}?per_page=1&page=2`, c.keys.viewer)
  t.same(
    page2.body.audiences.map((x: { id: string }) => x.id),
    [ids[1]],
  )
  t.same(page2.body.pagination, { page: 2, per_page: 1, total: 2, total_pages: 2 })
  const past = await h.request('GET', `${URL}?per_page=1&page=9`, c.keys.viewer)
  t.equal(past.status, 200)
  t.same(past.body.audiences, [])
  t.equal(past.body.pagination.total, 2)

  const cap = await h.request('GET', `${URL}?per_page=101`, c.keys.viewer)
  t.equal(cap.status, 400)
  t.equal(cap.body.code, 'validation_error')
  t.equal((await h.request('GET', `${URL}?per_page=100`, c.keys.viewer)).status, 200)
  const badStatus = await h.request('GET', `${URL}?status=deleted`, c.keys.viewer)
  t.equal(badStatus.status, 400)
  t.equal(badStatus.body.code, 'invalid_status')
  t.same(
    (await h.request('GET', URL, a.keys.viewer)).body.audiences.filter((x: { id: string }) =>
      ids.includes(x.id),
    ),
    [],
  )
})

t.test('the OpenAPI document describes the audience routes and the DSL', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  for (const path of ['/api/v2/audiences', '/api/v2/audiences/{id}', '/api/v2/audiences/{id}/size']) {
    t.ok(doc.paths[path], path)
  }
  t.match(JSON.stringify(doc.paths['/api/v2/audiences'].post), /empty_filter_group/)
})
