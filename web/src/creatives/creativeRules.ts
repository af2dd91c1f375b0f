// The creative editor's model: the {{linkN}} placeholders of a message (each bound to one offer), the client-side
// checks of createCreative/updateCreative, and which field each API code concerns.
import type { components } from '../api/schema.js'

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
  status: 'active' | 'paused'
}

export type CreativeField = 'name' | 'message' | 'links'

export const FIELD_OF_CODE: Record<string, CreativeField> = {
  missing_name: 'name',
  missing_message: 'message',
  missing_link_placeholder: 'message',
  missing_offer_links: 'links',
  missing_offer_links_for_placeholders: 'links',
  missing_offer_link_offer_id: 'links',
  offer_not_found: 'links',
}

export function validateCreative(v: CreativeFormValues): Partial<Record<CreativeField, string>> {
  const errors: Partial<Record<CreativeField, string>> = {}
  if (v.name.trim() === '') errors.name = 'name is required'
  else if (v.name.length > 255) errors.name = 'name must be at most 255 characters'
  const keys = linkKeys(v.message)
  if (v.message.trim() === '') errors.message = 'message is required'
  else if (v.message.length > MESSAGE_MAX_LENGTH) {
    errors.message = `message must be at most ${MESSAGE_MAX_LENGTH} characters`
  } else if (keys.length === 0) errors.message = 'message must hold at least one {{linkN}}'
  const unbound = keys.find((k) => !v.links[k])
  if (unbound) errors.links = `choose an offer for {{${unbound}}}`
  return errors
}

export const bodyOf = (v: CreativeFormValues) => ({
  name: v.name.trim(),
  message: v.message,
  offer_links: linkKeys(v.message).map((key) => ({ key, offer_id: v.links[key] ?? '' })),
  status: v.status,
})

export const emptyCreative = (): CreativeFormValues => ({
  name: '',
  message: '',
  links: {},
  status: 'active',
})

export const valuesOf = (c: Creative): CreativeFormValues => ({
  name: c.name,
  message: c.message,
  links: Object.fromEntries(c.offer_links.map((l) => [l.key, l.offer_id])),
  status: c.status === 'paused' ? 'paused' : 'active',
})
