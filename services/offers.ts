// Offers (spec §11): an affiliate offer's tracking URL and payout, scoped to one account. Archiving is the only
// delete, so links and reports that name an offer keep resolving.
import type pg from 'pg'
import { isBotFilterMode } from '../core/bots.js'
import { destinationProblem } from '../core/destinations.js'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import { newSlug } from '../core/offers.js'
import type { OfferView } from '../core/views/offers.js'

export interface OfferFields {
  name?: string
  tracking_url?: string
  external_platform?: string | null
  external_id?: string | null
  advertiser_id?: string | null
  payout?: number
  payout_type?: string
  filter_bots?: boolean
  bot_filter_mode?: string | null
  click_window_days?: number
  status?: string
  /** On update, merged into the stored map; a null value removes its key. */
  metadata?: Record<string, string | null>
}

interface OfferRow {
  id: string
  slug: string
  name: string
  tracking_url: string
  external_platform: string | null
  external_id: string | null
  advertiser_id: string | null
  payout: string
  payout_type: string
  filter_bots: boolean
  bot_filter_mode: string | null
  click_window_days: number
  status: string
  metadata: Record<string, string>
  created_at: Date
  updated_at: Date
}

const COLUMNS = `id, slug, name, tracking_url, external_platform, external_id, advertiser_id, payout, payout_type,
  filter_bots, bot_filter_mode, click_window_days, status, metadata, created_at, updated_at`

export function toOffer(r: OfferRow): OfferView {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    tracking_url: r.tracking_url,
    external_platform: r.external_platform,
    external_id: r.external_id,
    advertiser_id: r.advertiser_id,
    payout: Number(r.payout),
    payout_type: r.payout_type,
    filter_bots: r.filter_bots,
    bot_filter_mode: r.bot_filter_mode,
    click_window_days: r.click_window_days,
    status: r.status,
    metadata: r.metadata,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  }
}

function checkName(name: string | undefined): void {
  if (name !== undefined && name.trim() === '') throw new AppError('missing_name', 'name is required')
}

function checkTrackingUrl(url: string | undefined): void {
  const problem = url === undefined ? undefined : destinationProblem(url)
  if (problem) throw new AppError(problem.code, `tracking_url: ${problem.reason}`)
}

function checkBotFilterMode(mode: string | null | undefined): void {
  if (mode != null && !isBotFilterMode(mode)) {
    throw new AppError('invalid_bot_filter_mode', 'bot_filter_mode must be no_filter, filter or null')
  }
}

const withoutNulls = (map: Record<string, string | null> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => e[1] !== null))

export async function createOffer(pool: pg.Pool, accountId: string, input: OfferFields): Promise<OfferView> {
  const name = input.name ?? ''
  checkName(name)
  checkTrackingUrl(input.tracking_url)
  checkBotFilterMode(input.bot_filter_mode)
  // The slug index is global; a 24-bit suffix collision is rare, so a couple of retries settle it.
  for (let attempt = 0; ; attempt++) {
    try {
      const { rows } = await pool.query<OfferRow>(
        `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, external_id,
                             advertiser_id, payout, payout_type, filter_bots, click_window_days, status, metadata,
                             bot_filter_mode)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING ${COLUMNS}`,
        [
          newObjectId(),
          accountId,
          newSlug('ofr', name),
          name,
          input.tracking_url,
          input.external_platform ?? null,
          input.external_id ?? null,
          input.advertiser_id ?? null,
          input.payout ?? 0,
          input.payout_type ?? 'cpa',
          input.filter_bots ?? false,
          input.click_window_days ?? 90,
          input.status ?? 'active',
          JSON.stringify(withoutNulls(input.metadata)),
          input.bot_filter_mode ?? null,
        ],
      )
      return toOffer(rows[0]!)
    } catch (err) {
      if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err
    }
  }
}

export async function listOffers(
  pool: pg.Pool,
  accountId: string,
  filter: { status?: string | undefined; limit: number; offset: number },
): Promise<{ offers: OfferView[]; total: number }> {
  const where = filter.status
    ? 'account_id = $1 AND status = $2'
    : `account_id = $1 AND status <> 'archived' AND ($2::text IS NULL)`
  const params = [accountId, filter.status ?? null]
  const [page, count] = await Promise.all([
    pool.query<OfferRow>(
      `SELECT ${COLUMNS} FROM offers WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM offers WHERE ${where}`, params),
  ])
  return { offers: page.rows.map(toOffer), total: count.rows[0]?.total ?? 0 }
}

export async function getOffer(pool: pg.Pool, accountId: string, id: string): Promise<OfferView> {
  if (!OBJECT_ID_PATTERN.test(id)) throw new AppError('not_found', 'Offer not found')
  const { rows } = await pool.query<OfferRow>(
    `SELECT ${COLUMNS} FROM offers WHERE id = $1 AND account_id = $2`,
    [id, accountId],
  )
  if (!rows[0]) throw new AppError('not_found', 'Offer not found')
  return toOffer(rows[0])
}

/** Columns a partial update may set, by request field. */
const UPDATABLE: Record<string, string> = {
  name: 'name',
  tracking_url: 'tracking_url',
  external_platform: 'external_platform',
  external_id: 'external_id',
  advertiser_id: 'advertiser_id',
  payout: 'payout',
  payout_type: 'payout_type',
  filter_bots: 'filter_bots',
  bot_filter_mode: 'bot_filter_mode',
  click_window_days: 'click_window_days',
  status: 'status',
}

export async function updateOffer(
  pool: pg.Pool,
  accountId: string,
  id: string,
  input: OfferFields,
): Promise<OfferView> {
  if (!OBJECT_ID_PATTERN.test(id)) throw new AppError('not_found', 'Offer not found')
  checkName(input.name)
  checkTrackingUrl(input.tracking_url)
  checkBotFilterMode(input.bot_filter_mode)
  const params: unknown[] = [id, accountId]
  const sets: string[] = ['updated_at = now()']
  for (const [field, column] of Object.entries(UPDATABLE)) {
    const value = (input as Record<string, unknown>)[field]
    if (value === undefined) continue
    params.push(value)
    sets.push(`${column} = $${params.length}`)
  }
  if (input.metadata !== undefined) {
    // Merge, then drop the keys the request set to null (stored values are never null).
    params.push(JSON.stringify(input.metadata))
    sets.push(`metadata = jsonb_strip_nulls(metadata || $${params.length}::jsonb)`)
  }
  const { rows } = await pool.query<OfferRow>(
    `UPDATE offers SET ${sets.join(', ')} WHERE id = $1 AND account_id = $2 RETURNING ${COLUMNS}`,
    params,
  )
  if (!rows[0]) throw new AppError('not_found', 'Offer not found')
  return toOffer(rows[0])
}

export async function archiveOffer(pool: pg.Pool, accountId: string, id: string): Promise<void> {
  await updateOffer(pool, accountId, id, { status: 'archived' })
}
