// Dispatch reads and writes each batch's messages by primary key, whatever the statistics say. Right after a large
// send the statistics still say few messages are queued, and a statement written as `id = ANY(…) AND status =
// 'queued'` is then planned over messages_queued_idx: every queued row read for each batch of 1,000. Reproduced in a
// scratch database (statistics taken while nothing was queued, then 30,000 messages queued, autovacuum off), where
// the plain form is first shown to take that plan, then every dispatch statement is shown not to.
import pg from 'pg'
import t from 'tap'
import {
  type ClaimedMessage,
  claimForDispatch,
  dispatchFacts,
  holdUntil,
  recordDispatchResults,
} from '../../services/dispatch.js'
import { postgresMigrations, scratchDatabase } from '../harness/scratch-database.js'

const pool = new pg.Pool({ connectionString: await scratchDatabase(t, 'plans'), max: 2 })
t.teardown(() => pool.end())
for (const { sql } of postgresMigrations()) await pool.query(sql)

const insertMessages = (status: string, from: number, count: number) =>
  pool.query(
    `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, status, content_hash, created_at)
     SELECT 'm' || lpad(i::text, 7, '0'), 'A', 1, 'c' || i, '+1312' || lpad(i::text, 7, '0'), 'hi', $1,
            md5(i::text), now() - make_interval(secs => $2 + $3 - i)
       FROM generate_series($2::int, $2::int + $3::int - 1) AS i`,
    [status, from, count],
  )
await pool.query(`
  ALTER TABLE messages SET (autovacuum_enabled = false);
  INSERT INTO accounts (id, name, owner_email) VALUES ('A', 'A', 'a@x.test');
  INSERT INTO sending_lists (id, account_id, phone_number, list_name, brand_name, provider)
    VALUES (1, 'A', '+18005550001', 'l', 'b', 'simulator');
  INSERT INTO contacts (id, account_id, phone_number) SELECT 'c' || i, 'A', '+1312' || lpad(i::text, 7, '0')
    FROM generate_series(0, 59999) AS i;
`)
await insertMessages('sent', 0, 30_000)
await pool.query('ANALYZE')
await insertMessages('queued', 30_000, 30_000)
const batch = Array.from({ length: 1_000 }, (_, i) => `m${String(40_000 + i * 7).padStart(7, '0')}`)

/** The plans of the statements `run` makes, each planned for its own parameters (EXPLAIN, not run). */
async function plansOf(run: (explaining: pg.Pool) => Promise<unknown>): Promise<string[]> {
  const plans: string[] = []
  const explaining = {
    async query(sql: string, params: unknown[]) {
      const client = await pool.connect()
      try {
        // A custom plan, for these values, as the driver's unnamed statements get.
        await client.query('SET plan_cache_mode = force_custom_plan')
        const { rows } = await client.query(`EXPLAIN ${sql}`, params)
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'))
      } finally {
        client.release()
      }
      return { rows: [], rowCount: 0 }
    },
  } as unknown as pg.Pool
  await run(explaining)
  return plans
}

t.test('the trap is real: the plain form reads the queued index', async (t) => {
  const [plan] = await plansOf((p) =>
    p.query(`SELECT id FROM messages WHERE id = ANY($1::text[]) AND status = 'queued'`, [batch]),
  )
  t.match(plan, /messages_queued_idx/, 'with stale statistics the planner goes through the queued index')
})

t.test('every dispatch statement reads the batch by primary key', async (t) => {
  const message = { id: batch[0]!, attempts: 1 } as ClaimedMessage
  const plans = await plansOf(async (p) => {
    await dispatchFacts(p, batch)
    await claimForDispatch(p, batch)
    await holdUntil(p, batch, new Date())
    await recordDispatchResults(
      p,
      'simulator',
      batch.map((id) => ({
        message: { ...message, id },
        result: { outcome: 'retryable', code: 'busy', description: 'busy' },
      })),
    )
  })
  t.equal(plans.length, 4, 'facts, claim, hold, release')
  for (const [i, plan] of plans.entries()) {
    t.notMatch(plan, /messages_queued_idx/, `statement ${i + 1} does not scan the queued index`)
    t.match(plan, /messages_pkey/, `statement ${i + 1} reads messages by primary key`)
  }
})
