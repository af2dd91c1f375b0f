// Conversion postbacks from affiliate networks and the direct conversion endpoints (spec §11). Each is verified
// against its account's postback secret (required unless the owner allowed unsigned postbacks) and IP allow-list,
// a network's click id against its MAC, answers only after its event is durable (journalled locally, then fed to
// Kafka), and never waits long on a slow downstream: lookups are cached and bounded. A refused request publishes
// no revenue event.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { isDatacenterIp } from '../core/bots.js'
import { AppError, type ErrorCode } from '../core/errors.js'
import type { DeadLetterEvent, RevenueEvent } from '../core/events.js'
import { topicName } from '../core/events.js'
import {
  clickIdIsAuthentic,
  clickIdKey,
  conversionEventId,
  linkMessageRef,
  MESSAGE_ID_PATTERN,
  newObjectId,
  SHORT_CODE_PATTERN,
} from '../core/ids.js'
import { checkPostbackSecret } from '../core/postback-auth.js'
import {
  NETWORKS,
  type Network,
  type Parsed,
  type ParsedDirectConversion,
  type PostbackParams,
  parseDirectConversion,
  parsePostback,
  postbackParams,
  presentedSecret,
} from '../core/tracking.js'
import { LookupUnavailableError } from './postback-lookups.js'
import type { IngestRouteOptions } from './route-options.js'

/** The error body of every ingest route (the API's shape). */
export const IngestErrorReply = Type.Object({ error: Type.String(), code: Type.String() })
const ErrorReply = IngestErrorReply
const Accepted = Type.Object({ success: Type.Literal(true), event_id: Type.String() })
const REPLIES = {
  200: Accepted,
  400: ErrorReply,
  401: ErrorReply,
  403: ErrorReply,
  404: ErrorReply,
  503: ErrorReply,
}

/** A 1×1 transparent GIF. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

/** Direct conversions (conv, pixel) share one dedup space per account: a merchant's order id is unique only there. */
const DIRECT_NETWORK = 'direct'

const SECRET_PARAMS = new Set(['postback_secret', 'secret'])

function ok<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new AppError(parsed.code, parsed.error)
  return parsed.value
}

/** The request's parameters without the secret, for a dead-letter record. */
function redacted(params: PostbackParams): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) out[name] = SECRET_PARAMS.has(name) ? '[redacted]' : value
  }
  return out
}

export async function postbackRoutes(fastify: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { postbackLookups: pb, events } = opts
  const clickKey = clickIdKey(opts.config.secretKey)
  const topics = {
    revenue: topicName(opts.topicPrefix, 'revenue'),
    deadLetter: topicName(opts.topicPrefix, 'deadLetter'),
  }

  // Networks that POST send forms as often as JSON; scoped to this plugin (the API itself stays JSON-only).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  )

  // A slow or failed lookup is a 503 the network retries, never a 500 with internal text.
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof LookupUnavailableError) {
      return reply.code(503).header('retry-after', '30').send({
        error: 'Temporarily unable to verify the postback; retry later',
        code: 'service_unavailable',
      })
    }
    throw err
  })

  /** Throws 401/403 unless the request carries the account's secret (or may go without) from an allowed address. */
  async function verify(accountId: string, params: PostbackParams, ip: string): Promise<void> {
    const auth = await pb.auth(accountId)
    const check = checkPostbackSecret(auth.secret, auth.allowUnsigned, presentedSecret(params))
    if (check === 'missing_postback_secret') {
      throw new AppError(
        check,
        'postback_secret is required: use the postback URLs from the postback settings',
      )
    }
    if (check === 'invalid_postback_secret') {
      throw new AppError(check, 'postback_secret does not match the account’s')
    }
    if (!auth.allows(ip)) {
      throw new AppError('postback_ip_not_allowed', `${ip} is not on the account's postback IP allow-list`)
    }
  }

  async function publish(event: RevenueEvent): Promise<{ success: true; event_id: string }> {
    await events.publish({ topic: topics.revenue, key: event.message_id, value: JSON.stringify(event) })
    return { success: true as const, event_id: event.event_id }
  }

  async function networkPostback(network: Network, request: FastifyRequest) {
    const params = ok(postbackParams(request.query, request.body))
    const value = ok(parsePostback(network, params))
    // Checked before any lookup: an invented click id costs nothing and reveals nothing.
    if (!clickIdIsAuthentic(clickKey, value.clickId)) {
      throw new AppError('forged_click_id', 'click_id was not issued by Trackly')
    }
    const owner = await pb.messageOwner(value.messageId)
    if (!owner) throw new AppError('click_not_found', 'click_id does not belong to any message')
    await verify(owner.accountId, params, request.ip)
    // The network's offer id is a hint only: an offer not synced (or a slow lookup) leaves the click's offer to count.
    const offer = value.offerRef ? await pb.offer(owner.accountId, value.offerRef).catch(() => null) : null
    return publish({
      // Scoped by account: two accounts on one network may see the same transaction ids.
      event_id: conversionEventId(
        network,
        `${owner.accountId}\u0000${value.transactionId}`,
        value.conversionType,
      ),
      account_id: owner.accountId,
      event_time: new Date().toISOString(),
      message_id: value.messageId,
      click_id: value.clickId,
      network,
      transaction_id: value.transactionId,
      conversion_type: value.conversionType,
      amount: value.amount,
      source: 'postback',
      ...(offer ? { offer_id: offer.id } : {}),
    })
  }

  interface DirectTarget {
    accountId: string
    messageRef: string
    offerId: string | null
    /** Dedup key when the request names no transaction: one conversion per target and type. */
    fallbackKey: string
  }

  function directEvent(
    target: DirectTarget,
    value: ParsedDirectConversion,
    source: 'conv' | 'pixel',
    ip: string,
  ): RevenueEvent {
    const transactionId = value.transactionId ?? `${target.fallbackKey}:${value.conversionType}`
    return {
      event_id: conversionEventId(
        DIRECT_NETWORK,
        `${target.accountId}\u0000${transactionId}`,
        value.conversionType,
      ),
      account_id: target.accountId,
      event_time: new Date().toISOString(),
      message_id: target.messageRef,
      click_id: '',
      network: DIRECT_NETWORK,
      transaction_id: transactionId,
      conversion_type: value.conversionType,
      amount: value.amount,
      source,
      ...(target.offerId ? { offer_id: target.offerId } : {}),
      // Conv and pixel may be fired by a browser: a conversion from a hosting range is a fraud signal.
      datacenter_ip: isDatacenterIp(ip),
    }
  }

  /** The link of a prior click: its account, its message (or `L<code>` for a message-less link) and its offer. */
  async function linkTarget(linkId: string | undefined): Promise<DirectTarget> {
    if (!linkId) throw new AppError('missing_link_id', 'link_id is required')
    if (!SHORT_CODE_PATTERN.test(linkId))
      throw new AppError('invalid_link_id', 'link_id is 7 letters or digits')
    const link = await pb.link(linkId)
    if (!link) throw new AppError('link_not_found', 'No link has this link_id')
    return {
      accountId: link.accountId,
      messageRef: linkMessageRef(linkId, link.messageId),
      offerId: link.offerId,
      fallbackKey: `link:${linkId}`,
    }
  }

  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/api/postbacks/:network',
      // The form parser's limit, so a 413 names the real one.
      bodyLimit: 64 * 1024,
      schema: {
        operationId: method === 'GET' ? 'getNetworkPostback' : 'postNetworkPostback',
        summary: `Conversion postback from an affiliate network (${method})`,
        description:
          'TUNE `click_id={aff_click_id}&payout={payout}&conversion_id={transaction_id}`, Everflow ' +
          '`click_id={sub1}&payout={payout_amount}&transaction_id={transaction_id}`, Cake ' +
          '`cid=#s2#&lead=#leadid#&payout=#price#&offer=#oid#`; `event_type` lead|sale|rebill|refund|chargeback|' +
          'install|signup (refunds and chargebacks reverse revenue); `postback_secret` (required unless the owner ' +
          'allowed unsigned postbacks). ' +
          'POST takes the same parameters as JSON or a form.',
        params: Type.Object({ network: Type.Enum(NETWORKS) }),
        response: REPLIES,
      },
      handler: (request) => networkPostback((request.params as { network: Network }).network, request),
    })
  }

  app.get(
    '/conv/offer',
    {
      schema: {
        operationId: 'recordOfferConversion',
        summary: 'Direct conversion for an offer and a message',
        description:
          '`offer_id` (internal or external id), `message_id`, `revenue`, `txn_id` (dedup key; `external_id` also ' +
          'read), `event_type`, `postback_secret`.',
        response: REPLIES,
      },
    },
    async (request) => {
      const params = ok(postbackParams(request.query))
      const conversion = ok(parseDirectConversion(params))
      const offerRef = params.offer_id
      const messageId = params.message_id
      if (!offerRef) throw new AppError('missing_offer_id', 'offer_id is required')
      if (!messageId) throw new AppError('missing_message_id', 'message_id is required')
      if (!MESSAGE_ID_PATTERN.test(messageId)) {
        throw new AppError('invalid_message_id', 'message_id is 8 letters or digits')
      }
      const owner = await pb.messageOwner(messageId)
      if (!owner) throw new AppError('message_not_found', 'No message has this message_id')
      await verify(owner.accountId, params, request.ip)
      const offer = await pb.offer(owner.accountId, offerRef)
      if (!offer) throw new AppError('offer_not_found', 'The account has no offer with this offer_id')
      const target = {
        accountId: owner.accountId,
        messageRef: messageId,
        offerId: offer.id,
        fallbackKey: `offer:${offer.id}:${messageId}`,
      }
      return publish(directEvent(target, conversion, 'conv', request.ip))
    },
  )

  app.get(
    '/conv',
    {
      schema: {
        operationId: 'recordLinkConversion',
        summary: 'Direct conversion for the link of a prior click',
        description:
          '`link_id` (the 7-character short code), `revenue`, `txn_id`, `event_type`, `postback_secret`.',
        response: REPLIES,
      },
    },
    async (request) => {
      const params = ok(postbackParams(request.query))
      const conversion = ok(parseDirectConversion(params))
      const target = await linkTarget(params.link_id)
      await verify(target.accountId, params, request.ip)
      return publish(directEvent(target, conversion, 'conv', request.ip))
    },
  )

  // Fired by a browser on a thank-you page: it always gets its image, and what went wrong is dead-lettered
  // (with the secret redacted) instead of shown.
  app.get(
    '/pixel/*',
    {
      schema: {
        operationId: 'getConversionPixel',
        summary: 'Conversion pixel `/pixel/<link_id>.gif` (always a 1×1 GIF)',
        // Never a 4xx: the browser always gets its image (the one exception redocly's lint is told about).
        response: {
          200: {
            description: 'A 1×1 transparent GIF',
            content: { 'image/gif': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const file = (request.params as { '*': string })['*'] ?? ''
      const linkId = file.endsWith('.gif') ? file.slice(0, -4) : file
      let params: PostbackParams = {}
      try {
        const flat = postbackParams(request.query)
        params = flat.ok ? flat.value : {}
        ok(flat)
        const conversion = ok(parseDirectConversion(params))
        const target = await linkTarget(linkId)
        await verify(target.accountId, params, request.ip)
        await publish(directEvent(target, conversion, 'pixel', request.ip))
      } catch (err) {
        await deadLetter(request, linkId, params, err)
      }
      return reply
        .code(200)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('image/gif')
        .send(PIXEL_GIF)
    },
  )

  async function deadLetter(
    request: FastifyRequest,
    linkId: string,
    params: PostbackParams,
    err: unknown,
  ): Promise<void> {
    const code: ErrorCode | 'unexpected' =
      err instanceof AppError
        ? err.code
        : err instanceof LookupUnavailableError
          ? 'service_unavailable'
          : 'unexpected'
    if (code === 'unexpected') request.log.error({ err }, 'conversion pixel failed')
    const dead: DeadLetterEvent = {
      event_id: newObjectId(),
      event_time: new Date().toISOString(),
      source_topic: 'ingest:pixel',
      source_partition: -1,
      source_offset: '',
      reason: code,
      payload: JSON.stringify({
        link_id: linkId.slice(0, 64),
        params: redacted(params),
        ip: request.ip,
        user_agent: request.headers['user-agent'] ?? '',
      }),
    }
    try {
      await events.publish({
        topic: topics.deadLetter,
        key: linkId.slice(0, 64),
        value: JSON.stringify(dead),
      })
    } catch (publishErr) {
      request.log.error({ err: publishErr }, 'dead-lettering a conversion pixel failed')
    }
  }
}
