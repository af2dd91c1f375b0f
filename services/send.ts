// Queuing messages for sending (spec §2): validate each request, resolve the sending list, fill macros, mint
// tracked links, write the message rows, and hand their ids to the dispatch queue in one job per call.
// The opt-out, block, duplicate, quiet-hour and rate checks happen at the moment of sending, in the dispatch worker.

import type { Queue } from 'bullmq'
import type pg from 'pg'
import { encryptSecret } from '../core/crypto.js'
import type { ErrorCode } from '../core/errors.js'
import { newMessageId } from '../core/ids.js'
import { linkPlaceholders, renderMacros, wrapUrls } from '../core/message-template.js'
import { maskOtpCode } from '../core/otp.js'
import { isE164Format, type LineType, parseValidNumber } from '../core/phone.js'
import type { SmsEncoding } from '../core/segments.js'
import { withTransaction } from '../lib/postgres.js'
import type { DispatchJob } from '../lib/queues.js'
import { brandNameSql } from './account-settings.js'
import { insertTrackedMessages, type LinkTarget, type NewTrackedMessage } from './messages.js'

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
  skip_duplicate_check?: unknown
  skip_rate_limit?: unknown
  skip_contact_validation?: unknown
  skip_journey_check?: unknown
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
): SendOutcome | { ok: true; to: string; lineType: LineType; listNumber: string; body: string } {
  if (typeof r.to !== 'string' || r.to.trim() === '') return fail('missing_to', 'to is required')
  if (typeof r.list_number !== 'string' || r.list_number.trim() === '')
    return fail('missing_list_number', 'list_number is required')
  if (typeof r.body !== 'string' || r.body.trim() === '') return fail('missing_body', 'body is required')
  const to = parseValidNumber(r.to)
  if (!to) return fail('invalid_phone', 'Invalid recipient phone number format')
  if (!isE164Format(r.list_number.trim()))
    return fail('invalid_list_number', 'list_number must be an E.164 number')
  if (r.body.length > MAX_BODY_LENGTH)
    return fail('message_too_long', `body is longer than ${MAX_BODY_LENGTH} characters`)
  return { ok: true, to: to.e164, lineType: to.lineType, listNumber: r.list_number.trim(), body: r.body }
}

export interface SendContext {
  pool: pg.Pool
  queue: Queue<DispatchJob>
  accountId: string
  /** Base of short links for lists without a shortener domain of their own. */
  defaultLinkBaseUrl: string
}

/** Spec §3 skip flags of raw sends; each defaults to false. */
export const SKIP_FLAGS = [
  'skip_duplicate_check',
  'skip_rate_limit',
  'skip_contact_validation',
  'skip_journey_check',
] as const
export type SkipFlag = (typeof SKIP_FLAGS)[number]

export interface SendOptions {
  raw?: boolean
  /**
   * A one-time code in every body (OTP): the row keeps the body with the code masked, and the body as sent only
   * sealed with `key` (AES-GCM), for the dispatcher to open.
   */
  secret?: { code: string; key: string }
}

/**
 * Validates every request, then writes all valid messages (contacts, messages, short links) in one transaction
 * and hands their ids to the dispatch queue in one job. `raw` sends keep their skip flags (spec §3); the checks
 * that always apply — the list belongs to the account, numbers are E.164, the account is active (checked by
 * authentication) — apply to both.
 */
export async function queueSends(
  ctx: SendContext,
  requests: SendRequest[],
  options: SendOptions = {},
): Promise<SendOutcome[]> {
  const checked = requests.map(checkSendRequest)
  const numbers = [...new Set(checked.flatMap((c) => ('listNumber' in c ? [c.listNumber] : [])))]
  const { rows: lists } = await ctx.pool.query<ListRow>(
    `SELECT l.id, l.phone_number, ${brandNameSql('l', 'a')} AS brand_name, l.status, l.shortener_domain
       FROM sending_lists l JOIN accounts a ON a.id = l.account_id
      WHERE l.account_id = $1 AND l.phone_number = ANY($2::text[]) AND l.status <> 'deleted'`,
    [ctx.accountId, numbers],
  )
  const listByNumber = new Map(lists.map((l) => [l.phone_number, l]))
  const offerIds = [...new Set(requests.flatMap((r) => (r.offer_links ?? []).map((l) => l.offer_id)))]
  const activeOffers = new Set(
    offerIds.length === 0
      ? []
      : (
          await ctx.pool.query<{ id: string }>(
            `SELECT id FROM offers WHERE account_id = $1 AND id = ANY($2::text[]) AND status <> 'archived'`,
            [ctx.accountId, offerIds],
          )
        ).rows.map((r) => r.id),
  )
  // Each request is either refused already or a message ready to write.
  const prepared = checked.map((check, index): SendOutcome | NewTrackedMessage => {
    if (!('listNumber' in check)) return check
    const list = listByNumber.get(check.listNumber)
    if (!list) return fail('list_not_found', 'No sending list of this account has that number')
    return buildMessage(ctx, list, check, requests[index]!, activeOffers, options)
  })
  const messages = prepared.filter((p): p is NewTrackedMessage => !('ok' in p))
  if (messages.length === 0) return prepared as SendOutcome[]
  const written = await withTransaction(ctx.pool, (client) => insertTrackedMessages(client, messages))
  await ctx.queue.add('send', { messageIds: written.map((m) => m.messageId) })
  // insertTrackedMessages answers in input order.
  const next = written.values()
  return prepared.map((p): SendOutcome => {
    if ('ok' in p) return p
    const m = next.next().value!
    return { ok: true, messageId: m.messageId, segments: m.segments, encoding: m.encoding }
  })
}

function buildMessage(
  ctx: SendContext,
  list: ListRow,
  check: { to: string; lineType: LineType; body: string },
  request: SendRequest,
  activeOffers: ReadonlySet<string>,
  { raw = false, secret }: SendOptions,
): NewTrackedMessage | SendOutcome {
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
    if (!activeOffers.has(offerId))
      return fail('offer_not_found', `no active offer of this account is bound to {{${key}}}`)
    links[key] = { offerId }
  }
  if (request.wrap_links === true) {
    const wrapped = wrapUrls(body)
    body = wrapped.body
    for (const [key, url] of Object.entries(wrapped.urls)) links[key] = { url }
  }
  // Links are minted into the stored body only; a sealed body must be complete as written.
  if (secret && Object.keys(links).length > 0)
    return fail('invalid_template', 'a message carrying a code cannot have tracked links')
  const sendFlags: Record<string, boolean> = {}
  if (raw) for (const flag of SKIP_FLAGS) if (request[flag] === true) sendFlags[flag] = true
  return {
    accountId: ctx.accountId,
    listId: list.id,
    to: check.to,
    planLineType: check.lineType,
    body: secret ? maskOtpCode(body, secret.code) : body,
    ...(secret ? { sealedBody: encryptSecret(body, secret.key) } : {}),
    links,
    messageId,
    linkBaseUrl: list.shortener_domain ? `https://${list.shortener_domain}` : ctx.defaultLinkBaseUrl,
    metadata: raw ? { ...(request.metadata ?? {}), raw: true } : (request.metadata ?? {}),
    sendFlags,
  }
}
