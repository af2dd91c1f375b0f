// IP addresses (spec §12): IPv4/IPv6 parsing without libraries, CIDR tables compiled into sorted integer ranges
// once at load, and the binary search that tells whether a click comes from a data centre.
import { DATACENTER_RANGES } from './data/datacenter-ranges.js'

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
