// Pure rules of creatives (spec §7): `{{linkN}}` placeholders, their offer bindings, and the account's
// compliance templates that count toward a creative's length.
import { destinationProblem } from './destinations.js'
import type { ErrorCode } from './errors.js'
import { linkPlaceholders } from './message-template.js'
import { DEFAULT_COMPLIANCE_PREFIX, DEFAULT_COMPLIANCE_SUFFIX } from './segments.js'

export const CREATIVE_STATUSES = ['active', 'paused', 'archived'] as const
export const CREATIVE_TYPES = ['automated', 'one_time', 'welcome'] as const
export const MESSAGE_MAX_LENGTH = 1600

export interface OfferLinkInput {
  key?: string | undefined
  offer_id?: string | undefined
  url?: string | null | undefined
  url_params?: Record<string, string> | undefined
}

export interface OfferLink {
  key: string
  offer_id: string
  url: string | null
  url_params: Record<string, string>
}

export interface RuleViolation {
  code: ErrorCode
  error: string
}

/** `{{link1}}` and `link1` name the same placeholder. */
const normaliseKey = (key: string): string => key.trim().replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1')

/**
 * Checks a creative's message against its offer links and returns the links in stored form, or the first rule
 * the input breaks: the message needs a placeholder, every link a key and an offer id, every placeholder a link.
 * Links whose key is not in the message are kept (a later message edit may use them).
 */
export function checkOfferLinks(
  message: string,
  links: OfferLinkInput[],
): { ok: true; links: OfferLink[] } | ({ ok: false } & RuleViolation) {
  const placeholders = linkPlaceholders(message)
  if (placeholders.length === 0) {
    return {
      ok: false,
      code: 'missing_link_placeholder',
      error: 'message must contain at least one {{linkN}} placeholder',
    }
  }
  const out: OfferLink[] = []
  for (const [index, link] of links.entries()) {
    const key = normaliseKey(link.key ?? '')
    if (!key) {
      return { ok: false, code: 'missing_offer_link_key', error: `offer_links[${index}].key is required` }
    }
    const offerId = (link.offer_id ?? '').trim()
    if (!offerId) {
      return {
        ok: false,
        code: 'missing_offer_link_offer_id',
        error: `offer_links[${index}].offer_id is required`,
      }
    }
    if (out.some((l) => l.key === key)) {
      return { ok: false, code: 'validation_error', error: `offer_links has more than one entry for ${key}` }
    }
    const url = link.url === undefined || link.url === null || link.url === '' ? null : link.url
    const problem = url === null ? undefined : destinationProblem(url)
    if (problem)
      return { ok: false, code: problem.code, error: `offer_links[${index}].url: ${problem.reason}` }
    out.push({ key, offer_id: offerId, url, url_params: link.url_params ?? {} })
  }
  const unbound = placeholders.filter((p) => !out.some((l) => l.key === p))
  if (unbound.length > 0) {
    return {
      ok: false,
      code: 'missing_offer_links_for_placeholders',
      error: `no offer_links entry for ${unbound.map((p) => `{{${p}}}`).join(', ')}`,
    }
  }
  return { ok: true, links: out }
}

export interface MessagingTemplates {
  prefix: string
  suffix: string
}

/** Account Settings > Messaging prefix/suffix (`settings.messaging`), else the product defaults. */
export function messagingTemplates(settings: Record<string, unknown> | null | undefined): MessagingTemplates {
  const messaging = (settings?.messaging ?? {}) as Record<string, unknown>
  return {
    prefix: typeof messaging.prefix === 'string' ? messaging.prefix : DEFAULT_COMPLIANCE_PREFIX,
    suffix: typeof messaging.suffix === 'string' ? messaging.suffix : DEFAULT_COMPLIANCE_SUFFIX,
  }
}
