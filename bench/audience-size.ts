// Audience size benchmark (DESIGN numbers: the size of a filtered audience over 1M list contacts in < 1 s).
// Builds its own database (trackly_bench_audience, dropped at the end) with 1,000,000 list contacts of one account
// on two lists (800k distinct contacts, 200k on both), plus 100k of a second account; then times the size query
// the API runs (services/audiences countAudience) for representative filters, 7 runs each, next to a bare
// count(*) of the same active list contacts.
//   npm run bench:audience        (needs the local stack's Postgres: ./trackly stack up)
//   BENCH_KEEP=1 keeps the database for EXPLAIN sessions; BENCH_ROWS changes the size.
import pg from 'pg'
import { newObjectId } from '../core/ids.js'
import { loadConfig } from '../lib/config.js'
import { migratePostgres } from '../lib/migrate.js'
import { createPostgres } from '../lib/postgres.js'
import { countAudience } from '../services/audiences.js'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const RUNS = 7
const DB = 'trackly_bench_audience'
const baseUrl = new URL(loadConfig({ ...process.env }).databaseUrl)
const adminUrl = Object.assign(new URL(baseUrl), { pathname: '/postgres' }).toString()
const benchUrl = Object.assign(new URL(baseUrl), { pathname: `/${DB}` }).toString()

const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
// BENCH_REUSE=1 times the data a BENCH_KEEP=1 run left, e.g. to compare indexes without reloading.
const reuse = !!process.env.BENCH_REUSE
if (!reuse) {
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`)
  await admin.query(`CREATE DATABASE ${DB}`)
}
const postgres = createPostgres({ databaseUrl: benchUrl }, 4)
const pool = postgres.pool
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6

try {
  await migratePostgres(postgres)
  const { accountId, listA, listB } = reuse ? await existingBenchData() : await loadBenchData()
  console.log(
    `work_mem ${(await pool.query('SHOW work_mem')).rows[0].work_mem}, max_parallel_workers_per_gather ${(await pool.query('SHOW max_parallel_workers_per_gather')).rows[0].max_parallel_workers_per_gather}`,
  )

  const filters: [string, number[], unknown][] = [
    [
      'time: clicked within 30 days',
      [],
      {
        conditions: [
          { condition_type: 'time', field: 'last_clicked_at', operator: 'within', value: 30, unit: 'days' },
        ],
      },
    ],
    [
      'AND: sent within 7 days + send_count ≥ 10',
      [],
      {
        operator: 'AND',
        conditions: [
          { condition_type: 'time', field: 'last_sent_at', operator: 'within', value: 7, unit: 'days' },
          { condition_type: 'count', field: 'send_count', operator: 'gte', value: 10 },
        ],
      },
    ],
    [
      'OR: click_count ≥ 5 or has revenue',
      [],
      {
        operator: 'OR',
        conditions: [
          { condition_type: 'count', field: 'click_count', operator: 'gte', value: 5 },
          { condition_type: 'revenue', field: 'has_revenue', operator: 'eq', value: true },
        ],
      },
    ],
    [
      'custom field: tier = gold',
      [],
      {
        conditions: [
          { condition_type: 'custom_field', field: 'custom_fields.tier', operator: 'eq', value: 'gold' },
        ],
      },
    ],
    [
      'nested AND/OR + validation + dnc',
      [],
      {
        operator: 'AND',
        conditions: [
          { condition_type: 'time', field: 'signup_date', operator: 'within', value: 365, unit: 'days' },
          {
            condition_type: 'validation',
            field: 'validation_status',
            operator: 'exclude',
            value: ['invalid', 'unreachable'],
          },
        ],
        groups: [
          {
            operator: 'OR',
            conditions: [
              {
                condition_type: 'custom_field',
                field: 'custom_fields.state',
                operator: 'in',
                value: ['CA', 'TX'],
              },
            ],
            groups: [
              {
                operator: 'AND',
                conditions: [
                  { condition_type: 'count', field: 'click_count', operator: 'gte', value: 3 },
                  { condition_type: 'dnc', field: 'on_dnc', operator: 'eq', value: false },
                ],
              },
            ],
          },
        ],
      },
    ],
    [
      'list: on list A, also on list B',
      [listA],
      { conditions: [{ condition_type: 'list', field: 'listId', operator: 'in', value: [listB] }] },
    ],
    [
      'list: on list A, not on list B',
      [listA],
      { conditions: [{ condition_type: 'list', field: 'listId', operator: 'not_in', value: [listB] }] },
    ],
  ]

  const stats = (times: number[]) => {
    const sorted = [...times].sort((x, y) => x - y)
    return { p50: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! }
  }
  const timeIt = async (run: () => Promise<number>) => {
    let result = 0
    const times: number[] = []
    await run() // warm the cache once, untimed
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint()
      result = await run()
      times.push(ms(t0))
    }
    return { result, ...stats(times) }
  }

  const rowsOut: string[] = []
  const reference = await timeIt(async () => {
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::bigint AS n FROM list_contacts WHERE account_id = $1 AND active',
      [accountId],
    )
    return rows[0]!.n
  })
  rowsOut.push(
    `| reference: bare count(*) of the account's active list contacts | ${reference.result} | ${reference.p50.toFixed(0)} | ${reference.max.toFixed(0)} |`,
  )
  for (const [name, lists, raw] of filters) {
    const r = await timeIt(() => countAudience(pool, accountId, lists, raw))
    rowsOut.push(`| ${name} | ${r.result} | ${r.p50.toFixed(0)} | ${r.max.toFixed(0)} |`)
  }
  console.log(`\n${ROWS} list contacts, ${RUNS} runs each (ms)\n`)
  console.log('| filter | size | p50 ms | max ms |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const line of rowsOut) console.log(line)
} finally {
  await postgres.close()
  if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS ${DB}`)
  await admin.end()
}

async function loadBenchData(): Promise<{ accountId: string; listA: number; listB: number }> {
  const accountId = newObjectId()
  const otherAccountId = newObjectId()
  for (const id of [accountId, otherAccountId]) {
    await pool.query(
      `INSERT INTO accounts (id, name, owner_email) VALUES ($1, 'Bench', 'bench@example.test')`,
      [id],
    )
  }
  const list = async (account: string, phone: string) =>
    (
      await pool.query<{ id: number }>(
        `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
         VALUES ($1, $2, 'Bench', 'Bench', 'simulator') RETURNING id`,
        [account, phone],
      )
    ).rows[0]!.id
  const listA = await list(accountId, '+18005550001')
  const listB = await list(accountId, '+18005550002')
  const listOther = await list(otherAccountId, '+18005550003')

  const distinct = Math.round(ROWS * 0.8)
  const onBoth = ROWS - distinct // the last `onBoth` contacts of list A are on list B as well
  const otherRows = Math.round(ROWS / 10)
  let start = process.hrtime.bigint()
  await pool.query(
    `INSERT INTO contacts (id, account_id, phone_number, validation_status, on_dnc)
     SELECT lpad(to_hex(g), 24, '0'), CASE WHEN g <= $2 THEN $3 ELSE $4 END, '+1' || (2000000000 + g)::text,
            (ARRAY['ok','ok','ok','ok','ok','ok','ok','invalid','unreachable','risky'])[1 + floor(random() * 10)::int],
            random() < 0.02
     FROM generate_series(1, $1::int) g`,
    [distinct + otherRows, distinct, accountId, otherAccountId],
  )
  // Realistic shapes: sends exponential (mean ~15), ~20% of contacts clicked, ~5% converted, two years of signups
  // in insertion order (rows are appended as people sign up, so signup_date follows the table's physical order).
  const fill = (account: string, listId: number, from: number, to: number, idPrefix: string) =>
    pool.query(
      `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, signup_date, custom_fields,
         send_count, click_count, conversion_count, revenue_total, last_sent_at, last_clicked_at, last_revenue_at)
       SELECT $3 || lpad(to_hex(g), 20, '0'), $1, $2, lpad(to_hex(g), 24, '0'), random() > 0.03,
              now() - interval '730 days' * (1 - g::float8 / $6) - random() * interval '1 day',
              jsonb_build_object(
                'tier', (ARRAY['gold','silver','bronze','none'])[1 + floor(random() * 4)::int],
                'age', 18 + floor(random() * 60)::int,
                'state', (ARRAY['CA','TX','NY','FL','WA','OH','IL','GA'])[1 + floor(random() * 8)::int],
                'source', (ARRAY['facebook','google','tiktok'])[1 + floor(random() * 3)::int]),
              s.sends, s.clicks, s.conversions, s.conversions * (5 + random() * 45),
              CASE WHEN s.sends > 0 THEN now() - random() * interval '60 days' END,
              CASE WHEN s.clicks > 0 THEN now() - random() * interval '90 days' END,
              CASE WHEN s.conversions > 0 THEN now() - random() * interval '120 days' END
       FROM generate_series($4::int, $5::int) g,
            LATERAL (SELECT floor(-ln(1 - random()) * 15)::int + 0 * g AS sends) r,
            -- Both subqueries reference g, so the random draws are made per row rather than once.
            LATERAL (SELECT r.sends,
                            CASE WHEN random() < 0.2 THEN 1 + floor(random() * least(r.sends + 1, 10))::int ELSE 0 END AS clicks,
                            CASE WHEN random() < 0.05 THEN 1 + floor(random() * 3)::int ELSE 0 END AS conversions) s`,
      [account, listId, idPrefix, from, to, distinct + otherRows],
    )
  await fill(accountId, listA, 1, distinct, 'a')
  await fill(accountId, listB, distinct - onBoth + 1, distinct, 'b')
  await fill(otherAccountId, listOther, distinct + 1, distinct + otherRows, 'o')
  const loadMs = ms(start)
  start = process.hrtime.bigint()
  await pool.query('VACUUM ANALYZE contacts')
  await pool.query('VACUUM ANALYZE list_contacts')
  const vacuumMs = ms(start)
  console.log(
    `loaded ${ROWS} + ${otherRows} list contacts in ${(loadMs / 1000).toFixed(1)} s, vacuum ${(vacuumMs / 1000).toFixed(1)} s`,
  )
  return { accountId, listA, listB }
}

async function existingBenchData(): Promise<{ accountId: string; listA: number; listB: number }> {
  const { rows } = await pool.query<{ account_id: string; lists: number[] }>(
    `SELECT account_id, array_agg(DISTINCT list_id ORDER BY list_id) AS lists FROM list_contacts
     GROUP BY account_id ORDER BY count(*) DESC LIMIT 1`,
  )
  return { accountId: rows[0]!.account_id, listA: rows[0]!.lists[0]!, listB: rows[0]!.lists[1]! }
}
