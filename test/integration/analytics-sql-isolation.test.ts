// Resource isolation of POST /api/v2/analytics/sql: account B's heaviest query (a scalar subquery that ClickHouse
// evaluates while analysing the query, over a 9·10^10-row cross join) runs under the limits at every step, on a
// connection of its own, one at a time per account; account A's reports and SQL answer beside it. The measured
// latencies are printed (BENCHMARKS.md, "SQL endpoint isolation").
import t from 'tap'
import type { ClickHouse } from '../../analytics/clickhouse.js'
import { chTime } from '../../analytics/reports.js'
import { SQL_TIMEOUT_SECONDS } from '../../analytics/sql-access.js'
import { apiHarness } from '../harness/api.js'

/** The bound asserted: how much longer than usual account A may wait for a report while B's query runs. */
const BOUND_MS = 2_000

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()
const ch: ClickHouse = h.deps.clickhouse.acquire()
t.teardown(() => h.deps.clickhouse.release())

const sends = Array.from({ length: 2_000 }, (_, i) => ({
  account_id: a.accountId,
  event_id: `iso${i}`,
  event_time: chTime(new Date(Date.now() - (i % 48) * 3_600_000)),
  message_id: `isomsg${i}`,
  contact_id: `c${i % 100}`,
  list_id: a.list.id,
  to_number: '+12015550100',
  provider: 'simulator',
  segments: 1,
  cost: 0.01,
  creative_id: null,
  schedule_id: null,
  variant: null,
  offer_ids: [],
  imported: 0,
}))
await ch.insert('sends', sends)

const cross = 'FROM (SELECT arrayJoin(range(300000)) AS x) AS l, (SELECT arrayJoin(range(300000)) AS y) AS r'
/** Unlimited, the scalar subquery alone runs for minutes; it is evaluated before the query's rows are read. */
const HEAVY = `SELECT (SELECT count() ${cross} WHERE x + y = 7) AS n, count() FROM sends`

const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now()
  const value = await run()
  return { ms: performance.now() - started, value }
}
const report = () => h.request('GET', '/api/v2/reports/performance?group_by=hour', a.keys.viewer)
const sql = (key: string, query: string) => h.request('POST', '/api/v2/analytics/sql', key, { query })

t.test(
  `while account B's heaviest SQL runs, account A's report waits at most ${BOUND_MS} ms longer than usual`,
  async (t) => {
    const usual: number[] = []
    for (let i = 0; i < 5; i++) {
      const r = await timed(report)
      t.equal(r.value.status, 200)
      usual.push(r.ms)
    }
    const baseline = Math.max(...usual)
    t.equal((await report()).body.rows.length, 48, "A's report covers its 48 hours of sends")

    const heavyStarted = performance.now()
    const heavy = timed(() => sql(b.keys.viewer, HEAVY))
    // Time for the query to take its account's slot on a loaded machine (it runs until the 10 s timeout).
    await new Promise((r) => setTimeout(r, 1000))
    // B's second query while its first runs: refused at once, with a time to come back.
    const second = await timed(() => sql(b.keys.viewer, 'SELECT count() FROM sends'))
    t.equal(second.value.status, 429)
    t.equal(second.value.body.code, 'sql_busy')
    t.equal(second.value.headers['retry-after'], '1')
    t.ok(second.ms < BOUND_MS, `B's second query refused in ${Math.round(second.ms)} ms`)
    // A's SQL runs on the other lane, and A's reports on the main connection, while B's query runs.
    const aSql = await timed(() => sql(a.keys.viewer, 'SELECT count() AS n FROM sends'))
    t.equal(aSql.value.status, 200)
    t.same(aSql.value.body.rows, [['2000']])
    t.ok(aSql.ms < BOUND_MS, `A's SQL answered in ${Math.round(aSql.ms)} ms`)
    const beside: number[] = []
    let settled = false
    void heavy.finally(() => {
      settled = true
    })
    while (!settled && performance.now() - heavyStarted < (SQL_TIMEOUT_SECONDS - 1) * 1000) {
      const r = await timed(report)
      t.equal(r.value.status, 200)
      beside.push(r.ms)
    }
    const done = await heavy
    t.equal(done.value.status, 422, 'the heavy query stops at the time limit')
    t.equal(done.value.body.code, 'sql_timeout')
    t.ok(
      done.ms < (SQL_TIMEOUT_SECONDS + 3) * 1000,
      `B's query held for ${Math.round(done.ms)} ms (limit ${SQL_TIMEOUT_SECONDS} s), describe step included`,
    )
    t.ok(beside.length >= 3, `${beside.length} reports of A ran beside it`)
    const worst = Math.max(...beside)
    t.comment(
      `A's report: usual max ${Math.round(baseline)} ms; beside B's query max ${Math.round(worst)} ms over ${beside.length} reports (median ${Math.round(beside.sort((x, y) => x - y)[beside.length >> 1]!)} ms); A's SQL ${Math.round(aSql.ms)} ms; B's query ${Math.round(done.ms)} ms`,
    )
    t.ok(
      worst - baseline < BOUND_MS,
      `A's worst report ${Math.round(worst)} ms, usual ${Math.round(baseline)} ms`,
    )
    // The slot is freed: B may query again.
    const again = await sql(b.keys.viewer, 'SELECT count() FROM sends')
    t.equal(again.status, 200)
  },
)
