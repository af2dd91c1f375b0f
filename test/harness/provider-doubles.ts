// Loopback HTTP doubles of the real SMS providers (reference/wire-formats §1–4), for contract tests of the
// adapters. Each listens on 127.0.0.1 (port 0), checks a send request the way its provider does and answers
// refusals in that provider's error format, records every well-formed request, answers in the provider's success
// format with a fresh message id, misbehaves for a recipient when told to, and posts delivery reports and inbound
// messages back in the provider's webhook format (the Twilio double signs them with X-Twilio-Signature).
// Lime documents no webhook format: its double posts the formats we defined (lib/providers/lime.ts).
// Each also answers its adapter's credentials check (validateCredentials) for good and bad credentials.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isE164Format } from '../../core/phone.js'
import { estimateSegments } from '../../core/segments.js'
import { twilioSignature } from '../../providers/twilio-signature.js'
import type { ProviderCredentials, WebhookRequest } from '../../providers/types.js'

/** What a double does for one recipient instead of accepting the message. */
export type Behaviour = 'opted_out' | 'invalid_number' | 'rate_limited' | 'server_error' | 'slow'

export interface RecordedRequest {
  method: string
  /** The path without its query. */
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: string
  /** Form fields of a form-encoded body (the last value of a repeated key); {} otherwise. */
  form: Record<string, string>
  /** The parsed body of a JSON request; undefined otherwise. */
  json: unknown
}

/** A delivery report for a double to post. */
export interface DoubleReport<S> {
  providerMessageId: string
  /** Our message id, posted where the provider carries it (Infobip callbackData, CM reference). */
  ourMessageId?: string
  /** The provider's own status (Twilio MessageStatus, Infobip status name, CM status code, Lime status). */
  status: S
  /** The provider's error code; failing statuses get a typical one when none is given. */
  errorCode?: string
}

/** An inbound message for a double to post. Numbers are E.164 (or a short code). */
export interface DoubleInbound {
  from: string
  to: string
  body: string
  /** The provider's id of the inbound message; a fresh one when absent. */
  providerMessageId?: string
}

/** How the receiving end answered a posted webhook. */
export interface PostResult {
  status: number
  body: string
}

export interface ProviderDouble {
  /** Where the double listens: the adapters' `base_url` credential. */
  readonly baseUrl: string
  /** Credentials this double accepts, `base_url` included. */
  readonly credentials: ProviderCredentials
  /** Every well-formed send request, in order (also those answered with a forced behaviour). */
  readonly requests: RecordedRequest[]
  /** From now on, answer sends to `to` (E.164) with `behaviour`; `slow` answers successfully after delayMs. */
  respondFor(to: string, behaviour: Behaviour, options?: { delayMs?: number }): void
  postInbound(url: string, message: DoubleInbound): Promise<PostResult>
  /** Posts the last webhook again, byte for byte, as a provider does when it retries. */
  repeatLast(): Promise<PostResult>
  close(): Promise<void>
}

interface Reply {
  status: number
  contentType: string
  body: string
  /** Answer only after this many ms (the `slow` behaviour). */
  delayMs?: number
}

const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
})
const plain = (status: number, body: string): Reply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body,
})

const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

const DEFAULT_SLOW_MS = 2_000

/** Forced behaviours by E.164 recipient. */
function behaviours() {
  const map = new Map<string, { behaviour: Behaviour; delayMs: number }>()
  return {
    set(to: string, behaviour: Behaviour, options?: { delayMs?: number }) {
      map.set(to, { behaviour, delayMs: options?.delayMs ?? DEFAULT_SLOW_MS })
    },
    get: (to: string) => map.get(to),
  }
}

function record(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string): RecordedRequest {
  const url = new URL(rawUrl, 'http://double.invalid')
  const type = String(headers['content-type'] ?? '')
  let parsed: unknown
  if (type.startsWith('application/json')) {
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = undefined
    }
  }
  return {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    form: type.startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(body))
      : {},
    json: parsed,
  }
}

/** One loopback server answering each request with what `handle` decides. */
async function serve(
  handle: (request: RecordedRequest) => Reply,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const reply = handle(
        record(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString()),
      )
      const answer = () => {
        res.writeHead(reply.status, { 'content-type': reply.contentType })
        res.end(reply.body)
      }
      if (!reply.delayMs) return answer()
      const timer = setTimeout(() => {
        timers.delete(timer)
        answer()
      }, reply.delayMs)
      timers.add(timer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Posts webhooks and remembers the last one, for `repeatLast`. */
function poster() {
  let last: { url: string; headers: Record<string, string>; body: string } | undefined
  const send = async (url: string, headers: Record<string, string>, body: string): Promise<PostResult> => {
    last = { url, headers, body }
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) })
    return { status: res.status, body: await res.text() }
  }
  return {
    post: (url: string, contentType: string, body: string, headers: Record<string, string> = {}) =>
      send(url, { 'content-type': contentType, ...headers }, body),
    repeatLast: () => {
      if (!last) throw new Error('nothing was posted yet')
      return send(last.url, last.headers, last.body)
    },
  }
}

const digits = (e164: string): string => e164.replace(/^\+/, '')
const FORM = 'application/x-www-form-urlencoded'

// --- Twilio ---

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

/** Twilio refuses callback URLs that are not http(s) or have an underscore in the host name. */
function callbackUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hostname.includes('_')
  } catch {
    return false
  }
}

// --- Infobip ---

/** Status objects by name [M: ids and descriptions after Infobip's status-code table; group 0 assumed]. */
export const INFOBIP_STATUSES = {
  MESSAGE_ACCEPTED: { groupId: 0, groupName: 'ACCEPTED', id: 0, description: 'Message accepted' },
  PENDING_ACCEPTED: {
    groupId: 1,
    groupName: 'PENDING',
    id: 26,
    description: 'Message sent to next instance',
  },
  PENDING_WAITING_DELIVERY: {
    groupId: 1,
    groupName: 'PENDING',
    id: 3,
    description: 'Message sent and waiting for delivery report',
  },
  UNDELIVERABLE_NOT_DELIVERED: {
    groupId: 2,
    groupName: 'UNDELIVERABLE',
    id: 9,
    description: 'Message sent not delivered',
  },
  DELIVERED_TO_HANDSET: {
    groupId: 3,
    groupName: 'DELIVERED',
    id: 5,
    description: 'Message delivered to handset',
  },
  EXPIRED_EXPIRED: { groupId: 4, groupName: 'EXPIRED', id: 15, description: 'Message expired' },
  REJECTED_NETWORK: { groupId: 5, groupName: 'REJECTED', id: 6, description: 'Network is forbidden' },
  REJECTED_DESTINATION: { groupId: 5, groupName: 'REJECTED', id: 14, description: 'Destination rejected' },
  REJECTED_DND: { groupId: 5, groupName: 'REJECTED', id: 10, description: 'Destination is on a DND list' },
} as const
export type InfobipStatusName = keyof typeof INFOBIP_STATUSES

export interface InfobipDouble extends ProviderDouble {
  /**
   * Posts delivery reports in one `{results:[…]}` body (v3 field names; `v2` uses `from`/`smsCount`). The
   * report's `ourMessageId` goes into callbackData.
   */
  postDeliveryReport(
    url: string,
    reports: DoubleReport<InfobipStatusName> | DoubleReport<InfobipStatusName>[],
    options?: { v2?: boolean },
  ): Promise<PostResult>
}

/** `2024-05-01T10:00:00.000+0000`, as Infobip writes dates. */
const infobipTime = (date: Date): string => date.toISOString().replace('Z', '+0000')

const status = (name: InfobipStatusName) => ({ ...INFOBIP_STATUSES[name], name })

export async function createInfobipDouble(): Promise<InfobipDouble> {
  const apiKey = `${hex(16)}-${randomUUID()}`
  const requests: RecordedRequest[] = []
  const forced = behaviours()
  const { post, repeatLast } = poster()
  const sent = new Map<string, { sender: string; to: string }>()
  const error = (httpStatus: number, messageId: string, text: string): Reply =>
    json(httpStatus, { requestError: { serviceException: { messageId, text } } })

  const server = await serve((req) => {
    if (req.path === '/account/1/balance' && req.method === 'GET') {
      if (req.headers.authorization !== `App ${apiKey}`)
        return error(401, 'UNAUTHORIZED', 'Invalid login details')
      return json(200, { balance: 47.79, currency: 'EUR' })
    }
    if (req.path !== '/sms/3/messages' || req.method !== 'POST') return error(404, 'NOT_FOUND', 'Not found')
    if (req.headers.authorization !== `App ${apiKey}`)
      return error(401, 'UNAUTHORIZED', 'Invalid login details')
    const body = req.json as { messages?: unknown } | undefined
    const problem = infobipProblem(body)
    if (problem) return error(400, 'BAD_REQUEST', problem)
    requests.push(req)
    const messages = (body as { messages: InfobipMessage[] }).messages
    const destinations = messages.flatMap((m) => m.destinations.map((d) => ({ message: m, to: d.to })))
    // A forced behaviour of any recipient decides the whole request's HTTP answer.
    const behaviour = destinations.map((d) => forced.get(`+${d.to}`)).find((b) => b !== undefined)
    if (behaviour?.behaviour === 'rate_limited') return error(429, 'TOO_MANY_REQUESTS', 'Too many requests')
    if (behaviour?.behaviour === 'server_error') return error(500, 'GENERAL_ERROR', 'Something went wrong')
    const results = destinations.map(({ message, to }) => {
      const messageId = randomUUID()
      const own = forced.get(`+${to}`)?.behaviour
      const state =
        own === 'opted_out'
          ? 'REJECTED_DND'
          : own === 'invalid_number'
            ? 'REJECTED_DESTINATION'
            : 'PENDING_ACCEPTED'
      if (state === 'PENDING_ACCEPTED') sent.set(messageId, { sender: message.sender ?? '', to })
      return {
        messageId,
        status: status(state),
        destination: to,
        details: { messageCount: estimateSegments(message.content.text).segments },
      }
    })
    return {
      ...json(200, { ...(results.length > 1 ? { bulkId: randomUUID() } : {}), messages: results }),
      delayMs: behaviour?.behaviour === 'slow' ? behaviour.delayMs : 0,
    }
  })

  return {
    baseUrl: server.baseUrl,
    credentials: { api_key: apiKey, base_url: server.baseUrl },
    requests,
    respondFor: forced.set,
    repeatLast,
    postDeliveryReport(url, reports, options = {}) {
      const now = new Date()
      const results = [reports].flat().map((r) => {
        const message = sent.get(r.providerMessageId)
        const st = status(r.status)
        const failing = st.groupId === 2 || st.groupId === 4 || st.groupId === 5
        const errorCode = r.errorCode ?? (failing ? '1' : undefined)
        return {
          bulkId: null,
          messageId: r.providerMessageId,
          to: message?.to ?? '41793026727',
          [options.v2 ? 'from' : 'sender']: message?.sender ?? 'InfoSMS',
          sentAt: infobipTime(new Date(now.getTime() - 2_000)),
          doneAt: infobipTime(now),
          [options.v2 ? 'smsCount' : 'messageCount']: 1,
          mccMnc: '310260',
          callbackData: r.ourMessageId ?? null,
          price: { pricePerMessage: 0.0075, currency: 'EUR' },
          status: st,
          error: errorCode
            ? {
                groupId: 1,
                groupName: 'HANDSET_ERRORS',
                id: Number(errorCode),
                name: `EC_${errorCode}`,
                description: 'Handset error',
                permanent: false,
              }
            : {
                groupId: 0,
                groupName: 'OK',
                id: 0,
                name: 'NO_ERROR',
                description: 'No Error',
                permanent: false,
              },
        }
      })
      return post(url, 'application/json', JSON.stringify({ results }))
    },
    postInbound(url, message) {
      const keyword = message.body.trim().split(/\s+/)[0]?.toUpperCase() ?? ''
      const result = {
        messageId: message.providerMessageId ?? randomUUID(),
        from: digits(message.from),
        to: digits(message.to),
        text: message.body,
        cleanText: message.body.trim().slice(keyword.length).trim(),
        keyword,
        receivedAt: infobipTime(new Date()),
        smsCount: estimateSegments(message.body).segments,
        price: { pricePerMessage: 0, currency: 'EUR' },
        callbackData: null,
      }
      return post(
        url,
        'application/json',
        JSON.stringify({ results: [result], messageCount: 1, pendingMessageCount: 0 }),
      )
    },
    close: server.close,
  }
}

interface InfobipMessage {
  sender?: string
  destinations: { to: string }[]
  content: { text: string }
}

/** Why a v3 send body would be refused, or null when Infobip would take it. */
function infobipProblem(body: unknown): string | null {
  const messages = (body as { messages?: unknown } | undefined)?.messages
  if (!Array.isArray(messages) || messages.length === 0) return 'messages must not be empty'
  for (const [i, m] of messages.entries()) {
    if (typeof m !== 'object' || m === null) return `messages[${i}] must be an object`
    const { sender, destinations, content, webhooks } = m as Record<string, unknown>
    if (sender !== undefined && (typeof sender !== 'string' || sender === '')) return `messages[${i}].sender`
    if (!Array.isArray(destinations) || destinations.length === 0)
      return `messages[${i}].destinations must not be empty`
    for (const d of destinations) {
      // International digits, no '+' or 00 prefix.
      const to = (d as { to?: unknown } | null)?.to
      if (typeof to !== 'string' || !/^[1-9]\d{6,14}$/.test(to))
        return `messages[${i}].destinations.to is invalid`
    }
    const text = (content as { text?: unknown } | null | undefined)?.text
    if (typeof text !== 'string' || text === '') return `messages[${i}].content.text must not be blank`
    if (webhooks !== undefined) {
      const w = webhooks as { delivery?: { url?: unknown }; callbackData?: unknown }
      if (w.delivery?.url !== undefined && !callbackUrl(String(w.delivery.url))) {
        return `messages[${i}].webhooks.delivery.url is invalid`
      }
      if (
        w.callbackData !== undefined &&
        (typeof w.callbackData !== 'string' || w.callbackData.length > 4000)
      ) {
        return `messages[${i}].webhooks.callbackData is invalid`
      }
    }
  }
  return null
}

// --- CM ---

/** Status report codes: 0 accepted by the operator, 1 rejected, 2 delivered, 3 failed, 4 read. */
export type CmStatusCode = 0 | 1 | 2 | 3 | 4

export interface CmDouble extends ProviderDouble {
  readonly productToken: string
  /**
   * Posts status reports, `{messages:{msg:…}}` with msg an object for one report and an array for several. CM's
   * reference is our message id: `ourMessageId` when given, else `providerMessageId`.
   */
  postDeliveryReport(
    url: string,
    reports: DoubleReport<CmStatusCode> | DoubleReport<CmStatusCode>[],
  ): Promise<PostResult>
}

/** `2024-05-01T10:00:00`, CM's UTC timestamps. */
const cmTime = (date: Date): string => date.toISOString().slice(0, 19)

/** CM's international format: 00 and the digits. */
const cmNumber = (e164: string): string => (/^\d{3,6}$/.test(e164) ? e164 : `00${digits(e164)}`)

export async function createCmDouble(): Promise<CmDouble> {
  const productToken = randomUUID()
  const requests: RecordedRequest[] = []
  const forced = behaviours()
  const { post, repeatLast } = poster()
  const sent = new Map<string, string>()
  const refused = (httpStatus: number, errorCode: number, details: string): Reply =>
    json(httpStatus, { details, errorCode, messages: [] })

  const server = await serve((req) => {
    if (req.path !== '/v1.0/message' || req.method !== 'POST') return refused(404, 999, 'Not found')
    const body = req.json as
      | { messages?: { authentication?: { productToken?: unknown }; msg?: unknown } }
      | undefined
    if (body === undefined) return refused(400, 202, 'The request is malformed: expected JSON')
    const token = req.headers['x-cm-producttoken'] ?? body.messages?.authentication?.productToken
    if (token !== productToken) return refused(400, 101, 'No account found for the given authentication')
    const msgs = body.messages?.msg
    if (!Array.isArray(msgs) || msgs.length === 0)
      return refused(400, 203, 'A MESSAGES node requires at least one MSG node')
    requests.push(req)
    const recipients = msgs.flatMap((m: CmMessage) =>
      (Array.isArray(m?.to) ? m.to : [{ number: undefined }]).map((to) => ({ msg: m, number: to?.number })),
    )
    const behaviour = recipients
      .map((r) => (typeof r.number === 'string' ? forced.get(`+${r.number.slice(2)}`) : undefined))
      .find((b) => b !== undefined)
    if (behaviour?.behaviour === 'rate_limited') return plain(429, 'Too Many Requests')
    if (behaviour?.behaviour === 'server_error') return refused(500, 500, 'An internal error has occurred')
    const results = recipients.map(({ msg, number }) => {
      const rejection = cmRejection(msg, number, forced.get(`+${String(number).slice(2)}`)?.behaviour)
      if (!rejection && msg.reference) sent.set(msg.reference, String(number))
      return {
        to: number ?? null,
        status: rejection ? 'Rejected' : 'Accepted',
        reference: msg.reference ?? null,
        parts: rejection ? 0 : estimateSegments(msg.body?.content ?? '').segments,
        messageDetails: rejection?.details ?? null,
        messageErrorCode: rejection?.code ?? 0,
      }
    })
    const accepted = results.filter((r) => r.status === 'Accepted').length
    return {
      ...json(accepted === 0 ? 400 : 200, {
        details: `Created ${accepted} message(s)`,
        errorCode: accepted === results.length ? 0 : 201,
        messages: results,
      }),
      delayMs: behaviour?.behaviour === 'slow' ? behaviour.delayMs : 0,
    }
  })

  return {
    baseUrl: server.baseUrl,
    credentials: { product_token: productToken, base_url: server.baseUrl },
    productToken,
    requests,
    respondFor: forced.set,
    repeatLast,
    postDeliveryReport(url, reports) {
      const msg = [reports].flat().map((r) => {
        const reference = r.ourMessageId ?? r.providerMessageId
        const failing = r.status === 1 || r.status === 3
        const errorCode = r.errorCode ?? (failing ? '5' : '')
        return {
          received: cmTime(new Date()),
          to: sent.get(reference) ?? '0041793026727',
          reference,
          status: {
            code: String(r.status),
            errorCode,
            errorDescription: errorCode ? 'Message not delivered at third party' : '',
          },
          operator: '310260',
        }
      })
      return post(
        url,
        'application/json',
        JSON.stringify({ messages: { msg: msg.length === 1 ? msg[0] : msg } }),
      )
    },
    postInbound(url, message) {
      return post(
        url,
        'application/json',
        JSON.stringify({
          from: { number: cmNumber(message.from), name: '' },
          to: { number: cmNumber(message.to) },
          message: { text: message.body, media: { mediaName: '', mediaUri: '', mimeType: '' }, custom: {} },
          reference: message.providerMessageId ?? randomUUID(),
          groupings: ['', '', ''],
          timeUtc: cmTime(new Date()),
          channel: 'SMS',
          messageContext: '',
        }),
      )
    },
    close: server.close,
  }
}

interface CmMessage {
  from?: unknown
  to?: { number?: unknown }[]
  body?: { type?: unknown; content?: string }
  reference?: string
}

/** Why CM rejects one recipient of a msg [M: messageErrorCode values], or null when it accepts it. */
function cmRejection(
  msg: CmMessage,
  number: unknown,
  behaviour: Behaviour | undefined,
): { code: number; details: string } | null {
  if (typeof msg.from !== 'string' || !/^([A-Za-z0-9 ]{1,11}|\d{1,16})$/.test(msg.from)) {
    return { code: 301, details: `Invalid from '${String(msg.from)}'` }
  }
  if (typeof number !== 'string' || number === '') return { code: 302, details: 'No phone numbers found' }
  if (!/^00[1-9]\d{6,14}$/.test(number)) return { code: 303, details: `Gsm '${number}' is not a number.` }
  if (typeof msg.body?.content !== 'string' || msg.body.content === '') {
    return { code: 304, details: 'A body without content was found' }
  }
  if (msg.reference !== undefined && !/^[A-Za-z0-9]{1,32}$/.test(msg.reference)) {
    return { code: 305, details: 'Invalid reference' }
  }
  if (behaviour === 'opted_out') return { code: 402, details: 'Message has been blacklisted' }
  if (behaviour === 'invalid_number') return { code: 303, details: `Gsm '${number}' is not a number.` }
  return null
}

// --- Lime (our formats: Lime documents none) ---

export type LimeStatus = 'sent' | 'delivered' | 'undelivered' | 'failed'

export interface LimeDouble extends ProviderDouble {
  /** Posts our Lime status callback (form-encoded, or JSON with `json`). */
  postDeliveryReport(
    url: string,
    report: DoubleReport<LimeStatus>,
    options?: { json?: boolean },
  ): Promise<PostResult>
  /** Posts our Lime inbound callback; `omitId` leaves out `id` (the adapter then derives one). */
  postInbound(
    url: string,
    message: DoubleInbound,
    options?: { json?: boolean; omitId?: boolean },
  ): Promise<PostResult>
}

/** A US number as Lime writes it: 10 digits. */
const limeMobile = (e164: string): string => (e164.startsWith('+1') ? e164.slice(2) : digits(e164))

export async function createLimeDouble(): Promise<LimeDouble> {
  const user = `user${hex(4)}`
  const apiId = hex(12)
  const requests: RecordedRequest[] = []
  const forced = behaviours()
  const { post, repeatLast } = poster()
  const sent = new Map<string, string>()

  const server = await serve((req) => {
    if (req.path !== '/limeApi' || (req.method !== 'POST' && req.method !== 'GET'))
      return plain(404, 'Not found')
    // Lime reads its parameters from the query string or a form body alike (case-sensitive names).
    const p = { ...req.query, ...req.form }
    if (p.user !== user || p.api_id !== apiId) return plain(403, 'Invalid user or api_id')
    if (p.ev === 'optedInNumbers') {
      return {
        status: 200,
        contentType: 'text/xml; charset=utf-8',
        body: '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <status>success</status>\n  <numbers/>\n</xml>',
      }
    }
    if (p.ev !== 'sendSms') return plain(400, `Invalid event: ${p.ev ?? ''}`)
    if (!p.mobile || !/^1?\d{10}$/.test(p.mobile))
      return plain(400, `Invalid mobile number: ${p.mobile ?? ''}`)
    if (!p.message) return plain(400, 'message is required')
    requests.push(req)
    const behaviour = forced.get(`+1${p.mobile.slice(-10)}`)
    switch (behaviour?.behaviour) {
      case 'opted_out':
        return plain(400, `Mobile number ${p.mobile} has opted out`)
      case 'invalid_number':
        return plain(400, `Invalid mobile number: ${p.mobile}`)
      case 'rate_limited':
        return plain(429, 'Too many requests')
      case 'server_error':
        return plain(500, 'Internal error')
    }
    const trackingId = hex(10)
    sent.set(trackingId, p.mobile)
    return {
      status: 200,
      contentType: 'text/xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <status>success</status>\n  <trackingId>${trackingId}</trackingId>\n</xml>`,
      delayMs: behaviour?.behaviour === 'slow' ? behaviour.delayMs : 0,
    }
  })

  const postFields = (url: string, fields: Record<string, string>, asJson: boolean | undefined) =>
    asJson
      ? post(url, 'application/json', JSON.stringify(fields))
      : post(url, FORM, new URLSearchParams(fields).toString())

  return {
    baseUrl: server.baseUrl,
    credentials: { user, api_id: apiId, base_url: server.baseUrl },
    requests,
    respondFor: forced.set,
    repeatLast,
    postDeliveryReport(url, report, options = {}) {
      const failing = report.status === 'failed' || report.status === 'undelivered'
      const errorCode = report.errorCode ?? (failing ? '1' : undefined)
      return postFields(
        url,
        {
          trackingId: report.providerMessageId,
          status: report.status,
          mobile: sent.get(report.providerMessageId) ?? '2015550123',
          ...(errorCode ? { errorCode } : {}),
        },
        options.json,
      )
    },
    postInbound(url, message, options = {}) {
      return postFields(
        url,
        {
          mobile: limeMobile(message.from),
          message: message.body,
          shortcode: limeMobile(message.to),
          ...(options.omitId ? {} : { id: message.providerMessageId ?? hex(10) }),
          receivedAt: new Date().toISOString(),
        },
        options.json,
      )
    },
    close: server.close,
  }
}

// --- the receiving end ---

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
