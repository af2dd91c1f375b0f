// Real traffic for the dashboard's tests (messages sent on the simulator, clicks over HTTP through ingest,
// conversion postbacks, replies through the provider webhook) and a server-sent-events reader over fetch.
import type pg from 'pg'
import { sendingContexts } from '../../services/dispatch.js'
import type { TrackedMessage } from '../../services/messages.js'
import { dispatchQueue, eventually, type Fixture, type Teardown, type TestPlatform } from './platform.js'

export const BROWSER_UA =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
export const PREVIEW_UA = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'

export interface SseEvent {
  id: string | undefined
  event: string
  data: string
  /** performance.now() when the frame was read. */
  receivedAt: number
}

export interface SseConnection {
  status: number
  headers: Headers
  /** Error body when the status is not 200. */
  body: unknown
  events: SseEvent[]
  /** Comment lines seen (heartbeats, the opening comment). */
  comments: string[]
  /** Resolves when a frame matching `match` has arrived (already or later). */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>
  close(): void
  closed: Promise<void>
}

/** Opens an SSE stream with fetch and parses frames as they arrive (the EventSource rules, minus reconnecting). */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  const abort = new AbortController()
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
  const events: SseEvent[] = []
  const comments: string[] = []
  const waiters = new Set<() => void>()
  const notify = () => {
    for (const w of waiters) w()
  }
  let body: unknown
  let closed: Promise<void> = Promise.resolve()
  if (res.status !== 200 || !res.body) {
    body = await res.json().catch(() => undefined)
  } else {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    closed = (async () => {
      let buffer = ''
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffer += value
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, cut)
            buffer = buffer.slice(cut + 2)
            const frame: SseEvent = {
              id: undefined,
              event: 'message',
              data: '',
              receivedAt: performance.now(),
            }
            const data: string[] = []
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim())
              else if (line.startsWith('id: ')) frame.id = line.slice(4)
              else if (line.startsWith('event: ')) frame.event = line.slice(7)
              else if (line.startsWith('data: ')) data.push(line.slice(6))
            }
            if (data.length > 0) {
              frame.data = data.join('\n')
              events.push(frame)
            }
          }
          notify()
        }
      } catch {
        // aborted by close()
      }
      notify()
    })()
  }
  return {
    status: res.status,
    headers: res.headers,
    body,
    events,
    comments,
    closed,
    close: () => abort.abort(),
    waitFor(match, timeoutMs = 20_000) {
      const found = events.find(match)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no matching SSE event within ${timeoutMs} ms (${events.length} events)`))
        }, timeoutMs)
        const check = () => {
          const hit = events.find(match)
          if (hit) {
            clearTimeout(timer)
            waiters.delete(check)
            resolve(hit)
          }
        }
        waiters.add(check)
      })
    },
  }
}

/** Sending, clicking, converting and replying for one fixture account, over the real services. */
export async function trafficFor(t: Teardown, platform: TestPlatform, fixture: Fixture, pool: pg.Pool) {
  const queue = dispatchQueue(t, platform)
  const contexts = await sendingContexts(pool, [fixture.listId], {
    secretKey: platform.config.secretKey,
    webhookBaseUrl: platform.ingestUrl,
  })
  const inboundUrl = contexts.get(fixture.listId)!.statusUrl.replace('/status?', '/inbound?')
  let seq = 0
  let phones = 0
  // Distinct numbers per account (exchange 2xx-9xx, valid in the numbering plan), so no duplicate guard applies.
  const phone = () =>
    `+1201${String(2_000_000 + Math.floor(Math.random() * 1_000) * 1_000 + (phones++ % 1_000))}`
  return {
    /** Creates `n` messages to distinct numbers and waits until each is sent. */
    send(n: number): Promise<TrackedMessage[]> {
      return this.sendTo(Array.from({ length: n }, phone))
    },
    /** Creates one message to each number and waits until each is sent (or dropped). */
    async sendTo(phones: readonly string[]): Promise<TrackedMessage[]> {
      const messages: TrackedMessage[] = []
      for (const to of phones) messages.push(await fixture.createMessage(to))
      const ids = messages.map((m) => m.messageId)
      for (let i = 0; i < ids.length; i += 100) await queue.add('send', { messageIds: ids.slice(i, i + 100) })
      await eventually(
        async () => {
          const { rows } = await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM messages
              WHERE id = ANY($1::text[]) AND (sent_at IS NOT NULL OR status = 'dropped')`,
            [ids],
          )
          return rows[0]!.n === ids.length ? true : undefined
        },
        60_000,
        `${ids.length} messages sent`,
      )
      return messages
    },
    /** A number no message of this helper went to yet. */
    phone,
    /** Follows a message's link as a browser (or a previewer); answers the status and the click id sent on. */
    async click(
      message: TrackedMessage,
      userAgent = BROWSER_UA,
    ): Promise<{ status: number; clickId: string | null }> {
      const res = await fetch(`${platform.ingestUrl}/${message.links[0]!.code}`, {
        redirect: 'manual',
        headers: { 'user-agent': userAgent },
      })
      await res.arrayBuffer()
      const location = res.headers.get('location')
      return { status: res.status, clickId: location ? new URL(location).searchParams.get('sub1') : null }
    },
    /** An Everflow postback for a click id. */
    async convert(clickId: string, payout: number): Promise<number> {
      const res = await fetch(
        `${platform.ingestUrl}/api/postbacks/everflow?click_id=${clickId}&payout=${payout}&transaction_id=tx-${clickId}&postback_secret=${fixture.postbackSecret}`,
      )
      await res.arrayBuffer()
      return res.status
    },
    /** A reply from `from` to the fixture's list number, through the simulator's inbound webhook. */
    async reply(from: string, text: string): Promise<number> {
      const res = await fetch(inboundUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `mo${Date.now()}${seq++}`,
          from,
          to: '+18005550199',
          text,
          received_at: new Date().toISOString(),
        }),
      })
      await res.arrayBuffer()
      return res.status
    },
  }
}
