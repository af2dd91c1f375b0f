// Infobip SMS (reference/wire-formats §2): send with API v3 (`POST /sms/3/messages`, `Authorization: App <key>`),
// read delivery reports (v3 and legacy v2 field names) and MO_JSON_2 inbound messages. Infobip has no webhook
// signature; ingest checks the list's URL token.
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
  probeVerdict,
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

/** Status groupId → ours: 0 ACCEPTED and 1 PENDING are on their way, 3 DELIVERED, 2/4 never arrived, 5 refused. */
const GROUP_STATUS: Record<string, DeliveryStatus> = {
  '0': 'sent',
  '1': 'sent',
  '2': 'undelivered',
  '3': 'delivered',
  '4': 'undelivered',
  '5': 'failed',
}
const REJECTED_GROUP = 5
/** REJECTED status names that mean the number itself is wrong [M: Infobip's status-code table]. */
const INVALID_DESTINATION = new Set([
  'REJECTED_DESTINATION',
  'REJECTED_PREFIX_MISSING',
  'REJECTED_INVALID_DESTINATION',
])
/** The recipient is on a do-not-disturb register: treated like an opt-out (they must not get marketing). */
const OPTED_OUT = new Set(['REJECTED_DND'])

function readCredentials(credentials: ProviderCredentials): { apiKey: string; baseUrl: string } {
  return {
    apiKey: credentialString(credentials, 'infobip', 'api_key'),
    // Per account (`https://{xxxxx}.api.infobip.com`), so there is no default.
    baseUrl: credentialBaseUrl(credentials, 'infobip'),
  }
}

/** Infobip numbers are international digits without `+`. */
const digits = (e164: string): string => e164.replace(/^\+/, '')

/**
 * The error of a refused request: `{requestError:{serviceException:{messageId,text}}}` (SMS API) or the newer
 * `{errorCode, description}` [M: which one v3 answers with is not confirmed, so both are read].
 */
function requestError(body: string): { code: string | undefined; message: string } {
  const parsed = tryJson(body)
  if (!isRecord(parsed)) return { code: undefined, message: body.slice(0, 200) }
  const service = isRecord(parsed.requestError) ? parsed.requestError.serviceException : undefined
  if (isRecord(service)) return { code: text(service.messageId), message: text(service.text) ?? '' }
  return { code: text(parsed.errorCode), message: text(parsed.description) ?? '' }
}

function sendResult(status: number, body: string): SendResult {
  if (status >= 200 && status < 300) {
    const parsed = tryJson(body)
    const message = isRecord(parsed) && Array.isArray(parsed.messages) ? parsed.messages[0] : undefined
    const messageId = isRecord(message) ? text(message.messageId) : undefined
    if (!isRecord(message) || !messageId)
      return unknownOutcome(`Infobip answered ${status} without a messageId`)
    const messageStatus = isRecord(message.status) ? message.status : {}
    if (Number(messageStatus.groupId) === REJECTED_GROUP) {
      const name = text(messageStatus.name) ?? 'REJECTED'
      const description = `Infobip ${name}: ${text(messageStatus.description) ?? ''}`
      return failed(name, description, {
        ...(OPTED_OUT.has(name) ? { recipientOptedOut: true } : {}),
        ...(INVALID_DESTINATION.has(name) ? { invalidRecipient: true } : {}),
      })
    }
    const count = isRecord(message.details) ? Number(message.details.messageCount) : Number.NaN
    return {
      outcome: 'accepted',
      providerMessageId: messageId,
      ...(Number.isInteger(count) && count > 0 ? { segments: count } : {}),
    }
  }
  const error = requestError(body)
  const description = `Infobip ${error.code ?? status}: ${error.message}`
  if (status === 429) return retryable(error.code ?? 'http_429', description)
  if (status >= 500) return unknownOutcome(`Infobip HTTP ${status}: ${error.message}`)
  return failed(error.code ?? `http_${status}`, description)
}

export const infobip: ProviderAdapter = {
  name: 'infobip',

  credentialKeys: { required: ['api_key', 'base_url'], optional: [] },
  checkCredentials(credentials) {
    readCredentials(credentials)
  },

  // The account balance: authenticated with the same API key and sends nothing [M: `GET /account/1/balance`].
  async validateCredentials(credentials, options) {
    const c = readForCheck(() => readCredentials(credentials))
    if ('ok' in c) return c
    const reply = await probeProvider(
      'Infobip',
      `${c.baseUrl}/account/1/balance`,
      { method: 'GET', headers: { authorization: `App ${c.apiKey}`, accept: 'application/json' } },
      options.timeoutMs,
    )
    return probeVerdict('Infobip', reply, (body) => {
      const error = requestError(body)
      return error.code ? `${error.code} ${error.message}` : error.message
    })
  },

  async send(credentials, sms, options) {
    const c = readCredentials(credentials)
    const body = {
      messages: [
        {
          sender: digits(sms.from),
          destinations: [{ to: digits(sms.to) }],
          content: { text: sms.body },
          webhooks: {
            delivery: { url: sms.statusUrl, intermediateReport: false },
            contentType: 'application/json',
            // Echoed back in the delivery report: how a report finds our message.
            callbackData: sms.messageId,
          },
        },
      ],
    }
    const call = await callProvider(
      'Infobip',
      `${c.baseUrl}/sms/3/messages`,
      {
        headers: {
          authorization: `App ${c.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
      },
      options.timeoutMs,
    )
    return 'result' in call ? call.result : sendResult(call.reply.status, call.reply.body)
  },

  verifySignature: () => true,

  parseDeliveryReports(request): DeliveryReport[] {
    const where = 'Infobip delivery report'
    const results = jsonObject(request, where).results
    if (!Array.isArray(results)) throw new WebhookPayloadError(`${where}: results must be an array`)
    return results.map((result): DeliveryReport => {
      if (!isRecord(result) || !isRecord(result.status)) {
        throw new WebhookPayloadError(`${where}: each result needs a status object`)
      }
      const group = text(result.status.groupId)
      const status = group === undefined ? undefined : GROUP_STATUS[group]
      if (!status) throw new WebhookPayloadError(`${where}: unknown status groupId ${group}`)
      const error = isRecord(result.error) ? result.error : undefined
      const errorGroup = error ? Number(error.groupId) : 0
      return {
        providerMessageId: requiredText(result, 'messageId', where),
        messageId: text(result.callbackData) || null,
        status,
        statusDetail: text(result.status.name) ?? status,
        errorCode: error && errorGroup !== 0 ? (text(error.id) ?? null) : null,
        doneAt: providerTime(result.doneAt),
      }
    })
  },

  parseInbound(request): InboundSms[] {
    const where = 'Infobip inbound'
    const results = jsonObject(request, where).results
    if (!Array.isArray(results)) throw new WebhookPayloadError(`${where}: results must be an array`)
    return results.map((result): InboundSms => {
      if (!isRecord(result)) throw new WebhookPayloadError(`${where}: each result must be an object`)
      return {
        providerMessageId: requiredText(result, 'messageId', where),
        from: internationalNumber(result.from, `${where} from`),
        to: internationalNumber(result.to, `${where} to`),
        body: text(result.text) ?? '',
        receivedAt: providerTime(result.receivedAt) ?? new Date().toISOString(),
      }
    })
  },

  inboundAck: { contentType: 'application/json', body: '{}' },
}
