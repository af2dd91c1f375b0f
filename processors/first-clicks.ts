// First clicks: the claim of each message's first-click slot (first writer wins) and the re-attribution of
// conversions written before their message's first click was known.
import type pg from 'pg'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { conversionsOfMessages } from '../analytics/conversion-rows.js'
import { creditConversion, DEFAULT_CLICK_WINDOW_DAYS, type FirstClick } from '../core/attribution.js'
import { loadClickWindows, messagesWithConversions } from './state.js'

/**
 * Step: claim the first-click slot of each message (first writer wins, so replays re-derive the same winner), and
 * return each message's winner, in one statement: the rows this statement inserted, and the slots already held.
 * A slot claimed by another transaction while this one ran is invisible to the statement's snapshot; those few
 * are read again.
 */
export async function claimFirstClicks(
  pool: pg.Pool,
  candidates: FirstClick[],
): Promise<Map<string, FirstClick>> {
  if (candidates.length === 0) return new Map()
  const { rows } = await pool.query<FirstClickRow>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
         AS t(message_id, account_id, click_id, contact_id, offer_id, clicked_at)
     ), claimed AS (
       INSERT INTO message_clicks (message_id, account_id, click_id, contact_id, offer_id, clicked_at)
       SELECT * FROM input ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id, account_id, click_id, contact_id, offer_id, clicked_at
     )
     SELECT * FROM claimed
     UNION ALL
     SELECT message_id, account_id, click_id, contact_id, offer_id, clicked_at FROM message_clicks
      WHERE message_id IN (SELECT message_id FROM input) AND message_id NOT IN (SELECT message_id FROM claimed)`,
    [
      candidates.map((c) => c.messageId),
      candidates.map((c) => c.accountId),
      candidates.map((c) => c.clickId),
      candidates.map((c) => c.contactId),
      candidates.map((c) => c.offerId),
      candidates.map((c) => c.clickedAt),
    ],
  )
  const winners = firstClicksOf(rows)
  const unseen = [...new Set(candidates.map((c) => c.messageId))].filter((m) => !winners.has(m))
  for (const [message, first] of await loadFirstClicks(pool, unseen)) winners.set(message, first)
  return winners
}

interface FirstClickRow {
  message_id: string
  account_id: string
  click_id: string
  contact_id: string
  offer_id: string
  clicked_at: Date
}

const firstClicksOf = (rows: FirstClickRow[]): Map<string, FirstClick> =>
  new Map(
    rows.map((r) => [
      r.message_id,
      {
        accountId: r.account_id,
        messageId: r.message_id,
        clickId: r.click_id,
        contactId: r.contact_id,
        offerId: r.offer_id,
        clickedAt: r.clicked_at.toISOString(),
      },
    ]),
  )

export async function loadFirstClicks(pool: pg.Pool, messageIds: string[]): Promise<Map<string, FirstClick>> {
  if (messageIds.length === 0) return new Map()
  const { rows } = await pool.query<FirstClickRow>(
    'SELECT message_id, account_id, click_id, contact_id, offer_id, clicked_at FROM message_clicks WHERE message_id = ANY($1::text[])',
    [[...new Set(messageIds)]],
  )
  return firstClicksOf(rows)
}

/**
 * Step: conversions written before their message's first click was known were credited to the click they named;
 * once the first click is known they are written again, credited to it. The end state is the same whichever
 * topic was processed first (the re-inserted row is the newest, so FINAL keeps it).
 *
 * Only messages with a ledger entry are read from ClickHouse (almost none of a batch's have a conversion). Every
 * conversion row comes from the revenue step (postbacks, the revenue API and history import all publish revenue
 * events; this step only rewrites rows already there), which commits the ledger entry before it writes the row.
 * So a message without an entry has no row yet, and when its row comes, the revenue step checks the first click
 * again after writing it, as before.
 */
export async function reattributeConversions(
  ch: ClickHouse,
  pool: pg.Pool,
  winners: Map<string, FirstClick>,
): Promise<number> {
  if (winners.size === 0) return 0
  const converted = await messagesWithConversions(pool, [...winners.keys()])
  if (converted.size === 0) return 0
  const firsts = [...converted].map((message) => winners.get(message)!)
  const stale = await conversionsOfMessages(
    ch,
    [...new Set(firsts.map((f) => f.accountId))],
    firsts.map((f) => f.messageId),
  )
  const pending = stale.filter((row) => row.attributed_click_id !== winners.get(row.message_id)?.clickId)
  if (pending.length === 0) return 0
  const windows = await loadClickWindows(
    pool,
    pending.map((r) => winners.get(r.message_id)!.offerId),
  )
  const rows = pending.map((row) => {
    const first = winners.get(row.message_id)!
    return creditConversion(row, first, windows.get(first.offerId) ?? DEFAULT_CLICK_WINDOW_DAYS)
  })
  await ch.insert('conversions', rows)
  return rows.length
}
