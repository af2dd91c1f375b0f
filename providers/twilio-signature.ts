// Twilio's X-Twilio-Signature (reference/wire-formats §1, after twilio-node src/webhooks/webhooks.ts):
// base64(HMAC-SHA1(authToken, url + each sorted key followed by its value)). Pure functions, no I/O.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** Form parameters as received; a key sent several times has all its values. */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>

/** A JSON webhook: the URL carries `bodySHA256`, the signature covers the URL alone. */
export interface TwilioJsonBody {
  rawBody: Buffer
}

/**
 * The URL as Twilio's helper signs it: WHATWG-normalised (so `'` and `%27` in a query sign alike), except that
 * an explicitly written default port (`:443`, `:80`) is kept — Twilio signs with it on some requests.
 */
function canonicalUrl(url: string): string {
  const parsed = new URL(url)
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? ''
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1)
  const explicitDefaultPort = parsed.port === '' && /:\d+$/.test(hostPart)
  return explicitDefaultPort ? withPort(parsed) : parsed.toString()
}

const DEFAULT_PORT: Record<string, string> = { 'https:': '443', 'http:': '80' }

/** The URL with its port written out, the scheme's default when it has none. */
function withPort(url: URL): string {
  const port = url.port || DEFAULT_PORT[url.protocol] || ''
  const credentials =
    url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''
  return `${url.protocol}//${credentials}${url.hostname}${port ? `:${port}` : ''}${url.pathname}${url.search}${url.hash}`
}

function withoutPort(url: URL): string {
  const copy = new URL(url.toString())
  copy.port = ''
  return copy.toString()
}

function signData(authToken: string, data: string): string {
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64')
}

function paramsData(params: TwilioParams): string {
  let data = ''
  // Plain code-unit order, as Object.keys(...).sort() in Twilio's helper.
  for (const key of Object.keys(params).sort()) {
    const value = params[key]!
    if (typeof value === 'string') data += key + value
    else for (const v of [...new Set(value)].sort()) data += key + v
  }
  return data
}

/** The signature Twilio sends for a request to `url` with form `params` (pass `{}` for GET and JSON bodies). */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  return signData(authToken, canonicalUrl(url) + paramsData(params))
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const isJsonBody = (body: TwilioParams | TwilioJsonBody): body is TwilioJsonBody =>
  Buffer.isBuffer((body as { rawBody?: unknown }).rawBody)

/**
 * True when `signatureHeader` is Twilio's signature of this request. The URL is checked both with and without
 * its port, as Twilio's own helper does. For a JSON body the URL must carry `bodySHA256` = hex sha256 of the raw
 * body, and the signature covers the URL with no parameters.
 */
export function validateTwilioRequest(
  authToken: string,
  signatureHeader: string | undefined,
  url: string,
  body: TwilioParams | TwilioJsonBody,
): boolean {
  if (!authToken || !signatureHeader) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  let data: string
  let bodyMatches = true
  if (isJsonBody(body)) {
    const expectedHash = createHash('sha256').update(body.rawBody).digest('hex')
    bodyMatches = sameText(parsed.searchParams.get('bodySHA256') ?? '', expectedHash)
    data = ''
  } else {
    data = paramsData(body)
  }
  // Both candidates are always computed and compared, so the timing does not tell which one matched.
  const matchWithout = sameText(signatureHeader, signData(authToken, withoutPort(parsed) + data))
  const matchWith = sameText(signatureHeader, signData(authToken, withPort(parsed) + data))
  return (matchWithout || matchWith) && bodyMatches
}
