// ML creative selection around core/bandit (spec §10): the candidate arms of an account with their counts (kept
// by the processors in creative_stats), the account's selection settings, the record of every selection (why a
// contact got a creative) and the posteriors of each automated creative for the reports.
import type pg from 'pg'
import {
  type ArmCounts,
  CONTEXT_FEATURES,
  type ContactContext,
  type ContextFeature,
  type CreativeArm,
  type Interval,
  posteriorSummary,
  SELECTION_MODES,
  type Selection,
  type SelectionMode,
  zeroCounts,
} from '../core/bandit.js'
import { cleanContext } from '../core/bandit-stats.js'
import { AppError } from '../core/errors.js'
import type { SelectionView } from '../core/views/messages.js'

const isFeature = (f: string): f is ContextFeature => (CONTEXT_FEATURES as readonly string[]).includes(f)
export const isSelectionMode = (m: unknown): m is SelectionMode =>
  typeof m === 'string' && (SELECTION_MODES as readonly string[]).includes(m)

// ---------------------------------------------------------------------------------------------------------------
// Selections

export interface SelectionRecord {
  messageId: string
  accountId: string
  /** The bandit's choice; null for a control (non-ML) send. */
  selection: Selection | null
  creativeId: number
  offerId: string | null
  /** The selection mode, or 'control' when the creative was not chosen by ML. */
  mode: string
  context: ContactContext
}

/**
 * Records which creative each message got and why, in the caller's transaction (the executor's page), so a
 * message and its selection commit together. A message already recorded keeps its first selection.
 */
export async function recordSelections(
  client: pg.PoolClient,
  rows: readonly SelectionRecord[],
): Promise<void> {
  if (rows.length === 0) return
  await client.query(
    `INSERT INTO creative_selections (message_id, account_id, creative_id, offer_id, mode, context, score, candidates)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::numeric[],
                          $8::jsonb[])
     ON CONFLICT (message_id) DO NOTHING`,
    [
      rows.map((r) => r.messageId),
      rows.map((r) => r.accountId),
      rows.map((r) => r.creativeId),
      rows.map((r) => r.offerId || null),
      rows.map((r) => r.mode),
      rows.map((r) => JSON.stringify(cleanContext(r.context))),
      rows.map((r) => (r.selection && Number.isFinite(r.selection.score) ? r.selection.score : null)),
      rows.map((r) => JSON.stringify(r.selection?.candidates ?? [])),
    ],
  )
}

export interface SelectionColumns {
  sel_creative_id: number | null
  sel_offer_id: string | null
  sel_mode: string | null
  sel_score: string | null
  sel_context: Record<string, string> | null
  sel_candidates: Array<Record<string, unknown>> | null
}

/** The columns (prefixed sel_) to select from creative_selections aliased `alias`, for `selectionView`. */
export const selectionColumns = (alias: string): string =>
  `${alias}.creative_id AS sel_creative_id, ${alias}.offer_id AS sel_offer_id, ${alias}.mode AS sel_mode,
   ${alias}.score AS sel_score, ${alias}.context AS sel_context, ${alias}.candidates AS sel_candidates`

export function selectionView(r: SelectionColumns): SelectionView | null {
  if (r.sel_creative_id === null || r.sel_mode === null) return null
  return {
    creative_id: r.sel_creative_id,
    offer_id: r.sel_offer_id,
    mode: r.sel_mode,
    score: r.sel_score === null ? null : Number(r.sel_score),
    context: r.sel_context ?? {},
    candidates: r.sel_candidates ?? [],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Arms

const ARMS_TTL_MS = 30_000
const ARMS_CACHE_MAX = 10_000
const armsCache = new Map<string, { expires: number; arms: Promise<CreativeArm[]> }>()

/** Drops the cached arms of one account (or all): the next loadArms reads Postgres. */
export function clearArmsCache(accountId?: string): void {
  if (accountId === undefined) armsCache.clear()
  else armsCache.delete(accountId)
}

interface StatsRow {
  creative_id: number
  feature: string
  value: string
  sends: number
  clicks: number
  conversions: number
  revenue: string
}

async function readStats(pool: pg.Pool, accountId: string, creativeIds: number[]): Promise<StatsRow[]> {
  if (creativeIds.length === 0) return []
  const { rows } = await pool.query<StatsRow>(
    `SELECT creative_id, feature, value, sends, clicks, conversions, revenue
       FROM creative_stats WHERE account_id = $1 AND creative_id = ANY($2::int[])`,
    [accountId, creativeIds],
  )
  return rows
}

const countsOf = (r: StatsRow): ArmCounts => ({
  sends: r.sends,
  clicks: r.clicks,
  conversions: r.conversions,
  revenue: Number(r.revenue),
})

async function readArms(pool: pg.Pool, accountId: string): Promise<CreativeArm[]> {
  const { rows } = await pool.query<{
    id: number
    offer_id: string
    payout: string | null
    payout_type: string | null
  }>(
    `SELECT c.id, COALESCE(c.offer_links->0->>'offer_id', '') AS offer_id, o.payout, o.payout_type
       FROM creatives c
       LEFT JOIN offers o ON o.account_id = c.account_id AND o.id = c.offer_links->0->>'offer_id'
      WHERE c.account_id = $1 AND c.status = 'active' AND c.creative_type = 'automated'
      ORDER BY c.id`,
    [accountId],
  )
  const arms = new Map<number, CreativeArm>(
    rows.map((r) => [
      r.id,
      {
        creativeId: r.id,
        offerId: r.offer_id,
        payout: Number(r.payout ?? 0),
        payoutType: r.payout_type === 'cpc' ? 'cpc' : 'cpa',
        global: zeroCounts(),
        byContext: {},
      },
    ]),
  )
  for (const s of await readStats(pool, accountId, [...arms.keys()])) {
    const arm = arms.get(s.creative_id)!
    if (s.feature === '') arm.global = countsOf(s)
    else if (isFeature(s.feature)) {
      const values = arm.byContext[s.feature] ?? {}
      values[s.value] = countsOf(s)
      arm.byContext[s.feature] = values
    }
  }
  return [...arms.values()]
}

/**
 * The account's candidate arms: its active `automated` creatives, each with its first link's offer and the counts
 * the processors keep. Cached in-process for 30 s so the send path runs no aggregate query per contact; the
 * counts are therefore up to 30 s behind the streams, which Thompson sampling tolerates.
 */
export async function loadArms(
  pool: pg.Pool,
  accountId: string,
  options: { fresh?: boolean } = {},
): Promise<CreativeArm[]> {
  const now = Date.now()
  const cached = armsCache.get(accountId)
  if (!options.fresh && cached && cached.expires > now) return cached.arms
  if (armsCache.size >= ARMS_CACHE_MAX) {
    for (const [k, v] of armsCache) if (v.expires <= now) armsCache.delete(k)
    if (armsCache.size >= ARMS_CACHE_MAX) armsCache.clear()
  }
  const arms = readArms(pool, accountId)
  armsCache.set(accountId, { expires: now + ARMS_TTL_MS, arms })
  // A failed read is not cached: the next call tries again.
  arms.catch(() => {
    if (armsCache.get(accountId)?.arms === arms) armsCache.delete(accountId)
  })
  return arms
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

export interface MlSettings {
  mode: SelectionMode
  /** Condition on the contact's context (carrier, line type, timezone band, recency). */
  contextual: boolean
}

export const DEFAULT_ML_SETTINGS: MlSettings = { mode: 'thompson_single_step', contextual: true }

const toMlSettings = (ml: unknown): MlSettings => {
  const m = (ml && typeof ml === 'object' ? ml : {}) as Record<string, unknown>
  return {
    mode: isSelectionMode(m.mode) ? m.mode : DEFAULT_ML_SETTINGS.mode,
    contextual: typeof m.contextual === 'boolean' ? m.contextual : DEFAULT_ML_SETTINGS.contextual,
  }
}

/** The account's selection settings (accounts.settings.ml), defaults filled in. */
export async function mlSettings(pool: pg.Pool, accountId: string): Promise<MlSettings> {
  const { rows } = await pool.query<{ ml: unknown }>(
    `SELECT settings->'ml' AS ml FROM accounts WHERE id = $1`,
    [accountId],
  )
  if (!rows[0]) throw new AppError('not_found', 'Account not found')
  return toMlSettings(rows[0].ml)
}

/** Sets the fields given; the other keys of accounts.settings (and of settings.ml) are kept. */
export async function updateMlSettings(
  pool: pg.Pool,
  accountId: string,
  input: { mode?: string | undefined; contextual?: boolean | undefined },
): Promise<MlSettings> {
  if (input.mode !== undefined && !isSelectionMode(input.mode)) {
    throw new AppError('invalid_mode', `mode must be one of ${SELECTION_MODES.join(', ')}`)
  }
  const patch: Record<string, unknown> = {}
  if (input.mode !== undefined) patch.mode = input.mode
  if (input.contextual !== undefined) patch.contextual = input.contextual
  const { rows } = await pool.query<{ ml: unknown }>(
    `UPDATE accounts
        SET settings = jsonb_set(settings, '{ml}', COALESCE(settings->'ml', '{}'::jsonb) || $2::jsonb),
            updated_at = now()
      WHERE id = $1
      RETURNING settings->'ml' AS ml`,
    [accountId, JSON.stringify(patch)],
  )
  if (!rows[0]) throw new AppError('not_found', 'Account not found')
  return toMlSettings(rows[0].ml)
}

// ---------------------------------------------------------------------------------------------------------------
// Posteriors for the reports

export interface PosteriorView extends ArmCounts {
  ctr: Interval
  cvr: Interval
  /** Posterior mean revenue per send at the offer's payout. */
  rps: number
}

export interface CreativePosteriors extends PosteriorView {
  creative_id: number
  name: string
  status: string
  offer_id: string | null
  payout: number
  payout_type: 'cpa' | 'cpc'
  contexts: Array<PosteriorView & { feature: ContextFeature; value: string }>
}

const posteriorView = (counts: ArmCounts, payout: number, payoutType: 'cpa' | 'cpc'): PosteriorView => {
  const s = posteriorSummary(counts, payout, payoutType)
  return { ...counts, ctr: s.ctr, cvr: s.cvr, rps: s.rps }
}

/**
 * Every automated creative of the account (any status) with its counts and the posterior mean and 95% credible
 * interval of its CTR and conversion rate, globally and per context value (raw per-value counts, not shrunk).
 */
export async function creativePosteriors(
  pool: pg.Pool,
  accountId: string,
  filter: { creativeId?: number | undefined; feature?: ContextFeature | undefined } = {},
): Promise<CreativePosteriors[]> {
  const { rows } = await pool.query<{
    id: number
    name: string
    status: string
    offer_id: string | null
    payout: string | null
    payout_type: string | null
  }>(
    `SELECT c.id, c.name, c.status, c.offer_links->0->>'offer_id' AS offer_id, o.payout, o.payout_type
       FROM creatives c
       LEFT JOIN offers o ON o.account_id = c.account_id AND o.id = c.offer_links->0->>'offer_id'
      WHERE c.account_id = $1 AND c.creative_type = 'automated' AND ($2::int IS NULL OR c.id = $2)
      ORDER BY c.id`,
    [accountId, filter.creativeId ?? null],
  )
  const stats = await readStats(
    pool,
    accountId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => {
    const payout = Number(r.payout ?? 0)
    const payoutType = r.payout_type === 'cpc' ? 'cpc' : 'cpa'
    const own = stats.filter((s) => s.creative_id === r.id)
    const global = own.find((s) => s.feature === '')
    const contexts = own
      .filter((s) => isFeature(s.feature) && (filter.feature === undefined || s.feature === filter.feature))
      .sort((a, b) =>
        a.feature === b.feature ? (a.value < b.value ? -1 : 1) : a.feature < b.feature ? -1 : 1,
      )
      .map((s) => ({
        feature: s.feature as ContextFeature,
        value: s.value,
        ...posteriorView(countsOf(s), payout, payoutType),
      }))
    return {
      creative_id: r.id,
      name: r.name,
      status: r.status,
      offer_id: r.offer_id,
      payout,
      payout_type: payoutType,
      ...posteriorView(global ? countsOf(global) : zeroCounts(), payout, payoutType),
      contexts,
    }
  })
}
