// Demo traffic for a newcomer's first run: messages from the demo creative, dispatched through the real queue,
// then clicks and conversions over real HTTP against ingest, so the reports have something to show; and, for a
// few minutes after each start, a trickle of the same (and replies) so the dashboard's overview moves live.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import { decryptSecret } from '../core/crypto.js'
import type { DispatchJob } from '../lib/queues.js'
import { sendingContexts } from './dispatch.js'
import { createTrackedMessage } from './messages.js'
import { DEMO_EMAIL, type DemoAccount } from './seed.js'

/** What the traffic needs of the demo account. */
export type DemoTarget = Pick<
  DemoAccount,
  'accountId' | 'postbackSecret' | 'listId' | 'offerId' | 'creativeId'
>

const BROWSER_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const PREVIEW_UA = 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'

export interface DemoTrafficResult {
  messageIds: string[]
  clicks: number
  conversions: number
}

export async function runDemoTraffic(opts: {
  pool: pg.Pool
  queue: Queue<DispatchJob>
  demo: DemoTarget
  linkBaseUrl: string
  ingestUrl: string
  log: Logger
  count?: number
}): Promise<DemoTrafficResult> {
  const { pool, demo } = opts
  const count = opts.count ?? 25
  const messages = []
  for (let i = 0; i < count; i++) {
    messages.push(
      await createTrackedMessage(pool, {
        accountId: demo.accountId,
        listId: demo.listId,
        // 555-01XX numbers are reserved for fiction.
        to: `+1201555${String(100 + i).padStart(4, '0')}`,
        body: 'Summer sale is on! 40% off today only: {{link1}}',
        links: { link1: { offerId: demo.offerId } },
        linkBaseUrl: opts.linkBaseUrl,
        creativeId: demo.creativeId,
      }),
    )
  }
  const messageIds = messages.map((m) => m.messageId)
  await opts.queue.add('demo', { messageIds })
  // People read a message before they tap its link: clicks in the first seconds after a send are scanners'.
  await sentAndRead(pool, messageIds)

  let clicks = 0
  let conversions = 0
  for (const [i, message] of messages.entries()) {
    if (i % 5 === 4) continue // some recipients never click
    const code = message.links[0]!.code
    if (i % 7 === 0) await follow(`${opts.ingestUrl}/${code}`, PREVIEW_UA) // a link preview fetcher first
    const location = await follow(`${opts.ingestUrl}/${code}`, BROWSER_UA)
    clicks++
    if (i % 3 === 0) await follow(`${opts.ingestUrl}/${code}`, BROWSER_UA) // a second click by the same person
    const clickId = location ? new URL(location).searchParams.get('sub1') : null
    if (clickId && i % 4 === 0) {
      const res = await fetch(
        `${opts.ingestUrl}/api/postbacks/everflow?click_id=${clickId}&payout=12.50&transaction_id=demo-${message.messageId}&postback_secret=${demo.postbackSecret}`,
      )
      if (res.ok) conversions++
    }
  }
  opts.log.info({ messages: count, clicks, conversions }, 'demo traffic sent')
  return { messageIds, clicks, conversions }
}

async function follow(url: string, userAgent: string): Promise<string | null> {
  const res = await fetch(url, { redirect: 'manual', headers: { 'user-agent': userAgent } })
  await res.arrayBuffer()
  return res.headers.get('location')
}

/** Waits until the messages are sent (at most 30 s), then as long as a person takes to read one. */
async function sentAndRead(pool: pg.Pool, messageIds: string[]): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM messages WHERE id = ANY($1::text[]) AND status = 'queued'`,
      [messageIds],
    )
    if (rows[0]!.pending === 0) break
    await new Promise((r) => setTimeout(r, 250))
  }
  await new Promise((r) => setTimeout(r, 2_500))
}

/** The demo account seeded on an earlier start, if there is one. */
export async function findDemo(pool: pg.Pool, secretKey: string): Promise<DemoTarget | null> {
  const { rows } = await pool.query<{
    id: string
    secret: string | null
    list_id: number | null
    offer_id: string | null
    creative_id: number | null
  }>(
    `SELECT a.id, a.postback_secret_enc AS secret,
            (SELECT id FROM sending_lists WHERE account_id = a.id AND provider = 'simulator' ORDER BY id LIMIT 1) AS list_id,
            (SELECT id FROM offers WHERE account_id = a.id AND status <> 'archived' ORDER BY created_at LIMIT 1) AS offer_id,
            (SELECT id FROM creatives WHERE account_id = a.id AND creative_type <> 'automated' ORDER BY id LIMIT 1)
              AS creative_id
       FROM accounts a WHERE a.owner_email = $1 AND a.status = 'active' LIMIT 1`,
    [DEMO_EMAIL],
  )
  const r = rows[0]
  if (!r?.secret || r.list_id === null || r.offer_id === null || r.creative_id === null) return null
  return {
    accountId: r.id,
    postbackSecret: decryptSecret(r.secret, secretKey),
    listId: r.list_id,
    offerId: r.offer_id,
    creativeId: r.creative_id,
  }
}

export interface LiveDemoOptions {
  pool: pg.Pool
  queue: Queue<DispatchJob>
  demo: DemoTarget
  linkBaseUrl: string
  ingestUrl: string
  secretKey: string
  log: Logger
  /** How long it keeps going (default 5 minutes). */
  durationMs?: number
  /** Time between two messages (default 4 s, jittered). */
  intervalMs?: number
  /** Time a recipient takes to read a message before acting on it (default 2–8 s). */
  readMs?: () => number
  random?: () => number
}

export interface LiveDemo {
  /** Resolves when it has finished (its time is up, or stop() was called) and nothing it started is pending. */
  done: Promise<LiveDemoCounts>
  stop(): Promise<LiveDemoCounts>
}

export interface LiveDemoCounts {
  messages: number
  clicks: number
  bots: number
  conversions: number
  replies: number
}

/** Area codes whose 555-01XX numbers are reserved for fiction: the live demo never texts a real person. */
const AREA_CODES = ['201', '212', '213', '305', '312', '415', '503', '617', '702', '718', '805', '917']
const REPLIES = ['Thanks!', 'who is this?', 'HELP', 'Yes', 'STOP', 'Liked “Summer sale”', 'stop texting me']

/**
 * A gentle trickle of demo traffic for a few minutes: a message every few seconds, most of them clicked (a link
 * previewer now and then), some converting and some answered, all through the real queue, ingest and webhooks.
 */
export function startLiveDemo(opts: LiveDemoOptions): LiveDemo {
  const random = opts.random ?? Math.random
  const durationMs = opts.durationMs ?? 5 * 60_000
  const intervalMs = opts.intervalMs ?? 4_000
  const readMs = opts.readMs ?? (() => 2_000 + random() * 6_000)
  const counts: LiveDemoCounts = { messages: 0, clicks: 0, bots: 0, conversions: 0, replies: 0 }
  const pending = new Set<Promise<unknown>>()
  const timers = new Set<NodeJS.Timeout>()
  const endsAt = Date.now() + durationMs
  let stopped = false
  let inbound: Promise<{ url: string; listNumber: string } | null> | undefined

  /** Runs `fn` after `ms`, tracked, so the demo finishes only once all it started has happened. */
  const later = (ms: number, fn: () => Promise<unknown>) => {
    if (stopped) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (stopped) return
      const work = fn().catch((err) => opts.log.debug({ err: (err as Error).message }, 'demo step failed'))
      pending.add(work)
      void work.finally(() => pending.delete(work))
    }, ms)
    timers.add(timer)
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const number = () => `+1${pick(AREA_CODES)}55501${String(Math.floor(random() * 100)).padStart(2, '0')}`

  /** A reply from `from`, posted to the list's inbound webhook as the simulator provider does. */
  const reply = async (from: string) => {
    inbound ??= sendingContexts(opts.pool, [opts.demo.listId], {
      secretKey: opts.secretKey,
      webhookBaseUrl: opts.ingestUrl,
    }).then((contexts) => {
      const c = contexts.get(opts.demo.listId)
      return c ? { url: c.statusUrl.replace('/status?', '/inbound?'), listNumber: c.phoneNumber } : null
    })
    const target = await inbound
    if (!target) return
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `demo${Date.now()}${Math.floor(random() * 1e6)}`,
        from,
        to: target.listNumber,
        text: pick(REPLIES),
        received_at: new Date().toISOString(),
      }),
    })
    await res.arrayBuffer()
    if (res.ok) counts.replies++
  }

  const click = async (code: string, messageId: string) => {
    if (random() < 0.15) {
      await follow(`${opts.ingestUrl}/${code}`, PREVIEW_UA)
      counts.bots++
    }
    const location = await follow(`${opts.ingestUrl}/${code}`, BROWSER_UA)
    counts.clicks++
    const clickId = location ? new URL(location).searchParams.get('sub1') : null
    if (!clickId || random() >= 0.35) return
    later(readMs(), async () => {
      const res = await fetch(
        `${opts.ingestUrl}/api/postbacks/everflow?click_id=${clickId}&payout=12.50&transaction_id=live-${messageId}&postback_secret=${opts.demo.postbackSecret}`,
      )
      await res.arrayBuffer()
      if (res.ok) counts.conversions++
    })
  }

  const send = async () => {
    const to = number()
    const message = await createTrackedMessage(opts.pool, {
      accountId: opts.demo.accountId,
      listId: opts.demo.listId,
      to,
      body: 'Summer sale is on! 40% off today only: {{link1}}',
      links: { link1: { offerId: opts.demo.offerId } },
      linkBaseUrl: opts.linkBaseUrl,
      creativeId: opts.demo.creativeId,
    })
    await opts.queue.add('demo', { messageIds: [message.messageId] })
    counts.messages++
    // Three in four recipients click after reading; some of the others (and a few clickers) write back.
    const clicks = random() < 0.75
    if (clicks) later(readMs(), () => click(message.links[0]!.code, message.messageId))
    if (!clicks || random() < 0.12) later(readMs() * 1.5, () => reply(to))
  }

  let finish: (counts: LiveDemoCounts) => void = () => {}
  const done = new Promise<LiveDemoCounts>((resolve) => {
    finish = resolve
  })
  const idle = () => timers.size === 0 && pending.size === 0
  const loop = () => {
    if (stopped) return
    if (Date.now() < endsAt) {
      later(0, send)
      later(intervalMs * (0.5 + random()), async () => loop())
      return
    }
    // Time is up: what was already started (clicks, conversions, replies) still happens, then it finishes.
    const wait = setInterval(() => {
      if (!idle()) return
      clearInterval(wait)
      opts.log.info(counts, 'live demo traffic finished')
      finish({ ...counts })
    }, 250)
  }
  opts.log.info({ minutes: durationMs / 60_000 }, 'live demo traffic started')
  loop()
  return {
    done,
    async stop() {
      if (!stopped) {
        stopped = true
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        while (pending.size > 0) await Promise.allSettled([...pending])
        finish({ ...counts })
      }
      return done
    },
  }
}
