// The simulator provider, for local use and demos: it accepts every send and, like a real provider, posts a
// delivery receipt (and now and then a reply) back to ingest over HTTP, so receipts and replies travel the same
// path as real ones. Outcomes are drawn from a hash of the message id, so a given message always gets the same
// fate; a list without rates in its credentials gets every message delivered and no replies (tests rely on it).
import { createHash } from 'node:crypto'
import type { DeliveryStatus } from '../core/events.js'
import {
  type DeliveryReport,
  type InboundSms,
  type OutboundSms,
  type ProviderAdapter,
  type ProviderCredentials,
  type SendResult,
  WebhookPayloadError,
  type WebhookRequest,
} from './types.js'

/** Replies the simulator sends back, weighted toward what real audiences answer. */
const REPLIES = ['STOP', 'Thanks!', 'stop texting me', 'HELP', 'Yes', 'who is this?', 'Liked “Deal”', 'Stpo']

/** A fraction in [0, 1) drawn from the message id, independent per purpose. */
function draw(messageId: string, purpose: string): number {
  return createHash('sha256').update(`${purpose}:${messageId}`).digest().readUInt32BE(0) / 2 ** 32
}

function rate(credentials: ProviderCredentials, field: string, fallback: number): number {
  const value = credentials[field]
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : fallback
}

/** Which final status a message gets; the rest of the failures split between undelivered and failed. */
export function simulatedOutcome(credentials: ProviderCredentials, messageId: string): DeliveryStatus {
  const x = draw(messageId, 'status')
  const delivered = rate(credentials, 'delivery_rate', 1)
  if (x < delivered) return 'delivered'
  return x < delivered + (1 - delivered) * 0.7 ? 'undelivered' : 'failed'
}

/** The reply a message draws, if any. */
export function simulatedReply(credentials: ProviderCredentials, messageId: string): string | null {
  if (draw(messageId, 'reply') >= rate(credentials, 'reply_rate', 0)) return null
  return REPLIES[Math.floor(draw(messageId, 'reply-text') * REPLIES.length)]!
}

const DETAIL: Record<DeliveryStatus, { detail: string; error: string | null }> = {
  sent: { detail: 'SENT', error: null },
  delivered: { detail: 'DELIVERED_TO_HANDSET', error: null },
  undelivered: { detail: 'REJECTED_ABSENT_SUBSCRIBER', error: '7' },
  failed: { detail: 'REJECTED_OPERATOR', error: '14' },
}

interface SimulatorReceipt {
  message_id: string
  provider_message_id: string
  status: DeliveryStatus
  status_detail: string
  error_code: string | null
  done_at: string
}

interface SimulatorReply {
  id: string
  from: string
  to: string
  text: string
  received_at: string
}

function parseJson(request: WebhookRequest): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(request.rawBody.toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>
    }
  } catch {}
  throw new WebhookPayloadError('expected a JSON object')
}

const str = (o: Record<string, unknown>, key: string): string => {
  const value = o[key]
  if (typeof value !== 'string' || value === '') throw new WebhookPayloadError(`${key} must be a string`)
  return value
}

export interface SimulatorOptions {
  /** Delay before the receipt is posted. */
  receiptDelayMs: number
}

/**
 * The simulator adapter. Receipts and replies are posted from timers of this process; they are not durable
 * (a stopped worker loses the receipts it had not posted yet), which is fine for a simulation.
 */
export function createSimulator(options: SimulatorOptions): ProviderAdapter & { close(): void } {
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn().catch(() => {})
    }, ms)
    timer.unref()
    timers.add(timer)
  }
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    })

  return {
    name: 'simulator',
    credentialKeys: { required: [], optional: [] },
    checkCredentials() {},
    // Its credentials are behaviour settings (delivery and reply rates), not secrets to check.
    async validateCredentials() {
      return { ok: true }
    },
    async send(credentials: ProviderCredentials, sms: OutboundSms): Promise<SendResult> {
      const providerMessageId = `sim${createHash('sha256').update(sms.messageId).digest('hex').slice(0, 29)}`
      const status = simulatedOutcome(credentials, sms.messageId)
      const receipt: SimulatorReceipt = {
        message_id: sms.messageId,
        provider_message_id: providerMessageId,
        status,
        status_detail: DETAIL[status].detail,
        error_code: DETAIL[status].error,
        done_at: new Date(Date.now() + options.receiptDelayMs).toISOString(),
      }
      // `delivery_receipts: false` (benchmarks) accepts without calling back.
      if (credentials.delivery_receipts === false)
        return { outcome: 'accepted', providerMessageId, segments: 1 }
      later(options.receiptDelayMs, () => post(sms.statusUrl, receipt))
      const reply = status === 'delivered' ? simulatedReply(credentials, sms.messageId) : null
      if (reply) {
        const inbound: SimulatorReply = {
          id: `simmo${providerMessageId.slice(3, 27)}`,
          from: sms.to,
          to: sms.from,
          text: reply,
          received_at: new Date(Date.now() + options.receiptDelayMs * 2).toISOString(),
        }
        later(options.receiptDelayMs * 2, () => post(sms.statusUrl.replace('/status?', '/inbound?'), inbound))
      }
      return { outcome: 'accepted', providerMessageId, segments: 1 }
    },
    verifySignature: () => true,
    parseDeliveryReports(request): DeliveryReport[] {
      const body = parseJson(request)
      const status = str(body, 'status')
      if (!['sent', 'delivered', 'undelivered', 'failed'].includes(status)) {
        throw new WebhookPayloadError('status must be sent, delivered, undelivered or failed')
      }
      return [
        {
          providerMessageId: str(body, 'provider_message_id'),
          messageId: typeof body.message_id === 'string' ? body.message_id : null,
          status: status as DeliveryStatus,
          statusDetail: typeof body.status_detail === 'string' ? body.status_detail : status,
          errorCode: typeof body.error_code === 'string' ? body.error_code : null,
          doneAt: typeof body.done_at === 'string' ? body.done_at : null,
        },
      ]
    },
    parseInbound(request): InboundSms[] {
      const body = parseJson(request)
      return [
        {
          providerMessageId: str(body, 'id'),
          from: str(body, 'from'),
          to: str(body, 'to'),
          body: typeof body.text === 'string' ? body.text : '',
          receivedAt: typeof body.received_at === 'string' ? body.received_at : new Date().toISOString(),
        },
      ]
    },
    inboundAck: { contentType: 'application/json', body: '{}' },
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}
