// Demo traffic for a newcomer's first run: messages from the demo creative, dispatched through the real queue,
// then clicks and conversions over real HTTP against ingest, so the reports have something to show.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { DispatchJob } from '../lib/queues.js'
import { createTrackedMessage } from './messages.js'
import type { DemoAccount } from './seed.js'

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
  demo: DemoAccount
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
