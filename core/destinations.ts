// Redirect destinations (spec §12): which URLs a short link may send a clicker to, and the URL a click is sent to.
// One policy, checked when a destination is written (offers, links, creatives) and again at click time (rows
// stored before the policy, wrapped message URLs): an absolute http(s) URL, no credentials, a public host, and
// macros only after the host, so no clicker's query string can ever change where a redirect goes.
import { CLASS_TEXT, classifyAddress, hostOf, internalHostReason } from './addresses.js'

/** Longest destination accepted (URL length browsers and networks handle everywhere). */
export const MAX_DESTINATION_LENGTH = 2048

/** Filled by the platform at click time (spec §12 and the offer UI); a clicker can never set them. */
export const PLATFORM_MACROS = ['click_id', 'messageId', 'sendId', 'contact.phone'] as const
/** Filled from the short URL's query parameter of the same name (spec §12: "sub1, sub2, source"). */
export const PASS_THROUGH_MACROS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'source'] as const

const DOCUMENTED = new Set<string>([...PLATFORM_MACROS, ...PASS_THROUGH_MACROS])
const PASS_THROUGH = new Set<string>(PASS_THROUGH_MACROS)

/** `{{name}}` or `{name}`; only documented names are filled, anything else stays as written. */
const MACRO = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}|\{([A-Za-z0-9_.]+)\}/g
/** Scheme and authority, then the rest. The authority ends where the URL parser ends it (`\` too, for http). */
const ORIGIN_AND_REST = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\\]*)(.*)$/s

export type DestinationProblem = { code: 'invalid_url' | 'destination_not_allowed'; reason: string }

interface Template {
  /** Scheme and authority as written: never touched by a macro. */
  origin: string
  /** Path, query and fragment as written, macros included. */
  rest: string
  /** The origin as the URL parser reads it. */
  base: URL
}

const invalid = (reason: string): DestinationProblem => ({ code: 'invalid_url', reason })
const notAllowed = (reason: string): DestinationProblem => ({ code: 'destination_not_allowed', reason })

function parseTemplate(template: string): Template | DestinationProblem {
  if (template.length > MAX_DESTINATION_LENGTH) {
    return invalid(`the URL is longer than ${MAX_DESTINATION_LENGTH} characters`)
  }
  // The URL parser silently drops tabs and newlines: what is stored must be what is parsed.
  if (/[\s\p{Cc}]/u.test(template)) return invalid('the URL contains spaces or control characters')
  const parts = ORIGIN_AND_REST.exec(template)
  if (!parts) return invalid('not an absolute http(s) URL')
  const [, origin, rest] = parts as unknown as [string, string, string]
  if (/[{}]/.test(origin)) return notAllowed('macros may only appear in the path, query or fragment')
  let base: URL
  let whole: URL
  try {
    base = new URL(origin)
    whole = new URL(origin + rest.replace(MACRO, 'macro'))
  } catch {
    return invalid('not a valid absolute URL')
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    return invalid('the URL must use http or https')
  // `https:///host` and the like: the parser would find the host in what we took for the path.
  if (whole.host !== base.host || whole.protocol !== base.protocol) return invalid('not a valid absolute URL')
  if (base.username || base.password || origin.includes('@')) {
    return notAllowed('the URL must not contain credentials (user:pass@)')
  }
  const host = hostOf(base)
  if (!host) return invalid('the URL has no host')
  const kind = classifyAddress(host)
  if (kind !== undefined && kind !== 'public') return notAllowed(`${host} is ${CLASS_TEXT[kind]}`)
  const internal = kind === undefined ? internalHostReason(host.toLowerCase()) : undefined
  if (internal) return notAllowed(internal)
  return { origin, rest, base }
}

// Parses by template text, remembered: the redirect path builds every click's URL from its link's template, and
// parsing it again each time was 7% of the request thread at full load (BENCHMARKS.md). Bounded by clearing.
const MAX_REMEMBERED = 10_000
const remembered = new Map<string, Template | DestinationProblem>()

function parsedTemplate(template: string): Template | DestinationProblem {
  let parsed = remembered.get(template)
  if (parsed === undefined) {
    parsed = parseTemplate(template)
    if (remembered.size >= MAX_REMEMBERED) remembered.clear()
    remembered.set(template, parsed)
  }
  return parsed
}

/** Why `template` may not be redirected to; undefined when it may. */
export function destinationProblem(template: string): DestinationProblem | undefined {
  const parsed = parsedTemplate(template)
  return 'code' in parsed ? parsed : undefined
}

export interface ClickDestinationOptions {
  /** Query parameter the click id goes in when the template has no `{{click_id}}` macro. */
  clickIdParam: string
  /** Null for a plain-URL short link (no offer): nothing is appended then. */
  clickId: string | null
  /** The message's id, for `{{messageId}}` and `{{sendId}}`. */
  messageId?: string
  /** The contact's number, for `{{contact.phone}}`. */
  contactPhone?: string
  /** Query parameters the short URL was opened with (`?sub1=…&source=…`). */
  passThrough?: Record<string, string>
}

const MAX_PASS_THROUGH = 20

/**
 * The URL a click is redirected to, or null when the template breaks the destination policy (a row stored
 * before it). Documented macros are filled after the host only: the platform's values, then the short URL's
 * query for the pass-through macros. Other query parameters of the short URL are appended unless the template
 * already has a parameter of that name (any case): they add sub-ids, never change the template's. Without a
 * `{{click_id}}` macro the click id goes in `clickIdParam`. The result always keeps the template's scheme, host
 * and port, and never carries credentials.
 */
export function clickDestination(template: string, opts: ClickDestinationOptions): string | null {
  const parsed = parsedTemplate(template)
  if ('code' in parsed) return null
  const { origin, rest, base } = parsed
  const reserved = new Set([...PLATFORM_MACROS, opts.clickIdParam].map((n) => n.toLowerCase()))
  const passThrough = Object.entries(opts.passThrough ?? {})
    .filter(([name]) => !reserved.has(name.toLowerCase()))
    .slice(0, MAX_PASS_THROUGH)
  const values = new Map<string, string>()
  for (const [name, value] of passThrough) if (PASS_THROUGH.has(name)) values.set(name, value)
  if (opts.messageId !== undefined) {
    values.set('messageId', opts.messageId)
    values.set('sendId', opts.messageId)
  }
  if (opts.contactPhone !== undefined) values.set('contact.phone', opts.contactPhone)
  if (opts.clickId !== null) values.set('click_id', opts.clickId)

  const used = new Set<string>()
  const filled = rest.replace(MACRO, (match, double: string | undefined, single: string | undefined) => {
    const name = (double ?? single)!
    if (!DOCUMENTED.has(name)) return match
    used.add(name)
    return encodeURIComponent(values.get(name) ?? '')
  })
  let url: URL
  try {
    url = new URL(origin + filled)
  } catch {
    return null
  }
  const own = new Set([...url.searchParams.keys()].map((n) => n.toLowerCase()))
  for (const [name, value] of passThrough) {
    if (!used.has(name) && !own.has(name.toLowerCase())) url.searchParams.append(name, value)
  }
  if (opts.clickId !== null && !used.has('click_id')) url.searchParams.set(opts.clickIdParam, opts.clickId)
  // By construction filled values cannot reach the origin; checked anyway, as the last word before a redirect.
  const sameOrigin =
    url.protocol === base.protocol && url.host === base.host && !url.username && !url.password
  return sameOrigin ? url.toString() : null
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
