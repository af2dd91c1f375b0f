// Report queries over the raw event tables (metric definitions of spec §22). FINAL collapses replayed rows,
// so a replay of any partition changes no number here.
import type { ClickHouse } from './clickhouse.js'

export interface MessageReport {
  message_id: string
  sends: number
  /** Unique first human clicks per contact (spec: "Clicks"). */
  clicks: number
  total_clicks: number
  human_clicks: number
  bot_clicks: number
  conversions: number
  revenue: number
  click_rate: number
  conversion_rate: number
  epc: number
  rps: number
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 1e6) / 1e6)

export async function messageReport(
  ch: ClickHouse,
  accountId: string,
  messageId: string,
): Promise<MessageReport> {
  const params = { account: accountId, message: messageId }
  const where = 'account_id = {account:String} AND message_id = {message:String}'
  const [sends, clicks, conversions] = await Promise.all([
    ch.query<{ sends: number }>(`SELECT count() AS sends FROM sends FINAL WHERE ${where}`, params),
    ch.query<{ total: number; human: number; bot: number; unique_clicks: number }>(
      `SELECT count() AS total, countIf(is_bot = 0) AS human, countIf(is_bot = 1) AS bot,
              uniqExactIf(contact_id, is_bot = 0) AS unique_clicks
         FROM clicks FINAL WHERE ${where}`,
      params,
    ),
    ch.query<{ conversions: number; revenue: number }>(
      `SELECT countIf(conversion_type NOT IN ('refund', 'chargeback')) AS conversions,
              toFloat64(sum(amount)) AS revenue
         FROM conversions FINAL WHERE ${where}`,
      params,
    ),
  ])
  const s = Number(sends[0]?.sends ?? 0)
  const c = clicks[0]
  const unique = Number(c?.unique_clicks ?? 0)
  const conv = Number(conversions[0]?.conversions ?? 0)
  const revenue = Math.round(Number(conversions[0]?.revenue ?? 0) * 1e4) / 1e4
  return {
    message_id: messageId,
    sends: s,
    clicks: unique,
    total_clicks: Number(c?.total ?? 0),
    human_clicks: Number(c?.human ?? 0),
    bot_clicks: Number(c?.bot ?? 0),
    conversions: conv,
    revenue,
    click_rate: ratio(unique, s),
    conversion_rate: ratio(conv, unique),
    epc: ratio(revenue, unique),
    rps: ratio(revenue, s),
  }
}
