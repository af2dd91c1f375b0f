// Pure rules shared by offers, creatives and links: URL checks and the `ofr_`/`cre_` slugs of spec §0.
import { randomBytes } from 'node:crypto'

export const OFFER_STATUSES = ['active', 'paused', 'archived'] as const
export const EXTERNAL_PLATFORMS = ['tune', 'everflow', 'cake'] as const
export const PAYOUT_TYPES = ['cpa', 'cpc'] as const

/**
 * True for an absolute http(s) URL with a host. Macros such as `{{click_id}}` or `{sub1}` are filled at click
 * time, so they are accepted wherever they appear: the check runs on the URL with each macro replaced by a token.
 */
export function isHttpUrl(value: string): boolean {
  if (value.length > 2048 || /\s/.test(value)) return false
  const probe = value.replace(/\{\{[^{}]*\}\}|\{[^{}]*\}/g, 'macro')
  let url: URL
  try {
    url = new URL(probe)
  } catch {
    return false
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
}

/** Lower-case ASCII words joined by `_`, at most 40 characters; `item` when nothing is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '')
  return slug || 'item'
}

/** `<prefix>_<slugified name>_<6 random hex>`, e.g. `ofr_summer_sale_3f9a1c`. */
export function newSlug(prefix: 'ofr' | 'cre', name: string): string {
  return `${prefix}_${slugify(name)}_${randomBytes(3).toString('hex')}`
}
