// Who sent a request. The client address is Fastify's `request.ip`, computed from TRUST_PROXY (trustProxy, via
// @fastify/proxy-addr): the right-most hop of X-Forwarded-For that is not a trusted proxy, or the socket's peer
// when that peer is not trusted. Every consumer (postback allow-lists, bot detection, throttles, /metrics) reads
// it there; these helpers answer the two questions the address alone cannot.
import type { FastifyRequest } from 'fastify'

/** True when the request came through a proxy TRUST_PROXY trusts, so the headers that proxy sets are believed. */
export const viaTrustedProxy = (request: FastifyRequest): boolean => (request.ips?.length ?? 0) > 1

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const

/**
 * True when the request says it was relayed for someone else. Trusted or not, such a request did not come from
 * the machine that connected: a proxy on this host relays the internet.
 */
export const isForwarded = (request: FastifyRequest): boolean =>
  FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)
