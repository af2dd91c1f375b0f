// The compiled filter DSL (spec §8) run on Postgres against hand-made list contacts (test/harness/audience-contacts.ts)
// whose matching set is computed independently in JS. The Audiences API is in audiences.test.ts.
import fc from 'fast-check'
import t from 'tap'
import { parseFilter } from '../../core/audience-dsl.js'
import { compileFilter } from '../../core/audience-sql.js'
import { countAudience } from '../../services/audiences.js'
import { all, audienceContacts, cond, DAY, HOUR, type SeedRow } from '../harness/audience-contacts.js'
import { conditionArb, groupArb, listConditionArb } from '../harness/audience-filters.js'

const { h, a, other, L1, L2, rows, now } = await audienceContacts(t)

type Pred = (r: SeedRow) => boolean
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
