// The loopback double of Twilio's Messages API: form sends, signed status callbacks and inbound messages.
import { isE164Format } from '../../../core/phone.js'
import { estimateSegments } from '../../../core/segments.js'
import { twilioSignature } from '../../../providers/twilio-signature.js'
import { behaviours, callbackUrl, FORM, hex, json, poster, type Reply, serve } from './loopback.js'
import type { DoubleReport, PostResult, ProviderDouble, RecordedRequest } from './types.js'

export const TWILIO_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'receiving',
  'received',
  'accepted',
  'scheduled',
  'read',
  'partially_delivered',
  'canceled',
] as const
export type TwilioStatus = (typeof TWILIO_STATUSES)[number]

export interface TwilioDouble extends ProviderDouble {
  readonly accountSid: string
  readonly authToken: string
  /** Posts a status callback, form-encoded and signed, to `url` (the StatusCallback the send carried). */
  postDeliveryReport(url: string, report: DoubleReport<TwilioStatus>): Promise<PostResult>
}

/** `Wed, 01 May 2024 10:00:00 +0000`, as Twilio writes dates. */
const rfc2822 = (date: Date): string => date.toUTCString().replace('GMT', '+0000')

/** `YYMMDDhhmm`, Twilio's RawDlrDoneDate. */
const rawDlrDoneDate = (date: Date): string => date.toISOString().replace(/\D/g, '').slice(2, 12)

export async function createTwilioDouble(): Promise<TwilioDouble> {
  const accountSid = `AC${hex(16)}`
  const authToken = hex(16)
  const requests: RecordedRequest[] = []
  const forced = behaviours()
  const { post, repeatLast } = poster()
  const sent = new Map<string, { from: string; to: string; messagingServiceSid: string | undefined }>()
  const error = (status: number, code: number, message: string): Reply =>
    json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })
  const basic = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`

  const server = await serve((req) => {
    const account = /^\/2010-04-01\/Accounts\/([^/]+)\.json$/.exec(req.path)
    if (account) {
      if (req.headers.authorization !== basic || account[1] !== accountSid)
        return error(401, 20003, 'Authenticate')
      return json(200, {
        auth_token: authToken,
        date_created: rfc2822(new Date(0)),
        date_updated: rfc2822(new Date(0)),
        friendly_name: 'Double account',
        owner_account_sid: accountSid,
        sid: accountSid,
        status: 'active',
        subresource_uris: { messages: `/2010-04-01/Accounts/${accountSid}/Messages.json` },
        type: 'Full',
        uri: `/2010-04-01/Accounts/${accountSid}.json`,
      })
    }
    const path = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path)
    if (!path) return error(404, 20404, `The requested resource ${req.path} was not found`)
    if (req.headers.authorization !== basic || path[1] !== accountSid)
      return error(401, 20003, 'Authenticate')
    if (req.method !== 'POST') return error(405, 20004, 'Method not allowed')
    // Twilio reads only form parameters: a body of another type reads as no parameters at all.
    const f = req.form
    if (!f.To) return error(400, 21604, "A 'To' phone number is required.")
    if (!isE164Format(f.To)) return error(400, 21211, `The 'To' number ${f.To} is not a valid phone number.`)
    if (!f.From && !f.MessagingServiceSid) return error(400, 21603, "A 'From' phone number is required.")
    if (f.From && !isE164Format(f.From)) {
      return error(400, 21212, `The 'From' number ${f.From} is not a valid phone number or shortcode.`)
    }
    if (f.MessagingServiceSid && !/^MG[0-9a-f]{32}$/.test(f.MessagingServiceSid)) {
      return error(400, 21701, 'The Messaging Service Sid is invalid.')
    }
    if (!f.Body) return error(400, 21602, 'Message body is required.')
    if (f.Body.length > 1600)
      return error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.')
    if (f.StatusCallback !== undefined && !callbackUrl(f.StatusCallback)) {
      return error(400, 21609, `The StatusCallback URL ${f.StatusCallback} is not a valid URL.`)
    }
    requests.push(req)
    const behaviour = forced.get(f.To)
    switch (behaviour?.behaviour) {
      case 'opted_out':
        return error(400, 21610, 'Attempt to send to unsubscribed recipient')
      case 'invalid_number':
        return error(400, 21211, `The 'To' number ${f.To} is not a valid phone number.`)
      case 'rate_limited':
        return error(429, 20429, 'Too Many Requests')
      case 'server_error':
        return error(500, 20500, 'Internal Server Error')
    }
    const sid = `SM${hex(16)}`
    sent.set(sid, { from: f.From ?? '', to: f.To, messagingServiceSid: f.MessagingServiceSid })
    const now = rfc2822(new Date())
    return {
      ...json(201, {
        account_sid: accountSid,
        api_version: '2010-04-01',
        body: f.Body,
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        // Through a Messaging Service the sender is picked later, and the segment count is "0" until then.
        from: f.From ?? null,
        messaging_service_sid: f.MessagingServiceSid ?? null,
        num_media: '0',
        num_segments: f.MessagingServiceSid ? '0' : String(estimateSegments(f.Body).segments),
        price: null,
        price_unit: 'USD',
        sid,
        status: f.MessagingServiceSid ? 'accepted' : 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
        to: f.To,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      }),
      delayMs: behaviour?.behaviour === 'slow' ? behaviour.delayMs : 0,
    }
  })

  const postSigned = (url: string, params: Record<string, string>) =>
    post(url, FORM, new URLSearchParams(params).toString(), {
      'x-twilio-signature': twilioSignature(authToken, url, params),
    })

  return {
    baseUrl: server.baseUrl,
    credentials: { account_sid: accountSid, auth_token: authToken, base_url: server.baseUrl },
    accountSid,
    authToken,
    requests,
    respondFor: forced.set,
    repeatLast,
    postDeliveryReport(url, report) {
      const message = sent.get(report.providerMessageId)
      const failing = report.status === 'failed' || report.status === 'undelivered'
      const final = report.status === 'delivered' || report.status === 'undelivered'
      const errorCode = report.errorCode ?? (failing ? '30008' : undefined)
      return postSigned(url, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message?.from || '+15005550006',
        MessageSid: report.providerMessageId,
        MessageStatus: report.status,
        SmsSid: report.providerMessageId,
        SmsStatus: report.status,
        To: message?.to ?? '+15005550009',
        ...(message?.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
        ...(errorCode ? { ErrorCode: errorCode } : {}),
        ...(final ? { RawDlrDoneDate: rawDlrDoneDate(new Date()) } : {}),
      })
    },
    postInbound(url, message) {
      const sid = message.providerMessageId ?? `SM${hex(16)}`
      return postSigned(url, {
        ToCountry: 'US',
        ToState: '',
        SmsMessageSid: sid,
        NumMedia: '0',
        ToCity: '',
        FromZip: '',
        SmsSid: sid,
        FromState: '',
        SmsStatus: 'received',
        FromCity: '',
        Body: message.body,
        FromCountry: 'US',
        To: message.to,
        ToZip: '',
        NumSegments: String(estimateSegments(message.body).segments),
        MessageSid: sid,
        AccountSid: accountSid,
        From: message.from,
        ApiVersion: '2010-04-01',
      })
    },
    close: server.close,
  }
}
