// Click classification (spec §12): is this click a person, or a bot, a link-preview fetcher or a scanner? Pure and
// cheap — it runs on every redirect: precompiled regular expressions, IP parsing without libraries and a binary
// search over integer ranges compiled once at load. Bots never take a message's first-click slot (core/attribution).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { isbot } from 'isbot'
import { ISO_COUNTRY_CODES } from './data/iso-countries.js'
import { isDatacenterIp } from './ip-ranges.js'

export { compileRanges, inRanges, isDatacenterIp, parseIPv4, parseIPv6Top64 } from './ip-ranges.js'

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
