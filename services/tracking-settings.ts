// Click-tracking settings of an account (spec §12): its default bot-filter mode and the countries whose clicks are
// classified as bots. Redirects read both through the link cache, so a change reaches them within LINK_TTL twice.
import type pg from 'pg'
import { type BotFilterMode, isBotFilterMode, isCountryCode } from '../core/bots.js'
import { AppError } from '../core/errors.js'

export interface TrackingSettings {
  bot_filter_mode: BotFilterMode
  /** ISO 3166-1 alpha-2, upper case, sorted. */
  blocked_countries: string[]
}

export interface TrackingSettingsUpdate {
  bot_filter_mode?: string | undefined
  blocked_countries?: string[] | undefined
}

interface Row {
  bot_filter_mode: string
  blocked_countries: unknown
}

const toSettings = (r: Row): TrackingSettings => ({
  bot_filter_mode: isBotFilterMode(r.bot_filter_mode) ? r.bot_filter_mode : 'no_filter',
  blocked_countries: Array.isArray(r.blocked_countries)
    ? r.blocked_countries.filter((c): c is string => typeof c === 'string')
    : [],
})

/** Upper-cased, de-duplicated and sorted; throws invalid_blocked_countries naming the codes that are not ISO. */
export function normalizeBlockedCountries(codes: readonly string[]): string[] {
  const upper = [...new Set(codes.map((c) => c.trim().toUpperCase()))]
  const bad = upper.filter((c) => !isCountryCode(c))
  if (bad.length > 0) {
    throw new AppError(
      'invalid_blocked_countries',
      `blocked_countries must be ISO 3166-1 alpha-2 codes; not recognised: ${bad.slice(0, 10).join(', ')}`,
    )
  }
  return upper.sort()
}

const COLUMNS = `bot_filter_mode, settings->'blocked_countries' AS blocked_countries`

export async function getTrackingSettings(pool: pg.Pool, accountId: string): Promise<TrackingSettings> {
  const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [accountId])
  if (!rows[0]) throw new AppError('not_found', 'Account not found')
  return toSettings(rows[0])
}

/** Sets the fields given; the other keys of `accounts.settings` are kept. */
export async function updateTrackingSettings(
  pool: pg.Pool,
  accountId: string,
  input: TrackingSettingsUpdate,
): Promise<TrackingSettings> {
  if (input.bot_filter_mode !== undefined && !isBotFilterMode(input.bot_filter_mode)) {
    throw new AppError('invalid_bot_filter_mode', 'bot_filter_mode must be no_filter or filter')
  }
  const countries =
    input.blocked_countries === undefined ? null : normalizeBlockedCountries(input.blocked_countries)
  const { rows } = await pool.query<Row>(
    `UPDATE accounts
        SET bot_filter_mode = COALESCE($2, bot_filter_mode),
            settings = CASE WHEN $3::jsonb IS NULL THEN settings
                            ELSE jsonb_set(settings, '{blocked_countries}', $3::jsonb) END,
            updated_at = now()
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [accountId, input.bot_filter_mode ?? null, countries === null ? null : JSON.stringify(countries)],
  )
  if (!rows[0]) throw new AppError('not_found', 'Account not found')
  return toSettings(rows[0])
}
