import fc from 'fast-check'
import t from 'tap'
import {
  BOT_REASONS,
  type BotReason,
  CONFIRM_TOKEN_TTL_MS,
  classifyClick,
  compileRanges,
  confirmTokenKey,
  effectiveBotFilterMode,
  inRanges,
  isDatacenterIp,
  normalizeCountry,
  parseIPv4,
  parseIPv6Top64,
  RAPID_REPEAT_WINDOW_MS,
  RECOMMENDED_MIN_MS_AFTER_SEND,
  signConfirmToken,
  userAgentReason,
  verifyConfirmToken,
} from '../../core/bots.js'
import { DATACENTER_RANGES } from '../../core/data/datacenter-ranges.js'
import { ISO_COUNTRY_CODES } from '../../core/data/iso-countries.js'
import { RepeatTracker } from '../../ingest/redirect.js'

/** Real user agents as browsers, apps and fetchers send them, each with the reason it must get ('' = human). */
const USER_AGENTS: Array<[string, BotReason | '', string]> = [
  // People: mobile browsers
  [
    'iPhone Safari (iOS 17)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ],
  [
    'iPhone Safari (iOS 16)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  ],
  [
    'iPad Safari',
    '',
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ],
  [
    'Chrome on iOS',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  ],
  [
    'Firefox on iOS',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
  ],
  [
    'Android Chrome (reduced UA)',
    '',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  ],
  [
    'Android Chrome (Pixel)',
    '',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36',
  ],
  [
    'Samsung Internet 25',
    '',
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  ],
  [
    'Samsung Internet 23',
    '',
    'Mozilla/5.0 (Linux; Android 13; SM-A536U) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  ],
  ['Firefox on Android', '', 'Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0'],
  [
    'Edge on Android',
    '',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 EdgA/126.0.2592.56',
  ],
  [
    'Opera on Android',
    '',
    'Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36 OPR/76.2.4027.73374',
  ],
  [
    'DuckDuckGo on Android',
    '',
    'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.0.0 Mobile DuckDuckGo/5 Safari/537.36',
  ],
  [
    'Huawei Browser',
    '',
    'Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00; HMSCore 6.13.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36',
  ],
  [
    'Android WebView',
    '',
    'Mozilla/5.0 (Linux; Android 13; SM-G991U Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Mobile Safari/537.36',
  ],
  // People: in-app browsers
  [
    'Facebook in-app browser (iOS, FBAN/FBAV)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.38.108;FBBV/577435358;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/579457658]',
  ],
  [
    'Facebook in-app browser (Android, FB_IAB)',
    '',
    'Mozilla/5.0 (Linux; Android 13; SM-S908U Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/457.0.0.41.109;]',
  ],
  [
    'Messenger in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/436.0.0.36.109;FBBV/528574364;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]',
  ],
  [
    'Instagram in-app browser (iOS)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 608766469)',
  ],
  [
    'Instagram in-app browser (Android)',
    '',
    'Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.147 Mobile Safari/537.36 Instagram 335.0.0.39.93 Android (34/14; 480dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US; 605596428)',
  ],
  [
    'TikTok in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en WKWebView/1 BytedanceWebview/d8a21c6',
  ],
  [
    'Snapchat in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/13.0.0.44 (like Safari/8618.2.12.10.5, panda)',
  ],
  [
    'X (Twitter) in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.48',
  ],
  [
    'LinkedIn in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8960',
  ],
  [
    'LINE in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.6.0',
  ],
  [
    'WeChat in-app browser',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/en',
  ],
  [
    'Google app (GSA)',
    '',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/322.0.648915268 Mobile/15E148 Safari/604.1',
  ],
  // People: desktop
  [
    'Chrome on Windows',
    '',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  ],
  [
    'Safari on macOS',
    '',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  ],
  [
    'Avast Secure Browser (a security vendor, but a person)',
    '',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Avast/126.0.25496.127',
  ],
  // Link-preview fetchers
  [
    'iMessage preview',
    'link_preview',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  ],
  [
    'Facebook crawler',
    'link_preview',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  ],
  ['WhatsApp (Android)', 'link_preview', 'WhatsApp/2.23.20.0 A'],
  ['WhatsApp (iOS)', 'link_preview', 'WhatsApp/2.19.175 i'],
  ['Signal (sends "WhatsApp")', 'link_preview', 'WhatsApp'],
  ['Slack unfurler', 'link_preview', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['Slack image proxy', 'link_preview', 'Slack-ImgProxy (+https://api.slack.com/robots)'],
  ['Twitter / X cards', 'link_preview', 'Twitterbot/1.0'],
  ['Telegram', 'link_preview', 'TelegramBot (like TwitterBot)'],
  ['Discord', 'link_preview', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  [
    'Skype / Teams',
    'link_preview',
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
  ],
  [
    'LinkedIn',
    'link_preview',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  ],
  ['Google Messages', 'link_preview', 'GoogleMessages'],
  [
    'Google snippet renderer',
    'link_preview',
    'Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)',
  ],
  [
    'Snapchat preview',
    'link_preview',
    'Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots',
  ],
  // Security scanners
  ['Office link check (Safe Links)', 'security_scanner', 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)'],
  ['Office existence discovery', 'security_scanner', 'Microsoft Office Existence Discovery'],
  ['Barracuda Sentinel', 'security_scanner', 'Barracuda Sentinel (EE)'],
  [
    'Palo Alto Expanse',
    'security_scanner',
    'Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers&#39; presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com',
  ],
  ['Netcraft', 'security_scanner', 'Mozilla/5.0 (compatible; NetcraftSurveyAgent/1.0; +info@netcraft.com)'],
  ['Censys', 'security_scanner', 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)'],
  // Automation and HTTP libraries
  [
    'Headless Chrome',
    'automation',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36',
  ],
  ['curl', 'automation', 'curl/8.4.0'],
  ['python-requests', 'automation', 'python-requests/2.31.0'],
  ['Go net/http', 'automation', 'Go-http-client/1.1'],
  ['OkHttp', 'automation', 'okhttp/4.12.0'],
  ['Wget', 'automation', 'Wget/1.21.4'],
  ['Java HttpURLConnection', 'automation', 'Java/17.0.8'],
  ['Apache HttpClient', 'automation', 'Apache-HttpClient/4.5.14 (Java/17.0.8)'],
  ['axios', 'automation', 'axios/1.6.7'],
  [
    'Android app HTTP stack',
    'automation',
    'Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230901.001)',
  ],
  ['iOS app HTTP stack', 'automation', 'Messages/1 CFNetwork/1410.0.3 Darwin/22.6.0'],
  ['Postman', 'automation', 'PostmanRuntime/7.36.3'],
  ['Scrapy', 'automation', 'Scrapy/2.11.0 (+https://scrapy.org)'],
  // Crawlers isbot knows
  ['Googlebot', 'bot_user_agent', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['Bingbot', 'bot_user_agent', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  [
    'Applebot',
    'bot_user_agent',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  ],
  ['AhrefsBot', 'bot_user_agent', 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)'],
  ['Unknown non-browser agent', 'bot_user_agent', 'Foo'],
  // Nothing at all
  ['Empty', 'empty_user_agent', ''],
  ['Blank', 'empty_user_agent', '   '],
]

/**
 * Scanners whose full user agents vary by version and deployment, by the identifying token vendors and ESP audits
 * report. Each must be recognised wherever the token appears.
 */
const SCANNER_TOKENS = [
  'Proofpoint URL Defense',
  'urldefense.proofpoint.com',
  'Mimecast URL Protect',
  'BitdefenderLinkChecker',
  'Trend Micro Email Security',
  'TMES',
  'CiscoSecureEmail',
  'IronPort',
  'Zscaler',
  'Sophos',
  'Symantec MessageLabs',
  'FortiGuard',
  'safelinks.protection.outlook.com',
]

const ALL_REASONS = new Set<string>(['', ...BOT_REASONS])

t.test('real user agents get their expected reason', async (t) => {
  t.ok(USER_AGENTS.length >= 40, `${USER_AGENTS.length} fixtures`)
  for (const [name, expected, ua] of USER_AGENTS) t.equal(userAgentReason(ua), expected, name)
  t.equal(userAgentReason(undefined), 'empty_user_agent', 'no header at all')
})

t.test('scanner tokens are recognised inside browser-looking and bare user agents', async (t) => {
  for (const token of SCANNER_TOKENS) {
    t.equal(userAgentReason(token), 'security_scanner', token)
    t.equal(
      userAgentReason(`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 ${token}`),
      'security_scanner',
      `${token} in a browser UA`,
    )
  }
})

t.test('in-app browsers are people however the rest of the click looks', async (t) => {
  const inApp = USER_AGENTS.filter(([name]) => /in-app/.test(name))
  t.ok(inApp.length >= 8)
  for (const [name, , ua] of inApp) {
    t.equal(classifyClick({ userAgent: ua, ip: '73.15.22.9', nowMs: 1e12 }), '', name)
  }
})

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

t.test('property: classification never throws and always names a known reason', async () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 300 }),
      fc.oneof(fc.string({ maxLength: 60 }), fc.ipV4(), fc.ipV6()),
      fc.option(fc.string({ maxLength: 3 })),
      fc.option(fc.integer({ min: 0, max: 2e12 })),
      fc.nat(10),
      (userAgent, ip, country, sentAtMs, recentRepeats) => {
        const reason = classifyClick({
          userAgent,
          ip,
          country: normalizeCountry(country ?? undefined),
          blockedCountries: ['RU'],
          nowMs: 1.7e12,
          sentAtMs,
          recentRepeats,
        })
        return ALL_REASONS.has(reason)
      },
    ),
    { numRuns: 3_000 },
  )
})

// --- other signals ------------------------------------------------------------------------------------------------

const IPHONE = USER_AGENTS[0]![2]
const HOME_IP = '73.15.22.9'

t.test('blocked countries come from the trusted header value, upper-cased and validated', async (t) => {
  t.equal(normalizeCountry('ru'), 'RU')
  t.equal(normalizeCountry('XX'), null, 'unknown')
  t.equal(normalizeCountry('T1'), null, 'Tor')
  t.equal(normalizeCountry('ZZ'), null, 'not assigned')
  t.equal(normalizeCountry(['US', 'RU']), null, 'a repeated header is not trusted')
  t.equal(normalizeCountry(undefined), null)
  const click = { userAgent: IPHONE, ip: HOME_IP, nowMs: 1e12, blockedCountries: ['RU', 'NG'] }
  t.equal(classifyClick({ ...click, country: 'RU' }), 'blocked_country')
  t.equal(classifyClick({ ...click, country: 'US' }), '')
  t.equal(classifyClick({ ...click, country: null }), '', 'no country known: not blocked')
  t.equal(ISO_COUNTRY_CODES.size, 250, '249 ISO codes plus XK')
})

t.test('clicks implausibly close to the send are a scanner in the delivery path', async (t) => {
  const sentAtMs = 1_700_000_000_000
  const min = RECOMMENDED_MIN_MS_AFTER_SEND
  const click = { userAgent: IPHONE, ip: HOME_IP, sentAtMs, minMsAfterSend: min }
  t.equal(classifyClick({ ...click, nowMs: sentAtMs + 300 }), 'too_fast_after_send')
  t.equal(classifyClick({ ...click, nowMs: sentAtMs + min - 1 }), 'too_fast_after_send')
  t.equal(classifyClick({ ...click, nowMs: sentAtMs + min }), '')
  t.equal(classifyClick({ ...click, nowMs: sentAtMs + 60_000 }), '')
  const off = { userAgent: IPHONE, ip: HOME_IP, sentAtMs, minMsAfterSend: 0 }
  t.equal(classifyClick({ ...off, nowMs: sentAtMs + 300 }), '', 'threshold 0: a click after the send counts')
  t.equal(classifyClick({ ...off, nowMs: sentAtMs - 1 }), 'too_fast_after_send', 'before the recorded send')
  t.equal(
    classifyClick({ userAgent: IPHONE, ip: HOME_IP, nowMs: sentAtMs, sentAtMs: null, sending: true }),
    'too_fast_after_send',
    'a click while the provider call is still under way',
  )
  t.equal(classifyClick({ userAgent: IPHONE, ip: HOME_IP, nowMs: sentAtMs, sentAtMs: null }), '', 'not sent')
})

t.test('rapid repeats: a double tap is fine, a burst is not', async (t) => {
  const tracker = new RepeatTracker()
  const reasons: string[] = []
  let now = 1_000_000
  for (let i = 0; i < 4; i++) {
    const reason = classifyClick({
      userAgent: IPHONE,
      ip: HOME_IP,
      nowMs: now,
      recentRepeats: tracker.count('code ip', now),
    })
    if (reason === '' || reason === 'rapid_repeat') tracker.add('code ip', now)
    reasons.push(reason)
    now += 500
  }
  t.same(reasons, ['', '', 'rapid_repeat', 'rapid_repeat'])
  t.equal(tracker.count('other ip', now), 0, 'bursts are per key')
  t.equal(tracker.count('code ip', now + RAPID_REPEAT_WINDOW_MS + 1), 0, 'a burst ends after a quiet window')
  // Entries survive exactly as long as the window, across generation swaps.
  const swaps = new RepeatTracker(1_000)
  swaps.add('k', 10_000)
  t.equal(swaps.count('x', 10_900), 0)
  t.equal(swaps.count('k', 11_000), 1, 'still within the window after a swap')
  t.equal(swaps.count('k', 11_001), 0)
  const bounded = new RepeatTracker(60_000, 3)
  for (let i = 0; i < 10; i++) {
    bounded.count(`k${i}`, 1)
    bounded.add(`k${i}`, 1)
  }
  t.equal(bounded.count('k0', 2), 0, 'memory is bounded: old keys are dropped under a flood')
})

t.test('the first matching rule names the reason', async (t) => {
  t.equal(
    classifyClick({
      userAgent: 'facebookexternalhit/1.1',
      ip: '3.5.140.2',
      country: 'RU',
      blockedCountries: ['RU'],
      nowMs: 0,
      sentAtMs: 0,
    }),
    'link_preview',
  )
  t.equal(
    classifyClick({ userAgent: IPHONE, ip: '3.5.140.2', country: 'RU', blockedCountries: ['RU'], nowMs: 0 }),
    'datacenter_ip',
  )
  t.equal(
    classifyClick({
      userAgent: IPHONE,
      ip: HOME_IP,
      country: 'RU',
      blockedCountries: ['RU'],
      nowMs: 0,
      sentAtMs: 0,
    }),
    'blocked_country',
  )
})

t.test('the effective bot-filter mode: offer override, then filter_bots, then the account', async (t) => {
  t.equal(effectiveBotFilterMode('no_filter', true, 'filter'), 'no_filter', 'an explicit offer mode wins')
  t.equal(effectiveBotFilterMode('filter', false, 'no_filter'), 'filter')
  t.equal(effectiveBotFilterMode(null, true, 'no_filter'), 'filter', 'filter_bots means filter')
  t.equal(effectiveBotFilterMode(null, false, 'filter'), 'filter', 'else the account mode')
  t.equal(effectiveBotFilterMode(null, null, 'no_filter'), 'no_filter', 'a link without an offer')
  t.equal(effectiveBotFilterMode(null, null, 'bogus'), 'no_filter', 'an unknown stored value is no_filter')
})

t.test('confirm tokens bind the code, the preview click and the time', async (t) => {
  const key = confirmTokenKey('ab'.repeat(32))
  const now = 1_700_000_000_000
  const token = signConfirmToken(key, 'Abc1234', 'AbC12345xyzXYZ012345', now)
  t.same(verifyConfirmToken(key, 'Abc1234', token, now + 1_000), {
    ok: true,
    previewClickId: 'AbC12345xyzXYZ012345',
    issuedAtMs: now,
  })
  t.same(verifyConfirmToken(key, 'Abc1235', token, now), { ok: false, reason: 'invalid' }, 'another code')
  t.same(
    verifyConfirmToken(confirmTokenKey('cd'.repeat(32)), 'Abc1234', token, now),
    { ok: false, reason: 'invalid' },
    'another secret',
  )
  t.same(
    verifyConfirmToken(key, 'Abc1234', token, now + CONFIRM_TOKEN_TTL_MS + 1_000),
    { ok: false, reason: 'expired' },
    'older than an hour',
  )
  t.same(
    verifyConfirmToken(key, 'Abc1234', token, now - 10 * 60_000),
    { ok: false, reason: 'invalid' },
    'issued in the future',
  )
  for (const bad of ['', 'x', `${token}x`, token.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA')]) {
    t.equal(verifyConfirmToken(key, 'Abc1234', bad, now).ok, false, JSON.stringify(bad))
  }
})

t.test('property: any altered token is refused', async () => {
  const key = confirmTokenKey('ab'.repeat(32))
  const now = 1_700_000_000_000
  const token = signConfirmToken(key, 'Abc1234', 'AbC12345xyzXYZ012345', now)
  fc.assert(
    fc.property(fc.nat(token.length - 1), fc.constantFrom(...'abcXYZ019_-.'), (at, ch) => {
      const altered = token.slice(0, at) + ch + token.slice(at + 1)
      fc.pre(altered !== token)
      return !verifyConfirmToken(key, 'Abc1234', altered, now).ok
    }),
  )
})
