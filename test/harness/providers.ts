// The setup the provider contract tests share (contract/providers*.test.ts): a webhook receiver, the message.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { OutboundSms, SendResult, WebhookRequest } from '../../providers/types.js'
import type { Teardown } from './platform.js'
import { startWebhookReceiver } from './provider-doubles.js'

export const MESSAGE_ID = 'AbCd1234'
export const FROM = '+18005551234'
export const TO = '+12015550100'
export const BODY = 'Deal: 20% off & free shipping + more → https://trk.ly/Ab3dE5f'

export const OPTIONS = { timeoutMs: 3_000 }

export const webhook = (url: string, body: string, headers: Record<string, string> = {}): WebhookRequest => ({
  url,
  headers,
  rawBody: Buffer.from(body),
})

/** A base URL nothing listens on. */
export async function closedBaseUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

export const failedWith = (result: SendResult) => (result.outcome === 'failed' ? result : undefined)

/** A webhook receiver of the test file's own, closed at teardown, and the helpers that use its URL. */
export async function providerHarness(t: Teardown) {
  const receiver = await startWebhookReceiver()
  t.teardown(() => receiver.close())

  const statusUrl = (provider: string) =>
    `${receiver.url}/webhooks/${provider}/7/status?token=tok3n&m=${MESSAGE_ID}`
  const sms = (provider: string, to = TO, body = BODY): OutboundSms => ({
    messageId: MESSAGE_ID,
    from: FROM,
    to,
    body,
    statusUrl: statusUrl(provider),
  })

  /** The request the receiver got last: what ingest would hand the adapter. */
  const lastWebhook = (): WebhookRequest => receiver.received.at(-1)!

  return { receiver, statusUrl, sms, lastWebhook }
}
