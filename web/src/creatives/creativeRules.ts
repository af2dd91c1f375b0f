// The creative editor's model: the {{linkN}} placeholders of a message (each bound to one offer, optionally with
// a destination of its own), the client-side checks of createCreative/updateCreative (the API's schema from the
// OpenAPI document, then its rules beyond it), and which field each API code concerns.
import type { components } from '../api/schema.js'
import { schemaFieldErrors } from '../api/validate.js'

export type Creative = components['schemas']['Creative']

export const MESSAGE_MAX_LENGTH = 1600

/** The API counts each link as this many characters (a short link). */
export const LINK_LENGTH = 23

const PLACEHOLDER = /\{\{\s*(link\d+)\s*(?:\|[^}]*)?\}\}/g

/** The distinct link keys of a message, in order of first use. */
export const linkKeys = (message: string): string[] => [
  ...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '')),
]

/** The message as the phone shows it: each placeholder as a short link of the counted length. */
export const withSampleLinks = (message: string): string =>
  message.replace(PLACEHOLDER, (_, key: string) => `https://trk.ly/${key}`.padEnd(LINK_LENGTH, 'x'))

export interface CreativeFormValues {
  name: string
  message: string
  /** Offer id per link key; keys no longer in the message are dropped when sent. */
  links: Record<string, string>
  /** A destination URL per link key that replaces the offer's tracking URL for this creative ('' for none). */
  urls: Record<string, string>
  status: 'active' | 'paused'
}

export type CreativeField = 'name' | 'message' | 'links' | 'urls'

export const FIELD_OF_CODE: Record<string, CreativeField> = {
  missing_name: 'name',
  missing_message: 'message',
  missing_link_placeholder: 'message',
  missing_offer_links: 'links',
  missing_offer_links_for_placeholders: 'links',
  missing_offer_link_offer_id: 'links',
  offer_not_found: 'links',
  invalid_url: 'urls',
  destination_not_allowed: 'urls',
}

export function validateCreative(v: CreativeFormValues): Partial<Record<CreativeField, string>> {
  const errors = schemaFieldErrors<CreativeField>('createCreative', bodyOf(v), {
    fieldOf: (path) => {
      const field = path.split('/')[1]
      return field === 'offer_links' ? (path.endsWith('/url') ? 'urls' : 'links') : (field as CreativeField)
    },
  })
  if (v.name.trim() === '') errors.name = 'name is required'
  const keys = linkKeys(v.message)
  if (v.message.trim() === '') errors.message = 'message is required'
  else if (keys.length === 0) errors.message ??= 'message must hold at least one {{linkN}}'
  const unbound = keys.find((k) => !v.links[k])
  if (unbound) errors.links = `choose an offer for {{${unbound}}}`
  const badUrl = keys.find((k) => {
    const url = v.urls[k]?.trim() ?? ''
    return url !== '' && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol))
  })
  if (badUrl) errors.urls = `the destination of {{${badUrl}}} must be an http(s) URL`
  return errors
}

export const bodyOf = (v: CreativeFormValues) => ({
  name: v.name.trim(),
  message: v.message,
  offer_links: linkKeys(v.message).map((key) => ({
    key,
    offer_id: v.links[key] ?? '',
    url: v.urls[key]?.trim() || null,
  })),
  status: v.status,
})

export const emptyCreative = (): CreativeFormValues => ({
  name: '',
  message: '',
  links: {},
  urls: {},
  status: 'active',
})

export const valuesOf = (c: Creative): CreativeFormValues => ({
  name: c.name,
  message: c.message,
  links: Object.fromEntries(c.offer_links.map((l) => [l.key, l.offer_id])),
  urls: Object.fromEntries(c.offer_links.map((l) => [l.key, l.url ?? ''])),
  status: c.status === 'paused' ? 'paused' : 'active',
})
