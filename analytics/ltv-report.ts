// LTV cohorts (spec §22): revenue per list contact by signup cohort, grouped by signup date, list, carrier or a
// custom field, from contact_attributes (copied from Postgres by rollups.ts) joined with credited conversions.
import { AppError } from '../core/errors.js'
import type { ClickHouse, QueryParams } from './clickhouse.js'
import { chTime, FINAL_SETTINGS, type LtvGroup, money, ratio, type TimeRange } from './reports.js'

export interface LtvRow {
  /** Signup date (YYYY-MM-DD), list id, carrier or custom-field value; null for "none". */
  key: string | null
  /** List contacts that signed up in the range. */
  contacts: number
  /** Of those, contacts with credited revenue. */
  converters: number
  revenue_7d: number
  revenue_14d: number
  revenue_30d: number
  revenue_60d: number
  revenue_lifetime: number
  ltv_7d: number
  ltv_14d: number
  ltv_30d: number
  ltv_60d: number
  ltv_lifetime: number
}

export const LTV_WINDOWS = [7, 14, 30, 60] as const

export interface LtvOptions extends TimeRange {
  groupBy: LtvGroup
  field?: string
}

const LTV_KEY: Record<LtvGroup, string> = {
  signup_date: 'toString(toDate(signup_date))',
  list: 'toString(list_id)',
  carrier: 'toString(carrier)',
  custom_field: 'custom_fields[{field:String}]',
}

/**
 * Cohorts of list contacts by signup (contact_attributes, copied from Postgres by rollups.ts): revenue credited to
 * the contact on that list within 7/14/30/60 days of signup and since signup. The cohort side is aggregated and
 * joined in ClickHouse; only the account's credited conversions are hashed for the join.
 */
export async function ltvReport(ch: ClickHouse, accountId: string, opts: LtvOptions): Promise<LtvRow[]> {
  if (opts.groupBy === 'custom_field' && !opts.field) {
    throw new AppError('invalid_group_by', 'group_by=custom_field needs `field`')
  }
  const params: QueryParams = { account: accountId, from: chTime(opts.from), to: chTime(opts.to) }
  if (opts.field) params.field = opts.field
  const windows = LTV_WINDOWS.map(
    (d) => `toFloat64(sumIf(v.amount, v.event_time < co.signup_date + toIntervalDay(${d}))) AS revenue_${d}d`,
  ).join(', ')
  const sql = `WITH cohort AS (
      SELECT list_id, contact_id, signup_date, ${LTV_KEY[opts.groupBy]} AS key FROM contact_attributes FINAL
       WHERE account_id = {account:String} AND signup_date >= {from:DateTime64(3)} AND signup_date < {to:DateTime64(3)}
    )
    SELECT c.key AS key, c.contacts AS contacts, r.converters AS converters,
           ${LTV_WINDOWS.map((d) => `r.revenue_${d}d AS revenue_${d}d`).join(', ')}, r.revenue_lifetime AS revenue_lifetime
      FROM (SELECT key, count() AS contacts FROM cohort GROUP BY key) AS c
      LEFT JOIN (
        SELECT co.key AS key, uniqExact(co.list_id, co.contact_id) AS converters, ${windows},
               toFloat64(sum(v.amount)) AS revenue_lifetime
          FROM cohort AS co
         INNER JOIN (SELECT list_id, contact_id, event_time, amount FROM conversions FINAL
                      PREWHERE event_time >= {from:DateTime64(3)}
                      WHERE account_id = {account:String} AND outside_window = 0) AS v
            ON v.list_id = co.list_id AND v.contact_id = co.contact_id
         WHERE v.event_time >= co.signup_date
         GROUP BY key
      ) AS r ON r.key = c.key
     ORDER BY key ${FINAL_SETTINGS}`
  const rows = await ch.query<Record<string, unknown>>(sql, params)
  return rows.map((r) => {
    const contacts = Number(r.contacts)
    const rev = (k: string) => money(Number(r[k] ?? 0) || 0)
    const row: LtvRow = {
      key: r.key === '' ? null : String(r.key),
      contacts,
      converters: Number(r.converters ?? 0) || 0,
      revenue_7d: rev('revenue_7d'),
      revenue_14d: rev('revenue_14d'),
      revenue_30d: rev('revenue_30d'),
      revenue_60d: rev('revenue_60d'),
      revenue_lifetime: rev('revenue_lifetime'),
      ltv_7d: 0,
      ltv_14d: 0,
      ltv_30d: 0,
      ltv_60d: 0,
      ltv_lifetime: 0,
    }
    for (const d of LTV_WINDOWS) row[`ltv_${d}d`] = ratio(row[`revenue_${d}d`], contacts)
    row.ltv_lifetime = ratio(row.revenue_lifetime, contacts)
    return row
  })
}

export const LTV_CSV_COLUMNS = [
  'key',
  'contacts',
  'converters',
  'revenue_7d',
  'revenue_14d',
  'revenue_30d',
  'revenue_60d',
  'revenue_lifetime',
  'ltv_7d',
  'ltv_14d',
  'ltv_30d',
  'ltv_60d',
  'ltv_lifetime',
] as const satisfies readonly (keyof LtvRow)[]
