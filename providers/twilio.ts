// Twilio Programmable Messaging (reference/wire-formats §1): send with the REST API (form POST, Basic auth), read
// the status callback and inbound webhooks (form POSTs signed with X-Twilio-Signature).
import type { DeliveryStatus } from '../core/events.js'
import {
  callProvider,
  credentialBaseUrl,
  credentialString,
  failed,
  formField,
  formParams,
  header,
  internationalNumber,
  isRecord,
  optionalCredentialString,
  probeProvider,
  probeVerdict,
  queryParam,
  readForCheck,
  retryable,
  text,
  tryJson,
  unknownOutcome,
} from './common.js'
import { validateTwilioRequest } from './twilio-signature.js'
import {
  type DeliveryReport,
  type InboundSms,
  type ProviderAdapter,
  type ProviderCredentials,
  type SendResult,
  WebhookPayloadError,
  type WebhookRequest,
} from './types.js'

const DEFAULT_BASE_URL = 'https://api.twilio.com'

/** Opted out at Twilio (the recipient replied STOP to this sender or pool). */
const OPTED_OUT_CODES = new Set(['21610'])
/** The number cannot receive SMS: invalid To, not SMS-capable, unknown/inactive, landline. */
const INVALID_RECIPIENT_CODES = new Set(['21211', '21614', '30005', '30006'])

/** MessageStatus → ours. Statuses absent here (receiving, received, scheduled, …) say nothing about delivery. */
const STATUS: Record<string, DeliveryStatus> = {
  queued: 'sent',
  sending: 'sent',
  accepted: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
}

interface TwilioCredentials {
  accountSid: string
  authToken: string
  messagingServiceSid: string | undefined
  baseUrl: string
}

function readCredentials(credentials: ProviderCredentials): TwilioCredentials {
  return {
    accountSid: credentialString(credentials, 'twilio', 'account_sid'),
    authToken: credentialString(credentials, 'twilio', 'auth_token'),
    messagingServiceSid: optionalCredentialString(credentials, 'twilio', 'messaging_service_sid'),
    baseUrl: credentialBaseUrl(credentials, 'twilio', DEFAULT_BASE_URL),
  }
}

const basicAuth = (c: TwilioCredentials): string =>
  `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`

/** Twilio's REST error body `{code, message, more_info, status}`, when the reply has one. */
function restError(body: string): { code: string | undefined; message: string } {
  const parsed = tryJson(body)
  if (!isRecord(parsed)) return { code: undefined, message: body.slice(0, 200) }
  return { code: text(parsed.code), message: text(parsed.message) ?? '' }
}

function sendResult(status: number, body: string): SendResult {
  if (status >= 200 && status < 300) {
    const parsed = tryJson(body)
    const sid = isRecord(parsed) ? text(parsed.sid) : undefined
    if (!isRecord(parsed) || !sid) return unknownOutcome(`Twilio answered ${status} without a message sid`)
    // num_segments is a string, and "0" until a Messaging Service has picked the sender.
    const segments = Number.parseInt(text(parsed.num_segments) ?? '', 10)
    return { outcome: 'accepted', providerMessageId: sid, ...(segments > 0 ? { segments } : {}) }
  }
  const error = restError(body)
  const description = `Twilio ${error.code ?? status}: ${error.message}`
  if (status === 429 || error.code === '20429') return retryable(error.code ?? 'http_429', description)
  if (status === 503) return retryable(error.code ?? 'http_503', description)
  if (status >= 500) return unknownOutcome(`Twilio HTTP ${status}: ${error.message}`)
  const code = error.code ?? `http_${status}`
  if (OPTED_OUT_CODES.has(code)) return failed(code, description, { recipientOptedOut: true })
  if (INVALID_RECIPIENT_CODES.has(code)) return failed(code, description, { invalidRecipient: true })
  return failed(code, description)
}

/** The first non-empty of `keys` (Twilio still sends the deprecated Sms* twins of some fields). */
function requiredField(params: Record<string, string | string[]>, keys: string[], where: string): string {
  for (const key of keys) {
    const value = formField(params, key)
    if (value) return value
  }
  throw new WebhookPayloadError(`${where}: ${keys[0]} is missing`)
}

export const twilio: ProviderAdapter = {
  name: 'twilio',

  credentialKeys: {
    required: ['account_sid', 'auth_token'],
    optional: ['messaging_service_sid', 'base_url'],
  },
  checkCredentials(credentials) {
    readCredentials(credentials)
  },

  // Fetch the Account resource: authenticated, free, and it says whether the account is suspended or closed.
  async validateCredentials(credentials, options) {
    const c = readForCheck(() => readCredentials(credentials))
    if ('ok' in c) return c
    const reply = await probeProvider(
      'Twilio',
      `${c.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(c.accountSid)}.json`,
      { method: 'GET', headers: { authorization: basicAuth(c), accept: 'application/json' } },
      options.timeoutMs,
    )
    const verdict = probeVerdict('Twilio', reply, (body) => {
      const error = restError(body)
      return error.code ? `${error.code} ${error.message}` : error.message
    })
    if (!verdict.ok || 'unreachable' in reply) return verdict
    const parsed = tryJson(reply.body)
    const status = isRecord(parsed) ? text(parsed.status) : undefined
    return status === undefined || status === 'active'
      ? verdict
      : { ok: false, reason: `the Twilio account is ${status}` }
  },

  async send(credentials, sms, options) {
    const c = readCredentials(credentials)
    const form = new URLSearchParams({ To: sms.to })
    // With a Messaging Service Twilio picks the sender from the pool; From would override that choice.
    if (c.messagingServiceSid) form.set('MessagingServiceSid', c.messagingServiceSid)
    else form.set('From', sms.from)
    form.set('Body', sms.body)
    form.set('StatusCallback', sms.statusUrl)
    const call = await callProvider(
      'Twilio',
      `${c.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(c.accountSid)}/Messages.json`,
      {
        headers: {
          authorization: basicAuth(c),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      },
      options.timeoutMs,
    )
    return 'result' in call ? call.result : sendResult(call.reply.status, call.reply.body)
  },

  verifySignature(credentials, request) {
    const authToken = credentials.auth_token
    if (typeof authToken !== 'string' || authToken === '') return false
    const signature = header(request, 'x-twilio-signature')
    // A JSON webhook announces itself with bodySHA256 on its URL; everything else is signed over form params.
    const body =
      queryParam(request, 'bodySHA256') !== null ? { rawBody: request.rawBody } : formParams(request)
    return validateTwilioRequest(authToken, signature, request.url, body)
  },

  parseDeliveryReports(request: WebhookRequest): DeliveryReport[] {
    const params = formParams(request)
    const where = 'Twilio status callback'
    const providerMessageId = requiredField(params, ['MessageSid', 'SmsSid'], where)
    const messageStatus = requiredField(params, ['MessageStatus', 'SmsStatus'], where)
    const status = STATUS[messageStatus]
    if (!status) return []
    return [
      {
        providerMessageId,
        messageId: queryParam(request, 'm'),
        status,
        statusDetail: messageStatus,
        errorCode: formField(params, 'ErrorCode') || null,
        // RawDlrDoneDate (YYMMDDhhmm) carries no timezone, so it cannot be turned into an instant.
        doneAt: null,
      },
    ]
  },

  parseInbound(request: WebhookRequest): InboundSms[] {
    const params = formParams(request)
    const where = 'Twilio inbound'
    return [
      {
        providerMessageId: requiredField(params, ['MessageSid', 'SmsMessageSid', 'SmsSid'], where),
        from: internationalNumber(requiredField(params, ['From'], where), `${where} From`),
        to: internationalNumber(requiredField(params, ['To'], where), `${where} To`),
        body: formField(params, 'Body') ?? '',
        // Twilio's inbound webhook carries no timestamp: it posts as the message arrives.
        receivedAt: new Date().toISOString(),
      },
    ]
  },

  inboundAck: {
    contentType: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  },
}
