// Short-link redirects, the public hot path. A click is answered only after its event is durable (journalled
// locally, then fed to Kafka), and never waits long on a slow dependency. Every click is classified (core/bots);
// in `filter` mode (spec §12) the link first shows an interstitial page and only its Continue press is redirected.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import {
  CONFIRM_TOKEN_TTL_MS,
  classifyClick,
  confirmTokenKey,
  normalizeCountry,
  RAPID_REPEAT_WINDOW_MS,
  signConfirmToken,
  verifyConfirmToken,
} from '../core/bots.js'
import { clickDestination, destinationProblem, passThroughParams } from '../core/destinations.js'
import { AppError } from '../core/errors.js'
import type { ClickEvent, ClickKind, LinkMissEvent } from '../core/events.js'
import { topicName } from '../core/events.js'
import { clickIdKey, newClickId, newObjectId, SHORT_CODE_PATTERN } from '../core/ids.js'
import { viaTrustedProxy } from '../lib/client-address.js'
import type { ResolvedLink } from './lookups.js'
import type { IngestRouteOptions } from './route-options.js'
import { claimOnce } from './single-use.js'

const PAGE_HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#222;text-align:center}
button{font:inherit;font-size:1.1rem;padding:.8rem 2.5rem;border:0;border-radius:.5rem;background:#1a5fd6;color:#fff}</style>`

const NOT_FOUND_PAGE = `${PAGE_HEAD}<title>Link not found</title></head>
<body><h1>This link does not exist</h1><p>The link may be mistyped or may have expired.</p></body></html>`

const UNAVAILABLE_PAGE = `${PAGE_HEAD}<title>Link unavailable</title></head>
<body><h1>This link is not available</h1><p>Its destination cannot be opened.</p></body></html>`

// The form has no action: it posts to the page's own URL, query string included, so pass-through parameters
// (sub1, source, …) reach the destination after Continue as they would on a direct redirect.
const INTERSTITIAL_START = `${PAGE_HEAD}<title>Continue to your link</title></head>
<body><h1>Your link is ready</h1><p>Tap Continue to open it.</p>
<form method="post"><input type="hidden" name="t" value="`
const INTERSTITIAL_END = `"><button type="submit">Continue</button></form></body></html>`

const badTokenPage = (code: string) => `${PAGE_HEAD}<title>Link expired</title></head>
<body><h1>This page could not be confirmed</h1><p><a href="/${code}">Open the link again</a>.</p></body></html>`

// No script, no external asset; only our own origin may receive the form.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"

interface Burst {
  last: number
  count: number
}

/**
 * Recent clicks per (link, address) for the rapid_repeat rule: two generations of a Map, the older dropped every
 * window, so memory is bounded by two windows of clicks (and by maxKeys) with no timers or per-entry expiry.
 * In-process on purpose: a burst from one client arrives over one connection, so it reaches one ingest process;
 * a burst split across processes is merely counted as ordinary repeat clicks, which never take the first-click
 * slot anyway. A shared store would put a network round trip on every redirect for that.
 */
export class RepeatTracker {
  private current = new Map<string, Burst>()
  private previous = new Map<string, Burst>()
  private rotatedAt = 0

  constructor(
    private readonly windowMs = RAPID_REPEAT_WINDOW_MS,
    private readonly maxKeys = 100_000,
  ) {}

  /** Clicks so far in the burst `key` is part of at `now`; 0 when none is under way. */
  count(key: string, now: number): number {
    if (now - this.rotatedAt >= this.windowMs || this.current.size >= this.maxKeys) {
      this.previous = this.current
      this.current = new Map()
      this.rotatedAt = now
    }
    const burst = this.current.get(key) ?? this.previous.get(key)
    return burst && now - burst.last <= this.windowMs ? burst.count : 0
  }

  /** Adds a click at `now` to its burst (or starts one). */
  add(key: string, now: number): void {
    const burst = this.current.get(key) ?? this.previous.get(key)
    if (burst && now - burst.last <= this.windowMs) {
      burst.count++
      burst.last = now
      this.current.set(key, burst)
    } else this.current.set(key, { last: now, count: 1 })
  }
}

export async function redirectRoutes(fastify: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { lookups, events, config } = opts
  const topics = {
    clicks: topicName(opts.topicPrefix, 'clicks'),
    linkMisses: topicName(opts.topicPrefix, 'linkMisses'),
  }
  const tokenKey = confirmTokenKey(config.secretKey)
  const clickKey = clickIdKey(config.secretKey)
  const countryHeader = config.clickCountryHeader
  const minMsAfterSend = config.clickMinMsAfterSend
  const repeats = new RepeatTracker()

  // The interstitial's Continue form. Registered in this plugin only, so no other ingest route accepts forms.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 2_048 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  )

  /** Classifies the request as a click on `link`; nothing is published yet. */
  function clickOf(request: FastifyRequest, link: ResolvedLink, kind: ClickKind): ClickEvent {
    const now = Date.now()
    const userAgent = request.headers['user-agent'] ?? ''
    const ip = request.ip
    // Only a proxy TRUST_PROXY names may tell us the clicker's country; anyone else could forge the header.
    const country =
      countryHeader && viaTrustedProxy(request) ? normalizeCountry(request.headers[countryHeader]) : null
    // Views of the interstitial and presses of its button are separate bursts: a person does one of each.
    const burstKey = `${link.code}${kind === 'confirm' ? '!' : ' '}${ip}`
    const reason = classifyClick({
      userAgent,
      ip,
      country,
      blockedCountries: link.blockedCountries,
      nowMs: now,
      sentAtMs: link.sentAtMs,
      sending: link.sending,
      minMsAfterSend,
      recentRepeats: repeats.count(burstKey, now),
    })
    // Bursts are made of human-looking clicks: a previewer's fetch just before a person's tap starts none.
    if (reason === '' || reason === 'rapid_repeat') repeats.add(burstKey, now)
    const messageRef = link.messageRef
    const clickId = newClickId(clickKey, messageRef)
    const click: ClickEvent = {
      event_id: clickId,
      account_id: link.accountId,
      event_time: new Date(now).toISOString(),
      message_id: messageRef,
      link_code: link.code,
      offer_id: link.offerId ?? '',
      contact_id: link.contactId,
      ip,
      user_agent: userAgent,
      bot_reason: reason,
      kind,
      ...(country ? { country } : {}),
    }
    return click
  }

  /** Publishes a click durably (answered only once journalled); returns its id. */
  async function publishClick(click: ClickEvent): Promise<string> {
    await events.publish({ topic: topics.clicks, key: click.message_id, value: JSON.stringify(click) })
    return click.event_id
  }

  /** Where a click goes; null when the stored destination breaks the destination policy. */
  const destinationOf = (request: FastifyRequest, link: ResolvedLink, clickId: string): string | null =>
    clickDestination(link.destinationUrl, {
      clickIdParam: link.clickIdParam,
      // A plain URL (no offer) has no network waiting for a click id.
      clickId: link.offerId ? clickId : null,
      messageId: link.messageRef,
      ...(link.contactPhone ? { contactPhone: link.contactPhone } : {}),
      passThrough: passThroughParams(request.query as Record<string, unknown>),
    })

  const redirectTo = (reply: FastifyReply, location: string) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(location, 302)

  /** A link whose stored destination is refused (saved before the policy): no redirect, so no click either. */
  function unavailable(request: FastifyRequest, reply: FastifyReply, link: ResolvedLink) {
    request.log.warn({ code: link.code, account: link.accountId }, 'link destination refused by the policy')
    return page(reply, 404, UNAVAILABLE_PAGE)
  }

  /** Counts the click, then redirects: the 302 goes out only once the click is durable. */
  async function follow(request: FastifyRequest, reply: FastifyReply, link: ResolvedLink, kind: ClickKind) {
    const click = clickOf(request, link, kind)
    const location = destinationOf(request, link, click.event_id)
    if (location === null) return unavailable(request, reply, link)
    await publishClick(click)
    return redirectTo(reply, location)
  }

  const page = (reply: FastifyReply, status: number, html: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', PAGE_CSP)
      .send(html)

  /** Filter mode: the view is recorded as a `preview` click; its token lets the Continue press be confirmed. */
  async function interstitial(request: FastifyRequest, reply: FastifyReply, link: ResolvedLink) {
    if (destinationProblem(link.destinationUrl)) return unavailable(request, reply, link)
    const previewId = await publishClick(clickOf(request, link, 'preview'))
    const token = signConfirmToken(tokenKey, link.code, previewId, Date.now())
    return page(reply, 200, `${INTERSTITIAL_START}${token}${INTERSTITIAL_END}`)
  }

  async function recordMiss(request: FastifyRequest, code: string) {
    const miss: LinkMissEvent = {
      event_id: newObjectId(),
      event_time: new Date().toISOString(),
      code,
      host: (request.headers.host ?? '').slice(0, 256),
      ip: request.ip,
      user_agent: request.headers['user-agent'] ?? '',
    }
    await events.publish({ topic: topics.linkMisses, key: code, value: JSON.stringify(miss) })
  }

  async function notFound(request: FastifyRequest, reply: FastifyReply, code: string) {
    await recordMiss(request, code)
    return page(reply, 404, NOT_FOUND_PAGE)
  }

  const Params = Type.Object({ code: Type.String({ maxLength: 256 }) })

  app.get(
    '/:code',
    {
      schema: {
        operationId: 'followLink',
        summary: 'Follow a tracked short link',
        description:
          'no_filter mode: 302 to the destination. filter mode: 200 with an interstitial page whose Continue ' +
          'button posts back to the same URL.',
        params: Params,
        response: { 200: Type.String(), 302: Type.Null(), 404: Type.String() },
      },
    },
    async (request, reply) => {
      const { code } = request.params
      const link = SHORT_CODE_PATTERN.test(code) ? await lookups.link(code) : null
      if (!link) return notFound(request, reply, code)
      if (link.botFilterMode === 'filter') return interstitial(request, reply, link)
      return follow(request, reply, link, 'redirect')
    },
  )

  app.post(
    '/:code',
    {
      schema: {
        operationId: 'continueLink',
        summary: "Continue from a link's interstitial page (filter mode)",
        description:
          'Form field `t`: the signed token of the interstitial (valid for an hour). Records a confirm click and ' +
          "302s to the destination with that click's id; an expired token shows the page again, a bad one 400.",
        params: Params,
        response: { 200: Type.String(), 302: Type.Null(), 400: Type.String(), 404: Type.Unknown() },
      },
      // The form parser's limit, so a 413 names the real one.
      bodyLimit: 2_048,
    },
    async (request, reply) => {
      const { code } = request.params
      const link = SHORT_CODE_PATTERN.test(code) ? await lookups.link(code) : null
      if (!link) {
        // A person pressing Continue gets the page; a program gets the error contract's coded body.
        if (request.headers.accept?.includes('text/html')) return notFound(request, reply, code)
        await recordMiss(request, code)
        throw new AppError('link_not_found', 'No link has this code')
      }
      // The form is ours and has one field; anything else in the body is ignored.
      const body = request.body as Record<string, unknown> | null | undefined
      const token = typeof body?.t === 'string' ? body.t : ''
      const check = verifyConfirmToken(tokenKey, code, token, Date.now())
      if (!check.ok) {
        if (check.reason === 'expired') return interstitial(request, reply, link)
        return page(reply, 400, badTokenPage(code))
      }
      // Confirmed even if the mode changed since the page was shown: the person did press Continue.
      const click = clickOf(request, link, 'confirm')
      const location = destinationOf(request, link, click.event_id)
      if (location === null) return unavailable(request, reply, link)
      // Each token counts once (a replayed press, a double tap): a repeat goes where the first one went, with its
      // click id, and counts nothing. Should Redis not answer in time the press counts: a redirect never waits.
      const ttlMs = check.issuedAtMs + CONFIRM_TOKEN_TTL_MS + 60_000 - Date.now()
      const claim = await claimOnce(
        fastify.redis,
        `trk:confirm:${check.previewClickId}`,
        click.event_id,
        ttlMs,
      )
      if (claim.state === 'used') {
        const first = destinationOf(request, link, claim.holder)
        return first === null ? unavailable(request, reply, link) : redirectTo(reply, first)
      }
      await publishClick(click)
      return redirectTo(reply, location)
    },
  )
}
