// The report rollup refresher, and the copy of contact attributes that cohort reports group by.
//
// Why recompute instead of a materialized view: an MV (SummingMergeTree or AggregatingMergeTree) sees every insert,
// so a replayed Kafka partition or a conversion re-inserted with a new attribution would be counted again; only
// uniqExact-style states are idempotent, and they cannot sum money. Here every (account, hour) slice whose raw rows
// changed is recomputed from the raw tables read with FINAL — the same SQL the reports run on raw data — and written
// with a newer version, so the rollup always equals what the raw tables say: replays change nothing.
//
// Which hours changed: raw rows carry ingested_at (set by ClickHouse on insert; a replayed row gets a new one),
// scanned with a minmax skip index since the last refresh (minus a margin for inserts still in flight), plus the
// hours that became settled since the last refresh. Run one refresher per ClickHouse database (the processors role
// is the natural home); reports never depend on it for correctness, only for speed.
import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClickHouse, QueryParams } from './clickhouse.js'
import { changedContactHours, recomputeFieldHours } from './field-rollup.js'
import {
  BASE_METRICS,
  chTime,
  FINAL_SETTINGS,
  factsSql,
  fromChTime,
  ROLLUP_STATE,
  type RollupState,
  readRollupState,
  readState,
} from './reports.js'

/** Hours stay raw until this long after they end, so stragglers of the last hour land before it is rolled up. */
export const SETTLE_SECONDS = 300
/** Rows ingested this long before the last refresh's start are scanned again (inserts in flight at that time). */
export const MARGIN_SECONDS = 30
const RAW_TABLES = ['sends', 'deliveries', 'clicks', 'conversions', 'contact_events'] as const

export interface RefreshResult {
  accounts: number
  hours: number
  horizon: string
}

/** Hours (ClickHouse DateTime text) per account. */
type DirtyHours = Map<string, string[]>

async function dirtyHours(
  ch: ClickHouse,
  since: string,
  oldHorizon: string,
  horizon: string,
): Promise<DirtyHours> {
  const changed = RAW_TABLES.map(
    (t) => `SELECT account_id, toStartOfHour(event_time) AS h FROM ${t}
             WHERE ingested_at > {since:DateTime64(6)} AND event_time < {horizon:DateTime64(3)}`,
  )
  const settled = RAW_TABLES.map(
    (t) => `SELECT account_id, toStartOfHour(event_time) AS h FROM ${t}
             PREWHERE event_time >= {oldHorizon:DateTime64(3)} AND event_time < {horizon:DateTime64(3)}`,
  )
  const rows = await ch.query<{ account_id: string; hours: string[] }>(
    `SELECT account_id, arraySort(groupUniqArray(toString(h))) AS hours
       FROM (${[...changed, ...settled].join(' UNION ALL ')}) GROUP BY account_id`,
    { since, oldHorizon, horizon },
  )
  return new Map(rows.map((r) => [r.account_id, r.hours]))
}

/** Groups sorted hours into runs within one month (one raw partition) each. */
export function chunkHours(hours: readonly string[]): string[][] {
  const chunks: string[][] = []
  for (const h of hours) {
    const last = chunks[chunks.length - 1]
    if (last && last[0]!.slice(0, 7) === h.slice(0, 7)) last.push(h)
    else chunks.push([h])
  }
  return chunks
}

const COLUMNS = `account_id, hour, grain, list_id, creative_id, schedule_id, variant, carrier, offer_id, sends, segments,
  cost, delivered, undelivered, failed, total_clicks, human_clicks, bot_clicks, preview_clicks, confirmed_clicks,
  unique_clicks, conversions, reversals, revenue, opt_outs, version`

/**
 * Recomputes the given hours of one account (both grains of report_hourly, and report_field_hourly) and zeroes the
 * keys that no longer occur in them.
 */
export async function recomputeHours(
  ch: ClickHouse,
  accountId: string,
  hours: readonly string[],
): Promise<void> {
  for (const chunk of chunkHours([...hours].sort())) {
    const first = fromChTime(chunk[0]!)
    const last = fromChTime(chunk[chunk.length - 1]!)
    const [{ version }] = (await ch.query<{ version: string }>(
      'SELECT toString(toUnixTimestamp64Micro(now64(6))) AS version',
    )) as [{ version: string }]
    const params: QueryParams = { account: accountId, hours: chunk, version }
    const facts = factsSql({
      windows: [{ from: first, to: new Date(last.getTime() + 3_600_000) }],
      params,
      contact: false,
      optOuts: true,
    })
    // One pass over the facts feeds both grains: every fact row is repeated once as a 'dims' row and once per offer.
    await ch.command(
      `INSERT INTO report_hourly (${COLUMNS})
       SELECT {account:String}, d_hour AS hour, g.1 AS grain,
              if(grain = 'dims', d_list, toUInt32(0)) AS list_id,
              if(grain = 'dims', d_creative, toUInt32(0)) AS creative_id,
              if(grain = 'dims', d_schedule, '') AS schedule_id,
              if(grain = 'dims', d_variant, '') AS variant,
              if(grain = 'dims', d_carrier, '') AS carrier,
              g.2 AS offer_id,
              ${BASE_METRICS.map((m) => `sum(${m})`).join(', ')},
              {version:UInt64}
         FROM (SELECT * FROM (${facts}) WHERE d_hour IN {hours:Array(DateTime('UTC'))})
        ARRAY JOIN arrayPushFront(arrayMap(o -> ('offer', o), d_offers), ('dims', '')) AS g
        GROUP BY hour, grain, list_id, creative_id, schedule_id, variant, carrier, offer_id
       ${FINAL_SETTINGS}`,
      params,
    )
    await recomputeFieldHours(ch, params, { from: first, to: new Date(last.getTime() + 3_600_000) })
    // Keys of these hours that the recompute did not write (version older than this one) no longer have events.
    await ch.command(
      `INSERT INTO report_hourly (account_id, hour, grain, list_id, creative_id, schedule_id, variant, carrier, offer_id,
                                  version)
       SELECT account_id, hour, grain, list_id, creative_id, schedule_id, variant, carrier, offer_id, {version:UInt64}
         FROM report_hourly FINAL
        WHERE account_id = {account:String} AND hour IN {hours:Array(DateTime('UTC'))} AND version < {version:UInt64}
          AND (sends + delivered + undelivered + failed + total_clicks + confirmed_clicks + conversions + reversals
               + opt_outs > 0 OR revenue != 0 OR cost != 0) ${FINAL_SETTINGS}`,
      params,
    )
  }
}

let running: Promise<RefreshResult> | null = null

/**
 * One refresh pass over every account: recomputes changed and newly settled hours, then advances the horizon.
 * Calls overlapping in this process share one pass.
 */
export function refreshReportRollups(
  ch: ClickHouse,
  opts: { settleSeconds?: number } = {},
): Promise<RefreshResult> {
  running ??= refreshOnce(ch, opts.settleSeconds ?? SETTLE_SECONDS).finally(() => {
    running = null
  })
  return running
}

async function refreshOnce(ch: ClickHouse, settleSeconds: number): Promise<RefreshResult> {
  const state = await readRollupState(ch)
  const [clock] = await ch.query<{ now: string; horizon: string }>(
    `SELECT toString(now64(6)) AS now,
            toString(toStartOfHour(now64(6) - toIntervalSecond({settle:UInt32}))) AS horizon`,
    { settle: settleSeconds },
  )
  const now = fromChTime(clock!.now)
  const horizon = fromChTime(clock!.horizon)
  const oldHorizon = new Date(state.horizon)
  // The horizon never moves back (a smaller settle time in one call must not hide rolled-up hours).
  const target = horizon.getTime() > oldHorizon.getTime() ? horizon : oldHorizon
  const since = new Date(new Date(state.watermark).getTime() - MARGIN_SECONDS * 1000)
  const dirty = await dirtyHours(ch, chTime(since), chTime(oldHorizon), chTime(target))
  // The field rollup's first pass computes every rolled-up hour; later ones, the hours of contacts copied since.
  const stale = state.attributesAsOf
    ? await changedContactHours(ch, null, new Date(state.attributesAsOf), { from: new Date(0), to: target })
    : await rolledUpHours(ch, null, target)
  for (const [account, list] of stale)
    dirty.set(account, [...new Set([...(dirty.get(account) ?? []), ...list])])
  let hours = 0
  for (const [account, list] of dirty) {
    await recomputeHours(ch, account, list)
    hours += list.length
  }
  const next: RollupState = {
    watermark: now.toISOString(),
    horizon: target.toISOString(),
    // Copies that started this long before the pass are committed, so its recomputes saw them.
    attributesAsOf: new Date(now.getTime() - MARGIN_SECONDS * 1000).toISOString(),
  }
  await writeState(ch, ROLLUP_STATE, next)
  return { accounts: dirty.size, hours, horizon: next.horizon }
}

/**
 * Recomputes every rolled-up hour of one account: for changes the ingested_at scan cannot see, such as rows deleted
 * by a history clear (spec §14). Call it after such a delete.
 */
export async function refreshAccountRollups(ch: ClickHouse, accountId: string): Promise<number> {
  const state = await readRollupState(ch)
  const hours = (await rolledUpHours(ch, accountId, new Date(state.horizon))).get(accountId) ?? []
  await recomputeHours(ch, accountId, hours)
  return hours.length
}

/** Per account (one, or all when null), every hour before `horizon` that is rolled up or has raw rows. */
async function rolledUpHours(
  ch: ClickHouse,
  accountId: string | null,
  horizon: Date,
): Promise<Map<string, string[]>> {
  const ofAccount = accountId === null ? '' : 'AND account_id = {account:String}'
  const rows = await ch.query<{ account_id: string; hours: string[] }>(
    `SELECT account_id, arraySort(groupUniqArray(toString(h))) AS hours FROM (
       SELECT account_id, hour AS h FROM report_hourly WHERE hour < {horizon:DateTime64(3)} ${ofAccount}
       UNION ALL SELECT account_id, hour FROM report_field_hourly WHERE hour < {horizon:DateTime64(3)} ${ofAccount}
       ${RAW_TABLES.map(
         (t) => `UNION ALL SELECT account_id, toStartOfHour(event_time) FROM ${t}
                  WHERE event_time < {horizon:DateTime64(3)} ${ofAccount}`,
       ).join(' ')}
     ) GROUP BY account_id`,
    { horizon: chTime(horizon), ...(accountId === null ? {} : { account: accountId }) },
  )
  return new Map(rows.map((r) => [r.account_id, r.hours]))
}

async function writeState(ch: ClickHouse, name: string, value: unknown): Promise<void> {
  await ch.insert('analytics_state', [{ name, value: JSON.stringify(value) }])
}

export interface Refresher {
  stop(): Promise<void>
}

/** Refreshes the rollup every `intervalMs` until stopped (for the role that owns it, e.g. processors). */
export function startReportRollups(ch: ClickHouse, log: Logger, intervalMs = 5_000): Refresher {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let current: Promise<unknown> = Promise.resolve()
  const tick = () => {
    current = refreshReportRollups(ch)
      .then((r) => {
        if (r.hours > 0) log.debug(r, 'report rollup refreshed')
      })
      .catch((err) => log.warn({ err }, 'report rollup refresh failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs)
      })
  }
  tick()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await current
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Contact attributes (Postgres → ClickHouse)

const CONTACTS_PAGE = 5_000
/** Rows updated this long before the last copied one are copied again: transactions commit after their now(). */
const CONTACTS_MARGIN_SECONDS = 60

interface ContactCursor {
  updated_at: string
}

interface ContactRow {
  id: string
  list_id: number
  contact_id: string
  signup_date: string
  active: boolean
  custom_fields: Record<string, unknown> | null
  carrier: string | null
  updated_at: string
}

const contactsState = (accountId: string) => `contacts:${accountId}`

/**
 * Copies the account's list contacts changed since the last copy (list_contacts.updated_at) into
 * contact_attributes, a page at a time: Node never holds more than one page. Returns rows copied.
 */
export async function syncContactAttributes(
  pool: pg.Pool,
  ch: ClickHouse,
  accountId: string,
): Promise<number> {
  const cursor = await readState<ContactCursor>(ch, contactsState(accountId))
  let after = cursor
    ? new Date(new Date(cursor.updated_at).getTime() - CONTACTS_MARGIN_SECONDS * 1000).toISOString()
    : '1970-01-01T00:00:00Z'
  let afterId = ''
  let newest = cursor?.updated_at ?? null
  let copied = 0
  for (;;) {
    const { rows } = await pool.query<ContactRow>(
      `SELECT lc.id, lc.list_id, lc.contact_id, lc.active, lc.custom_fields, c.carrier,
              to_char(lc.signup_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS signup_date,
              to_char(lc.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at
         FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id
        WHERE lc.account_id = $1 AND (lc.updated_at, lc.id) > ($2::timestamptz, $3)
        ORDER BY lc.updated_at, lc.id
        LIMIT ${CONTACTS_PAGE}`,
      [accountId, after, afterId],
    )
    if (rows.length === 0) break
    await ch.insert(
      'contact_attributes',
      rows.map((r) => ({
        account_id: accountId,
        list_id: r.list_id,
        contact_id: r.contact_id,
        list_contact_id: r.id,
        signup_date: r.signup_date,
        carrier: r.carrier ?? '',
        custom_fields: Object.fromEntries(
          Object.entries(r.custom_fields ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]),
        ),
        active: r.active ? 1 : 0,
        updated_at: r.updated_at.replace('T', ' ').replace('Z', ''),
      })),
    )
    copied += rows.length
    const last = rows[rows.length - 1]!
    after = last.updated_at
    afterId = last.id
    if (!newest || last.updated_at > newest) newest = last.updated_at
    if (rows.length < CONTACTS_PAGE) break
  }
  if (newest && newest !== cursor?.updated_at) {
    await writeState(ch, contactsState(accountId), { updated_at: newest } satisfies ContactCursor)
  }
  return copied
}

const lastSync = new Map<string, { at: number; pending: Promise<number> | null }>()

/**
 * Brings the account's contact attributes up to date unless that was done less than `maxAgeMs` ago in this
 * process; concurrent callers share one copy.
 */
export async function ensureContactAttributes(
  pool: pg.Pool,
  ch: ClickHouse,
  accountId: string,
  maxAgeMs = 2_000,
): Promise<void> {
  const entry = lastSync.get(accountId)
  if (entry?.pending) {
    await entry.pending
    return
  }
  if (entry && Date.now() - entry.at < maxAgeMs) return
  const started = Date.now()
  const pending = syncContactAttributes(pool, ch, accountId)
  lastSync.set(accountId, { at: entry?.at ?? 0, pending })
  try {
    await pending
    lastSync.set(accountId, { at: started, pending: null })
  } catch (err) {
    lastSync.set(accountId, { at: entry?.at ?? 0, pending: null })
    throw err
  }
}
