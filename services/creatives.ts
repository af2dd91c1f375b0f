// Creatives (spec §7): message templates whose `{{linkN}}` placeholders are bound to offers of the same account.
// Lengths are computed on read with the account's current templates, so they never go stale.

import type pg from 'pg'
import {
  checkOfferLinks,
  type MessagingTemplates,
  messagingTemplates,
  type OfferLink,
  type OfferLinkInput,
} from '../core/creatives.js'
import { AppError } from '../core/errors.js'
import { OBJECT_ID_PATTERN } from '../core/ids.js'
import { newSlug } from '../core/offers.js'
import { type CreativeLength, creativeLength } from '../core/segments.js'
import type { CreativeOfferView, CreativeView } from '../core/views/creatives.js'
import { brandNameSql } from './account-settings.js'

export interface CreativeFields {
  name?: string
  message?: string
  offer_links?: OfferLinkInput[]
  status?: string
  creative_type?: string
}

interface CreativeRow {
  id: number
  slug: string
  name: string
  message: string
  offer_links: OfferLink[]
  status: string
  creative_type: string
  created_at: Date
  updated_at: Date
}

const COLUMNS = 'id, slug, name, message, offer_links, status, creative_type, created_at, updated_at'

/** What a creative's length is measured with: the account's templates and its longest brand name. */
export interface LengthContext extends MessagingTemplates {
  brandName: string
}

/**
 * The brand name fills `{{brand_name}}` per list at send time; the longest of the account's lists gives an
 * estimate that is never too low.
 */
export async function lengthContext(pool: pg.Pool, accountId: string): Promise<LengthContext> {
  const { rows } = await pool.query<{ settings: Record<string, unknown> | null; brand_name: string | null }>(
    `SELECT a.settings,
            (SELECT ${brandNameSql('l', 'a')} AS brand FROM sending_lists l
              WHERE l.account_id = a.id AND l.status <> 'deleted'
              ORDER BY length(${brandNameSql('l', 'a')}) DESC LIMIT 1) AS brand_name
       FROM accounts a WHERE a.id = $1`,
    [accountId],
  )
  return { ...messagingTemplates(rows[0]?.settings), brandName: rows[0]?.brand_name ?? '' }
}

export function measure(message: string, ctx: LengthContext): CreativeLength {
  return creativeLength(message, { prefix: ctx.prefix, suffix: ctx.suffix, brandName: ctx.brandName })
}

async function offersById(
  pool: pg.Pool,
  accountId: string,
  ids: string[],
): Promise<Map<string, CreativeOfferView>> {
  const wanted = [...new Set(ids)].filter((id) => OBJECT_ID_PATTERN.test(id))
  if (wanted.length === 0) return new Map()
  const { rows } = await pool.query<CreativeOfferView & { payout: string }>(
    `SELECT id, slug, name, tracking_url, payout, payout_type, status
       FROM offers WHERE account_id = $1 AND id = ANY($2::text[])`,
    [accountId, wanted],
  )
  return new Map(rows.map((r) => [r.id, { ...r, payout: Number(r.payout) }]))
}

function toCreative(
  r: CreativeRow,
  offers: Map<string, CreativeOfferView>,
  ctx: LengthContext,
): CreativeView {
  const length = measure(r.message, ctx)
  const bound = [...new Set(r.offer_links.map((l) => l.offer_id))]
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    message: r.message,
    offer_links: r.offer_links,
    offers: bound.map((id) => offers.get(id)).filter((o): o is CreativeOfferView => o !== undefined),
    status: r.status,
    creative_type: r.creative_type,
    character_count: length.character_count,
    segment_count: length.segment_count,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }
}

async function present(pool: pg.Pool, accountId: string, rows: CreativeRow[]): Promise<CreativeView[]> {
  const [offers, ctx] = await Promise.all([
    offersById(
      pool,
      accountId,
      rows.flatMap((r) => r.offer_links.map((l) => l.offer_id)),
    ),
    lengthContext(pool, accountId),
  ])
  return rows.map((r) => toCreative(r, offers, ctx))
}

/** Validates message and links together, and that every bound offer is a live offer of this account. */
async function checkedLinks(
  pool: pg.Pool,
  accountId: string,
  message: string,
  links: OfferLinkInput[],
): Promise<OfferLink[]> {
  const checked = checkOfferLinks(message, links)
  if (!checked.ok) throw new AppError(checked.code, checked.error)
  const offers = await offersById(
    pool,
    accountId,
    checked.links.map((l) => l.offer_id),
  )
  const missing = checked.links.find((l) => {
    const status = offers.get(l.offer_id)?.status
    return status === undefined || status === 'archived'
  })
  if (missing) throw new AppError('offer_not_found', `Offer ${missing.offer_id} (${missing.key}) not found`)
  return checked.links
}

function checkName(name: string | undefined): void {
  if (name !== undefined && name.trim() === '') throw new AppError('missing_name', 'name is required')
}

export async function createCreative(
  pool: pg.Pool,
  accountId: string,
  input: CreativeFields,
): Promise<CreativeView> {
  const name = input.name ?? ''
  const message = input.message ?? ''
  checkName(name)
  if (message.trim() === '') throw new AppError('missing_message', 'message is required')
  if (!input.offer_links || input.offer_links.length === 0) {
    throw new AppError('missing_offer_links', 'offer_links is required')
  }
  const links = await checkedLinks(pool, accountId, message, input.offer_links)
  const { rows } = await pool.query<CreativeRow>(
    `INSERT INTO creatives (account_id, slug, name, message, offer_links, status, creative_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [
      accountId,
      newSlug('cre', name),
      name,
      message,
      JSON.stringify(links),
      input.status ?? 'active',
      input.creative_type ?? 'automated',
    ],
  )
  return (await present(pool, accountId, rows))[0]!
}

export async function listCreatives(
  pool: pg.Pool,
  accountId: string,
  filter: { status: string; creative_type?: string | undefined; limit: number; offset: number },
): Promise<{ creatives: CreativeView[]; total: number }> {
  const where = 'account_id = $1 AND status = $2 AND ($3::text IS NULL OR creative_type = $3)'
  const params = [accountId, filter.status, filter.creative_type ?? null]
  const [page, count] = await Promise.all([
    pool.query<CreativeRow>(
      `SELECT ${COLUMNS} FROM creatives WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM creatives WHERE ${where}`, params),
  ])
  return { creatives: await present(pool, accountId, page.rows), total: count.rows[0]?.total ?? 0 }
}

/** Creative ids are integers; anything else cannot name one. */
function creativeId(id: string): number {
  const n = /^\d{1,9}$/.test(id) ? Number(id) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('not_found', 'Creative not found')
  return n
}

async function creativeRow(pool: pg.Pool, accountId: string, id: string): Promise<CreativeRow> {
  const { rows } = await pool.query<CreativeRow>(
    `SELECT ${COLUMNS} FROM creatives WHERE id = $1 AND account_id = $2`,
    [creativeId(id), accountId],
  )
  if (!rows[0]) throw new AppError('not_found', 'Creative not found')
  return rows[0]
}

export async function getCreative(pool: pg.Pool, accountId: string, id: string): Promise<CreativeView> {
  return (await present(pool, accountId, [await creativeRow(pool, accountId, id)]))[0]!
}

/** Partial update; the merged message and links are validated as on create. */
export async function updateCreative(
  pool: pg.Pool,
  accountId: string,
  id: string,
  input: CreativeFields,
): Promise<CreativeView> {
  const current = await creativeRow(pool, accountId, id)
  checkName(input.name)
  if (input.message !== undefined && input.message.trim() === '') {
    throw new AppError('missing_message', 'message must not be empty')
  }
  if (input.offer_links !== undefined && input.offer_links.length === 0) {
    throw new AppError('missing_offer_links', 'offer_links must not be empty')
  }
  const message = input.message ?? current.message
  const links =
    input.message !== undefined || input.offer_links !== undefined
      ? await checkedLinks(pool, accountId, message, input.offer_links ?? current.offer_links)
      : current.offer_links
  const { rows } = await pool.query<CreativeRow>(
    `UPDATE creatives SET name = $3, message = $4, offer_links = $5, status = $6, creative_type = $7,
            updated_at = now()
      WHERE id = $1 AND account_id = $2 RETURNING ${COLUMNS}`,
    [
      current.id,
      accountId,
      input.name ?? current.name,
      message,
      JSON.stringify(links),
      input.status ?? current.status,
      input.creative_type ?? current.creative_type,
    ],
  )
  if (!rows[0]) throw new AppError('not_found', 'Creative not found')
  return (await present(pool, accountId, rows))[0]!
}

/** Segment estimate of any text, with or without the account's compliance templates. */
export async function estimateMessage(
  pool: pg.Pool,
  accountId: string,
  message: string,
  applyTemplates: boolean,
): Promise<CreativeLength> {
  if (applyTemplates) return measure(message, await lengthContext(pool, accountId))
  return creativeLength(message, { prefix: '', suffix: '' })
}
