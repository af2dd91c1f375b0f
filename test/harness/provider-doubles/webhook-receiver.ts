// The receiving end of the doubles' webhooks: a stand-in for ingest that records each request it gets.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WebhookRequest } from '../../../providers/types.js'

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; any path and query is accepted. */
  readonly url: string
  /** Every request received, as ingest hands it to an adapter. */
  readonly received: WebhookRequest[]
  close(): Promise<void>
}

/** A stand-in for ingest: records each webhook request (full URL, headers, raw body) and answers 200. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookRequest[] = []
  let base = ''
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ url: `${base}${req.url ?? '/'}`, headers: req.headers, rawBody: Buffer.concat(chunks) })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    received,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
