// Where a click id goes in an offer's tracking URL, and how a postback from each network is read.
import { CONVERSION_TYPES, type ConversionType } from './events.js'
import { CLICK_ID_PATTERN, messageIdOfClickId } from './ids.js'

export const NETWORKS = ['everflow', 'tune', 'cake'] as const
export type Network = (typeof NETWORKS)[number]

/** The sub-parameter each network recommends for a unique click id (reference/wire-formats §5). */
export const CLICK_ID_PARAM: Record<Network, string> = { everflow: 'sub1', tune: 'aff_click_id', cake: 's2' }

export function clickIdParamFor(platform: string | null, configured: string | null): string {
  if (configured) return configured
  return platform && platform in CLICK_ID_PARAM ? CLICK_ID_PARAM[platform as Network] : 'click_id'
}

/**
 * The URL a click is redirected to: a `{{click_id}}` macro in the template is filled in; otherwise the click id is
 * appended as the network's parameter (replacing any value already there).
 */
export function redirectUrl(template: string, clickIdParam: string, clickId: string): string {
  if (template.includes('{{click_id}}'))
    return template.replaceAll('{{click_id}}', encodeURIComponent(clickId))
  const url = new URL(template)
  url.searchParams.set(clickIdParam, clickId)
  return url.toString()
}

export interface ParsedPostback {
  clickId: string
  messageId: string
  /** Signed amount: refunds and chargebacks reverse revenue. */
  amount: number
  transactionId: string
  conversionType: ConversionType
}

export type PostbackError = {
  code: 'missing_click_id' | 'invalid_click_id' | 'invalid_payout' | 'invalid_event_type'
  error: string
}

type Query = Record<string, string | undefined>

/** Parameter names each network's postback template fills (spec §11, reference §5); first present wins. */
const PARAMS: Record<Network, { payout: string[]; transaction: string[]; type: string[] }> = {
  everflow: {
    payout: ['payout', 'revenue', 'payout_amount'],
    transaction: ['transaction_id', 'conversion_id'],
    type: ['event_type', 'event'],
  },
  tune: {
    payout: ['payout', 'revenue'],
    transaction: ['conversion_id', 'transaction_id'],
    type: ['event_type', 'goal'],
  },
  cake: {
    payout: ['payout', 'price', 'revenue'],
    transaction: ['lead_id', 'leadid', 'transaction_id'],
    type: ['event_type'],
  },
}

const first = (q: Query, names: string[]): string | undefined =>
  names.map((n) => q[n]?.trim()).find((v) => v !== undefined && v !== '')

export function parsePostback(
  network: Network,
  query: Query,
): { ok: true; value: ParsedPostback } | ({ ok: false } & PostbackError) {
  const clickId = query.click_id?.trim()
  if (!clickId) return { ok: false, code: 'missing_click_id', error: 'click_id is required' }
  const messageId = messageIdOfClickId(clickId)
  if (!messageId || !CLICK_ID_PATTERN.test(clickId)) {
    return { ok: false, code: 'invalid_click_id', error: 'click_id is not a Trackly click id' }
  }
  const params = PARAMS[network]
  const rawPayout = first(query, params.payout) ?? '0'
  const payout = Number(rawPayout)
  if (!/^-?\d+(\.\d+)?$/.test(rawPayout) || !Number.isFinite(payout) || payout < 0 || payout > 1e9) {
    return { ok: false, code: 'invalid_payout', error: 'payout must be a non-negative decimal number' }
  }
  const rawType = (first(query, params.type) ?? 'sale').toLowerCase()
  if (!(CONVERSION_TYPES as readonly string[]).includes(rawType)) {
    return {
      ok: false,
      code: 'invalid_event_type',
      error: `event type must be one of ${CONVERSION_TYPES.join(', ')}`,
    }
  }
  const conversionType = rawType as ConversionType
  const reverses = conversionType === 'refund' || conversionType === 'chargeback'
  // Without a network transaction id, one conversion of each type per click is the best idempotency key there is.
  const transactionId = first(query, params.transaction) ?? `${clickId}:${conversionType}`
  return {
    ok: true,
    value: { clickId, messageId, amount: reverses ? -payout : payout, transactionId, conversionType },
  }
}
