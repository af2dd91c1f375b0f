// History import (spec §14). Imported sends, clicks and revenue are published on the same topics as
// live traffic, so the processors store, attribute and count them exactly like it; the events carry ids derived
// from the records, so a batch posted twice creates nothing new (its records come back as duplicates).
import type { ClickEvent, RevenueEvent } from '../core/events.js'
import {
  importedClickId,
  importedRevenueEventId,
  parseHistoryClick,
  parseHistoryRevenue,
  recordId,
} from '../core/history.js'
import { roundMoney } from '../core/revenue.js'
import type { HistoryContext, HistoryReply, Outcome } from './history-reply.js'
import { initialOutcome, publishOrFail, reply } from './history-reply.js'
import { messagesAndOffers } from './revenue.js'

export type { HistoryContext, HistoryReply } from './history-reply.js'
export { importSends } from './history-sends.js'

// ---------------------------------------------------------------------------------------------------------------
// Clicks

export async function importClicks(
  ctx: HistoryContext,
  records: readonly unknown[],
  now = new Date(),
): Promise<HistoryReply> {
  const parsed = records.map((raw) => parseHistoryClick(raw, now))
  const outcomes: Outcome[] = parsed.map(initialOutcome)
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []))
  const [messages, offers] = await messagesAndOffers(
    ctx,
    valid.map((c) => c.messageId),
    valid.map((c) => c.offerId),
  )
  const events: { index: number; event: ClickEvent }[] = []
  const seen = new Set<string>()
  parsed.forEach((p, index) => {
    if (!p.ok) return
    const c = p.value
    const message = messages.get(c.messageId)
    const offerId = offers.get(c.offerId)
    if (!message) outcomes[index] = { code: 'message_not_found', error: 'Message not found' }
    else if (!offerId) outcomes[index] = { code: 'offer_not_found', error: 'Offer not found' }
    else if (!message.contactExists || message.toNumber !== c.phone)
      outcomes[index] = {
        code: 'contact_not_found',
        error: 'phone_number is not the recipient of this message',
      }
    // One click per message: a message whose first click is known (live or imported) keeps it.
    else if (message.firstClickAt !== null || seen.has(c.messageId)) outcomes[index] = 'duplicate'
    else {
      seen.add(c.messageId)
      events.push({
        index,
        event: {
          event_id: importedClickId(ctx.accountId, message.id),
          account_id: ctx.accountId,
          event_time: c.timestamp.toISOString(),
          message_id: message.id,
          link_code: '',
          offer_id: offerId,
          contact_id: message.contactId,
          ip: '',
          user_agent: '',
          bot_reason: '',
          kind: 'redirect',
          imported: true,
        },
      })
    }
  })
  await publishOrFail(ctx, 'clicks', events, outcomes)
  return reply(
    outcomes,
    records.map((r) => recordId(r, 'message_id')),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Revenue

/** Event ids of imported conversions the account already has (stored by the processors). */
async function knownConversions(ctx: HistoryContext, events: readonly RevenueEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set()
  const ids = events.map((e) => e.event_id)
  const [stored, ledger] = await Promise.all([
    ctx.clickhouse.query<{ event_id: string }>(
      `SELECT DISTINCT event_id FROM conversions
        WHERE account_id = {account:String} AND message_id IN {messages:Array(String)}
          AND event_id IN {ids:Array(String)}`,
      { account: ctx.accountId, messages: [...new Set(events.map((e) => e.message_id))], ids },
    ),
    ctx.pool.query<{ event_id: string }>(
      'SELECT event_id FROM conversion_ledger WHERE account_id = $1 AND event_id = ANY($2::text[])',
      [ctx.accountId, ids],
    ),
  ])
  return new Set([...stored.map((r) => r.event_id), ...ledger.rows.map((r) => r.event_id)])
}

export interface HistoryRevenueReply extends Omit<HistoryReply, 'invalid_phones'> {
  total_revenue: number
}

export async function importRevenue(
  ctx: HistoryContext,
  records: readonly unknown[],
  now = new Date(),
): Promise<HistoryRevenueReply> {
  const parsed = records.map((raw) => parseHistoryRevenue(raw, now))
  const outcomes: Outcome[] = parsed.map(initialOutcome)
  const valid = parsed.flatMap((p) => (p.ok ? [p.value] : []))
  const [messages, offers] = await messagesAndOffers(
    ctx,
    valid.map((r) => r.messageId),
    valid.map((r) => r.offerId),
  )
  const candidates: { index: number; event: RevenueEvent }[] = []
  parsed.forEach((p, index) => {
    if (!p.ok) return
    const r = p.value
    const message = messages.get(r.messageId)
    const offerId = offers.get(r.offerId)
    if (!message) outcomes[index] = { code: 'message_not_found', error: 'Message not found' }
    else if (!message.contactExists)
      outcomes[index] = { code: 'contact_not_found', error: "The message's contact no longer exists" }
    else if (!offerId) outcomes[index] = { code: 'offer_not_found', error: 'Offer not found' }
    else {
      const eventId = importedRevenueEventId(ctx.accountId, r)
      candidates.push({
        index,
        event: {
          event_id: eventId,
          account_id: ctx.accountId,
          // Undated history happened around its message: at its first click, else its send (not at import time,
          // which would put it outside the offer's click window and in today's numbers).
          event_time: (r.timestamp ?? message.firstClickAt ?? message.sentAt ?? now).toISOString(),
          message_id: message.id,
          click_id: '',
          network: 'import',
          transaction_id: eventId,
          conversion_type: 'sale',
          amount: r.revenue,
          source: 'import',
          offer_id: offerId,
          ...(r.attributionType === null ? {} : { attribution_type: r.attributionType }),
          imported: true,
        },
      })
    }
  })
  const known = await knownConversions(
    ctx,
    candidates.map((c) => c.event),
  )
  const fresh: typeof candidates = []
  const seen = new Set<string>()
  for (const c of candidates) {
    if (known.has(c.event.event_id) || seen.has(c.event.event_id)) outcomes[c.index] = 'duplicate'
    else {
      seen.add(c.event.event_id)
      fresh.push(c)
    }
  }
  await publishOrFail(ctx, 'revenue', fresh, outcomes)
  const { invalid_phones: _, ...counts } = reply(
    outcomes,
    records.map((r) => recordId(r, 'message_id')),
  )
  const total = fresh.reduce((sum, c) => (outcomes[c.index] === 'saved' ? sum + c.event.amount : sum), 0)
  return { ...counts, total_revenue: roundMoney(total) }
}
