// Where a click id goes in an offer's tracking URL, and how a postback from each network is read.
import { CONVERSION_TYPES, type ConversionType } from './events.js'
import { messageIdOfClickId } from './ids.js'

export const NETWORKS = ['everflow', 'tune', 'cake'] as const
export type Network = (typeof NETWORKS)[number]

/** The sub-parameter each network recommends for a unique click id (reference/wire-formats §5). */
export const CLICK_ID_PARAM: Record<Network, string> = { everflow: 'sub1', tune: 'aff_click_id', cake: 's2' }

export function clickIdParamFor(platform: string | null, configured: string | null): string {
  if (configured) return configured
  return platform && platform in CLICK_ID_PARAM ? CLICK_ID_PARAM[platform as Network] : 'click_id'
}

/** Largest amount a conversion may carry, either sign. */
export const MAX_CONVERSION_AMOUNT = 1e9
/** Longest transaction / external id kept as a dedup key. */
export const MAX_TRANSACTION_ID_LENGTH = 255
/** Longest single parameter value a postback may carry. */
const MAX_PARAM_LENGTH = 1024

export interface ParsedPostback {
  clickId: string
  messageId: string
  /** Signed amount: refunds and chargebacks reverse revenue. */
  amount: number
  /** The network's transaction (or external) id; else one per click and type. */
  transactionId: string
  conversionType: ConversionType
  /** The network's id of the offer (Cake `#oid#`, TUNE/Everflow `{offer_id}`), when the postback names one. */
  offerRef?: string
}

export type PostbackErrorCode =
  | 'validation_error'
  | 'missing_click_id'
  | 'invalid_click_id'
  | 'invalid_payout'
  | 'invalid_revenue'
  | 'invalid_event_type'
  | 'invalid_transaction_id'

export type PostbackError = { code: PostbackErrorCode; error: string }
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & PostbackError)

export type PostbackParams = Record<string, string | undefined>

/**
 * Query and body of a postback as one flat map of trimmed strings: the first value of a repeated name, numbers and
 * booleans of a JSON body as text; body values win over the query (a POSTing network puts its values there).
 */
export function postbackParams(query: unknown, body?: unknown): Parsed<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const source of [query, body]) {
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue
    for (const [name, raw] of Object.entries(source as Record<string, unknown>)) {
      const value = Array.isArray(raw) ? raw[0] : raw
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
      const text = String(value).trim()
      if (name.length > 64 || text.length > MAX_PARAM_LENGTH) {
        return { ok: false, code: 'validation_error', error: `parameter ${name.slice(0, 64)} is too long` }
      }
      out[name] = text
    }
  }
  return { ok: true, value: out }
}

/**
 * Parameter names each network's postback template fills (spec §11, reference/wire-formats §5); the first present
 * wins. The templates Trackly hands out use the first names; the others are what networks' own docs and existing
 * integrations use (TUNE `aff_sub`, Everflow `sub1`/`payout_amount`, Cake `cid=#s2#&lead=#leadid#&payout=#price#`).
 */
const PARAMS: Record<Network, { click: string[]; payout: string[]; transaction: string[]; offer: string[] }> =
  {
    tune: {
      click: ['click_id', 'aff_click_id', 'aff_sub', 'cid'],
      payout: ['payout', 'revenue', 'amount'],
      transaction: ['conversion_id', 'transaction_id', 'txn', 'txn_id', 'external_id'],
      offer: ['offer_id', 'offer'],
    },
    everflow: {
      click: ['click_id', 'sub1', 'cid'],
      payout: ['payout', 'revenue', 'payout_amount', 'amount'],
      transaction: ['transaction_id', 'conversion_id', 'txn', 'txn_id', 'external_id'],
      offer: ['offer_id', 'offer'],
    },
    cake: {
      click: ['click_id', 'cid', 's2'],
      payout: ['payout', 'price', 'revenue', 'amount'],
      transaction: ['lead', 'leadid', 'lead_id', 'transaction_id', 'txn', 'txn_id', 'external_id'],
      offer: ['offer', 'oid', 'offer_id'],
    },
  }

/** Our own event-type parameters: a value outside the conversion types is an error. */
const STRICT_TYPE_PARAMS = ['event_type', 'conversion_type', 'type']
/**
 * Networks' event and goal names (Everflow `{event_name}`, TUNE `{goal_name}`/`{goal_id}`): free text chosen by
 * the advertiser, so a name that is no known type is a plain sale rather than a rejected postback a network
 * would retry until it disables the postback.
 */
const LENIENT_TYPE_PARAMS = ['event', 'event_name', 'goal', 'goal_name']
const TYPE_SYNONYMS: Record<string, ConversionType> = {
  purchase: 'sale',
  order: 'sale',
  conversion: 'sale',
  leads: 'lead',
  registration: 'signup',
  register: 'signup',
  reg: 'signup',
  sign_up: 'signup',
  subscription: 'signup',
  installs: 'install',
  renewal: 'rebill',
  recurring: 'rebill',
  refunded: 'refund',
  reversal: 'refund',
  charge_back: 'chargeback',
}

const first = (q: PostbackParams, names: readonly string[]): string | undefined =>
  names.map((n) => q[n]?.trim()).find((v) => v !== undefined && v !== '')

function conversionTypeOf(q: PostbackParams): Parsed<ConversionType> {
  const strict = first(q, STRICT_TYPE_PARAMS)?.toLowerCase()
  if (strict !== undefined) {
    if ((CONVERSION_TYPES as readonly string[]).includes(strict)) {
      return { ok: true, value: strict as ConversionType }
    }
    return {
      ok: false,
      code: 'invalid_event_type',
      error: `event_type must be one of ${CONVERSION_TYPES.join(', ')}`,
    }
  }
  const name = first(q, LENIENT_TYPE_PARAMS)
    ?.toLowerCase()
    .replace(/[\s-]+/g, '_')
  if (name && (CONVERSION_TYPES as readonly string[]).includes(name)) {
    return { ok: true, value: name as ConversionType }
  }
  return { ok: true, value: (name && TYPE_SYNONYMS[name]) || 'sale' }
}

const DECIMAL = /^-?(\d{1,10}(\.\d{0,6})?|\.\d{1,6})$/

/**
 * The signed amount of a conversion: refunds and chargebacks are negative whether the network sends the payout
 * positive or already negated; any other type must not be negative.
 */
function signedAmount(
  raw: string | undefined,
  type: ConversionType,
  code: 'invalid_payout' | 'invalid_revenue',
  name: string,
): Parsed<number> {
  const text = raw ?? '0'
  const n = Number(text)
  const reverses = type === 'refund' || type === 'chargeback'
  if (
    !DECIMAL.test(text) ||
    !Number.isFinite(n) ||
    Math.abs(n) > MAX_CONVERSION_AMOUNT ||
    (n < 0 && !reverses)
  ) {
    return {
      ok: false,
      code,
      error: `${name} must be a decimal number between 0 and ${MAX_CONVERSION_AMOUNT} (negative only for refunds and chargebacks)`,
    }
  }
  const amount = reverses ? -Math.abs(n) : n
  return { ok: true, value: amount === 0 ? 0 : amount }
}

function transactionIdOf(q: PostbackParams, names: readonly string[]): Parsed<string | undefined> {
  const id = first(q, names)
  if (id !== undefined && id.length > MAX_TRANSACTION_ID_LENGTH) {
    return {
      ok: false,
      code: 'invalid_transaction_id',
      error: `the transaction id is longer than ${MAX_TRANSACTION_ID_LENGTH} characters`,
    }
  }
  return { ok: true, value: id }
}

/** A network's server-to-server postback, in that network's parameter names. */
export function parsePostback(network: Network, query: PostbackParams): Parsed<ParsedPostback> {
  const params = PARAMS[network]
  const clickId = first(query, params.click)
  if (!clickId) {
    return {
      ok: false,
      code: 'missing_click_id',
      error: `click_id is required (${params.click.join(' or ')})`,
    }
  }
  const messageId = messageIdOfClickId(clickId)
  if (!messageId) return { ok: false, code: 'invalid_click_id', error: 'click_id is not a Trackly click id' }
  const type = conversionTypeOf(query)
  if (!type.ok) return type
  const amount = signedAmount(first(query, params.payout), type.value, 'invalid_payout', 'payout')
  if (!amount.ok) return amount
  const txn = transactionIdOf(query, params.transaction)
  if (!txn.ok) return txn
  const offerRef = first(query, params.offer)
  return {
    ok: true,
    value: {
      clickId,
      messageId,
      amount: amount.value,
      // Without a network transaction id, one conversion of each type per click is the best idempotency key there is.
      transactionId: txn.value ?? `${clickId}:${type.value}`,
      conversionType: type.value,
      ...(offerRef && offerRef.length <= 255 ? { offerRef } : {}),
    },
  }
}

export interface ParsedDirectConversion {
  /** Signed amount: refunds and chargebacks reverse revenue. */
  amount: number
  conversionType: ConversionType
  /** `txn_id` (or `external_id`, `transaction_id`) when given. */
  transactionId?: string
}

/** The conversion fields of a direct endpoint (`/conv/offer`, `/conv`, `/pixel/<link_id>.gif`). */
export function parseDirectConversion(query: PostbackParams): Parsed<ParsedDirectConversion> {
  const type = conversionTypeOf(query)
  if (!type.ok) return type
  const amount = signedAmount(
    first(query, ['revenue', 'amount', 'payout']),
    type.value,
    'invalid_revenue',
    'revenue',
  )
  if (!amount.ok) return amount
  const txn = transactionIdOf(query, ['txn_id', 'external_id', 'transaction_id', 'txn'])
  if (!txn.ok) return txn
  return {
    ok: true,
    value: {
      amount: amount.value,
      conversionType: type.value,
      ...(txn.value === undefined ? {} : { transactionId: txn.value }),
    },
  }
}

/** The secret a postback presents (`postback_secret`, or `secret` for short pixel URLs). */
export const presentedSecret = (q: PostbackParams): string | undefined => q.postback_secret ?? q.secret
