// The loopback double of Lime's limeApi, posting our status and inbound formats (Lime documents none).
import { behaviours, digits, FORM, hex, plain, poster, serve } from './loopback.js'
import type { DoubleInbound, DoubleReport, PostResult, ProviderDouble, RecordedRequest } from './types.js'

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
