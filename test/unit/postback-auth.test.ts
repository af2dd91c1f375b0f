import { BlockList } from 'node:net'
import fc from 'fast-check'
import t from 'tap'
import {
  allowlistMatcher,
  checkPostbackSecret,
  cidrContains,
  formatCidr,
  formatIp,
  MAX_ALLOWLIST_ENTRIES,
  newPostbackSecret,
  parseAllowlist,
  parseCidr,
  parseIp,
  secretMatches,
} from '../../core/postback-auth.js'

const text = (ip: string) => {
  const parsed = parseIp(ip)
  return parsed ? `v${parsed.version} ${formatIp(parsed)}` : null
}

t.test('addresses: IPv4 and IPv6 in every textual form, IPv4-mapped as IPv4', async (t) => {
  t.equal(text('203.0.113.7'), 'v4 203.0.113.7')
  t.equal(text(' 10.0.0.1 '), 'v4 10.0.0.1', 'surrounding space is ignored')
  t.equal(text('2001:DB8:0:0:0:0:0:1'), 'v6 2001:db8::1')
  t.equal(text('::1'), 'v6 ::1')
  t.equal(text('::'), 'v6 ::')
  t.equal(text('fe80::1%eth0'), 'v6 fe80::1', 'a zone id is ignored')
  t.equal(text('2001:db8:0:1:1:1:1:1'), 'v6 2001:db8:0:1:1:1:1:1', 'a single zero word is not compressed')
  t.equal(text('2001:0:0:1:0:0:0:1'), 'v6 2001:0:0:1::1', 'the longest zero run is compressed')
  t.equal(text('::ffff:192.0.2.128'), 'v4 192.0.2.128', 'IPv4-mapped (dotted) is the IPv4 address')
  t.equal(text('::FFFF:c000:0280'), 'v4 192.0.2.128', 'IPv4-mapped (hex) too')
  t.equal(text('64:ff9b::192.0.2.1'), 'v6 64:ff9b::c000:201', 'other embedded IPv4 stays IPv6')
  for (const bad of [
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.-4',
    '0x7f.0.0.1',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7',
    '::1.2.3',
    '1.2.3.4::',
    'localhost',
  ]) {
    t.equal(parseIp(bad), null, `"${bad}" is not an address`)
  }
})

t.test('ranges: canonical form, host bits cleared, IPv4-mapped ranges are IPv4 ranges', async (t) => {
  const canon = (s: string) => {
    const c = parseCidr(s)
    return c ? formatCidr(c) : null
  }
  t.equal(canon('10.1.2.3/8'), '10.0.0.0/8')
  t.equal(canon('10.1.2.3/32'), '10.1.2.3')
  t.equal(canon('10.1.2.3'), '10.1.2.3')
  t.equal(canon('0.0.0.0/0'), '0.0.0.0/0')
  t.equal(canon('2001:db8:abcd::1/48'), '2001:db8:abcd::/48')
  t.equal(canon('2001:db8::1/128'), '2001:db8::1')
  t.equal(canon('::ffff:192.0.2.0/120'), '192.0.2.0/24')
  t.equal(canon('::ffff:0:0/96'), '0.0.0.0/0')
  for (const bad of [
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/08',
    '::/129',
    '/8',
    'fe80::1%eth0',
    '10.0.0.0/-1',
  ]) {
    t.equal(parseCidr(bad), null, `"${bad}" is not a range`)
  }
})

t.test('matching IPv4, IPv6 and IPv4-mapped IPv6 clients', async (t) => {
  const allowed = allowlistMatcher(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'])
  t.ok(allowed('203.0.113.99'))
  t.ok(allowed('::ffff:203.0.113.99'), 'a dual-stack socket’s view of an IPv4 client matches its IPv4 range')
  t.ok(allowed('198.51.100.7'))
  t.notOk(allowed('198.51.100.8'))
  t.ok(allowed('2001:db8:1234::5'))
  t.notOk(allowed('2001:db9::5'))
  t.notOk(allowed('203.0.114.1'))
  t.notOk(allowed('not-an-ip'), 'an unreadable address is never allowed')
  t.ok(allowlistMatcher([])('198.18.0.1'), 'an empty list allows everyone')
  t.ok(allowlistMatcher(['::/0'])('192.0.2.1'), '::/0 holds the IPv4-mapped space, so IPv4 too')
  t.notOk(allowlistMatcher(['0.0.0.0/0'])('2001:db8::1'), 'an IPv4 range never holds an IPv6 client')
  t.ok(allowlistMatcher(['::ffff:10.0.0.0/104'])('10.9.9.9'), 'an IPv4-mapped range matches IPv4 clients')
})

t.test('allow-lists are validated, canonical and deduplicated', async (t) => {
  t.same(parseAllowlist([' 10.0.0.1 ', '10.0.0.0/8', '10.9.9.9/8', '2001:DB8::/32']), {
    ok: true,
    value: ['10.0.0.1', '10.0.0.0/8', '2001:db8::/32'],
  })
  t.same(parseAllowlist([]), { ok: true, value: [] })
  const bad = parseAllowlist(['10.0.0.0/8', 'example.com'])
  t.same(bad.ok ? null : [bad.index, bad.entry], [1, 'example.com'])
  const many = parseAllowlist(Array.from({ length: MAX_ALLOWLIST_ENTRIES + 1 }, (_, i) => `10.0.${i}.1`))
  t.equal(many.ok, false, 'too many entries')
})

t.test('secrets compare exactly and in constant time', async (t) => {
  const secret = newPostbackSecret()
  t.match(secret, /^[A-Za-z0-9]{40}$/)
  t.not(newPostbackSecret(), secret)
  t.ok(secretMatches(secret, secret))
  t.notOk(secretMatches(secret, undefined))
  t.notOk(secretMatches(secret, ''))
  t.notOk(secretMatches(secret, `${secret}x`))
  t.notOk(secretMatches(secret, secret.slice(0, -1)))
  t.notOk(
    secretMatches(secret, secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase()),
  )
  t.notOk(secretMatches('', ''), 'an unreadable stored secret (empty) matches nothing')
  fc.assert(fc.property(fc.string(), fc.string(), (a, b) => secretMatches(a, b) === (a === b && a !== '')))
})

t.test('a postback goes without its secret only when the owner allowed it; a wrong one never', async (t) => {
  const secret = newPostbackSecret()
  t.equal(checkPostbackSecret(secret, false, secret), 'ok')
  t.equal(checkPostbackSecret(secret, false, undefined), 'missing_postback_secret')
  t.equal(checkPostbackSecret(secret, false, ''), 'missing_postback_secret', 'an empty macro is no secret')
  t.equal(checkPostbackSecret(secret, true, undefined), 'ok', 'unsigned, explicitly allowed')
  t.equal(
    checkPostbackSecret(secret, true, `${secret}x`),
    'invalid_postback_secret',
    'wrong, even when allowed',
  )
  t.equal(
    checkPostbackSecret(null, false, 'anything'),
    'invalid_postback_secret',
    'no secret yet: none matches',
  )
  t.equal(checkPostbackSecret(null, false, undefined), 'missing_postback_secret')
  t.equal(checkPostbackSecret('', true, ''), 'ok', 'an unreadable secret still lets allowed unsigned ones in')
  fc.assert(
    fc.property(
      fc.option(fc.string(), { nil: null }),
      fc.boolean(),
      fc.option(fc.string(), { nil: undefined }),
      (expected, allow, presented) => {
        const result = checkPostbackSecret(expected, allow, presented)
        if (presented === undefined || presented === '') {
          return result === (allow ? 'ok' : 'missing_postback_secret')
        }
        return (
          result ===
          (expected !== null && expected !== '' && expected === presented ? 'ok' : 'invalid_postback_secret')
        )
      },
    ),
  )
})

// Node's BlockList is an independent implementation of the same matching, IPv4-mapped clients included.
t.test('property: matching agrees with node:net BlockList', async () => {
  const v4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 }))
  const v6 = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 }))
  const client = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4().map((ip) => `::ffff:${ip}`),
  )
  fc.assert(
    fc.property(fc.oneof(v4, v6), client, ([address, prefix], ip) => {
      const range = parseCidr(`${address}/${prefix}`)
      if (!range) return false
      const list = new BlockList()
      // BlockList takes the range as written; ranges inside ::ffff:0:0/96 are compared by us as IPv4.
      const network = formatIp({ version: range.version, value: range.network })
      list.addSubnet(network, range.prefix, range.version === 4 ? 'ipv4' : 'ipv6')
      const parsed = parseIp(ip)!
      const expected = list.check(formatIp(parsed), parsed.version === 4 ? 'ipv4' : 'ipv6')
      return (
        cidrContains(range, parsed) === expected && allowlistMatcher([formatCidr(range)])(ip) === expected
      )
    }),
    { numRuns: 2000 },
  )
})

t.test('property: every address lies in its own ranges and formats canonically', async () => {
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.nat({ max: 128 }), (ip, n) => {
      const parsed = parseIp(ip)
      if (!parsed) return false
      const bits = parsed.version === 4 ? 32 : 128
      const range = parseCidr(`${formatIp(parsed)}/${n % (bits + 1)}`)
      return (
        range !== null && cidrContains(range, parsed) && parseIp(formatIp(parsed))?.value === parsed.value
      )
    }),
    { numRuns: 2000 },
  )
  // The WHATWG URL parser serialises IPv6 hosts per RFC 5952, as we do.
  fc.assert(
    fc.property(fc.ipV6(), (ip) => {
      const parsed = parseIp(ip)!
      if (parsed.version === 4) return true
      return `[${formatIp(parsed)}]` === new URL(`http://[${ip}]/`).hostname
    }),
    { numRuns: 2000 },
  )
})
