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

export interface ClickDestinationOptions {
  /** Query parameter the click id goes in when the template has no `{{click_id}}` macro. */
  clickIdParam: string
  /** Null for a plain-URL short link (no offer): nothing is appended then. */
  clickId: string | null
  /** Values the platform knows at click time, e.g. `messageId`, `contact.phone`. */
  macros?: Record<string, string>
  /** Query parameters the short URL was opened with (`?sub1=…&source=…`). */
  passThrough?: Record<string, string>
}

const DOUBLE_MACRO = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g
const SINGLE_MACRO = /\{([A-Za-z0-9_.]+)\}/g
const MAX_PASS_THROUGH = 20

/**
 * The URL a click is redirected to (spec §12). The template's `{{name}}` and `{name}` macros are filled from the
 * click id, the platform's values and the short URL's query parameters, in that order of precedence, so a
 * clicker cannot overwrite the click id. Query parameters no macro used are added to the destination's query;
 * macros nothing filled are emptied. Without a `{{click_id}}` macro the click id goes in `clickIdParam`.
 */
export function clickDestination(template: string, opts: ClickDestinationOptions): string {
  const reserved = new Set(['click_id', opts.clickIdParam])
  const passThrough = Object.entries(opts.passThrough ?? {})
    .filter(([name]) => !reserved.has(name))
    .slice(0, MAX_PASS_THROUGH)
  const values = new Map<string, string>(passThrough)
  for (const [name, value] of Object.entries(opts.macros ?? {})) values.set(name, value)
  if (opts.clickId !== null) values.set('click_id', opts.clickId)
  else values.delete('click_id')

  const used = new Set<string>()
  const fill = (_match: string, name: string) => {
    used.add(name)
    return encodeURIComponent(values.get(name) ?? '')
  }
  const filled = template.replace(DOUBLE_MACRO, fill).replace(SINGLE_MACRO, fill)
  let url: URL
  try {
    url = new URL(filled)
  } catch {
    return filled
  }
  for (const [name, value] of passThrough) if (!used.has(name)) url.searchParams.set(name, value)
  if (opts.clickId !== null && !used.has('click_id')) url.searchParams.set(opts.clickIdParam, opts.clickId)
  return url.toString()
}

/** The short URL's query as single strings (first value of a repeated name), for {@link clickDestination}. */
export function passThroughParams(query: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!query || typeof query !== 'object') return out
  for (const [name, raw] of Object.entries(query as Record<string, unknown>)) {
    const value = Array.isArray(raw) ? raw[0] : raw
    if (typeof value === 'string' && name.length <= 64 && value.length <= 512) out[name] = value
  }
  return out
}
