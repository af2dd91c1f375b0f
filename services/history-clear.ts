// Clearing history (spec §14): permanent. Each entity clears Postgres (its rows and the contact counters they fed,
// in one transaction per chunk) before ClickHouse, so a retry of a request that failed part-way finishes it without
// taking anything off twice. The ClickHouse statements are analytics/history-store.ts's.
import type pg from 'pg'
import {
  conversionsInScope,
  countConversions,
  deleteConversions,
  deleteImportedClicks,
  deleteImportedSends,
  importedClicks,
  latestFirstClicks,
  latestSends,
} from '../analytics/history-store.js'
import { refreshAccountRollups } from '../analytics/rollups.js'
import type { ClearRequest } from '../core/history.js'
import { withTransaction } from '../lib/postgres.js'
import type { HistoryContext } from './history-import.js'

export interface Cleared {
  sends: number
  clicks: number
  revenue: number
}

/** Ids per ClickHouse query parameter and Postgres statement: a bounded request whatever the history's size. */
const CHUNK = 1_000

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

interface Pair {
  listId: number
  contactId: string
}
const pairKey = (p: Pair) => `${p.listId}|${p.contactId}`

/** Latest remaining event time per (list, contact), from per-message maxima; pairs with none stay null. */
async function latestByPair(
  ctx: HistoryContext,
  pairs: readonly Pair[],
  perMessage: { message_id: string; last_ms: string | number }[],
): Promise<Map<string, Date | null>> {
  const latest = new Map<string, Date | null>(pairs.map((p) => [pairKey(p), null]))
  for (const part of chunks(perMessage)) {
    const { rows } = await ctx.pool.query<{ id: string; list_id: number; contact_id: string }>(
      'SELECT id, list_id, contact_id FROM messages WHERE account_id = $1 AND id = ANY($2::text[])',
      [ctx.accountId, part.map((m) => m.message_id)],
    )
    const owner = new Map(rows.map((r) => [r.id, pairKey({ listId: r.list_id, contactId: r.contact_id })]))
    for (const m of part) {
      const key = owner.get(m.message_id)
      if (key === undefined || !latest.has(key)) continue
      const at = new Date(Number(m.last_ms))
      const current = latest.get(key)
      if (!current || at > current) latest.set(key, at)
    }
  }
  return latest
}

/** Decrements counters of the memberships that lost rows, in the transaction that removed the rows. */
async function decrement(
  client: pg.PoolClient,
  accountId: string,
  counter: 'send_count' | 'click_count',
  removed: readonly (Pair & { n: number })[],
): Promise<void> {
  if (removed.length === 0) return
  await client.query(
    `UPDATE list_contacts lc SET ${counter} = GREATEST(lc.${counter} - v.n, 0), updated_at = now()
       FROM unnest($2::int[], $3::text[], $4::int[]) AS v(list_id, contact_id, n)
      WHERE lc.account_id = $1 AND lc.list_id = v.list_id AND lc.contact_id = v.contact_id`,
    [accountId, removed.map((p) => p.listId), removed.map((p) => p.contactId), removed.map((p) => p.n)],
  )
}

/** Sets the last-activity time of each membership to the latest that remains (null when none does). */
async function setLatest(
  ctx: HistoryContext,
  column: 'last_sent_at' | 'last_clicked_at',
  latest: Map<string, Date | null>,
): Promise<void> {
  const pairs = [...latest.keys()].map((key) => {
    const cut = key.indexOf('|')
    return { listId: Number(key.slice(0, cut)), contactId: key.slice(cut + 1), at: latest.get(key) ?? null }
  })
  for (const part of chunks(pairs)) {
    await ctx.pool.query(
      `UPDATE list_contacts lc SET ${column} = v.at, updated_at = now()
         FROM unnest($2::int[], $3::text[], $4::timestamptz[]) AS v(list_id, contact_id, at)
        WHERE lc.account_id = $1 AND lc.list_id = v.list_id AND lc.contact_id = v.contact_id`,
      [
        ctx.accountId,
        part.map((p) => p.listId),
        part.map((p) => p.contactId),
        part.map((p) => p.at?.toISOString() ?? null),
      ],
    )
  }
}

function groupRemoved(rows: { list_id: number; contact_id: string; n: number }[]): (Pair & { n: number })[] {
  const into = new Map<string, Pair & { n: number }>()
  for (const r of rows) {
    const key = pairKey({ listId: r.list_id, contactId: r.contact_id })
    const current = into.get(key)
    if (current) current.n += r.n
    else into.set(key, { listId: r.list_id, contactId: r.contact_id, n: r.n })
  }
  return [...into.values()]
}

/**
 * Clicks of imported sends (and imported clicks on live messages). Postgres first — the first-click claims (so
 * the same clicks can be imported again) with the click counts they fed, in one transaction — then ClickHouse;
 * a retry after a failure in between finds the ClickHouse rows again and finishes.
 */
async function clearClicks(ctx: HistoryContext, before: Date | null): Promise<number> {
  const scope = { account: ctx.accountId, before }
  const doomed = await importedClicks(ctx.clickhouse, scope)
  if (doomed.length === 0) return 0
  const removed: (Pair & { n: number })[] = []
  for (const part of chunks(doomed)) {
    await withTransaction(ctx.pool, async (client) => {
      const { rows } = await client.query<{ list_id: number; contact_id: string; n: number }>(
        `WITH gone AS (
           DELETE FROM message_clicks mc
            USING unnest($2::text[], $3::text[]) AS v(message_id, click_id)
            WHERE mc.message_id = v.message_id AND mc.click_id = v.click_id AND mc.account_id = $1
            RETURNING mc.message_id, mc.contact_id)
         SELECT m.list_id, g.contact_id, count(*)::int AS n
           FROM gone g JOIN messages m ON m.id = g.message_id AND m.account_id = $1
          GROUP BY m.list_id, g.contact_id`,
        [ctx.accountId, part.map((c) => c.message_id), part.map((c) => c.event_id)],
      )
      const pairs = groupRemoved(rows)
      await decrement(client, ctx.accountId, 'click_count', pairs)
      removed.push(...pairs)
    })
  }
  await deleteImportedClicks(ctx.clickhouse, scope)
  const remaining: { message_id: string; last_ms: string }[] = []
  for (const part of chunks([...new Set(removed.map((p) => p.contactId))])) {
    remaining.push(...(await latestFirstClicks(ctx.clickhouse, ctx.accountId, part)))
  }
  await setLatest(ctx, 'last_clicked_at', await latestByPair(ctx, removed, remaining))
  return doomed.length
}

/**
 * All the account's revenue (live included, spec §14) up to `before`. Postgres first: the conversion ledger (so the
 * same conversions can be posted again) with the contact totals its entries fed (the processors credit a
 * conversion exactly when they create its ledger entry, so only removed entries are taken off: a retry never takes
 * twice), then ClickHouse; a retry after a failure in between finds the ClickHouse rows again and finishes.
 */
async function clearRevenue(ctx: HistoryContext, before: Date | null): Promise<number> {
  const scope = { account: ctx.accountId, before }
  if (!before) {
    const total = await countConversions(ctx.clickhouse, scope)
    // Everything goes: also what a previous, interrupted clear left in Postgres.
    await withTransaction(ctx.pool, async (client) => {
      await client.query('DELETE FROM conversion_ledger WHERE account_id = $1', [ctx.accountId])
      await client.query(
        `UPDATE list_contacts SET revenue_total = 0, conversion_count = 0, last_revenue_at = NULL, updated_at = now()
          WHERE account_id = $1 AND (revenue_total <> 0 OR conversion_count <> 0 OR last_revenue_at IS NOT NULL)`,
        [ctx.accountId],
      )
    })
    await deleteConversions(ctx.clickhouse, scope)
    return total
  }
  const doomed = await conversionsInScope(ctx.clickhouse, scope)
  for (const part of chunks(doomed)) {
    await withTransaction(ctx.pool, async (client) => {
      await client.query(
        `WITH gone AS (
             DELETE FROM conversion_ledger WHERE account_id = $1 AND event_id = ANY($2::text[])
             RETURNING event_id, message_id, amount)
           UPDATE list_contacts lc SET revenue_total = GREATEST(lc.revenue_total - s.amount, 0),
                  conversion_count = GREATEST(lc.conversion_count - s.n, 0), updated_at = now()
             FROM (SELECT m.list_id, m.contact_id, sum(g.amount) AS amount, sum(v.counted)::int AS n
                     FROM gone g
                     JOIN unnest($2::text[], $3::int[]) AS v(event_id, counted) ON v.event_id = g.event_id
                     JOIN messages m ON m.id = g.message_id AND m.account_id = $1
                    GROUP BY m.list_id, m.contact_id) s
            WHERE lc.account_id = $1 AND lc.list_id = s.list_id AND lc.contact_id = s.contact_id`,
        [ctx.accountId, part.map((c) => c.event_id), part.map((c) => Number(c.counted))],
      )
    })
  }
  if (doomed.length > 0) await deleteConversions(ctx.clickhouse, scope)
  // Every conversion before `before` is gone: a last revenue time earlier than it has nothing left behind it.
  await ctx.pool.query(
    'UPDATE list_contacts SET last_revenue_at = NULL, updated_at = now() WHERE account_id = $1 AND last_revenue_at < $2',
    [ctx.accountId, before.toISOString()],
  )
  return doomed.length
}

/**
 * Imported sends only (never live ones). Postgres first — the messages with the send counts they fed, in one
 * transaction — then ClickHouse sends and their receipts (provider `import`: only imported sends have them).
 */
async function clearSends(ctx: HistoryContext, before: Date | null): Promise<number> {
  const { rows, removed } = await withTransaction(ctx.pool, async (client) => {
    // Imported rows are created at their send time, so the account's created_at index bounds the scan.
    const { rows } = await client.query<{ list_id: number; contact_id: string; n: number }>(
      `WITH gone AS (
         DELETE FROM messages WHERE account_id = $1 AND imported
            AND ($2::timestamptz IS NULL OR (created_at < $2 AND sent_at < $2))
          RETURNING list_id, contact_id)
       SELECT list_id, contact_id, count(*)::int AS n FROM gone GROUP BY list_id, contact_id`,
      [ctx.accountId, before?.toISOString() ?? null],
    )
    const removed = groupRemoved(rows)
    await decrement(client, ctx.accountId, 'send_count', removed)
    return { rows, removed }
  })
  await deleteImportedSends(ctx.clickhouse, { account: ctx.accountId, before })
  const latest = new Map<string, Date | null>(removed.map((p) => [pairKey(p), null]))
  for (const part of chunks([...new Set(removed.map((p) => p.contactId))])) {
    const remaining = await latestSends(ctx.clickhouse, ctx.accountId, part)
    for (const r of remaining) {
      const key = pairKey({ listId: Number(r.list_id), contactId: r.contact_id })
      if (latest.has(key)) latest.set(key, new Date(Number(r.last_ms)))
    }
  }
  await setLatest(ctx, 'last_sent_at', latest)
  return rows.reduce((sum, r) => sum + r.n, 0)
}

/**
 * DELETE /history/clear (spec §14): permanent. Clicks go first (they are found through the imported sends), then
 * revenue, then the sends. Each clears Postgres before ClickHouse, so a retry of a request that failed part-way
 * finishes it without taking anything off the contact counters twice.
 */
export async function clearHistory(ctx: HistoryContext, request: ClearRequest): Promise<Cleared> {
  const wants = new Set(request.entities)
  const clicks = wants.has('clicks') ? await clearClicks(ctx, request.before) : 0
  const revenue = wants.has('revenue') ? await clearRevenue(ctx, request.before) : 0
  const sends = wants.has('sends') ? await clearSends(ctx, request.before) : 0
  // Deletes leave nothing the rollup refresher could notice: recompute the account's hours now.
  await refreshAccountRollups(ctx.clickhouse, ctx.accountId)
  return { sends, clicks, revenue }
}
