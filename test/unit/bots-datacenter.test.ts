// Data-center addresses for bot classification (unit, no I/O): IPs in and out of the table, malformed addresses,
// CIDR compilation and merging, and properties of range membership and IPv4/IPv6 parsing.
import fc from 'fast-check'
import t from 'tap'
import {
  classifyClick,
  compileRanges,
  inRanges,
  isDatacenterIp,
  parseIPv4,
  parseIPv6Top64,
} from '../../core/bots.js'
import { DATACENTER_RANGES } from '../../core/data/datacenter-ranges.js'
import { USER_AGENTS } from '../harness/user-agents.js'

t.test('IP addresses in and out of the data-center table', async (t) => {
  const inside = [
    '3.5.140.2', // AWS
    '3.0.0.0', // first address of 3.0.0.0/8
    '3.255.255.255', // last address
    '52.95.110.1', // AWS
    '18.200.1.1', // AWS (18.128.0.0/9)
    '34.102.136.180', // Google Cloud
    '66.249.66.1', // Googlebot
    '20.42.65.92', // Azure
    '159.203.1.1', // DigitalOcean
    '45.79.12.1', // Linode
    '51.38.1.1', // OVH
    '88.198.5.5', // Hetzner
    '129.146.10.10', // Oracle
    '47.88.1.1', // Alibaba
    '45.32.7.7', // Vultr
    '163.172.1.1', // Scaleway
    '2600:1f18:abcd::1', // AWS
    '2600:1F18:ABCD:0:0:0:0:1', // same, upper case, uncompressed
    '2a03:b0c0:3:d0::1', // DigitalOcean
    '2001:41d0:8:7a::1', // OVH
    '2a01:4f8:c17:1::1', // Hetzner
    '2a01:4ff:f0:1::1', // Hetzner (end of 2a01:4f8::/29)
    '2001:19f0:5:1::1', // Vultr
    '::ffff:159.203.1.1', // IPv4-mapped DigitalOcean
    '::ffff:3.5.140.2%eth0', // with a zone id
  ]
  const outside = [
    '2.255.255.255', // just below 3.0.0.0/8
    '4.0.0.0', // just above
    '73.15.22.9', // Comcast residential
    '172.58.100.1', // T-Mobile US
    '174.205.1.1', // Verizon Wireless
    '107.77.1.1', // AT&T Mobility
    '127.0.0.1',
    '10.0.0.1',
    '192.168.1.20',
    '::1',
    '::',
    '2607:fb90:1234::1', // T-Mobile US IPv6
    '2a01:500::1', // outside 2a01:4f8::/29
    '::ffff:73.15.22.9',
  ]
  for (const ip of inside) t.ok(isDatacenterIp(ip), `${ip} is in a data center`)
  for (const ip of outside) t.notOk(isDatacenterIp(ip), `${ip} is not`)
  t.equal(classifyClick({ userAgent: USER_AGENTS[0]![2], ip: '3.5.140.2', nowMs: 1e12 }), 'datacenter_ip')
})

t.test('malformed addresses are never data centers and never throw', async (t) => {
  for (const ip of [
    '',
    'abc',
    '1.2.3',
    '1.2.3.4.5',
    '1.2.3.256',
    '01.2.3.4',
    '1..2.3',
    '1::2::3',
    ':1',
    '1:',
    '1:2:3:4:5:6:7:8:9',
    '12345::1',
    'g::1',
    '::ffff:1.2.3',
    '1.2.3.4::',
  ]) {
    t.notOk(isDatacenterIp(ip), JSON.stringify(ip))
  }
})

t.test('every data-center CIDR in the table compiles', async (t) => {
  const all = Object.values(DATACENTER_RANGES).flat()
  t.doesNotThrow(() => compileRanges(all))
  t.throws(() => compileRanges(['1.2.3.4/33']))
  t.throws(() => compileRanges(['2001:db8::/96']), 'IPv6 prefixes longer than /64 are refused')
  t.throws(() => compileRanges(['nonsense/8']))
  const merged = compileRanges([
    '10.0.0.0/25',
    '10.0.0.128/25',
    '10.0.0.64/26',
    '2001:db8::/33',
    '2001:db8:8000::/33',
  ])
  t.equal(merged.v4Start.length, 1, 'adjacent and nested IPv4 ranges merge')
  t.equal(merged.v6Start.length, 2, 'adjacent IPv6 ranges merge (one pair of halves)')
  t.ok(inRanges(merged, '10.0.0.255'))
  t.notOk(inRanges(merged, '10.0.1.0'))
  t.ok(inRanges(merged, '2001:db8:ffff:ffff:ffff::1'))
  t.notOk(inRanges(merged, '2001:db9::'))
  t.ok(inRanges(compileRanges(['1.2.3.77/24']), '1.2.3.1'), 'host bits of a CIDR are ignored')
})

// --- properties -------------------------------------------------------------------------------------------------

const v4Cidrs = Object.values(DATACENTER_RANGES)
  .flat()
  .filter((c) => !c.includes(':'))
const v6Cidrs = Object.values(DATACENTER_RANGES)
  .flat()
  .filter((c) => c.includes(':'))

const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')

t.test(
  'property: any IPv4 inside a listed range is a data-center address (plain and IPv4-mapped)',
  async () => {
    fc.assert(
      fc.property(fc.constantFrom(...v4Cidrs), fc.double({ min: 0, max: 1, noNaN: true }), (cidr, at) => {
        const [addr, bits] = cidr.split('/') as [string, string]
        const size = 2 ** (32 - Number(bits))
        const ip = dotted(parseIPv4(addr) + Math.min(size - 1, Math.floor(at * size)))
        return isDatacenterIp(ip) && isDatacenterIp(`::ffff:${ip}`)
      }),
      { numRuns: 2_000 },
    )
  },
)

t.test('property: any IPv6 inside a listed range is a data-center address', async () => {
  const top = new Uint32Array(2)
  fc.assert(
    fc.property(
      fc.constantFrom(...v6Cidrs),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }),
      (cidr, offset, low) => {
        const [addr, bits] = cidr.split('/') as [string, string]
        parseIPv6Top64(addr, top)
        const base = (BigInt(top[0]!) << 32n) | BigInt(top[1]!)
        const size = 1n << BigInt(64 - Number(bits))
        const value = base + (offset % size)
        const high = [48n, 32n, 16n, 0n].map((s) => Number((value >> s) & 0xffffn))
        const ip = [...high, ...low].map((g) => g.toString(16)).join(':')
        return isDatacenterIp(ip)
      },
    ),
    { numRuns: 2_000 },
  )
})

t.test('property: IPv4 parsing round-trips every address', async () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => parseIPv4(dotted(n)) === n))
})

t.test('property: "::" compression does not change a parsed IPv6 address', async () => {
  const a = new Uint32Array(2)
  const b = new Uint32Array(2)
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }),
      fc.nat(7),
      fc.nat(8),
      (groups, from, length) => {
        const full = groups.map((g) => g.toString(16)).join(':')
        // Zero a run of groups and write it as "::".
        const to = Math.min(8, from + Math.max(1, length))
        const zeroed = groups.map((g, i) => (i >= from && i < to ? 0 : g))
        const compressed = `${zeroed
          .slice(0, from)
          .map((g) => g.toString(16))
          .join(':')}::${zeroed
          .slice(to)
          .map((g) => g.toString(16))
          .join(':')}`
        const expanded = zeroed.map((g) => g.toString(16)).join(':')
        return (
          parseIPv6Top64(full, a) &&
          parseIPv6Top64(compressed, a) &&
          parseIPv6Top64(expanded, b) &&
          a[0] === b[0] &&
          a[1] === b[1]
        )
      },
    ),
  )
})
