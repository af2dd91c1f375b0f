// POST /api/v2/analytics/sql over real ClickHouse: the caller's rows only, replays invisible, and every way out of
// the account-filtered views refused (other tables, qualified names, table functions, settings, writes, multiple
// statements), with time and row limits.
import t from 'tap'
import type { ClickHouse } from '../../analytics/clickhouse.js'
import { chTime } from '../../analytics/reports.js'
import { runAccountSql } from '../../analytics/sql-access.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const mine = await h.account()
const theirs = await h.account()
const ch: ClickHouse = h.deps.clickhouse.acquire()
t.teardown(() => h.deps.clickhouse.release())

const send = (account: string, event: string, message: string) => ({
  account_id: account,
  event_id: event,
  event_time: chTime(new Date(Date.now() - 3_600_000)),
  message_id: message,
  contact_id: 'c1',
  list_id: 1,
  to_number: '+12015550100',
  provider: 'simulator',
  segments: 1,
  cost: 0.01,
  creative_id: null,
  schedule_id: null,
  variant: null,
  offer_ids: [],
  imported: 0,
})
const mineRows = [send(mine.accountId, 'sq1', 'sqlmsg01'), send(mine.accountId, 'sq2', 'sqlmsg02')]
await ch.insert('sends', mineRows)
await ch.insert('sends', mineRows) // a replay: the same events again
await ch.insert('sends', [send(theirs.accountId, 'sq3', 'sqlmsg03')])

const sql = (query: string, key = mine.keys.viewer, extra: Record<string, unknown> = {}) =>
  h.request('POST', '/api/v2/analytics/sql', key, { query, ...extra })

t.test('a SELECT sees the caller’s rows once each', async (t) => {
  const r = await sql('SELECT message_id, account_id, cost FROM sends ORDER BY message_id')
  t.equal(r.status, 200)
  t.same(r.body.columns, [
    { name: 'message_id', type: 'String' },
    { name: 'account_id', type: 'LowCardinality(String)' },
    { name: 'cost', type: 'Decimal(18, 6)' },
  ])
  t.same(
    r.body.rows.map((row: unknown[]) => row.slice(0, 2)),
    [
      ['sqlmsg01', mine.accountId],
      ['sqlmsg02', mine.accountId],
    ],
  )
  t.equal(r.body.row_count, 2)
  t.equal(r.body.truncated, false)
  const agg = await sql(
    `WITH s AS (SELECT * FROM sends) SELECT count() AS n, uniqExact(account_id) AS accounts FROM s
      WHERE message_id IN (SELECT message_id FROM sends) AND event_id NOT IN (SELECT event_id FROM clicks)`,
  )
  t.equal(agg.status, 200)
  t.same(agg.body.rows, [['2', '1']], 'CTEs, joins and IN subqueries see the filtered views only')
  const theirsView = await sql('SELECT message_id FROM sends', theirs.keys.owner)
  t.same(theirsView.body.rows, [['sqlmsg03']])
})

t.test('other account rows stay invisible however the query is written', async (t) => {
  const attempts = [
    `SELECT count() FROM sends WHERE account_id = '${theirs.accountId}'`,
    `SELECT count() FROM (SELECT * FROM sends UNION ALL SELECT * FROM sends) WHERE account_id != '${mine.accountId}'`,
    `WITH sends AS (SELECT * FROM sends) SELECT count() FROM sends WHERE account_id = '${theirs.accountId}'`,
    `SELECT count() FROM sends AS a JOIN sends AS b ON a.event_id = b.event_id WHERE b.account_id = '${theirs.accountId}'`,
  ]
  for (const q of attempts) {
    const r = await sql(q)
    t.equal(r.status, 200, q)
    t.same(r.body.rows, [['0']], q)
  }
})

t.test('ways out of the views are refused with sql_not_allowed', async (t) => {
  const refused = [
    'SELECT * FROM system.tables',
    'SELECT name FROM system.databases',
    'SELECT * FROM default.sends',
    `SELECT * FROM \`default\`.\`sends\``,
    'SELECT * FROM report_hourly',
    'SELECT * FROM report_field_hourly',
    'SELECT * FROM contact_attributes',
    'SELECT * FROM schema_migrations',
    "SELECT * FROM url('http://127.0.0.1:1/x', CSV, 'a String')",
    "SELECT * FROM file('/etc/passwd', LineAsString)",
    "SELECT * FROM remote('127.0.0.1', default.sends)",
    "SELECT * FROM s3('http://127.0.0.1:1/b/k', CSV, 'a String')",
    'SELECT * FROM numbers(10)',
    "SELECT * FROM merge('default', '.*')",
    'SELECT * FROM sends SETTINGS readonly = 0',
    'SELECT * FROM (SELECT * FROM sends SETTINGS max_execution_time = 1000)',
    "SELECT * FROM sends INTO OUTFILE '/tmp/out.csv'",
    'SELECT 1; DROP TABLE sends',
    'SELECT 1; SELECT 2',
    'INSERT INTO sends SELECT * FROM sends',
    'ALTER TABLE sends DELETE WHERE 1',
    'DROP TABLE sends',
    'TRUNCATE TABLE sends',
    'SHOW TABLES',
    'EXPLAIN SELECT 1',
    'SET readonly = 0',
    "SELECT dictGet('d', 'a', 1)",
    "SELECT joinGet('j', 'a', 1)",
    'SELECT count() FROM sends WHERE event_id IN default.sends',
    'SELECT count() FROM clicks WHERE message_id IN sends',
  ]
  for (const q of refused) {
    const r = await sql(q)
    t.equal(r.status, 400, q)
    t.equal(r.body.code, 'sql_not_allowed', q)
  }
  const [{ n }] = (await ch.query<{ n: string }>('SELECT count() AS n FROM sends FINAL')) as [{ n: string }]
  t.equal(Number(n), 3, 'nothing was written or dropped')
})

t.test('double quotes, backslashes and control characters in a query are SQL, not broken JSON', async (t) => {
  const r = await sql(
    `SELECT "message_id", 'say "hi" \\\\ it''s' AS quoted, '\t\n' AS ctl FROM sends ORDER BY "message_id"`,
  )
  t.equal(r.status, 200, r.body.code)
  t.same(
    r.body.columns.map((c: { name: string }) => c.name),
    ['message_id', 'quoted', 'ctl'],
  )
  t.same(r.body.rows[0], ['sqlmsg01', 'say "hi" \\ it\'s', '\t\n'])
  const refused = await sql('SELECT "account_id" FROM system."tables"')
  t.equal(refused.status, 400)
  t.equal(refused.body.code, 'sql_not_allowed', 'a quoted identifier is checked like any other')
})

t.test('one query per account at a time; another account is not held up', async (t) => {
  const cross =
    'FROM (SELECT arrayJoin(range(300000)) AS x) AS l, (SELECT arrayJoin(range(300000)) AS y) AS r'
  const slow = sql(`SELECT (SELECT count() ${cross} WHERE x + y = 7) AS n`)
  // Time for the query to take its account's slot on a loaded machine (it runs until the 10 s timeout).
  await new Promise((r) => setTimeout(r, 1000))
  const second = await sql('SELECT 1')
  t.equal(second.status, 429)
  t.equal(second.body.code, 'sql_busy')
  t.equal(second.headers['retry-after'], '1')
  const other = await sql('SELECT count() FROM sends', theirs.keys.viewer)
  t.equal(other.status, 200, 'the other account runs on another lane')
  t.equal((await slow).body.code, 'sql_timeout')
  t.equal((await sql('SELECT 1')).status, 200, 'the slot is free again')
})

t.test('broken SQL is invalid_sql; limits answer their own codes', async (t) => {
  const broken = await sql('SELEC 1')
  t.equal(broken.status, 400)
  t.equal(broken.body.code, 'invalid_sql')
  const unknown = await sql('SELECT no_such_column FROM sends')
  t.equal(unknown.body.code, 'invalid_sql')
  t.notMatch(unknown.body.error, /account_id =/, 'the view definitions are not echoed')
  const param = await sql('SELECT {account:String}')
  t.equal(param.status, 400, 'query parameters cannot be used to read bound values')
  const limited = await sql('SELECT number FROM (SELECT arrayJoin(range(50)) AS number)', mine.keys.viewer, {
    limit: 10,
  })
  t.equal(limited.status, 200)
  t.equal(limited.body.row_count, 10)
  t.equal(limited.body.truncated, true)
  const slow = runAccountSql(
    ch,
    mine.accountId,
    'SELECT count() FROM (SELECT arrayJoin(range(300000)) AS a) AS x, (SELECT arrayJoin(range(300000)) AS b) AS y',
    { timeoutSeconds: 1 },
  )
  await t.rejects(slow, { code: 'sql_timeout' })
  const empty = await sql('')
  t.equal(empty.status, 400)
  const anonymous = await h.request('POST', '/api/v2/analytics/sql', undefined, { query: 'SELECT 1' })
  t.equal(anonymous.status, 401)
})
