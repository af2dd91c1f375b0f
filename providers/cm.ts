// CM.com Business Messaging (reference/wire-formats §3): send through the JSON gateway (`POST /v1.0/message`,
// `X-CM-PRODUCTTOKEN`), read JSON status reports and inbound messages. CM carries our message id as the message
// `reference` and has no id of its own in either direction, so the reference is the provider message id too.
// CM has no webhook signature; ingest checks the list's URL token.
import type { DeliveryStatus } from '../core/events.js'
import {
  callProvider,
  credentialBaseUrl,
  credentialString,
  failed,
  internationalNumber,
  isRecord,
  jsonObject,
  probeProvider,
  providerTime,
  readForCheck,
  requiredText,
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
} from './types.js'

const DEFAULT_BASE_URL = 'https://gw.messaging.cm.com'

/** Status report codes [M: CM's table was not found]: 0 accepted by the operator, 1 rejected, 2 delivered, 3 failed, 4 read. */
const STATUS: Record<string, { status: DeliveryStatus; name: string }> = {
  '0': { status: 'sent', name: 'Accepted' },
  '1': { status: 'failed', name: 'Rejected' },
  '2': { status: 'delivered', name: 'Delivered' },
  '3': { status: 'undelivered', name: 'Failed' },
  '4': { status: 'delivered', name: 'Read' },
}

/** messageErrorCode of a rejected msg [M]: 302 invalid To field, 303 invalid number in To. */
const INVALID_RECIPIENT_CODES = new Set(['302', '303'])
/** 402: the recipient is on the account's blacklist [M], i.e. must not be messaged. */
const OPTED_OUT_CODES = new Set(['402'])

/** Request-level errorCodes that mean the product token is wrong [M]: 101 no account, 103 invalid token. */
const AUTHENTICATION_CODES = new Set(['101', '103'])

function readCredentials(credentials: ProviderCredentials): { productToken: string; baseUrl: string } {
  return {
    productToken: credentialString(credentials, 'cm', 'product_token'),
    baseUrl: credentialBaseUrl(credentials, 'cm', DEFAULT_BASE_URL),
  }
}

/** CM writes international numbers with a leading 00. */
const cmNumber = (e164: string): string => `00${e164.replace(/^\+/, '')}`

function sendResult(status: number, body: string, reference: string): SendResult {
  const parsed = tryJson(body)
  const reply = isRecord(parsed) ? parsed : {}
  const details = text(reply.details) ?? body.slice(0, 200)
  if (status === 429) return retryable(text(reply.errorCode) ?? 'http_429', `CM HTTP 429: ${details}`)
  if (status >= 500) return unknownOutcome(`CM HTTP ${status}: ${details}`)
  const message = Array.isArray(reply.messages) ? reply.messages[0] : undefined
  if (isRecord(message)) {
    if (message.status === 'Accepted' && status >= 200 && status < 300) {
      const parts = Number(message.parts)
      return {
        outcome: 'accepted',
        providerMessageId: text(message.reference) || reference,
        ...(Number.isInteger(parts) && parts > 0 ? { segments: parts } : {}),
      }
    }
    const code = text(message.messageErrorCode) ?? `http_${status}`
    const description = `CM ${code}: ${text(message.messageDetails) ?? details}`
    return failed(code, description, {
      ...(OPTED_OUT_CODES.has(code) ? { recipientOptedOut: true } : {}),
      ...(INVALID_RECIPIENT_CODES.has(code) ? { invalidRecipient: true } : {}),
    })
  }
  if (status >= 200 && status < 300) return unknownOutcome(`CM answered ${status} without a message status`)
  // The whole request was refused (101 authentication, 102 balance, 103 product token, …).
  const code = text(reply.errorCode) ?? `http_${status}`
  return failed(code, `CM ${code}: ${details}`)
}

export const cm: ProviderAdapter = {
  name: 'cm',

  credentialKeys: { required: ['product_token'], optional: ['base_url'] },
  checkCredentials(credentials) {
    readCredentials(credentials)
  },

  // CM has no account read on the messaging gateway [M]: a request with no message is authenticated first
  // (101 no account, 103 bad product token) and then refused for having no message (203), so it sends nothing.
  async validateCredentials(credentials, options) {
    const c = readForCheck(() => readCredentials(credentials))
    if ('ok' in c) return c
    const reply = await probeProvider(
      'CM',
      `${c.baseUrl}/v1.0/message`,
      {
        method: 'POST',
        headers: { 'x-cm-producttoken': c.productToken, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: { authentication: { productToken: c.productToken }, msg: [] } }),
      },
      options.timeoutMs,
    )
    if ('unreachable' in reply) return { ok: false, reason: reply.unreachable }
    const parsed = tryJson(reply.body)
    const answer = isRecord(parsed) ? parsed : {}
    const code = text(answer.errorCode)
    if (code === undefined || reply.status >= 500) {
      return { ok: false, reason: `CM answered HTTP ${reply.status} without an error code` }
    }
    if (AUTHENTICATION_CODES.has(code)) {
      return {
        ok: false,
        reason: `CM refused the product token (${code} ${text(answer.details) ?? ''})`,
      }
    }
    return { ok: true }
  },

  async send(credentials, sms, options) {
    const c = readCredentials(credentials)
    const body = {
      messages: {
        msg: [
          {
            // A numeric sender is its international digits [M: CM documents "at most 16 digits"].
            from: sms.from.replace(/^\+/, ''),
            to: [{ number: cmNumber(sms.to) }],
            body: { type: 'auto', content: sms.body },
            reference: sms.messageId,
            allowedChannels: ['SMS'],
            // CM sends one part unless told more may be used; 8 is CM's advised maximum.
            minimumNumberOfMessageParts: 1,
            maximumNumberOfMessageParts: 8,
          },
        ],
      },
    }
    const call = await callProvider(
      'CM',
      `${c.baseUrl}/v1.0/message`,
      {
        headers: {
          'x-cm-producttoken': c.productToken,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
      },
      options.timeoutMs,
    )
    return 'result' in call ? call.result : sendResult(call.reply.status, call.reply.body, sms.messageId)
  },

  verifySignature: () => true,

  parseDeliveryReports(request): DeliveryReport[] {
    const where = 'CM status report'
    const messages = jsonObject(request, where).messages
    const msg = isRecord(messages) ? messages.msg : undefined
    // One report is an object, several an array.
    const list = Array.isArray(msg) ? msg : msg === undefined ? undefined : [msg]
    if (!list) throw new WebhookPayloadError(`${where}: messages.msg is missing`)
    return list.map((m): DeliveryReport => {
      if (!isRecord(m) || !isRecord(m.status))
        throw new WebhookPayloadError(`${where}: each msg needs a status`)
      const code = text(m.status.code)
      const known = code === undefined ? undefined : STATUS[code]
      if (!known) throw new WebhookPayloadError(`${where}: unknown status code ${code}`)
      const reference = requiredText(m, 'reference', where)
      const errorCode = text(m.status.errorCode)
      return {
        providerMessageId: reference,
        messageId: reference,
        status: known.status,
        statusDetail: known.name,
        errorCode: errorCode && errorCode !== '0' ? errorCode : null,
        doneAt: providerTime(m.received, true),
      }
    })
  },

  parseInbound(request): InboundSms[] {
    const where = 'CM inbound'
    const body = jsonObject(request, where)
    if (!isRecord(body.from) || !isRecord(body.to))
      throw new WebhookPayloadError(`${where}: from and to are required`)
    return [
      {
        providerMessageId: requiredText(body, 'reference', where),
        from: internationalNumber(body.from.number, `${where} from`),
        to: internationalNumber(body.to.number, `${where} to`),
        body: (isRecord(body.message) ? text(body.message.text) : undefined) ?? '',
        receivedAt: providerTime(body.timeUtc, true) ?? new Date().toISOString(),
      },
    ]
  },

  inboundAck: { contentType: 'application/json', body: '{}' },
}
