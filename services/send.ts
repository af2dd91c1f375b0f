// Queuing messages for sending (spec §2): validate each request, resolve the sending list, fill macros, mint
// tracked links, write the message rows, and hand their ids to the dispatch queue in one job per call.
// The opt-out, block, quiet-hour and rate checks happen at the moment of sending, in the dispatch worker.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { ErrorCode } from '../core/errors.js'
import { newMessageId } from '../core/ids.js'
import { linkPlaceholders, renderMacros, wrapUrls } from '../core/message-template.js'
import { isE164Format, parseE164 } from '../core/phone.js'
import type { SmsEncoding } from '../core/segments.js'
import type { DispatchJob } from '../workers/dispatch.js'
import { createTrackedMessage, type LinkTarget, UnknownOfferError } from './messages.js'

export const MAX_BODY_LENGTH = 1600

export interface SendRequest {
  to?: unknown
  list_number?: unknown
  body?: unknown
  wrap_links?: unknown
  contact_data?: {
    first_name?: string
    last_name?: string
    custom_fields?: Record<string, string | number | boolean>
  }
  metadata?: Record<string, unknown>
  /** Trackly extension: offers for {{linkN}} placeholders, as on creatives. */
  offer_links?: { key: string; offer_id: string }[]
}

export type SendOutcome =
  | { ok: true; messageId: string; segments: number; encoding: SmsEncoding }
  | { ok: false; code: ErrorCode; error: string }

interface ListRow {
  id: number
  phone_number: string
  brand_name: string
  status: string
  shortener_domain: string | null
}

const fail = (code: ErrorCode, error: string): SendOutcome => ({ ok: false, code, error })

/** Request-level checks of one message, in the order the spec lists its codes. */
function checkSendRequest(
  r: SendRequest,
): SendOutcome | { ok: true; to: string; listNumber: string; body: string } {
  if (typeof r.to !== 'string' || r.to.trim() === '') return fail('missing_to', 'to is required')
  if (typeof r.list_number !== 'string' || r.list_number.trim() === '')
    return fail('missing_list_number', 'list_number is required')
  if (typeof r.body !== 'string' || r.body.trim() === '') return fail('missing_body', 'body is required')
  const to = parseE164(r.to)
  if (!to) return fail('invalid_phone', 'Invalid recipient phone number format')
  if (!isE164Format(r.list_number.trim()))
    return fail('invalid_list_number', 'list_number must be an E.164 number')
  if (r.body.length > MAX_BODY_LENGTH)
    return fail('message_too_long', `body is longer than ${MAX_BODY_LENGTH} characters`)
  return { ok: true, to, listNumber: r.list_number.trim(), body: r.body }
}

export interface SendContext {
  pool: pg.Pool
  queue: Queue<DispatchJob>
  accountId: string
  /** Base of short links for lists without a shortener domain of their own. */
  defaultLinkBaseUrl: string
}

export async function queueSends(ctx: SendContext, requests: SendRequest[]): Promise<SendOutcome[]> {
  const checked = requests.map(checkSendRequest)
  const numbers = [...new Set(checked.flatMap((c) => ('listNumber' in c ? [c.listNumber] : [])))]
  const { rows: lists } = await ctx.pool.query<ListRow>(
    `SELECT id, phone_number, brand_name, status, shortener_domain FROM sending_lists
      WHERE account_id = $1 AND phone_number = ANY($2::text[]) AND status <> 'deleted'`,
    [ctx.accountId, numbers],
  )
  const listByNumber = new Map(lists.map((l) => [l.phone_number, l]))
  const outcomes: SendOutcome[] = []
  for (const [index, check] of checked.entries()) {
    if (!('listNumber' in check)) {
      outcomes.push(check)
      continue
    }
    const list = listByNumber.get(check.listNumber)
    outcomes.push(
      list
        ? await queueOne(ctx, list, check, requests[index]!)
        : fail('list_not_found', 'No sending list of this account has that number'),
    )
  }
  const messageIds = outcomes.flatMap((o) => (o.ok ? [o.messageId] : []))
  if (messageIds.length > 0) await ctx.queue.add('send', { messageIds })
  return outcomes
}

async function queueOne(
  ctx: SendContext,
  list: ListRow,
  check: { to: string; body: string },
  request: SendRequest,
): Promise<SendOutcome> {
  const messageId = newMessageId()
  const contact = request.contact_data ?? {}
  let body = renderMacros(check.body, {
    messageId,
    brandName: list.brand_name,
    firstName: contact.first_name ?? null,
    lastName: contact.last_name ?? null,
    customFields: contact.custom_fields ?? {},
  })
  const links: Record<string, LinkTarget> = {}
  const bindings = new Map((request.offer_links ?? []).map((l) => [l.key, l.offer_id]))
  for (const key of linkPlaceholders(body)) {
    const offerId = bindings.get(key)
    if (!offerId) {
      return fail('missing_offer_links_for_placeholders', `{{${key}}} has no offer in offer_links`)
    }
    links[key] = { offerId }
  }
  if (request.wrap_links === true) {
    const wrapped = wrapUrls(body)
    body = wrapped.body
    for (const [key, url] of Object.entries(wrapped.urls)) links[key] = { url }
  }
  try {
    const message = await createTrackedMessage(ctx.pool, {
      accountId: ctx.accountId,
      listId: list.id,
      to: check.to,
      body,
      links,
      messageId,
      linkBaseUrl: list.shortener_domain ? `https://${list.shortener_domain}` : ctx.defaultLinkBaseUrl,
      metadata: request.metadata ?? {},
    })
    return { ok: true, messageId: message.messageId, segments: message.segments, encoding: message.encoding }
  } catch (err) {
    if (err instanceof UnknownOfferError) return fail('offer_not_found', err.message)
    throw err
  }
}
