// Click classification (spec §12): is this click a person, or a bot, a link-preview fetcher or a scanner? Pure and
// cheap — it runs on every redirect: precompiled regular expressions, IP parsing without libraries and a binary
// search over integer ranges compiled once at load. Bots never take a message's first-click slot (core/attribution).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { isbot } from 'isbot'
import { DATACENTER_RANGES } from './data/datacenter-ranges.js'
import { ISO_COUNTRY_CODES } from './data/iso-countries.js'

/** Why a click is not a human's; stored with the click ('' = human). Stable: reports group by these. */
export const BOT_REASONS = [
  'empty_user_agent',
  'link_preview',
  'security_scanner',
  'automation',
  'bot_user_agent',
  'datacenter_ip',
  'blocked_country',
  'too_fast_after_send',
  'rapid_repeat',
] as const
export type BotReason = (typeof BOT_REASONS)[number]

/**
 * A click closer than this to its message's send is a scanner in the delivery path, not a person reading it. The
 * recommended setting of `clickMinMsAfterSend` (core/config); see classifyClick.
 */
export const RECOMMENDED_MIN_MS_AFTER_SEND = 2_000
/** Repeated clicks from one address on one link closer together than this form a burst. */
export const RAPID_REPEAT_WINDOW_MS = 2_000
/**
 * Earlier clicks in a burst that are still fine: one (a double tap, or a tap then a reload). From the third click
 * of a burst on, the clicks are a script's.
 */
export const RAPID_REPEAT_ALLOWED = 1

// ---------------------------------------------------------------------------------------------------------------
// User agents

/**
 * Link-preview fetchers of the apps an SMS link is shared into or read in. iMessage sends
 * "… Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0"; Signal's previews say "WhatsApp"; Microsoft
 * Teams and Skype say "SkypeUriPreview"; Google Messages says "GoogleMessages".
 */
const LINK_PREVIEW =
  /facebookexternalhit|facebot|facebookcatalog|whatsapp|slackbot|slack-imgproxy|twitterbot|telegrambot|discordbot|skypeuripreview|linkedinbot|googlemessages|google-pagerenderer|\/\+\/web\/snippet|snap url preview|bingpreview|pinterestbot|redditbot|embedly|iframely|vkshare|mastodon\/|bitlybot/i

/**
 * Mail and carrier security gateways and URL scanners that follow links before (or instead of) a person. Not
 * matched: consumer browsers with vendor tokens (Avast/AVG/Norton Secure Browser are people).
 */
const SECURITY_SCANNER =
  /proofpoint|urldefense|mimecast|barracuda|bitdefender|trend ?micro|\btmes\b|safelinks|ms-office|msoffice|existence discovery|palo ?alto|expanse|cisco|ironport|\btalos\b|zscaler|forcepoint|websense|sophos|symantec|messagelabs|fortinet|fortiguard|checkpoint|check point|kaspersky|\beset\b|f-secure|mcafee|netcraft|urlscan|virustotal|cloudmark|vade ?secure|hornetsecurity|netskope|censys|webroot|brightcloud|zvelo|trellix|fireeye|\bagari\b|abnormal ?security|ironscales|libraesva|spamtitan|appriver|menlo ?security/i

/** Browser automation: always a script, whatever else the user agent claims. */
const AUTOMATION =
  /headlesschrome|headless|phantomjs|slimerjs|puppeteer|playwright|selenium|webdriver|chrome-lighthouse|cypress/i

/**
 * HTTP libraries and app networking stacks. Only counted when no browser token is present, so an in-app browser
 * that appends a library name to a real browser user agent stays human.
 */
const HTTP_LIBRARY =
  /curl|wget|python|aiohttp|httpx|go-http-client|java\/|apache-httpclient|okhttp|node-fetch|undici|axios|\bgot\b|libwww-perl|lwp::|ruby|faraday|scrapy|postmanruntime|insomnia|winhttp|dalvik|guzzlehttp|\bphp\b|http\.rb|reqwest|\bdart\b|cfnetwork|httpclient/i
const BROWSER_TOKEN = /mozilla\/|opera\//i

/**
 * Reasons of recently seen user agents. Clicks repeat a small set of agents (the same phones and browsers), and
 * the regular expressions above plus isbot's cost ~10 µs for a browser agent against ~0.1 µs for a lookup here.
 * Bounded: past the limit the oldest entry goes, so a stream of unique agents only costs the full check.
 */
const agentCache = new Map<string, BotReason | ''>()
const AGENT_CACHE_MAX = 10_000

/** Why a user agent is not a person's browser; '' when it looks like one (in-app browsers included). */
export function userAgentReason(userAgent: string | undefined): BotReason | '' {
  if (!userAgent) return 'empty_user_agent'
  const known = agentCache.get(userAgent)
  if (known !== undefined) return known
  const reason = agentReason(userAgent)
  if (agentCache.size >= AGENT_CACHE_MAX) agentCache.delete(agentCache.keys().next().value as string)
  agentCache.set(userAgent, reason)
  return reason
}

function agentReason(userAgent: string): BotReason | '' {
  if (userAgent.trim() === '') return 'empty_user_agent'
  if (LINK_PREVIEW.test(userAgent)) return 'link_preview'
  if (SECURITY_SCANNER.test(userAgent)) return 'security_scanner'
  if (AUTOMATION.test(userAgent)) return 'automation'
  if (!BROWSER_TOKEN.test(userAgent) && HTTP_LIBRARY.test(userAgent)) return 'automation'
  if (isbot(userAgent)) return 'bot_user_agent'
  return ''
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses

/** An IPv4 address as an unsigned 32-bit integer, or -1. */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let value = 0
  let part = 0
  let digits = 0
  let dots = 0
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1 // leading zero ("01"): ambiguous (octal), refused
      part = part * 10 + (c - 48)
      if (part > 255 || ++digits > 3) return -1
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1
      value = value * 256 + part
      part = 0
      digits = 0
    } else return -1
  }
  if (dots !== 3 || digits === 0) return -1
  return value * 256 + part
}

// One scratch buffer for IPv6 parsing: classification is synchronous, so one buffer serves every request.
const groups = new Uint16Array(8)

/**
 * The top 64 bits of an IPv6 address as [high 32, low 32] written into `out`; returns false if `s` is not IPv6.
 * Zone ids ("%eth0") are ignored; an embedded IPv4 tail ("::ffff:1.2.3.4") is accepted.
 */
export function parseIPv6Top64(s: string, out: Uint32Array): boolean {
  let end = s.indexOf('%')
  if (end < 0) end = s.length
  groups.fill(0)
  let count = 0
  let gap = -1 // index in groups where "::" stands
  let i = 0
  if (s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    gap = 0
    i = 2
    if (i === end) return finish(gap, count, out)
  } else if (s.charCodeAt(0) === 58) return false
  while (i < end) {
    // IPv4 tail: the rest of the string holds a dot.
    const nextColon = s.indexOf(':', i)
    const groupEnd = nextColon < 0 || nextColon > end ? end : nextColon
    const dot = s.indexOf('.', i)
    if (dot >= 0 && dot < groupEnd) {
      if (groupEnd !== end || count > 6) return false
      const v4 = parseIPv4(s, i, end)
      if (v4 < 0) return false
      groups[count++] = v4 >>> 16
      groups[count++] = v4 & 0xffff
      break
    }
    const len = groupEnd - i
    if (len < 1 || len > 4 || count >= 8) return false
    let g = 0
    for (let k = i; k < groupEnd; k++) {
      const c = s.charCodeAt(k) | 0x20 // lower-cases A-F; digits are unaffected
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1
      if (d < 0) return false
      g = g * 16 + d
    }
    groups[count++] = g
    if (groupEnd === end) break
    i = groupEnd + 1
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return false // a second "::"
      gap = count
      i++
      if (i === end) break
    } else if (i === end) return false // trailing single ":"
  }
  return finish(gap, count, out)
}

function finish(gap: number, count: number, out: Uint32Array): boolean {
  if (gap < 0) {
    if (count !== 8) return false
  } else {
    if (count > 7) return false
    // Move the groups after "::" to the end.
    const tail = count - gap
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0
  }
  out[0] = ((groups[0]! << 16) | groups[1]!) >>> 0
  out[1] = ((groups[2]! << 16) | groups[3]!) >>> 0
  return true
}

interface CompiledRanges {
  v4Start: Uint32Array
  v4End: Uint32Array
  /** IPv6 ranges over the top 64 bits, as pairs [high, low] for start and end. */
  v6Start: Uint32Array
  v6End: Uint32Array
}

/** Compiles CIDR strings into sorted, merged integer ranges. Throws on a malformed CIDR (a bug in the table). */
export function compileRanges(cidrs: readonly string[]): CompiledRanges {
  const v4: Array<[number, number]> = []
  const v6: Array<[bigint, bigint]> = []
  const top = new Uint32Array(2)
  for (const cidr of cidrs) {
    const slash = cidr.indexOf('/')
    const addr = cidr.slice(0, slash)
    const bits = Number(cidr.slice(slash + 1))
    const v4Addr = parseIPv4(addr)
    if (v4Addr >= 0) {
      if (!(bits >= 0 && bits <= 32)) throw new Error(`bad CIDR ${cidr}`)
      const size = 2 ** (32 - bits)
      const start = v4Addr - (v4Addr % size)
      v4.push([start, start + size - 1])
    } else if (parseIPv6Top64(addr, top)) {
      if (!(bits >= 1 && bits <= 64))
        throw new Error(`bad CIDR ${cidr} (IPv6 prefixes must be /64 or shorter)`)
      const value = (BigInt(top[0]!) << 32n) | BigInt(top[1]!)
      const size = 1n << BigInt(64 - bits)
      const start = value - (value % size)
      v6.push([start, start + size - 1n])
    } else throw new Error(`bad CIDR ${cidr}`)
  }
  const merged4 = merge(v4, (end, start) => start === end + 1)
  const merged6 = merge(v6, (end, start) => start === end + 1n)
  const out: CompiledRanges = {
    v4Start: Uint32Array.from(merged4, (r) => r[0]),
    v4End: Uint32Array.from(merged4, (r) => r[1]),
    v6Start: new Uint32Array(merged6.length * 2),
    v6End: new Uint32Array(merged6.length * 2),
  }
  merged6.forEach(([s, e], k) => {
    out.v6Start[2 * k] = Number(s >> 32n)
    out.v6Start[2 * k + 1] = Number(s & 0xffffffffn)
    out.v6End[2 * k] = Number(e >> 32n)
    out.v6End[2 * k + 1] = Number(e & 0xffffffffn)
  })
  return out
}

/** Sorts ranges and joins overlapping or adjacent ones. */
function merge<T extends number | bigint>(ranges: Array<[T, T]>, adjacent: (end: T, start: T) => boolean) {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const out: Array<[T, T]> = []
  for (const r of ranges) {
    const last = out[out.length - 1]
    if (last && (r[0] <= last[1] || adjacent(last[1], r[0]))) {
      if (r[1] > last[1]) last[1] = r[1]
    } else out.push([r[0], r[1]])
  }
  return out
}

/** True when `ip` (IPv4, IPv6 or IPv4-mapped IPv6) lies in one of the compiled ranges. */
export function inRanges(ranges: CompiledRanges, ip: string): boolean {
  const v4 = parseIPv4(ip)
  if (v4 >= 0) return inV4(ranges, v4)
  if (!parseIPv6Top64(ip, scratch)) return false
  // IPv4-mapped (::ffff:a.b.c.d): the address is IPv4.
  if (scratch[0] === 0 && scratch[1] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return inV4(ranges, ((groups[6]! << 16) | groups[7]!) >>> 0)
  }
  return inV6(ranges, scratch[0]!, scratch[1]!)
}
const scratch = new Uint32Array(2)

function inV4(r: CompiledRanges, ip: number): boolean {
  // The last range starting at or before ip.
  let lo = 0
  let hi = r.v4Start.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    if (r.v4Start[mid]! <= ip) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found >= 0 && ip <= r.v4End[found]!
}

/** a <= b, for 64-bit values given as [high, low] 32-bit halves. */
const le64 = (aHigh: number, aLow: number, bHigh: number, bLow: number): boolean =>
  aHigh < bHigh || (aHigh === bHigh && aLow <= bLow)

function inV6(r: CompiledRanges, high: number, low: number): boolean {
  let lo = 0
  let hi = r.v6Start.length / 2 - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    if (le64(r.v6Start[2 * mid]!, r.v6Start[2 * mid + 1]!, high, low)) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found >= 0 && le64(high, low, r.v6End[2 * found]!, r.v6End[2 * found + 1]!)
}

const DATACENTERS = compileRanges(Object.values(DATACENTER_RANGES).flat())

/** True when the address belongs to a cloud or hosting provider (core/data/datacenter-ranges.ts). */
export function isDatacenterIp(ip: string): boolean {
  return inRanges(DATACENTERS, ip)
}

// ---------------------------------------------------------------------------------------------------------------
// Countries

/** A trusted proxy's country header value as an ISO alpha-2 code, or null (absent, unknown "XX", Tor "T1"). */
export function normalizeCountry(value: string | string[] | undefined): string | null {
  if (typeof value !== 'string' || value.length !== 2) return null
  const code = value.toUpperCase()
  return ISO_COUNTRY_CODES.has(code) ? code : null
}

export const isCountryCode = (code: string): boolean => ISO_COUNTRY_CODES.has(code)

// ---------------------------------------------------------------------------------------------------------------
// The classifier

export interface ClickSignals {
  userAgent: string | undefined
  /** The client address (IPv4, IPv6 or IPv4-mapped). */
  ip: string
  /** ISO alpha-2 country from the trusted proxy header; null when unknown. */
  country?: string | null
  /** The account's blocked countries (upper-case ISO alpha-2). */
  blockedCountries?: readonly string[]
  nowMs: number
  /** When the message was handed to its provider (ms); null when not sent or not a message link. */
  sentAtMs?: number | null
  /** True while the message is with its provider (claimed, sent_at not yet recorded). */
  sending?: boolean
  /** Clicks closer than this to sentAtMs are too fast (0: only clicks before the recorded send). */
  minMsAfterSend?: number
  /** Earlier clicks of the current burst from this address on this link (ingest's tracker). */
  recentRepeats?: number
}

/**
 * Why a click is not a person's, or '' for a human click. The first matching rule names the reason, from the
 * most to the least specific: user agent, then network (data centre, blocked country), then timing. A click
 * while the provider call is still under way is always too fast: the handset cannot have the message yet.
 */
export function classifyClick(s: ClickSignals): BotReason | '' {
  const byAgent = userAgentReason(s.userAgent)
  if (byAgent) return byAgent
  if (isDatacenterIp(s.ip)) return 'datacenter_ip'
  if (
    s.country &&
    s.blockedCountries &&
    s.blockedCountries.length > 0 &&
    s.blockedCountries.includes(s.country)
  ) {
    return 'blocked_country'
  }
  if (s.sending) return 'too_fast_after_send'
  if (s.sentAtMs != null && s.nowMs - s.sentAtMs < (s.minMsAfterSend ?? 0)) return 'too_fast_after_send'
  if ((s.recentRepeats ?? 0) > RAPID_REPEAT_ALLOWED) return 'rapid_repeat'
  return ''
}

// ---------------------------------------------------------------------------------------------------------------
// Bot-filter modes (spec §12)

export const BOT_FILTER_MODES = ['no_filter', 'filter'] as const
export type BotFilterMode = (typeof BOT_FILTER_MODES)[number]

export const isBotFilterMode = (value: unknown): value is BotFilterMode =>
  value === 'no_filter' || value === 'filter'

/** An offer's own mode wins; else its `filter_bots` flag means filter; else the account's mode. */
export function effectiveBotFilterMode(
  offerMode: string | null | undefined,
  offerFilterBots: boolean | null | undefined,
  accountMode: string | null | undefined,
): BotFilterMode {
  if (isBotFilterMode(offerMode)) return offerMode
  if (offerFilterBots) return 'filter'
  return isBotFilterMode(accountMode) ? accountMode : 'no_filter'
}

// ---------------------------------------------------------------------------------------------------------------
// The interstitial's Continue token: binds the short code, the preview click and the time it was shown.

/** How long an interstitial's Continue button stays valid. */
export const CONFIRM_TOKEN_TTL_MS = 60 * 60_000
const CLOCK_SKEW_MS = 60_000
const TOKEN_PATTERN = /^([A-Za-z0-9]{1,64})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/

/** The HMAC key of confirm tokens, derived from the platform secret so it needs no configuration of its own. */
export function confirmTokenKey(secretKeyHex: string): Buffer {
  return createHmac('sha256', Buffer.from(secretKeyHex, 'hex')).update('trackly:click-confirm:v1').digest()
}

const tokenMac = (key: Buffer, code: string, clickId: string, issuedS: string): string =>
  createHmac('sha256', key).update(`${code}.${clickId}.${issuedS}`).digest('base64url').slice(0, 22)

export function signConfirmToken(key: Buffer, code: string, previewClickId: string, nowMs: number): string {
  const issued = Math.floor(nowMs / 1000).toString(36)
  return `${previewClickId}.${issued}.${tokenMac(key, code, previewClickId, issued)}`
}

export type ConfirmTokenCheck =
  | { ok: true; previewClickId: string; issuedAtMs: number }
  | { ok: false; reason: 'invalid' | 'expired' }

export function verifyConfirmToken(
  key: Buffer,
  code: string,
  token: string,
  nowMs: number,
): ConfirmTokenCheck {
  const m = TOKEN_PATTERN.exec(token)
  if (!m) return { ok: false, reason: 'invalid' }
  const [, clickId, issued, mac] = m as unknown as [string, string, string, string]
  const expected = Buffer.from(tokenMac(key, code, clickId, issued))
  if (!timingSafeEqual(expected, Buffer.from(mac))) return { ok: false, reason: 'invalid' }
  const issuedAtMs = Number.parseInt(issued, 36) * 1000
  if (issuedAtMs > nowMs + CLOCK_SKEW_MS) return { ok: false, reason: 'invalid' }
  if (nowMs - issuedAtMs > CONFIRM_TOKEN_TTL_MS) return { ok: false, reason: 'expired' }
  return { ok: true, previewClickId: clickId, issuedAtMs }
}
