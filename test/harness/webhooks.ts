// The setup both webhook test files share: worker, queue, loopback receiver, endpoint and delivery helpers.
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomAlphanumeric } from '../../core/ids.js'
import type { WebhookEventType } from '../../core/views/webhooks.js'
import { startWebhookWorker } from '../../workers/webhooks.js'
import { apiHarness, type TestAccount } from './api.js'
import { eventually, type Teardown } from './platform.js'

/**
 * The worker's retry delays here (ms), instead of spec §15's minutes and hours. The first is long enough for a
 * test to act on a delivery between its first attempt and its retry on a loaded machine.
 */
export const SCHEDULE = [1000, 300, 400, 500, 600]

export interface Hit {
  path: string
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}
export type Reply = { status: number; headers?: Record<string, string> }
/** A path's reply to its n-th request; a promise holds the request open until it settles. */
export type Replier = (n: number) => Reply | Promise<Reply>

export interface DeliveryRow {
  id: string
  status: string
  attempts: number
  last_status_code: number | null
  last_error: string | null
  next_attempt_at: Date | null
  delivered_at: Date | null
  event_id: string
}

/** An API harness of its own with the webhook worker running, a loopback receiver, and the helpers over them. */
export async function webhookHarness(t: Teardown) {
  // Loopback receivers need private networks allowed.
  const h = await apiHarness(t, { webhookAllowPrivateNetworks: true })
  const worker = await startWebhookWorker(h.deps, { backoffScheduleMs: SCHEDULE })
  t.teardown(() => worker.stop())
  const queue = h.deps.queues.acquire().webhooks
  t.teardown(() => h.deps.queues.release())

  // ---- A loopback receiver: per-path replies, every request recorded ----

  const replies = new Map<string, Replier>()
  const hits: Hit[] = []
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      const path = req.url ?? ''
      hits.push({ path, headers: req.headers, body, at: Date.now() })
      const n = hits.filter((x) => x.path === path).length
      void Promise.resolve(replies.get(path)?.(n) ?? { status: 200 }).then((reply) =>
        res.writeHead(reply.status, reply.headers).end('ok'),
      )
    })
  })
  receiver.listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  t.teardown(() => {
    receiver.closeAllConnections()
    receiver.close()
  })
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  const hitsOn = (path: string) => hits.filter((x) => x.path === path)
  const newPath = () => `/hook/${randomAlphanumeric(8)}`

  // ---- Helpers ----

  async function createHook(
    acc: TestAccount,
    path: string,
    events: WebhookEventType[] = ['delivery', 'unsubscribe', 'reply'],
  ): Promise<{ id: string; secret: string }> {
    const res = await h.request('POST', '/api/v2/webhooks', acc.keys.member, {
      url: `${base}${path}`,
      events,
    })
    if (res.status !== 201) throw new Error(`create webhook failed: ${JSON.stringify(res.body)}`)
    return { id: res.body.webhook.id, secret: res.body.secret }
  }

  const deliveryEvent = (acc: TestAccount, eventId = `evt_${randomAlphanumeric(12)}`) => ({
    accountId: acc.accountId,
    type: 'delivery' as const,
    eventId,
    payload: {
      message_id: randomAlphanumeric(8),
      to: '+14155552671',
      list_number: acc.list.phoneNumber,
      status: 'delivered',
      status_detail: 'DELIVERED_TO_HANDSET',
      provider: 'simulator',
      timestamp: new Date().toISOString(),
    },
  })

  async function deliveriesOf(endpointId: string): Promise<DeliveryRow[]> {
    const { rows } = await h.pg.pool.query<DeliveryRow>(
      'SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at, id',
      [endpointId],
    )
    return rows
  }
  async function endpointRow(id: string) {
    const { rows } = await h.pg.pool.query('SELECT * FROM webhook_endpoints WHERE id = $1', [id])
    return rows[0]
  }
  const settled = (endpointId: string) =>
    eventually(
      async () => {
        const rows = await deliveriesOf(endpointId)
        return rows.length > 0 && rows.every((r) => r.status !== 'pending') ? rows : undefined
      },
      20_000,
      'deliveries settle',
    )

  return {
    h,
    queue,
    replies,
    base,
    hitsOn,
    newPath,
    createHook,
    deliveryEvent,
    deliveriesOf,
    endpointRow,
    settled,
  }
}
