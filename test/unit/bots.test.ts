// Bot classification of clicks (unit, no I/O): user-agent rules and scanner tokens, in-app browsers, the other
// signals (country, timing, rapid repeats), rule order, the effective filter mode, and confirm tokens.
// Data-center address ranges are in bots-datacenter.test.ts.
import fc from 'fast-check'
import t from 'tap'
import {
  BOT_REASONS,
  CONFIRM_TOKEN_TTL_MS,
  classifyClick,
  confirmTokenKey,
  effectiveBotFilterMode,
  normalizeCountry,
  RAPID_REPEAT_WINDOW_MS,
  RECOMMENDED_MIN_MS_AFTER_SEND,
  signConfirmToken,
  userAgentReason,
  verifyConfirmToken,
} from '../../core/bots.js'
import { ISO_COUNTRY_CODES } from '../../core/data/iso-countries.js'
import { RepeatTracker } from '../../ingest/redirect.js'
import { USER_AGENTS } from '../harness/user-agents.js'

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

// --- properties -------------------------------------------------------------------------------------------------

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
