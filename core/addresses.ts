// What kind of network address or host name a URL points at: IANA special-purpose ranges (IPv4, IPv6, IPv4
// carried inside IPv6) and host names that only ever name internal services. Pure; shared by the webhook SSRF
// checks (lib/safe-fetch) and the redirect-destination policy (core/destinations).
import { isIP } from 'node:net'

// ---- Address classification ----

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'shared'
  | 'unique_local'
  | 'multicast'
  | 'reserved'

interface Range {
  bytes: number[]
  bits: number
  kind: Exclude<AddressClass, 'public'>
}

function parseIPv4(text: string): number[] {
  return text.split('.').map(Number)
}

/** 16 bytes of a valid IPv6 literal (zone id dropped, an embedded dotted quad allowed). */
function parseIPv6(text: string): number[] {
  let s = text.split('%')[0]!
  const dotted = s.match(/(\d+\.\d+\.\d+\.\d+)$/)
  if (dotted) {
    const [a, b, c, d] = parseIPv4(dotted[1]!) as [number, number, number, number]
    s = `${s.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = s.split('::') as [string, string | undefined]
  const groups = (part: string | undefined) =>
    part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []
  const h = groups(head)
  const t = groups(tail)
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t]
  return all.flatMap((g) => [g >> 8, g & 0xff])
}

function range(cidr: string, kind: Range['kind']): Range {
  const [ip, bits] = cidr.split('/') as [string, string]
  return { bytes: isIP(ip) === 4 ? parseIPv4(ip) : parseIPv6(ip), bits: Number(bits), kind }
}

function inRange(bytes: number[], r: Range): boolean {
  if (bytes.length !== r.bytes.length) return false
  for (let bit = 0; bit < r.bits; bit += 8) {
    const take = Math.min(8, r.bits - bit)
    const mask = (0xff << (8 - take)) & 0xff
    if ((bytes[bit / 8]! & mask) !== (r.bytes[bit / 8]! & mask)) return false
  }
  return true
}

// IANA special-purpose registries; anything here is never a customer's public endpoint.
const IPV4_RANGES = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link_local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'reserved'),
  range('192.88.99.0/24', 'reserved'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'reserved'),
  range('203.0.113.0/24', 'reserved'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
]

const IPV6_RANGES = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('fc00::/7', 'unique_local'),
  range('fe80::/10', 'link_local'),
  range('ff00::/8', 'multicast'),
  range('64:ff9b:1::/48', 'reserved'),
  range('2001::/23', 'reserved'),
  range('2001:db8::/32', 'reserved'),
  range('3fff::/20', 'reserved'),
]

// Prefixes that carry an IPv4 address inside (mapped, NAT64, 6to4): the embedded address decides.
const EMBEDDED_IPV4: Array<{ range: Range; offset: number }> = [
  { range: range('::ffff:0:0/96', 'reserved'), offset: 12 },
  { range: range('64:ff9b::/96', 'reserved'), offset: 12 },
  { range: range('2002::/16', 'reserved'), offset: 2 },
]
const GLOBAL_UNICAST_V6 = range('2000::/3', 'reserved')

function classifyBytes(bytes: number[]): AddressClass {
  if (bytes.length === 4) return IPV4_RANGES.find((r) => inRange(bytes, r))?.kind ?? 'public'
  for (const { range: r, offset } of EMBEDDED_IPV4) {
    if (inRange(bytes, r)) return classifyBytes(bytes.slice(offset, offset + 4))
  }
  const special = IPV6_RANGES.find((r) => inRange(bytes, r))?.kind
  if (special) return special
  return inRange(bytes, GLOBAL_UNICAST_V6) ? 'public' : 'reserved'
}

/** What kind of address an IP literal is; undefined for text that is not an IP address. */
export function classifyAddress(ip: string): AddressClass | undefined {
  const family = isIP(ip)
  if (family === 4) return classifyBytes(parseIPv4(ip))
  if (family === 6) return classifyBytes(parseIPv6(ip))
  return undefined
}

export const CLASS_TEXT: Record<Exclude<AddressClass, 'public'>, string> = {
  unspecified: 'an unspecified (0.0.0.0/8 or ::) address',
  loopback: 'a loopback address',
  private: 'a private network address',
  link_local: 'a link-local address (including cloud metadata)',
  shared: 'a carrier-grade NAT (100.64.0.0/10) address',
  unique_local: 'a unique-local (fc00::/7) address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
}

// ---- Host names ----

const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
])
const INTERNAL_SUFFIXES = ['.localhost', '.internal', '.local', '.localdomain', '.home.arpa']

/** Why a host name (not an IP literal) can only be internal; undefined when it may be public. */
export function internalHostReason(host: string): string | undefined {
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost is a loopback host'
  if (METADATA_HOSTS.has(host)) return `${host} is a cloud metadata host`
  if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return `${host} is an internal host name`
  // A single label is completed by the resolver's search domains: a cluster service, never a public site.
  if (!host.includes('.')) return `${host} is not a fully qualified host name`
  return undefined
}

/** The URL's host without IPv6 brackets or a trailing dot. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
