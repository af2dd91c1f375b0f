// Pure rules shared by offers, creatives and links: statuses, platforms and the `ofr_`/`cre_` slugs of spec §0.
// Their destination URLs follow core/destinations.
import { randomBytes } from 'node:crypto'

export const OFFER_STATUSES = ['active', 'paused', 'archived'] as const
export const EXTERNAL_PLATFORMS = ['tune', 'everflow', 'cake'] as const
export const PAYOUT_TYPES = ['cpa', 'cpc'] as const

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
