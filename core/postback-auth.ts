// Verification of conversion postbacks (spec §11): the account's shared secret, compared in constant time and
// required unless the owner allowed unsigned postbacks, and its IP allow-list of addresses and CIDR ranges, IPv4
// and IPv6. IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, what a dual-stack socket reports for an IPv4 client) are
// the IPv4 address they carry, on both sides.
import { createHash, timingSafeEqual } from 'node:crypto'
import { randomAlphanumeric } from './ids.js'

/** Most entries an allow-list may hold: it is checked on every postback. */
export const MAX_ALLOWLIST_ENTRIES = 100

export interface IpAddress {
  version: 4 | 6
  value: bigint
}

export interface Cidr {
  version: 4 | 6
  /** The network address: host bits are zero. */
  network: bigint
  prefix: number
}

const BITS = { 4: 32, 6: 128 } as const
const MAPPED_PREFIX = 0xffffn << 32n

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0n
  for (const part of parts) {
    // No leading zeros: `010` is octal to some parsers and decimal to others.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null
    const n = Number(part)
    if (n > 255) return null
    value = (value << 8n) | BigInt(n)
  }
  return value
}

function parseIpv6(text: string): bigint | null {
  if (text.length > 45) return null
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groupsOf = (half: string): string[] | null => (half === '' ? [] : half.split(':'))
  const head = groupsOf(halves[0]!)
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : []
  if (!head || !tail) return null
  const words: number[][] = [[], []]
  const sides = [head, tail]
  for (let s = 0; s < 2; s++) {
    const groups = sides[s]!
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!
      const last = s === (halves.length === 2 ? 1 : 0) && i === groups.length - 1
      if (last && group.includes('.')) {
        // An embedded IPv4 address fills the last 32 bits (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`).
        const v4 = parseIpv4(group)
        if (v4 === null) return null
        words[s]!.push(Number(v4 >> 16n), Number(v4 & 0xffffn))
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null
        words[s]!.push(Number.parseInt(group, 16))
      }
    }
  }
  const count = words[0]!.length + words[1]!.length
  if (halves.length === 2 ? count > 7 : count !== 8) return null
  const all = [...words[0]!, ...new Array<number>(8 - count).fill(0), ...words[1]!]
  return all.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n)
}

/** An IPv4-mapped IPv6 address as the IPv4 address it carries; anything else unchanged. */
function unmap(ip: IpAddress): IpAddress {
  return ip.version === 6 && ip.value >> 32n === 0xffffn ? { version: 4, value: ip.value & 0xffffffffn } : ip
}

/** A textual IPv4 or IPv6 address (an IPv6 zone id such as `%eth0` is ignored); null when it is not one. */
export function parseIp(text: string): IpAddress | null {
  const raw = text.trim()
  if (raw.includes(':')) {
    const value = parseIpv6(raw.replace(/%[0-9A-Za-z._~-]+$/, ''))
    return value === null ? null : unmap({ version: 6, value })
  }
  const value = parseIpv4(raw)
  return value === null ? null : { version: 4, value }
}

const maskOf = (bits: number, prefix: number): bigint =>
  prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix)

/** `address` or `address/prefix`; host bits are cleared. An IPv4-mapped range of /96 or longer is an IPv4 range. */
export function parseCidr(text: string): Cidr | null {
  const raw = text.trim()
  const slash = raw.indexOf('/')
  const addressText = slash === -1 ? raw : raw.slice(0, slash)
  if (addressText.includes('%')) return null
  const value = addressText.includes(':') ? parseIpv6(addressText) : parseIpv4(addressText)
  if (value === null) return null
  let version: 4 | 6 = addressText.includes(':') ? 6 : 4
  let prefix: number = BITS[version]
  if (slash !== -1) {
    const prefixText = raw.slice(slash + 1)
    if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return null
    prefix = Number(prefixText)
    if (prefix > BITS[version]) return null
  }
  let network = value & maskOf(BITS[version], prefix)
  if (version === 6 && prefix >= 96 && network >> 32n === 0xffffn) {
    version = 4
    prefix -= 96
    network &= 0xffffffffn
  }
  return { version, network, prefix }
}

function formatIpv6(value: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn))
  // RFC 5952: the longest run of two or more zero words becomes `::` (the first such run on a tie).
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = words.map((w) => w.toString(16))
  if (bestStart === -1) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

export function formatIp(ip: IpAddress): string {
  if (ip.version === 6) return formatIpv6(ip.value)
  return [24n, 16n, 8n, 0n].map((shift) => Number((ip.value >> shift) & 0xffn)).join('.')
}

/** Canonical text of a range: a single address without its prefix, else `network/prefix`. */
export function formatCidr(cidr: Cidr): string {
  const address = formatIp({ version: cidr.version, value: cidr.network })
  return cidr.prefix === BITS[cidr.version] ? address : `${address}/${cidr.prefix}`
}

/** Whether the address lies in the range. An IPv6 range holding `::ffff:0:0/96` (such as `::/0`) holds IPv4 too. */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  let value = ip.value
  if (ip.version !== cidr.version) {
    if (ip.version === 6) return false
    value = MAPPED_PREFIX | ip.value
  }
  const mask = maskOf(BITS[cidr.version], cidr.prefix)
  return (value & mask) === cidr.network
}

export type AllowlistResult =
  | { ok: true; value: string[] }
  | { ok: false; index: number; entry: string; error: string }

/** Validates and canonicalises an allow-list: trimmed, host bits cleared, duplicates dropped, order kept. */
export function parseAllowlist(entries: readonly string[]): AllowlistResult {
  if (entries.length > MAX_ALLOWLIST_ENTRIES) {
    return {
      ok: false,
      index: MAX_ALLOWLIST_ENTRIES,
      entry: entries[MAX_ALLOWLIST_ENTRIES] ?? '',
      error: `an allow-list holds at most ${MAX_ALLOWLIST_ENTRIES} entries`,
    }
  }
  const out: string[] = []
  for (const [index, entry] of entries.entries()) {
    const cidr = parseCidr(entry)
    if (!cidr) {
      return {
        ok: false,
        index,
        entry,
        error: `entry ${index} ("${entry.slice(0, 64)}") is not an IPv4/IPv6 address or CIDR range`,
      }
    }
    const text = formatCidr(cidr)
    if (!out.includes(text)) out.push(text)
  }
  return { ok: true, value: out }
}

/**
 * A matcher for a stored allow-list: true when the list is empty (no restriction) or the address is in one of
 * its ranges. Entries that do not parse match nothing (stored lists are validated on write).
 */
export function allowlistMatcher(entries: readonly string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => true
  const ranges = entries.map(parseCidr).filter((c): c is Cidr => c !== null)
  return (text) => {
    const ip = parseIp(text)
    return ip !== null && ranges.some((range) => cidrContains(range, ip))
  }
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()

/**
 * Constant-time comparison of a presented secret with the account's: both are hashed first, so neither the
 * content nor the length of the secret leaks through timing.
 */
export function secretMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || expected === '') return false
  return timingSafeEqual(digest(expected), digest(presented))
}

export type SecretCheck = 'ok' | 'missing_postback_secret' | 'invalid_postback_secret'

/**
 * Whether a postback may proceed on its secret. A presented secret must match, always; a request without one
 * passes only when the account's owner allowed unsigned postbacks. `expected` null: the account has no secret
 * yet (nothing presented can match), '' : one that cannot be read here (likewise).
 */
export function checkPostbackSecret(
  expected: string | null,
  allowUnsigned: boolean,
  presented: string | undefined,
): SecretCheck {
  if (presented === undefined || presented === '') return allowUnsigned ? 'ok' : 'missing_postback_secret'
  return expected !== null && secretMatches(expected, presented) ? 'ok' : 'invalid_postback_secret'
}

/** A new postback secret: 40 alphanumerics (~238 bits), safe in a URL without escaping. */
export function newPostbackSecret(): string {
  return randomAlphanumeric(40)
}
