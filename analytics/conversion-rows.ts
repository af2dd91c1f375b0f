// Stored conversion rows read back for re-attribution: once a message's first click is known, the conversions
// written before it are credited again (processors/pipeline.ts).
import type { ConversionRow } from '../core/attribution.js'
import type { ClickHouse } from './clickhouse.js'

const CONVERSION_COLUMNS = `account_id, event_id, event_time, message_id, click_id, attributed_click_id, offer_id,
  contact_id, network, transaction_id, conversion_type, toFloat64(amount) AS amount, source, list_id, creative_id,
  schedule_id, variant, carrier, attribution_type, seconds_from_click, postings, datacenter_ip, imported, outside_window`

/** The current conversion rows of these messages (of these accounts), as written. */
export function conversionsOfMessages(
  ch: ClickHouse,
  accounts: readonly string[],
  messages: readonly string[],
): Promise<ConversionRow[]> {
  return ch.query<ConversionRow>(
    `SELECT ${CONVERSION_COLUMNS} FROM conversions FINAL
      WHERE account_id IN {accounts:Array(String)} AND message_id IN {messages:Array(String)}`,
    { accounts, messages },
  )
}
