// The loopback double of CM.com's JSON gateway: sends, per-recipient rejections, status reports, inbound.
import { randomUUID } from 'node:crypto'
import { estimateSegments } from '../../../core/segments.js'
import { behaviours, digits, json, plain, poster, type Reply, serve } from './loopback.js'
import type { Behaviour, DoubleReport, PostResult, ProviderDouble, RecordedRequest } from './types.js'

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
