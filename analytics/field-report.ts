// The performance report grouped by a custom field's value (the contact's current value on the fact's list; none
// when it has none). Whole settled hours come from report_field_hourly (analytics/field-rollup.ts); the edges of
// the range, the hours after the horizon, and the hours in which a contact copied since the rollup's attribute
// watermark has events come from the raw tables joined with the contacts' values. Filters other than the list are
// not in the rollup: with one of them the whole range is read raw.
import type { ClickHouse, QueryParams } from './clickhouse.js'
import { changedContactHours } from './field-rollup.js'
import {
  BASE_METRICS,
  type BaseCounts,
  chTime,
  type FactDim,
  FINAL_SETTINGS,
  factsSql,
  fromChTime,
  metricSums,
  planRange,
  readRollupState,
  type TimeRange,
  toBaseCounts,
} from './reports.js'

export interface FieldReportOptions extends TimeRange {
  field: string
  /** The filters' WHERE over the fact columns (its parameters already bound in `params`), or ''. */
  where: string
  params: QueryParams
  /** Fact dimensions the filters read. */
  filterDims: readonly FactDim[]
  /** The list filter alone (or none): the rollup holds the list. */
  listOnly: boolean
  list?: number
  optOuts: boolean
  horizon?: Date
}

const HOUR_MS = 3_600_000
/** Stale hours (in runs of adjacent hours) beyond which the whole range is read raw. */
const MAX_STALE_RUNS = 48

/** Rows of the report: `key` the value ('' for none) and the base metrics. */
export async function customFieldRows(
  ch: ClickHouse,
  accountId: string,
  o: FieldReportOptions,
): Promise<(BaseCounts & { key: string })[]> {
  const state = o.listOnly ? await readRollupState(ch) : null
  const horizon = o.horizon ?? new Date(state?.horizon ?? 0)
  const plan = planRange(o, horizon)
  if (!state?.attributesAsOf || !plan.rollup) return addByKey(await rawRows(ch, accountId, o, [o]))
  const stale = (await changedContactHours(ch, accountId, new Date(state.attributesAsOf), plan.rollup)).get(
    accountId,
  )
  const runs = hourRuns(stale ?? [])
  // Contacts edited across many hours (a bulk edit) leave little to the rollup: one raw read of the range is then
  // cheaper than hundreds of windows. Until the next refresh pass.
  if (runs.length > MAX_STALE_RUNS) return addByKey(await rawRows(ch, accountId, o, [o]))
  const rolled = await rollupRows(ch, accountId, o, plan.rollup, stale ?? [])
  const windows = [...plan.raw, ...runs]
  const raw = windows.length > 0 ? await rawRows(ch, accountId, o, windows, true) : []
  return addByKey([...rolled, ...raw])
}

/**
 * The raw facts of the windows joined with the contacts' current values. `narrow`: the windows are a few hours, so
 * only their contacts' values are read (by the attributes' key) instead of hashing every contact of the account.
 */
async function rawRows(
  ch: ClickHouse,
  accountId: string,
  o: FieldReportOptions,
  windows: readonly TimeRange[],
  narrow = false,
): Promise<(BaseCounts & { key: string })[]> {
  const params: QueryParams = { ...o.params, account: accountId, field: o.field }
  // Grouped by contact, the facts keep only the list (the attributes' key) and the filtered dimensions.
  const only = [...new Set<FactDim>(['d_list', ...o.filterDims])]
  const facts = factsSql({ windows, params, contact: true, optOuts: o.optOuts, only })
  const ofFacts = narrow ? `AND (list_id, contact_id) IN (SELECT d_list, d_contact FROM (${facts}))` : ''
  // Only contacts that have a value are hashed; the rest join to '' (no value), as a missing key reads.
  const rows = await ch.query<Record<string, unknown>>(
    `SELECT a.value AS key, ${metricSums()}
      FROM (SELECT * FROM (${facts}) ${o.where}) AS f
      LEFT JOIN (SELECT list_id, contact_id, value FROM
                   (SELECT list_id, contact_id, custom_fields[{field:String}] AS value FROM contact_attributes FINAL
                     WHERE account_id = {account:String} ${ofFacts})
                  WHERE value != '') AS a
        ON a.list_id = f.d_list AND a.contact_id = f.d_contact
      GROUP BY key ${FINAL_SETTINGS}`,
    params,
  )
  return rows.map((r) => ({ key: String(r.key ?? ''), ...toBaseCounts(r) }))
}

/** The rollup's rows of the field over whole hours, less the stale ones; none is the total less the values. */
async function rollupRows(
  ch: ClickHouse,
  accountId: string,
  o: FieldReportOptions,
  range: TimeRange,
  stale: readonly string[],
): Promise<(BaseCounts & { key: string })[]> {
  const params: QueryParams = {
    account: accountId,
    field: o.field,
    rf: chTime(range.from),
    rt: chTime(range.to),
    stale,
    ...(o.list === undefined ? {} : { list: o.list }),
  }
  const rows = await ch.query<Record<string, unknown>>(
    `SELECT field, value, ${metricSums()}
       FROM report_field_hourly FINAL
      WHERE account_id = {account:String} AND field IN ('', {field:String})
        AND hour >= {rf:DateTime64(3)} AND hour < {rt:DateTime64(3)}
        ${stale.length > 0 ? "AND hour NOT IN {stale:Array(DateTime('UTC'))}" : ''}
        ${o.list === undefined ? '' : 'AND list_id = {list:UInt32}'}
      GROUP BY field, value`,
    params,
  )
  const total = rows.find((r) => r.field === '')
  if (!total) return []
  const values = rows.filter((r) => r.field !== '').map((r) => ({ key: String(r.value), ...toBaseCounts(r) }))
  const none = toBaseCounts(total)
  for (const v of values) for (const m of BASE_METRICS) none[m] -= v[m]
  return [...values, { key: '', ...none }]
}

/** Sorted hours (ClickHouse DateTime text) as windows, adjacent hours merged. */
export function hourRuns(hours: readonly string[]): TimeRange[] {
  const runs: TimeRange[] = []
  for (const h of [...hours].sort()) {
    const from = fromChTime(h)
    const last = runs[runs.length - 1]
    if (last && last.to.getTime() === from.getTime()) last.to = new Date(from.getTime() + HOUR_MS)
    else runs.push({ from, to: new Date(from.getTime() + HOUR_MS) })
  }
  return runs
}

/** Rows with the same key added together, sorted by key. */
function addByKey(rows: (BaseCounts & { key: string })[]): (BaseCounts & { key: string })[] {
  const byKey = new Map<string, BaseCounts & { key: string }>()
  for (const r of rows) {
    const seen = byKey.get(r.key)
    if (!seen) byKey.set(r.key, { ...r })
    else for (const m of BASE_METRICS) seen[m] += r[m]
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
