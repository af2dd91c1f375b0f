// Lime Cellular (reference/wire-formats §4), a US short-code platform. Only the endpoint shape is documented
// (`https://mcpn.us/limeApi?ev=<event>&user=…&api_id=…`, 200 with XML or text, 400/403/500 with an error text);
// `ev=sendSms` is inferred from `ev=sendMms`, and Lime documents no delivery-report or inbound format at all.
// The callback formats below are therefore OURS, to be configured at Lime (or adapted once the real ones are
// known). Each may be posted form-encoded or as a JSON object:
//
//   delivery report: trackingId (or messageId) — the id the send answered with; status — delivered |
//                    undelivered | failed | sent; errorCode — optional; mobile — the recipient.
//   inbound message: mobile — the sender; message — the text; shortcode (or to) — our number; id — optional
//                    (absent: a stable id is derived from sha256 of mobile, message and receivedAt);
//                    receivedAt — optional ISO 8601.
//
// No signature scheme: ingest checks the list's URL token.
import { createHash } from 'node:crypto'
import type { DeliveryStatus } from '../core/events.js'
import {
  callProvider,
  credentialBaseUrl,
  credentialString,
  failed,
  formParams,
  isRecord,
  probeProvider,
  probeVerdict,
  providerTime,
  queryParam,
  readForCheck,
  retryable,
  text,
  tryJson,
  unknownOutcome,
} from './common.js'
import {
  type DeliveryReport,
  type InboundSms,
  type ProviderAdapter,
  type ProviderCredentials,
  type SendResult,
  WebhookPayloadError,
  type WebhookRequest,
} from './types.js'

const DEFAULT_BASE_URL = 'https://mcpn.us'

const STATUSES: readonly DeliveryStatus[] = ['sent', 'delivered', 'undelivered', 'failed']

function readCredentials(credentials: ProviderCredentials): { user: string; apiId: string; baseUrl: string } {
  return {
    user: credentialString(credentials, 'lime', 'user'),
    apiId: credentialString(credentials, 'lime', 'api_id'),
    baseUrl: credentialBaseUrl(credentials, 'lime', DEFAULT_BASE_URL),
  }
}

/** Lime takes US numbers as 10 digits; anything outside +1 cannot be sent through it. */
const limeMobile = (e164: string): string | null => (/^\+1\d{10}$/.test(e164) ? e164.slice(2) : null)

/** A US number as Lime writes it (10 or 11 digits, or +1…) in E.164; short codes stay as they are. */
function usNumber(raw: unknown, where: string): string {
  const value = text(raw)?.replace(/[\s().-]/g, '')
  if (!value) throw new WebhookPayloadError(`${where}: number is missing`)
  if (/^\d{3,6}$/.test(value)) return value
  const match = /^(?:\+?1)?(\d{10})$/.exec(value)
  if (!match) throw new WebhookPayloadError(`${where}: ${value} is not a US number`)
  return `+1${match[1]}`
}

/** The id in Lime's XML answer, wherever its element sits. */
const trackingId = (body: string): string | undefined =>
  /<(?:trackingId|messageId|id)>\s*([^<\s]+)\s*</i.exec(body)?.[1]

function sendResult(status: number, body: string): SendResult {
  const message = body.replace(/\s+/g, ' ').trim().slice(0, 200)
  if (status >= 200 && status < 300) {
    const id = trackingId(body)
    return id
      ? { outcome: 'accepted', providerMessageId: id }
      : unknownOutcome(`Lime answered ${status} without a tracking id: ${message}`)
  }
  const description = `Lime HTTP ${status}: ${message}`
  if (status === 429) return retryable('http_429', description)
  if (status >= 500) return unknownOutcome(description)
  // Lime answers errors as free text, so the recipient-specific refusals are recognised by their wording.
  return failed(`http_${status}`, description, {
    ...(/opted[ -]?out/i.test(message) ? { recipientOptedOut: true } : {}),
    ...(/invalid (mobile|number|phone)/i.test(message) ? { invalidRecipient: true } : {}),
  })
}

/** Our callback fields, from a JSON object or a form body. */
function callbackFields(request: WebhookRequest, where: string): Record<string, unknown> {
  const raw = request.rawBody.toString('utf8').trim()
  if (raw.startsWith('{')) {
    const parsed = tryJson(raw)
    if (!isRecord(parsed)) throw new WebhookPayloadError(`${where}: body is not a JSON object`)
    return parsed
  }
  const params = formParams(request)
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))
}

const firstText = (fields: Record<string, unknown>, keys: string[]): string | undefined =>
  keys.map((k) => text(fields[k])).find((v) => v !== undefined && v !== '')

export const lime: ProviderAdapter = {
  name: 'lime',

  credentialKeys: { required: ['user', 'api_id'], optional: ['base_url'] },
  checkCredentials(credentials) {
    readCredentials(credentials)
  },

  // A read of the account's opted-in numbers: authenticated by user and api_id and sends nothing. Lime answers a
  // wrong user or api_id with 403 and an error text.
  async validateCredentials(credentials, options) {
    const c = readForCheck(() => readCredentials(credentials))
    if ('ok' in c) return c
    const query = new URLSearchParams({ ev: 'optedInNumbers', user: c.user, api_id: c.apiId })
    const reply = await probeProvider(
      'Lime',
      `${c.baseUrl}/limeApi?${query}`,
      { method: 'GET', headers: { accept: 'text/xml, text/plain' } },
      options.timeoutMs,
    )
    return probeVerdict('Lime', reply, (body) => body.replace(/\s+/g, ' ').trim().slice(0, 200))
  },

  async send(credentials, sms, options) {
    const c = readCredentials(credentials)
    const mobile = limeMobile(sms.to)
    if (!mobile)
      return failed('invalid_mobile', `Lime sends to US numbers only, not ${sms.to}`, {
        invalidRecipient: true,
      })
    const query = new URLSearchParams({ ev: 'sendSms', user: c.user, api_id: c.apiId })
    const call = await callProvider(
      'Lime',
      `${c.baseUrl}/limeApi?${query}`,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ mobile, message: sms.body }).toString(),
      },
      options.timeoutMs,
    )
    return 'result' in call ? call.result : sendResult(call.reply.status, call.reply.body)
  },

  verifySignature: () => true,

  parseDeliveryReports(request): DeliveryReport[] {
    const where = 'Lime delivery report'
    const fields = callbackFields(request, where)
    const providerMessageId = firstText(fields, ['trackingId', 'messageId'])
    if (!providerMessageId) throw new WebhookPayloadError(`${where}: trackingId is missing`)
    const status = text(fields.status)?.toLowerCase()
    const known = STATUSES.find((s) => s === status)
    if (!known) throw new WebhookPayloadError(`${where}: unknown status ${status}`)
    return [
      {
        providerMessageId,
        messageId: queryParam(request, 'm'),
        status: known,
        statusDetail: known,
        errorCode: firstText(fields, ['errorCode']) ?? null,
        doneAt: null,
      },
    ]
  },

  parseInbound(request): InboundSms[] {
    const where = 'Lime inbound'
    const fields = callbackFields(request, where)
    const mobile = firstText(fields, ['mobile'])
    const message = text(fields.message)
    const to = firstText(fields, ['shortcode', 'to'])
    if (!mobile || message === undefined || !to) {
      throw new WebhookPayloadError(`${where}: mobile, message and shortcode are required`)
    }
    const receivedAt = firstText(fields, ['receivedAt'])
    // Without an id, a re-posted message must still get the same id so ingest can tell it is a repeat.
    const id =
      firstText(fields, ['id']) ??
      `lime-${createHash('sha256')
        .update(`${mobile}\n${message}\n${receivedAt ?? ''}`)
        .digest('hex')
        .slice(0, 32)}`
    return [
      {
        providerMessageId: id,
        from: usNumber(mobile, `${where} mobile`),
        to: usNumber(to, `${where} shortcode`),
        body: message,
        receivedAt: providerTime(receivedAt) ?? new Date().toISOString(),
      },
    ]
  },

  inboundAck: { contentType: 'application/json', body: '{}' },
}
