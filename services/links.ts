// Short links minted through the API (spec §12): no message, bound to an offer or a plain URL and to a sending
// list whose shortener domain they are printed with. Every call mints a new link; ingest's `GET /<code>` follows it.
import type pg from 'pg'
import { destinationProblem } from '../core/destinations.js'
import { AppError } from '../core/errors.js'
import { newShortCode, OBJECT_ID_PATTERN } from '../core/ids.js'
import { isE164Format } from '../core/phone.js'

/** Attempts at a free 7-character code before answering id_collision (62^7 codes: a retry is already rare). */
const MINT_ATTEMPTS = 5

export interface ListTarget {
  listId?: number | undefined
  phoneNumber?: string | undefined
}

interface LinkList {
  id: number
  shortener_domain: string
  click_domain: string | null
}

interface LinkOffer {
  id: string
  tracking_url: string
  filter_bots: boolean
}

/** The list links are minted for: by id, else by its sending number; active and with a shortener domain. */
async function linkList(pool: pg.Pool, accountId: string, target: ListTarget): Promise<LinkList> {
  if (target.listId === undefined && !target.phoneNumber) {
    throw new AppError('missing_list_identifier', 'listId or phoneNumber is required')
  }
  if (target.listId === undefined && !isE164Format(target.phoneNumber ?? '')) {
    throw new AppError('invalid_phone', 'phoneNumber must be an E.164 number such as +18005551234')
  }
  const { rows } = await pool.query<LinkList & { status: string; shortener_domain: string | null }>(
    `SELECT id, status, shortener_domain, click_domain FROM sending_lists
      WHERE account_id = $1 AND status <> 'deleted'
        AND (CASE WHEN $2::int IS NOT NULL THEN id = $2 ELSE phone_number = $3 END)`,
    [accountId, target.listId ?? null, target.phoneNumber ?? null],
  )
  const list = rows[0]
  if (!list) throw new AppError('list_not_found', 'List not found')
  if (list.status !== 'active') throw new AppError('list_inactive', `List is ${list.status}`)
  if (!list.shortener_domain) {
    throw new AppError('no_domain_configured', 'The list has no link-shortener domain configured')
  }
  return { id: list.id, shortener_domain: list.shortener_domain, click_domain: list.click_domain }
}

/** An active offer of the account, by our id or by the network's (external) id. */
async function activeOffer(
  pool: pg.Pool,
  accountId: string,
  ref: { offerId?: string | undefined; externalOfferId?: string | undefined },
): Promise<LinkOffer> {
  const byId = ref.offerId !== undefined && ref.offerId !== ''
  if (byId && !OBJECT_ID_PATTERN.test(ref.offerId!)) throw new AppError('offer_not_found', 'Offer not found')
  const { rows } = await pool.query<LinkOffer & { status: string }>(
    `SELECT id, tracking_url, filter_bots, status FROM offers
      WHERE account_id = $1 AND status <> 'archived' AND ${byId ? 'id = $2' : 'external_id = $2'}
      ORDER BY (status = 'active') DESC, created_at DESC LIMIT 1`,
    [accountId, byId ? ref.offerId : ref.externalOfferId],
  )
  const offer = rows[0]
  if (!offer) throw new AppError('offer_not_found', 'Offer not found')
  if (offer.status !== 'active') throw new AppError('offer_inactive', `Offer is ${offer.status}`)
  // An offer saved before destinations were checked keeps reading back, but no new link may lead to it.
  const problem = destinationProblem(offer.tracking_url)
  if (problem) throw new AppError(problem.code, `the offer's tracking_url: ${problem.reason}`)
  return offer
}

async function mint(
  pool: pg.Pool,
  link: {
    accountId: string
    offerId: string | null
    destinationUrl: string
    listId: number
    contactId: string | null
    metadata: Record<string, unknown>
  },
): Promise<string> {
  for (let attempt = 0; attempt < MINT_ATTEMPTS; attempt++) {
    const code = newShortCode()
    const inserted = await pool.query(
      `INSERT INTO short_links (code, account_id, offer_id, contact_id, destination_url, list_id, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING`,
      [
        code,
        link.accountId,
        link.offerId,
        link.contactId,
        link.destinationUrl,
        link.listId,
        JSON.stringify(link.metadata),
      ],
    )
    if (inserted.rowCount === 1) return code
  }
  throw new AppError('id_collision', 'Could not mint a unique link id; retry the request')
}

const httpsUrl = (domain: string, code: string) => `https://${domain}/${code}`

export interface CreatedOfferLink {
  shortUrl: string
  linkId: string
  clickTrackerUrl: string
  destinationUrl: string
  domain: string
  offerId: string
}

/** `POST /links`: a short link to an offer, printed on the list's shortener domain. */
export async function createOfferLink(
  pool: pg.Pool,
  accountId: string,
  input: ListTarget & { offerId?: string | undefined; externalOfferId?: string | undefined },
  platformClickBaseUrl: string,
): Promise<CreatedOfferLink> {
  if (!input.offerId && !input.externalOfferId) {
    throw new AppError('missing_offer_id', 'offerId or externalOfferId is required')
  }
  if (input.listId === undefined && !input.phoneNumber) {
    throw new AppError('missing_list_identifier', 'listId or phoneNumber is required')
  }
  const offer = await activeOffer(pool, accountId, input)
  const list = await linkList(pool, accountId, input)
  const linkId = await mint(pool, {
    accountId,
    offerId: offer.id,
    destinationUrl: offer.tracking_url,
    listId: list.id,
    contactId: null,
    metadata: {},
  })
  return {
    shortUrl: httpsUrl(list.shortener_domain, linkId),
    linkId,
    // The click tracker is ingest's `GET /<code>`, on the list's own click domain when it has one.
    clickTrackerUrl: list.click_domain
      ? httpsUrl(list.click_domain, linkId)
      : `${platformClickBaseUrl.replace(/\/+$/, '')}/${linkId}`,
    destinationUrl: offer.tracking_url,
    domain: list.shortener_domain,
    offerId: offer.id,
  }
}

export interface ShortenedLink {
  shortUrl: string
  linkId: string
  destinationUrl: string
  domain: string
  offerId: string | null
  filterBots: boolean
}

/** `POST /links/shorten`: a short link to an offer (wins) or to any http(s) URL. */
export async function shortenLink(
  pool: pg.Pool,
  accountId: string,
  input: ListTarget & {
    url?: string | undefined
    offerId?: string | undefined
    contactPhone?: string | undefined
    metadata?: Record<string, unknown> | undefined
  },
): Promise<ShortenedLink> {
  if (!input.offerId && !input.url) throw new AppError('missing_url_or_offer', 'url or offerId is required')
  if (input.listId === undefined && !input.phoneNumber) {
    throw new AppError('missing_list_identifier', 'listId or phoneNumber is required')
  }
  const problem = input.offerId ? undefined : destinationProblem(input.url ?? '')
  if (problem) throw new AppError(problem.code, `url: ${problem.reason}`)
  if (input.contactPhone !== undefined && !isE164Format(input.contactPhone)) {
    throw new AppError('invalid_phone', 'contactPhone must be an E.164 number such as +14155551234')
  }
  const offer = input.offerId ? await activeOffer(pool, accountId, { offerId: input.offerId }) : null
  const list = await linkList(pool, accountId, input)
  const contact = input.contactPhone
    ? await pool.query<{ id: string }>(
        'SELECT id FROM contacts WHERE account_id = $1 AND phone_number = $2',
        [accountId, input.contactPhone],
      )
    : null
  const destinationUrl = offer ? offer.tracking_url : input.url!
  const linkId = await mint(pool, {
    accountId,
    offerId: offer?.id ?? null,
    destinationUrl,
    listId: list.id,
    contactId: contact?.rows[0]?.id ?? null,
    metadata: {
      ...(input.metadata ?? {}),
      ...(input.contactPhone ? { contact_phone: input.contactPhone } : {}),
    },
  })
  return {
    shortUrl: httpsUrl(list.shortener_domain, linkId),
    linkId,
    destinationUrl,
    domain: list.shortener_domain,
    offerId: offer?.id ?? null,
    filterBots: offer?.filter_bots ?? false,
  }
}
