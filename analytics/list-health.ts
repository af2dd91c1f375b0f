// Health of an account's sending lists over a window: sends, deliveries, failures and opt-outs per list, with the
// rates of spec §22 (delivery rate = delivered/sends; failure rate = (failed + undelivered)/sends; opt-out rate =
// unsubscribes/sends) — the same counts the performance report grouped by list gives, read raw for one window.
import type { ClickHouse } from './clickhouse.js'
import { chTime, FINAL_SETTINGS, ratio } from './reports.js'

export interface ListHealthFigures {
  list_id: number
  sends: number
  delivered: number
  /** Failed and undelivered. */
  failed: number
  opt_outs: number
  delivery_rate: number
  failure_rate: number
  opt_out_rate: number
}

/** Figures of every list of the account with any activity in [from, to); lists without any are left out. */
export async function listHealthFigures(
  ch: ClickHouse,
  accountId: string,
  range: { from: Date; to: Date },
): Promise<ListHealthFigures[]> {
  const window = `PREWHERE event_time >= {from:DateTime64(3)} AND event_time < {to:DateTime64(3)}
    WHERE account_id = {account:String}`
  const rows = await ch.query<{
    list_id: number
    sends: string
    delivered: string
    failed: string
    opt_outs: string
  }>(
    `SELECT list_id, sum(sends) AS sends, sum(delivered) AS delivered, sum(failed) AS failed,
            sum(opt_outs) AS opt_outs FROM (
        SELECT list_id, count() AS sends, toUInt64(0) AS delivered, toUInt64(0) AS failed, toUInt64(0) AS opt_outs
          FROM sends FINAL ${window} GROUP BY list_id
        UNION ALL
        SELECT list_id, toUInt64(0) AS sends, countIf(status = 'delivered') AS delivered,
               countIf(status IN ('failed', 'undelivered')) AS failed, toUInt64(0) AS opt_outs
          FROM deliveries FINAL ${window} GROUP BY list_id
        UNION ALL
        SELECT list_id, toUInt64(0) AS sends, toUInt64(0) AS delivered, toUInt64(0) AS failed, count() AS opt_outs
          FROM contact_events FINAL ${window} AND type = 'unsubscribed' GROUP BY list_id
      ) WHERE list_id != 0 GROUP BY list_id ORDER BY list_id ${FINAL_SETTINGS}`,
    { account: accountId, from: chTime(range.from), to: chTime(range.to) },
  )
  return rows.map((r) => {
    const sends = Number(r.sends)
    const delivered = Number(r.delivered)
    const failed = Number(r.failed)
    const optOuts = Number(r.opt_outs)
    return {
      list_id: Number(r.list_id),
      sends,
      delivered,
      failed,
      opt_outs: optOuts,
      delivery_rate: ratio(delivered, sends),
      failure_rate: ratio(failed, sends),
      opt_out_rate: ratio(optOuts, sends),
    }
  })
}
