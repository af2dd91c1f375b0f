// Outbound POSTs to customer-supplied URLs (webhooks) without server-side request forgery: only https, no
// private, loopback, link-local (cloud metadata), shared or reserved address, checked after DNS resolution,
// and the connection made to the address that was checked, so a DNS answer that changes between the check
// and the connect (rebinding) cannot redirect it. Redirects are never followed; time and reply size are bounded.
import { lookup } from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { CLASS_TEXT, classifyAddress, hostOf, internalHostReason } from '../core/addresses.js'

export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Host name to addresses; injectable so tests never depend on outside DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }))

export interface UrlPolicy {
  /** Allow http: and private/loopback targets (local development and tests only). */
  allowPrivateNetworks: boolean
  resolve?: Resolver
}

type UrlProblem = { code: 'invalid_webhook_url' | 'webhook_url_not_allowed'; reason: string }

export type UrlCheck = { ok: true; url: URL; addresses: ResolvedAddress[] } | ({ ok: false } & UrlProblem)

const MAX_URL_LENGTH = 2048

const invalid = (reason: string): UrlCheck => ({ ok: false, code: 'invalid_webhook_url', reason })
const notAllowed = (reason: string): UrlCheck => ({ ok: false, code: 'webhook_url_not_allowed', reason })

/**
 * Checks a webhook URL as it would be delivered to: syntax and scheme, the host name, and every address it
 * resolves to. Used when an endpoint is saved (to refuse it early) and before each delivery (to pin the address).
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<UrlCheck> {
  if (raw.length > MAX_URL_LENGTH) return invalid(`URL is longer than ${MAX_URL_LENGTH} characters`)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return invalid('not a valid absolute URL')
  }
  const schemes = policy.allowPrivateNetworks ? ['https:', 'http:'] : ['https:']
  if (!schemes.includes(url.protocol)) return invalid(`URL must use ${schemes.join(' or ')}`)
  if (url.username || url.password) return invalid('URL must not contain credentials')
  const host = hostOf(url)
  if (!host) return invalid('URL has no host')

  let addresses: ResolvedAddress[]
  const literal = isIP(host)
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }]
  } else {
    const reason = policy.allowPrivateNetworks ? undefined : internalHostReason(host.toLowerCase())
    if (reason) return notAllowed(reason)
    try {
      addresses = await (policy.resolve ?? systemResolver)(host)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      return invalid(code === 'ENOTFOUND' ? `${host} does not resolve` : `${host} could not be resolved`)
    }
    if (addresses.length === 0) return invalid(`${host} does not resolve`)
  }
  if (!policy.allowPrivateNetworks) {
    for (const { address } of addresses) {
      const kind = classifyAddress(address) ?? 'reserved'
      if (kind !== 'public') {
        return notAllowed(
          literal ? `${host} is ${CLASS_TEXT[kind]}` : `${host} resolves to ${CLASS_TEXT[kind]}`,
        )
      }
    }
  }
  return { ok: true, url, addresses }
}

// ---- The request ----

export interface PostOptions extends UrlPolicy {
  headers: Record<string, string>
  /** The whole exchange: resolution, connect, TLS, reply. */
  timeoutMs?: number
  /** Reply bytes read before the connection is closed. */
  maxResponseBytes?: number
}

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string }

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RESPONSE_BYTES = 4096

/** Connect to `address` whatever the socket's own resolution would return. */
function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }])
    else callback(null, address, family)
  }
}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Status code of the reply; the body is read up to `maxBytes`, then the connection is closed. */
function exchange(
  url: URL,
  address: ResolvedAddress,
  body: string,
  options: PostOptions,
  signal: AbortSignal,
): Promise<number> {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      {
        protocol: url.protocol,
        hostname: hostOf(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        // A fresh connection each time: a pooled socket would skip the per-request address check.
        agent: false,
        lookup: pinnedLookup(address),
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0
        let read = 0
        const done = () => {
          response.destroy()
          resolve(status)
        }
        response.on('data', (chunk: Buffer) => {
          read += chunk.length
          if (read >= maxBytes) done()
        })
        // Once the status line is in, the outcome is known: a reply cut short still counts.
        response.on('end', done)
        response.on('error', done)
        response.on('close', done)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

/** Short, fixed text for a failed exchange: never the peer's reply or a resolved internal address. */
function describeFailure(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs} ms`
  const code = (err as NodeJS.ErrnoException)?.code
  const safe = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'ERROR'
  if (
    safe.startsWith('CERT_') ||
    safe.startsWith('ERR_TLS') ||
    safe.includes('SELF_SIGNED') ||
    safe.includes('VERIFY')
  ) {
    return `TLS error (${safe})`
  }
  return `connection failed (${safe})`
}

/**
 * POSTs `body` (JSON text, sent byte for byte as signed) to a customer URL under the SSRF policy. Never throws:
 * a 2xx reply is success; a refusal, a network error, a timeout, a 3xx (not followed) or any other status is not.
 */
export async function safePostJson(rawUrl: string, body: string, options: PostOptions): Promise<PostOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const check = await withDeadline(checkWebhookUrl(rawUrl, options), signal)
    if (!check.ok) return { ok: false, status: null, error: `${check.code}: ${check.reason}` }
    const status = await exchange(check.url, check.addresses[0]!, body, options, signal)
    if (status >= 200 && status < 300) return { ok: true, status }
    if (status >= 300 && status < 400)
      return { ok: false, status, error: `redirect not followed (HTTP ${status})` }
    return { ok: false, status, error: `HTTP ${status}` }
  } catch (err) {
    return { ok: false, status: null, error: describeFailure(err, signal.aborted, timeoutMs) }
  }
}
