// Abuse throttles: named fixed-window limits counted per client address or per identity (an email, a token). Pure:
// the limits, their configuration syntax and the keys they count under; lib/throttle.ts counts them in Redis.
// Every window is bounded, so an attacker spending a victim's identity budget blocks it only while attacking.
import { createHash } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'
import Type, { type Static } from 'typebox'

const Limit = Type.Object({
  points: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  seconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
})
export type ThrottleLimit = Static<typeof Limit>

/** Every named limit: `points` attempts per `seconds`-long window. */
export const ThrottleLimits = Type.Object({
  /** Password-reset requests from one client address. */
  password_reset_ip: Limit,
  /** Password-reset requests for one email, known or not (so the answer tells nothing about the email). */
  password_reset_email: Limit,
  /** Password-reset confirmations from one client address. */
  reset_confirm_ip: Limit,
  /** Confirmations with one reset token. */
  reset_confirm_token: Limit,
  /** Invitation previews and accepts from one client address. */
  invitation_accept_ip: Limit,
  /** Previews and accepts of one invitation token. */
  invitation_accept_token: Limit,
  /** Requests with an API key that matches no key, from one client address; then every request from it is 429. */
  api_key_failure_ip: Limit,
  /** Failed sign-ins (wrong password or two-factor code) from one client address; a success is not counted. */
  sign_in_ip: Limit,
  /**
   * Failed sign-ins for one email, known or not; also a signed-in user's failed password checks (changing the
   * password, turning two-factor off), counted per user.
   */
  sign_in_email: Limit,
})
export type ThrottleLimits = Static<typeof ThrottleLimits>
export type ThrottleName = keyof ThrottleLimits

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  password_reset_ip: { points: 20, seconds: 900 },
  password_reset_email: { points: 3, seconds: 3600 },
  reset_confirm_ip: { points: 20, seconds: 900 },
  reset_confirm_token: { points: 5, seconds: 900 },
  invitation_accept_ip: { points: 30, seconds: 900 },
  invitation_accept_token: { points: 10, seconds: 900 },
  api_key_failure_ip: { points: 30, seconds: 300 },
  sign_in_ip: { points: 30, seconds: 900 },
  sign_in_email: { points: 10, seconds: 900 },
}

const isThrottleName = (name: string): name is ThrottleName => Object.hasOwn(DEFAULT_THROTTLE_LIMITS, name)

/**
 * THROTTLE_LIMITS: comma-separated `name=points/seconds` overriding the defaults, e.g.
 * `password_reset_email=3/3600,api_key_failure_ip=50/300`. Throws RangeError naming the bad entry.
 */
export function parseThrottleLimits(raw: string | undefined): ThrottleLimits {
  const limits = { ...DEFAULT_THROTTLE_LIMITS }
  for (const entry of (raw ?? '').split(',')) {
    const text = entry.trim()
    if (text === '') continue
    const match = /^([a-z_]+)=(\d{1,7})\/(\d{1,5})$/.exec(text)
    if (!match) throw new RangeError(`"${text}" is not name=points/seconds`)
    const [, name, points, seconds] = match as unknown as [string, string, string, string]
    if (!isThrottleName(name)) throw new RangeError(`"${name}" is not a throttle limit`)
    limits[name] = { points: Number(points), seconds: Number(seconds) }
  }
  return limits
}

/** Whole seconds for a Retry-After header: rounded up, at least 1. */
export const retryAfterSeconds = (msBeforeNext: number): number => Math.max(1, Math.ceil(msBeforeNext / 1000))

/**
 * The key a client address is counted under. An IPv6 client controls at least its /64, so it counts as one; an
 * IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function clientAddressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === '' ? [] : tail.split(':')
  // An embedded IPv4 tail is two groups; only the first four groups matter here.
  const tailCount = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0)
  const groups = ip.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailCount).fill('0'), ...tailGroups]
    : headGroups
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/**
 * The key an identity (an email, a token) is counted under: a hash, so Redis never holds the identity itself, and
 * one shape whether or not the identity exists.
 */
export function identityKey(identity: string): string {
  return createHash('sha256').update(identity).digest('base64url').slice(0, 32)
}
