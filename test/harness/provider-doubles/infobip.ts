// The loopback double of Infobip's SMS API v3: JSON sends, delivery reports (v3 or v2) and MO_JSON_2 inbound.
import { randomUUID } from 'node:crypto'
import { estimateSegments } from '../../../core/segments.js'
import { behaviours, callbackUrl, digits, hex, json, poster, type Reply, serve } from './loopback.js'
import type { DoubleReport, PostResult, ProviderDouble, RecordedRequest } from './types.js'

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
