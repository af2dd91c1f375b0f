// The custom-field rollup (report_field_hourly, ClickHouse migration 0009): the facts of each (account, hour, list)
// summed per custom field and value, with the contacts' values of the time the hour was recomputed, and one row
// per (hour, list) under field '' with the whole total (a field's "none" is that total minus its values).
//
// Values change after their hours are rolled up. What keeps reads exact: every contact_attributes row says when it
// was copied (ingested_at), and the refresher's state records up to when copied values are reflected
// (attributesAsOf). Hours in which a contact copied later has events are stale for that contact: reads take them
// from the raw tables, and the next refresh pass recomputes them.
import type { ClickHouse, QueryParams } from './clickhouse.js'
import { BASE_METRICS, chTime, FINAL_SETTINGS, factsSql, type TimeRange } from './reports.js'

/** Tables whose rows carry a contact: the hours a contact has events in. */
const CONTACT_TABLES = ['sends', 'deliveries', 'clicks', 'conversions', 'contact_events'] as const

const METRIC_COLUMNS = BASE_METRICS.join(', ')
/** Recomputes of at most this many hours read only the values of the contacts they have events of. */
const NARROW_HOURS = 24

/**
 * Recomputes report_field_hourly for `hours` (one month at most: one raw partition) of one account, with the
 * version report_hourly's recompute of the same hours uses. Params: {account}, {hours}, {version}.
 */
export async function recomputeFieldHours(
  ch: ClickHouse,
  params: QueryParams,
  window: TimeRange,
): Promise<void> {
  // Grouped by contact, the facts keep only the hour and the list (the values' key).
  const facts = factsSql({
    windows: [window],
    params,
    contact: true,
    optOuts: true,
    only: ['d_hour', 'd_list'],
  })
  // A few hours (the refresher's usual pass) read only their contacts' values, by the attributes' key, instead of
  // hashing every contact of the account; a month of hours reads them all once.
  const hours = (params.hours as readonly string[]).length
  const ofFacts =
    hours <= NARROW_HOURS
      ? `AND (list_id, contact_id) IN (SELECT d_list, d_contact FROM (${facts})
                                       WHERE d_hour IN {hours:Array(DateTime('UTC'))})`
      : ''
  // Each fact row is counted once under the total ('', '') and once per field its contact has a value for.
  await ch.command(
    `INSERT INTO report_field_hourly (account_id, hour, list_id, field, value, ${METRIC_COLUMNS}, version)
     SELECT {account:String}, d_hour AS hour, d_list AS list_id, kv.1 AS field, kv.2 AS value,
            ${BASE_METRICS.map((m) => `sum(${m})`).join(', ')}, {version:UInt64}
       FROM (SELECT f.*, a.custom_fields AS fields
               FROM (SELECT * FROM (${facts}) WHERE d_hour IN {hours:Array(DateTime('UTC'))}) AS f
               LEFT JOIN (SELECT list_id, contact_id, custom_fields FROM contact_attributes FINAL
                           WHERE account_id = {account:String} AND notEmpty(custom_fields) ${ofFacts}) AS a
                 ON a.list_id = f.d_list AND a.contact_id = f.d_contact)
      ARRAY JOIN arrayPushFront(
                   arrayFilter(kv -> kv.1 != '' AND kv.2 != '', arrayZip(mapKeys(fields), mapValues(fields))),
                   ('', '')) AS kv
      GROUP BY hour, list_id, field, value
     ${FINAL_SETTINGS}`,
    params,
  )
  // Keys of these hours that the recompute did not write (an older version) no longer have events.
  await ch.command(
    `INSERT INTO report_field_hourly (account_id, hour, list_id, field, value, version)
     SELECT account_id, hour, list_id, field, value, {version:UInt64}
       FROM report_field_hourly FINAL
      WHERE account_id = {account:String} AND hour IN {hours:Array(DateTime('UTC'))} AND version < {version:UInt64}
        AND (sends + delivered + undelivered + failed + total_clicks + confirmed_clicks + conversions + reversals
             + opt_outs > 0 OR revenue != 0 OR cost != 0) ${FINAL_SETTINGS}`,
    params,
  )
}

/**
 * Per account, the hours within `range` in which a contact whose attributes were copied after `since` (ClickHouse
 * clock) has events: where the field rollup may hold the contact's old values. One account, or all when null.
 * Raw rows are read without FINAL: a replayed copy names the same hour.
 */
export async function changedContactHours(
  ch: ClickHouse,
  accountId: string | null,
  since: Date,
  range: TimeRange,
): Promise<Map<string, string[]>> {
  const params: QueryParams = {
    since: chTime(since),
    cf: chTime(range.from),
    ct: chTime(range.to),
    ...(accountId === null ? {} : { account: accountId }),
  }
  const ofAccount = accountId === null ? '' : 'AND account_id = {account:String}'
  const changed = `ingested_at > {since:DateTime64(6)} ${ofAccount}`
  // Most passes and reads find no copied contact: one look at the newest copies (a minmax index) settles it.
  const [count] = await ch.query<{ n: string }>(
    `SELECT count() AS n FROM contact_attributes WHERE ${changed}`,
    params,
  )
  if (Number(count?.n ?? 0) === 0) return new Map()
  const hours = CONTACT_TABLES.map(
    (t) => `SELECT account_id, toStartOfHour(event_time) AS h FROM ${t}
             PREWHERE event_time >= {cf:DateTime64(3)} AND event_time < {ct:DateTime64(3)}
             WHERE (account_id, contact_id) IN
                   (SELECT account_id, contact_id FROM contact_attributes WHERE ${changed}) ${ofAccount}`,
  )
  const rows = await ch.query<{ account_id: string; hours: string[] }>(
    `SELECT account_id, arraySort(groupUniqArray(toString(h))) AS hours
       FROM (${hours.join(' UNION ALL ')}) GROUP BY account_id`,
    params,
  )
  return new Map(rows.map((r) => [r.account_id, r.hours]))
}
