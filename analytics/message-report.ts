// One message's numbers (spec §22 metrics of a single message), read from the raw tables.
import type { ClickHouse } from './clickhouse.js'
import {
  deriveMetrics,
  FINAL_SETTINGS,
  metricColumns,
  metricSums,
  type PerformanceMetrics,
  TABLE_METRICS,
  toBaseCounts,
} from './reports.js'

/** A message's numbers: the performance metrics without interstitial views and opt-outs (not per message). */
export type MessageReport = { message_id: string } & Omit<
  PerformanceMetrics,
  'preview_clicks' | 'opt_outs' | 'opt_out_rate'
>

export async function messageReport(
  ch: ClickHouse,
  accountId: string,
  messageId: string,
): Promise<MessageReport> {
  const params = { account: accountId, message: messageId }
  const where = 'account_id = {account:String} AND message_id = {message:String}'
  const base = (table: keyof typeof TABLE_METRICS) =>
    `SELECT ${metricColumns(TABLE_METRICS[table](''))} FROM ${table} FINAL WHERE ${where}`
  const sql = `SELECT ${metricSums()} FROM (
      ${base('sends')} UNION ALL ${base('deliveries')} UNION ALL ${base('clicks')} UNION ALL ${base('conversions')}
    ) ${FINAL_SETTINGS}`
  const [row] = await ch.query<Record<string, unknown>>(sql, params)
  const m = deriveMetrics(toBaseCounts(row ?? {}), false)
  return {
    message_id: messageId,
    sends: m.sends,
    segments: m.segments,
    cost: m.cost,
    delivered: m.delivered,
    undelivered: m.undelivered,
    failed: m.failed,
    clicks: m.clicks,
    total_clicks: m.total_clicks,
    human_clicks: m.human_clicks,
    confirmed_clicks: m.confirmed_clicks,
    bot_clicks: m.bot_clicks,
    conversions: m.conversions,
    reversals: m.reversals,
    revenue: m.revenue,
    profit: m.profit,
    click_rate: m.click_rate,
    conversion_rate: m.conversion_rate,
    epc: m.epc,
    rps: m.rps,
    delivery_rate: m.delivery_rate,
    failure_rate: m.failure_rate,
    profit_per_send: m.profit_per_send,
  }
}
