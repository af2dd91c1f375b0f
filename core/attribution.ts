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

/** What a message contributes to every row about it: the report dimensions of the send. */
export interface MessageDims {
  listId: number
  contactId: string
  creativeId: number | null
  scheduleId: string | null
  variant: string | null
  /** The contact's carrier ('' when unknown): the send's, when the send was seen first. */
  carrier: string
  /** The offers of the message's links (the send's). */
  offerIds: readonly string[]
}

export const isBotClick = (click: Pick<ClickEvent, 'bot_reason'>): boolean => click.bot_reason !== ''

/**
 * A click that can take its message's first-click slot: a human's, and not the interstitial view of `filter` mode
 * (there only the Continue press — kind `confirm` — counts).
 */
export const countsAsClick = (click: Pick<ClickEvent, 'bot_reason' | 'kind'>): boolean =>
  !isBotClick(click) && click.kind !== 'preview'

/** The earliest countable click of each message in a batch, in partition order: the first-click candidates. */
export function firstClickCandidates(clicks: readonly ClickEvent[]): FirstClick[] {
  const seen = new Map<string, FirstClick>()
  for (const c of clicks) {
    if (!countsAsClick(c) || seen.has(c.message_id)) continue
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
  kind: string
  country: string
  list_id: number
  creative_id: number | null
  schedule_id: string | null
  variant: string | null
  carrier: string
  imported: 0 | 1
}

/** A click is first when it holds its message's first-click slot; bots and interstitial views never do. */
export function clickRows(
  clicks: readonly ClickEvent[],
  winners: ReadonlyMap<string, string>,
  dims: ReadonlyMap<string, MessageDims> = new Map(),
): ClickRow[] {
  return clicks.map((c) => {
    const d = dims.get(c.message_id)
    return {
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
      kind: c.kind ?? 'redirect',
      country: c.country ?? '',
      list_id: d?.listId ?? 0,
      creative_id: d?.creativeId ?? null,
      schedule_id: d?.scheduleId ?? null,
      variant: d?.variant ?? null,
      carrier: d?.carrier ?? '',
      imported: c.imported ? 1 : 0,
    }
  })
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
  list_id: number
  creative_id: number | null
  schedule_id: string | null
  variant: string | null
  carrier: string
  attribution_type: string
  /** Seconds from the credited click to the conversion (a fraud signal: implausibly fast conversions). */
  seconds_from_click: number | null
  /** How often the network posted this transaction (a fraud signal when > 1; counted once). */
  postings: number
  datacenter_ip: 0 | 1
  imported: 0 | 1
  /** 1 when the credited click is older than the offer's click window: stored, not credited. */
  outside_window: 0 | 1
}

export const DEFAULT_CLICK_WINDOW_DAYS = 90

export interface ConversionContext {
  dims?: MessageDims | undefined
  /** The first posting's amount: a re-post never changes the credited amount. */
  amount?: number | undefined
  postings?: number | undefined
  /** The credited offer's click window (spec §13: 90 days unless the offer sets a tighter one). */
  windowDays?: number | undefined
}

/**
 * Revenue goes to the first human click of the message the click id names. When that click is not known
 * (yet), the named click holds the credit, so the conversion is never dropped.
 */
export function conversionRow(
  event: RevenueEvent,
  first: FirstClick | undefined,
  ctx: ConversionContext = {},
): ConversionRow {
  const d = ctx.dims
  return creditConversion(
    {
      account_id: event.account_id,
      event_id: event.event_id,
      event_time: event.event_time,
      message_id: event.message_id,
      click_id: event.click_id,
      attributed_click_id: event.click_id,
      offer_id: event.offer_id ?? '',
      contact_id: d?.contactId ?? '',
      network: event.network,
      transaction_id: event.transaction_id,
      conversion_type: event.conversion_type,
      amount: ctx.amount ?? event.amount,
      source: event.source,
      list_id: d?.listId ?? 0,
      creative_id: d?.creativeId ?? null,
      schedule_id: d?.scheduleId ?? null,
      variant: d?.variant ?? null,
      carrier: d?.carrier ?? '',
      attribution_type: event.attribution_type ?? '',
      seconds_from_click: null,
      postings: ctx.postings ?? 1,
      datacenter_ip: event.datacenter_ip ? 1 : 0,
      imported: event.imported ? 1 : 0,
      outside_window: 0,
    },
    first,
    ctx.windowDays ?? DEFAULT_CLICK_WINDOW_DAYS,
  )
}

/**
 * Credits a conversion to its message's first click (when known): that click's id, offer and contact, the time
 * since it, and whether it falls outside the offer's click window. Applying it again with the same click is a no-op,
 * so a conversion re-credited when its first click arrives late ends exactly as if the click had come first.
 */
export function creditConversion(
  row: ConversionRow,
  first: FirstClick | undefined,
  windowDays: number,
): ConversionRow {
  if (!first) return row
  const seconds = (Date.parse(row.event_time) - Date.parse(first.clickedAt)) / 1000
  return {
    ...row,
    attributed_click_id: first.clickId,
    offer_id: first.offerId || row.offer_id,
    contact_id: first.contactId || row.contact_id,
    seconds_from_click: seconds,
    outside_window: seconds > windowDays * 86_400 ? 1 : 0,
  }
}

/** A conversion that counts as one (refunds and chargebacks only move revenue). */
export const isCountedConversion = (type: string): boolean => type !== 'refund' && type !== 'chargeback'

export interface ActivityDelta {
  listId: number
  contactId: string
  sends: number
  clicks: number
  conversions: number
  revenue: number
  lastSentAt: string | null
  lastClickedAt: string | null
  lastRevenueAt: string | null
}

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a > b ? a : b

/** Sums per-contact activity of one batch (one row per list contact), so Postgres gets one update per contact. */
export function activityDeltas(
  items: readonly (Partial<Omit<ActivityDelta, 'listId' | 'contactId'>> & {
    listId: number
    contactId: string
  })[],
): ActivityDelta[] {
  const byContact = new Map<string, ActivityDelta>()
  for (const i of items) {
    if (!i.contactId || !i.listId) continue
    const key = `${i.listId}\u0000${i.contactId}`
    const d = byContact.get(key) ?? {
      listId: i.listId,
      contactId: i.contactId,
      sends: 0,
      clicks: 0,
      conversions: 0,
      revenue: 0,
      lastSentAt: null,
      lastClickedAt: null,
      lastRevenueAt: null,
    }
    d.sends += i.sends ?? 0
    d.clicks += i.clicks ?? 0
    d.conversions += i.conversions ?? 0
    d.revenue += i.revenue ?? 0
    d.lastSentAt = later(d.lastSentAt, i.lastSentAt ?? null)
    d.lastClickedAt = later(d.lastClickedAt, i.lastClickedAt ?? null)
    d.lastRevenueAt = later(d.lastRevenueAt, i.lastRevenueAt ?? null)
    byContact.set(key, d)
  }
  return [...byContact.values()]
}
