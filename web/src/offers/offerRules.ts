// The offer form's values and client-side checks: the API's createOffer schema itself (from the OpenAPI document)
// and an http(s) tracking URL, with the API's codes so that a field shows the same message whichever side refused
// it.
// The .js extension lets the server's tests (NodeNext) import this file too; the bundler resolves it alike.
import type { components, paths } from '../api/schema.js'
import { schemaFieldErrors } from '../api/validate.js'

export type Offer = components['schemas']['Offer']

export const NETWORKS = [
  { id: 'none', name: 'None (your own site: /conv/offer)' },
  { id: 'tune', name: 'TUNE (HasOffers)' },
  { id: 'everflow', name: 'Everflow' },
  { id: 'cake', name: 'Cake' },
] as const
export type Network = (typeof NETWORKS)[number]['id']

export const PAYOUT_TYPES = [
  { id: 'cpa', name: 'CPA (per conversion)' },
  { id: 'cpc', name: 'CPC (per click)' },
] as const

/** `inherit` sends null: the account's bot-filter mode applies. */
export const BOT_FILTER_CHOICES = [
  { id: 'inherit', name: 'Account default' },
  { id: 'no_filter', name: 'No filter: redirect every click' },
  { id: 'filter', name: 'Filter: a Continue page first' },
] as const

export interface OfferFormValues {
  name: string
  tracking_url: string
  external_platform: Network
  external_id: string
  payout: string
  payout_type: (typeof PAYOUT_TYPES)[number]['id']
  click_window_days: string
  bot_filter_mode: (typeof BOT_FILTER_CHOICES)[number]['id']
  status: 'active' | 'paused'
}

export type OfferField = keyof OfferFormValues

/** The field each API code concerns (the codes of POST /offers and PUT /offers/:id). */
export const FIELD_OF_CODE: Record<string, OfferField> = {
  missing_name: 'name',
  invalid_url: 'tracking_url',
  destination_not_allowed: 'tracking_url',
  invalid_bot_filter_mode: 'bot_filter_mode',
}

/**
 * Each field's problem, as the API would answer it: the createOffer schema's own checks (lengths, ranges, whole
 * numbers) through `schemaFieldErrors`, then what the API checks beyond its schema (a name, an http(s) URL).
 */
export function validateOffer(v: OfferFormValues): Partial<Record<OfferField, string>> {
  const errors = schemaFieldErrors<OfferField>('createOffer', bodyOf(v))
  if (v.name.trim() === '') errors.name = 'name is required'
  const url = v.tracking_url.trim()
  const protocol = URL.canParse(url) ? new URL(url).protocol : ''
  if (protocol !== 'http:' && protocol !== 'https:') {
    errors.tracking_url ??= 'tracking_url: must be an http(s) URL'
  }
  if (v.payout.trim() === '') errors.payout = 'payout is required'
  if (v.click_window_days.trim() === '') errors.click_window_days = 'click_window_days is required'
  return errors
}

/** The body both createOffer and updateOffer take. */
export const bodyOf = (v: OfferFormValues) => ({
  name: v.name.trim(),
  tracking_url: v.tracking_url.trim(),
  external_platform: v.external_platform === 'none' ? null : v.external_platform,
  external_id: v.external_id.trim() || null,
  payout: Number(v.payout),
  payout_type: v.payout_type,
  click_window_days: Number(v.click_window_days),
  bot_filter_mode: v.bot_filter_mode === 'inherit' ? null : v.bot_filter_mode,
  status: v.status,
})

export const emptyOffer = (): OfferFormValues => ({
  name: '',
  tracking_url: '',
  external_platform: 'none',
  external_id: '',
  payout: '0',
  payout_type: 'cpa',
  click_window_days: '90',
  bot_filter_mode: 'inherit',
  status: 'active',
})

const oneOf = <T extends string>(options: ReadonlyArray<{ id: T }>, value: string | null, fallback: T): T =>
  options.find((o) => o.id === value)?.id ?? fallback

export const valuesOf = (o: Offer): OfferFormValues => ({
  name: o.name,
  tracking_url: o.tracking_url,
  external_platform: oneOf(NETWORKS, o.external_platform, 'none'),
  external_id: o.external_id ?? '',
  payout: String(o.payout),
  payout_type: oneOf(PAYOUT_TYPES, o.payout_type, 'cpa'),
  click_window_days: String(o.click_window_days),
  bot_filter_mode: oneOf(BOT_FILTER_CHOICES, o.bot_filter_mode, 'inherit'),
  status: o.status === 'paused' ? 'paused' : 'active',
})

type PostbackUrls =
  paths['/api/v2/postbacks/settings']['get']['responses'][200]['content']['application/json']['postback_urls']

/**
 * The postback URL to paste for this offer: its network's template (the network fills its own macros), or for an
 * offer without one the /conv/offer URL with this offer's id already in it.
 */
export function postbackUrlFor(offer: Pick<Offer, 'id' | 'external_platform'>, urls: PostbackUrls): string {
  const network = offer.external_platform
  if (network === 'tune' || network === 'everflow' || network === 'cake') return urls[network]
  return urls.conv_offer.replace('{offer_id}', encodeURIComponent(offer.id))
}
