// Audiences API (spec §8) over the real app, and the compiled filter DSL run on Postgres against hand-made
// list contacts whose matching set is computed independently in JS.
import fc from 'fast-check'
import t from 'tap'
import { parseFilter } from '../../core/audience-dsl.js'
import { compileFilter } from '../../core/audience-sql.js'
import { newObjectId } from '../../core/ids.js'
import { countAudience } from '../../services/audiences.js'
import { apiHarness } from '../harness/api.js'
import { conditionArb, groupArb, listConditionArb } from '../harness/audience-filters.js'

const h = await apiHarness(t)
const a = await h.account()
const other = await h.account()
const URL = '/api/v2/audiences'
const recentClicks = {
  operator: 'AND',
  conditions: [
    { condition_type: 'time', field: 'last_clicked_at', operator: 'within', value: 30, unit: 'days' },
  ],
}

// ---- Seed: 30 contacts on list L1 of account A, every third also on L2 (fresh, zero stats) ----
const DAY = 86_400_000
const HOUR = 3_600_000
const now = Date.now()
const { rows: l2Rows } = await h.pg.pool.query<{ id: number }>(
  `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
   VALUES ($1, $2, 'Second', 'Brand', 'simulator') RETURNING id`,
  [a.accountId, `+1800777${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`],
)
const L1 = a.list.id
const L2 = l2Rows[0]!.id

interface SeedRow {
  i: number
  contactId: string
  list: number
  active: boolean
  send: number
  click: number
  conv: number
  rev: number
  lastClicked: number | null
  lastSent: number | null
  lastRevenue: number | null
  signup: number
  cf: Record<string, string | number | boolean>
  dnc: boolean
  vstatus: string | null
  blocked: boolean
}
const VSTATUS = [null, 'ok', 'invalid', 'unreachable', 'risky']
const TIERS = ['gold', 'silver', 'bronze']
const rows: SeedRow[] = []
for (let i = 0; i < 30; i++) {
  const contactId = newObjectId()
  const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
  const dnc = i % 8 === 0
  const vstatus = VSTATUS[i % 5]!
  await h.pg.pool.query(
    'INSERT INTO contacts (id, account_id, phone_number, on_dnc, validation_status) VALUES ($1,$2,$3,$4,$5)',
    [contactId, a.accountId, phone, dnc, vstatus],
  )
  const blocked = i === 4
  if (blocked) {
    await h.pg.pool.query(
      `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'test')`,
      [a.accountId, phone],
    )
  }
  const cf: SeedRow['cf'] = { age: 20 + i, zip: String(10000 + i) }
  if (i % 7 !== 0) cf.tier = TIERS[i % 3]!
  if (i === 7) cf.name = "Dan O'Brien"
  if (i === 8) cf.vip = true
  const conv = i % 4 === 0 ? 2 : 0
  const l1: SeedRow = {
    i,
    contactId,
    list: L1,
    active: i % 10 !== 9,
    send: i,
    click: i % 5,
    conv,
    rev: conv ? i * 1.5 : 0,
    lastClicked: i % 5 === 0 ? null : now - i * DAY - HOUR,
    lastSent: now - i * HOUR - 60_000,
    lastRevenue: conv ? now - i * DAY - HOUR : null,
    signup: now - i * 10 * DAY - HOUR,
    cf,
    dnc,
    vstatus,
    blocked,
  }
  rows.push(l1)
  if (i % 3 === 0) {
    rows.push({
      ...l1,
      list: L2,
      active: true,
      send: 0,
      click: 0,
      conv: 0,
      rev: 0,
      lastClicked: null,
      lastSent: null,
      lastRevenue: null,
      signup: now - HOUR,
      cf: {},
    })
  }
}
const ts = (ms: number | null) => (ms === null ? null : new Date(ms))
for (const r of rows) {
  await h.pg.pool.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, send_count, click_count, conversion_count,
       revenue_total, last_clicked_at, last_sent_at, last_revenue_at, signup_date, custom_fields)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [
      newObjectId(),
      a.accountId,
      r.list,
      r.contactId,
      r.active,
      r.send,
      r.click,
      r.conv,
      r.rev,
      ts(r.lastClicked),
      ts(r.lastSent),
      ts(r.lastRevenue),
      ts(r.signup),
      JSON.stringify(r.cf),
    ],
  )
}

type Pred = (r: SeedRow) => boolean
const cond = (condition_type: string, field: string, operator: string, value?: unknown, unit?: string) => ({
  condition_type,
  field,
  operator,
  ...(value === undefined ? {} : { value }),
  ...(unit === undefined ? {} : { unit }),
})
const all = (...conditions: unknown[]) => ({ operator: 'AND', conditions })
const num = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : null

const cases: [string, unknown, Pred, number[]?][] = [
  [
    'time within',
    all(cond('time', 'last_clicked_at', 'within', 3, 'days')),
    (r) => r.lastClicked !== null && r.lastClicked >= now - 3 * DAY,
  ],
  [
    'time not_within (older or never)',
    all(cond('time', 'last_clicked_at', 'not_within', 3, 'days')),
    (r) => r.lastClicked === null || r.lastClicked < now - 3 * DAY,
  ],
  ['time before', all(cond('time', 'signup_date', 'before', 100, 'days')), (r) => r.signup < now - 100 * DAY],
  [
    'time after (hours)',
    all(cond('time', 'last_sent_at', 'after', 5, 'hours')),
    (r) => r.lastSent !== null && r.lastSent > now - 5 * HOUR,
  ],
  [
    'time minutes',
    all(cond('time', 'last_sent_at', 'within', 30, 'minutes')),
    (r) => r.lastSent !== null && r.lastSent >= now - 30 * 60_000,
  ],
  ['time exists', all(cond('time', 'last_clicked_at', 'exists')), (r) => r.lastClicked !== null],
  ['time not_exists', all(cond('time', 'last_clicked_at', 'not_exists')), (r) => r.lastClicked === null],
  ['count gte', all(cond('count', 'send_count', 'gte', 20)), (r) => r.send >= 20],
  ['count eq 0', all(cond('count', 'click_count', 'eq', 0)), (r) => r.click === 0],
  ['count ne', all(cond('count', 'click_count', 'ne', 0)), (r) => r.click !== 0],
  ['count lt', all(cond('count', 'send_count', 'lt', 3)), (r) => r.send < 3],
  ['revenue has_revenue', all(cond('revenue', 'has_revenue', 'eq', true)), (r) => r.rev > 0],
  ['revenue has_revenue false', all(cond('revenue', 'has_revenue', 'eq', false)), (r) => r.rev <= 0],
  ['revenue avg', all(cond('revenue', 'avg_revenue', 'gt', 10)), (r) => r.conv > 0 && r.rev / r.conv > 10],
  ['revenue total', all(cond('revenue', 'revenue_total', 'gte', 30)), (r) => r.rev >= 30],
  ['revenue conversions', all(cond('revenue', 'conversion_count', 'eq', 2)), (r) => r.conv === 2],
  [
    'revenue last_revenue_at',
    all(cond('revenue', 'last_revenue_at', 'within', 10, 'days')),
    (r) => r.lastRevenue !== null && r.lastRevenue >= now - 10 * DAY,
  ],
  [
    'custom eq string',
    all(cond('custom_field', 'custom_fields.tier', 'eq', 'gold')),
    (r) => r.cf.tier === 'gold',
  ],
  [
    'custom ne (missing matches)',
    all(cond('custom_field', 'custom_fields.tier', 'ne', 'gold')),
    (r) => r.cf.tier !== 'gold',
  ],
  [
    'custom gt number',
    all(cond('custom_field', 'custom_fields.age', 'gt', 40)),
    (r) => (num(r.cf.age) ?? -1) > 40,
  ],
  [
    'custom number vs numeric string',
    all(cond('custom_field', 'custom_fields.zip', 'eq', 10005)),
    (r) => num(r.cf.zip) === 10005,
  ],
  [
    'custom lte number',
    all(cond('custom_field', 'custom_fields.zip', 'lte', 10002)),
    (r) => (num(r.cf.zip) ?? Infinity) <= 10002,
  ],
  [
    'custom text order',
    all(cond('custom_field', 'custom_fields.tier', 'lt', 'gold')),
    (r) => typeof r.cf.tier === 'string' && r.cf.tier < 'gold',
  ],
  [
    'custom contains quote',
    all(cond('custom_field', 'custom_fields.name', 'contains', "o'b")),
    (r) => r.i === 7,
  ],
  ['custom boolean eq', all(cond('custom_field', 'custom_fields.vip', 'eq', true)), (r) => r.cf.vip === true],
  [
    'custom in',
    all(cond('custom_field', 'custom_fields.tier', 'in', ['gold', 'bronze'])),
    (r) => r.cf.tier === 'gold' || r.cf.tier === 'bronze',
  ],
  [
    'custom not_in (missing matches)',
    all(cond('custom_field', 'custom_fields.tier', 'not_in', ['gold', 'bronze'])),
    (r) => r.cf.tier !== 'gold' && r.cf.tier !== 'bronze',
  ],
  ['custom exists', all(cond('custom_field', 'custom_fields.tier', 'exists')), (r) => 'tier' in r.cf],
  [
    'custom not_exists',
    all(cond('custom_field', 'custom_fields.tier', 'not_exists')),
    (r) => !('tier' in r.cf),
  ],
  ['list in', all(cond('list', 'listId', 'in', [L2])), (r) => r.i % 3 === 0],
  ['list not_in', all(cond('list', 'list_id', 'not_in', [L2])), (r) => r.i % 3 !== 0],
  [
    'validation exclude keeps never-validated',
    all(cond('validation', 'validation_status', 'exclude', ['invalid', 'unreachable'])),
    (r) => r.vstatus !== 'invalid' && r.vstatus !== 'unreachable',
  ],
  ['validation in', all(cond('validation', 'validation_status', 'in', ['ok'])), (r) => r.vstatus === 'ok'],
  ['dnc false', all(cond('dnc', 'on_dnc', 'eq', false)), (r) => !r.dnc],
  ['dnc true', all(cond('dnc', 'on_dnc', 'eq', true)), (r) => r.dnc],
  [
    'OR group',
    {
      operator: 'OR',
      conditions: [
        cond('count', 'send_count', 'gte', 25),
        cond('custom_field', 'custom_fields.tier', 'eq', 'silver'),
      ],
    },
    (r) => r.send >= 25 || r.cf.tier === 'silver',
  ],
  [
    'nested AND/OR',
    {
      operator: 'AND',
      conditions: [cond('count', 'send_count', 'gte', 5)],
      groups: [
        {
          operator: 'OR',
          conditions: [cond('custom_field', 'custom_fields.tier', 'eq', 'gold')],
          groups: [
            {
              operator: 'AND',
              conditions: [cond('count', 'click_count', 'gte', 3), cond('dnc', 'on_dnc', 'eq', false)],
            },
          ],
        },
      ],
    },
    (r) => r.send >= 5 && (r.cf.tier === 'gold' || (r.click >= 3 && !r.dnc)),
  ],
  ['source list L2 only', all(cond('count', 'send_count', 'eq', 0)), (r) => r.send === 0, [L2]],
  [
    'source lists L1+L2 (union, counted once)',
    all(cond('count', 'send_count', 'gte', 0)),
    () => true,
    [L1, L2],
  ],
]

t.test('compiled filters select exactly the expected contacts on Postgres', async (t) => {
  for (const [name, filter, pred, sourceLists = []] of cases) {
    const parsed = parseFilter(filter)
    if (!parsed.ok) {
      t.fail(`${name}: ${JSON.stringify(parsed.errors)}`)
      continue
    }
    const expected = new Set(
      rows
        .filter(
          (r) =>
            r.active && !r.blocked && (sourceLists.length === 0 || sourceLists.includes(r.list)) && pred(r),
        )
        .map((r) => r.contactId),
    )
    const compiled = compileFilter(parsed.filter, { paramOffset: 1 })
    const { rows: got } = await h.pg.pool.query<{ contact_id: string }>(
      `SELECT DISTINCT lc.contact_id FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
       WHERE lc.account_id = $1 AND lc.active AND lc.list_id = ANY($${compiled.params.length + 2}::integer[])
         AND NOT EXISTS (SELECT 1 FROM contact_blocks b WHERE b.account_id = $1 AND b.phone_number = c.phone_number)
         AND ${compiled.sql}`,
      [a.accountId, ...compiled.params, sourceLists.length ? sourceLists : [L1, L2]],
    )
    t.same(new Set(got.map((r) => r.contact_id)), expected, `${name}: contacts`)
    t.equal(await countAudience(h.pg.pool, a.accountId, sourceLists, filter), expected.size, `${name}: size`)
  }
})

t.test('random valid filters with adversarial values all run on Postgres', async (t) => {
  const arb = groupArb(fc.oneof(conditionArb, listConditionArb([L1, L2])))
  await fc.assert(
    fc.asyncProperty(arb, fc.constantFrom<number[]>([], [L1], [L1, L2]), async (raw, lists) => {
      const size = await countAudience(h.pg.pool, a.accountId, lists, raw)
      return Number.isInteger(size) && size >= 0 && size <= 30
    }),
    { numRuns: 150 },
  )
  t.pass('150 random filters ran')
})

t.test('the size of another account over the same filter does not see these contacts', async (t) => {
  t.equal(await countAudience(h.pg.pool, other.accountId, [], all(cond('count', 'send_count', 'gte', 0))), 0)
})

// ---- API ----

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
