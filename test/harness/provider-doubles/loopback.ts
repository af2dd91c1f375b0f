// What the doubles share: a loopback server recording each request, forced behaviours, a webhook poster.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Behaviour, PostResult, RecordedRequest } from './types.js'

export interface Reply {
  status: number
  contentType: string
  body: string
  /** Answer only after this many ms (the `slow` behaviour). */
  delayMs?: number
}

export const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
})
export const plain = (status: number, body: string): Reply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body,
})

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

const DEFAULT_SLOW_MS = 2_000

/** Forced behaviours by E.164 recipient. */
export function behaviours() {
  const map = new Map<string, { behaviour: Behaviour; delayMs: number }>()
  return {
    set(to: string, behaviour: Behaviour, options?: { delayMs?: number }) {
      map.set(to, { behaviour, delayMs: options?.delayMs ?? DEFAULT_SLOW_MS })
    },
    get: (to: string) => map.get(to),
  }
}

function record(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string): RecordedRequest {
  const url = new URL(rawUrl, 'http://double.invalid')
  const type = String(headers['content-type'] ?? '')
  let parsed: unknown
  if (type.startsWith('application/json')) {
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = undefined
    }
  }
  return {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    form: type.startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(body))
      : {},
    json: parsed,
  }
}

/** One loopback server answering each request with what `handle` decides. */
export async function serve(
  handle: (request: RecordedRequest) => Reply,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const reply = handle(
        record(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString()),
      )
      const answer = () => {
        res.writeHead(reply.status, { 'content-type': reply.contentType })
        res.end(reply.body)
      }
      if (!reply.delayMs) return answer()
      const timer = setTimeout(() => {
        timers.delete(timer)
        answer()
      }, reply.delayMs)
      timers.add(timer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Posts webhooks and remembers the last one, for `repeatLast`. */
export function poster() {
  let last: { url: string; headers: Record<string, string>; body: string } | undefined
  const send = async (url: string, headers: Record<string, string>, body: string): Promise<PostResult> => {
    last = { url, headers, body }
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) })
    return { status: res.status, body: await res.text() }
  }
  return {
    post: (url: string, contentType: string, body: string, headers: Record<string, string> = {}) =>
      send(url, { 'content-type': contentType, ...headers }, body),
    repeatLast: () => {
      if (!last) throw new Error('nothing was posted yet')
      return send(last.url, last.headers, last.body)
    },
  }
}

export const digits = (e164: string): string => e164.replace(/^\+/, '')
export const FORM = 'application/x-www-form-urlencoded'

/** Twilio refuses callback URLs that are not http(s) or have an underscore in the host name. */
export function callbackUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hostname.includes('_')
  } catch {
    return false
  }
}
