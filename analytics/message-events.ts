// One message's events as ClickHouse holds them (receipts, clicks, conversions), for its lifecycle timeline.
// Read by account and message with FINAL, so replayed rows appear once; the raw tables are ordered by hour, and
// their bloom filter on message_id skips the granules without this message.
import type { ClickHouse } from './clickhouse.js'
import { FINAL_SETTINGS, fromChTime } from './reports.js'

export interface ReceiptRow {
  at: string
  status: string
  status_detail: string
  error_code: string | null
}

export interface ClickRow {
  at: string
  offer_id: string
  bot_reason: string
  is_bot: boolean
  is_first: boolean
  kind: string
  country: string
}

export interface ConversionRow {
  at: string
  network: string
  amount: number
  conversion_type: string
  source: string
  credited: boolean
}

export interface MessageEvents {
  receipts: ReceiptRow[]
  clicks: ClickRow[]
  conversions: ConversionRow[]
}

const iso = (s: string) => fromChTime(s).toISOString()

export async function messageEvents(
  ch: ClickHouse,
  accountId: string,
  messageId: string,
): Promise<MessageEvents> {
  const params = { account: accountId, message: messageId }
  const where = 'WHERE account_id = {account:String} AND message_id = {message:String}'
  const [receipts, clicks, conversions] = await Promise.all([
    ch.query<{ event_time: string; status: string; status_detail: string; error_code: string | null }>(
      `SELECT event_time, status, status_detail, error_code FROM deliveries FINAL ${where}
        ORDER BY event_time ${FINAL_SETTINGS}`,
      params,
    ),
    ch.query<{
      event_time: string
      offer_id: string
      bot_reason: string
      is_bot: number
      is_first: number
      kind: string
      country: string
    }>(
      `SELECT event_time, offer_id, bot_reason, is_bot, is_first, kind, country FROM clicks FINAL ${where}
        ORDER BY event_time ${FINAL_SETTINGS}`,
      params,
    ),
    ch.query<{
      event_time: string
      network: string
      amount: number
      conversion_type: string
      source: string
      outside_window: number
    }>(
      `SELECT event_time, network, toFloat64(amount) AS amount, conversion_type, source, outside_window
         FROM conversions FINAL ${where} ORDER BY event_time ${FINAL_SETTINGS}`,
      params,
    ),
  ])
  return {
    receipts: receipts.map((r) => ({
      at: iso(r.event_time),
      status: r.status,
      status_detail: r.status_detail,
      error_code: r.error_code,
    })),
    clicks: clicks.map((c) => ({
      at: iso(c.event_time),
      offer_id: c.offer_id,
      bot_reason: c.bot_reason,
      is_bot: Number(c.is_bot) === 1,
      is_first: Number(c.is_first) === 1,
      kind: c.kind,
      country: c.country,
    })),
    conversions: conversions.map((v) => ({
      at: iso(v.event_time),
      network: v.network,
      amount: Number(v.amount),
      conversion_type: v.conversion_type,
      source: v.source,
      credited: Number(v.outside_window) === 0,
    })),
  }
}
