// First-click attribution (spec: link tracking, §12–13). Pure functions; the processor supplies state.
import type { ClickEvent, RevenueEvent } from './events.js'

export interface FirstClick {
  accountId: string
  messageId: string
  clickId: string
  contactId: string
  offerId: string
  clickedAt: string
}

export const isBotClick = (click: Pick<ClickEvent, 'bot_reason'>): boolean => click.bot_reason !== ''

/** The earliest human click of each message in a batch, in partition order: the candidates for the first-click slot. */
export function firstClickCandidates(clicks: readonly ClickEvent[]): FirstClick[] {
  const seen = new Map<string, FirstClick>()
  for (const c of clicks) {
    if (isBotClick(c) || seen.has(c.message_id)) continue
    seen.set(c.message_id, {
      accountId: c.account_id,
      messageId: c.message_id,
      clickId: c.event_id,
      contactId: c.contact_id,
      offerId: c.offer_id,
      clickedAt: c.event_time,
    })
  }
  return [...seen.values()]
}

export interface ClickRow {
  account_id: string
  event_id: string
  event_time: string
  message_id: string
  link_code: string
  offer_id: string
  contact_id: string
  ip: string
  user_agent: string
  bot_reason: string
  is_bot: 0 | 1
  is_first: 0 | 1
}

/** A click is first when it holds its message's first-click slot; bots never do. */
export function clickRows(clicks: readonly ClickEvent[], winners: ReadonlyMap<string, string>): ClickRow[] {
  return clicks.map((c) => ({
    account_id: c.account_id,
    event_id: c.event_id,
    event_time: c.event_time,
    message_id: c.message_id,
    link_code: c.link_code,
    offer_id: c.offer_id,
    contact_id: c.contact_id,
    ip: c.ip,
    user_agent: c.user_agent,
    bot_reason: c.bot_reason,
    is_bot: isBotClick(c) ? 1 : 0,
    is_first: winners.get(c.message_id) === c.event_id ? 1 : 0,
  }))
}

export interface ConversionRow {
  account_id: string
  event_id: string
  event_time: string
  message_id: string
  click_id: string
  attributed_click_id: string
  offer_id: string
  contact_id: string
  network: string
  transaction_id: string
  conversion_type: string
  amount: number
  source: string
}

/**
 * Revenue goes to the first human click of the message the click id names. When that click is not known
 * (yet), the named click holds the credit, so the conversion is never dropped.
 */
export function conversionRow(event: RevenueEvent, first: FirstClick | undefined): ConversionRow {
  return {
    account_id: event.account_id,
    event_id: event.event_id,
    event_time: event.event_time,
    message_id: event.message_id,
    click_id: event.click_id,
    attributed_click_id: first?.clickId ?? event.click_id,
    offer_id: first?.offerId ?? '',
    contact_id: first?.contactId ?? '',
    network: event.network,
    transaction_id: event.transaction_id,
    conversion_type: event.conversion_type,
    amount: event.amount,
    source: event.source,
  }
}
