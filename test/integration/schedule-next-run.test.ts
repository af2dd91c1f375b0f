// A schedule's next run in the API (the dashboard's campaign list shows it): the send time on the account's clock
// for a schedule that is on, the first zone's for a local-time one, null for one that is off or has none left.
import t from 'tap'
import { CONTACT_ZONES } from '../../core/campaigns.js'
import { newObjectId } from '../../core/ids.js'
import { instantOfLocalTime, shiftDate } from '../../core/quiet-hours.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const acct = await h.account()
const owner = acct.keys.owner
const audience = newObjectId()
await h.pg.pool.query(
  `INSERT INTO audiences (id, account_id, name, filter, status) VALUES ($1, $2, 'All', $3::jsonb, 'active')`,
  [audience, acct.accountId, JSON.stringify({ operator: 'AND', conditions: [], groups: [] })],
)
await h.pg.pool.query(
  `UPDATE accounts SET settings = settings || '{"timezone":"America/Chicago"}' WHERE id = $1`,
  [acct.accountId],
)

const inAMonth = shiftDate(new Date().toISOString().slice(0, 10), 30)
const body = (over: Record<string, unknown>) => ({
  name: 'Next run',
  send_type: 'blast',
  is_repeating: false,
  send_time: '10:15',
  send_date: inAMonth,
  audiences: [audience],
  list_number: acct.list.phoneNumber,
  blasts: [{ message: 'Hello', offer_links: [], percent_audience: 100 }],
  ...over,
})

t.test('on: the send time on the account clock; off: null', async (t) => {
  const on = await h.request('POST', '/api/v2/schedules', owner, body({ status: 'on' }))
  t.equal(on.status, 201, JSON.stringify(on.body))
  const expected = instantOfLocalTime(inAMonth, '10:15', 'America/Chicago').toISOString()
  t.equal(on.body.schedule.next_run_at, expected)
  const listed = await h.request('GET', '/api/v2/schedules', owner)
  t.equal(
    listed.body.schedules.find((s: { id: string }) => s.id === on.body.schedule.id)?.next_run_at,
    expected,
  )
  const off = await h.request('PUT', `/api/v2/schedules/${on.body.schedule.id}`, owner, { status: 'off' })
  t.equal(off.body.schedule.next_run_at, null)
})

t.test('local time: the first zone east to reach the send time', async (t) => {
  const local = await h.request(
    'POST',
    '/api/v2/schedules',
    owner,
    body({ status: 'on', use_local_time: true }),
  )
  const first = Math.min(
    ...[...CONTACT_ZONES, 'America/Chicago'].map((z) => instantOfLocalTime(inAMonth, '10:15', z).getTime()),
  )
  t.equal(local.body.schedule.next_run_at, new Date(first).toISOString())
})

t.test('a date in the past leaves no next run', async (t) => {
  const past = await h.request(
    'POST',
    '/api/v2/schedules',
    owner,
    body({ status: 'on', send_date: shiftDate(inAMonth, -60) }),
  )
  t.equal(past.status, 201)
  t.equal(past.body.schedule.next_run_at, null)
})
