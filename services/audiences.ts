// Audiences (spec §8): saved segment definitions of an account, and their live size. Every query is scoped by
// the caller's account, so another account's audience answers exactly like a missing one.
import type pg from 'pg'
import {
  type FilterError,
  type FilterGroup,
  listIdsOf,
  parseFilter,
  toRequestForm,
  toResponseForm,
  unknownListErrors,
} from '../core/audience-dsl.js'
import { audienceSizeQuery } from '../core/audience-sql.js'
import { AppError } from '../core/errors.js'
import { newObjectId, OBJECT_ID_PATTERN } from '../core/ids.js'
import type { AudienceView } from '../core/views/audiences.js'

/** A rejected filter: `empty_filter_group` or `invalid_filter`, with every problem by path. */
export class FilterRejected extends AppError {
  constructor(readonly details: FilterError[]) {
    const empty = details.find((d) => d.code === 'empty_filter_group')
    const first = empty ?? details[0]
    super(
      empty ? 'empty_filter_group' : 'invalid_filter',
      first ? `${first.error}${first.path ? ` (at ${first.path})` : ''}` : 'Invalid filter',
    )
  }
}

export interface AudienceInput {
  name: string
  description?: string | null
  source_lists?: number[]
  filter: unknown
}

interface AudienceRow {
  id: string
  name: string
  description: string | null
  source_lists: number[]
  filter: unknown
  cached_size: number | null
  cached_size_updated_at: Date | null
  status: 'active' | 'archived'
  created_at: Date
}

const COLUMNS =
  'id, name, description, source_lists, filter, cached_size, cached_size_updated_at, status, created_at'

function toAudience(row: AudienceRow): AudienceView {
  const parsed = parseFilter(row.filter)
  // Stored filters passed the parser when written.
  if (!parsed.ok) throw new FilterRejected(parsed.errors)
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    source_lists: row.source_lists,
    filter: toResponseForm(parsed.filter),
    cached_size: row.cached_size,
    cached_size_updated_at: row.cached_size_updated_at?.toISOString() ?? null,
    status: row.status,
    created_at: row.created_at.toISOString(),
  }
}

/** Parse the filter and check its list ids belong to the account. */
async function checkedFilter(pool: pg.Pool, accountId: string, raw: unknown): Promise<FilterGroup> {
  const parsed = parseFilter(raw)
  if (!parsed.ok) throw new FilterRejected(parsed.errors)
  const ids = listIdsOf(parsed.filter)
  if (ids.length > 0) {
    const known = await ownedListIds(pool, accountId, ids)
    const errors = unknownListErrors(parsed.filter, known)
    if (errors.length > 0) throw new FilterRejected(errors)
  }
  return parsed.filter
}

async function ownedListIds(pool: pg.Pool, accountId: string, ids: number[]): Promise<Set<number>> {
  const { rows } = await pool.query<{ id: number }>(
    'SELECT id FROM sending_lists WHERE account_id = $1 AND id = ANY($2::integer[])',
    [accountId, ids],
  )
  return new Set(rows.map((r) => r.id))
}

async function checkedSourceLists(pool: pg.Pool, accountId: string, lists: number[]): Promise<number[]> {
  const unique = [...new Set(lists)].sort((a, b) => a - b)
  if (unique.length === 0) return unique
  const known = await ownedListIds(pool, accountId, unique)
  const missing = unique.filter((id) => !known.has(id))
  if (missing.length > 0) {
    throw new AppError('source_list_not_found', `Source list not found: ${missing.join(', ')}`)
  }
  return unique
}

export async function createAudience(
  pool: pg.Pool,
  accountId: string,
  input: AudienceInput,
): Promise<AudienceView> {
  const filter = await checkedFilter(pool, accountId, input.filter)
  const sourceLists = await checkedSourceLists(pool, accountId, input.source_lists ?? [])
  const { rows } = await pool.query<AudienceRow>(
    `INSERT INTO audiences (id, account_id, name, description, source_lists, filter)
     VALUES ($1, $2, $3, $4, $5::integer[], $6::jsonb) RETURNING ${COLUMNS}`,
    [
      newObjectId(),
      accountId,
      input.name,
      input.description ?? null,
      sourceLists,
      JSON.stringify(toRequestForm(filter)),
    ],
  )
  return toAudience(rows[0]!)
}

async function findRow(pool: pg.Pool, accountId: string, id: string): Promise<AudienceRow> {
  const { rows } = OBJECT_ID_PATTERN.test(id)
    ? await pool.query<AudienceRow>(`SELECT ${COLUMNS} FROM audiences WHERE id = $1 AND account_id = $2`, [
        id,
        accountId,
      ])
    : { rows: [] }
  if (!rows[0]) throw new AppError('not_found', 'Audience not found')
  return rows[0]
}

export const getAudience = async (pool: pg.Pool, accountId: string, id: string): Promise<AudienceView> =>
  toAudience(await findRow(pool, accountId, id))

export async function listAudiences(
  pool: pg.Pool,
  accountId: string,
  status: 'active' | 'archived',
  limit: number,
  offset: number,
): Promise<{ audiences: AudienceView[]; total: number }> {
  const [page, count] = await Promise.all([
    pool.query<AudienceRow>(
      `SELECT ${COLUMNS} FROM audiences WHERE account_id = $1 AND status = $2
       ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [accountId, status, limit, offset],
    ),
    pool.query<{ total: number }>(
      'SELECT count(*)::bigint AS total FROM audiences WHERE account_id = $1 AND status = $2',
      [accountId, status],
    ),
  ])
  return { audiences: page.rows.map(toAudience), total: count.rows[0]!.total }
}

export interface AudienceUpdate {
  name?: string
  description?: string | null
  source_lists?: number[]
  filter?: unknown
}

/** Partial update; a new filter or new source lists make the cached size stale, so it is cleared. */
export async function updateAudience(
  pool: pg.Pool,
  accountId: string,
  id: string,
  update: AudienceUpdate,
): Promise<AudienceView> {
  const current = await findRow(pool, accountId, id)
  const sets: string[] = []
  const params: unknown[] = [id, accountId]
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value)
    sets.push(`${column} = $${params.length}${cast}`)
  }
  if (update.name !== undefined) set('name', update.name)
  if (update.description !== undefined) set('description', update.description)
  let scopeChanged = false
  if (update.filter !== undefined) {
    const filter = JSON.stringify(toRequestForm(await checkedFilter(pool, accountId, update.filter)))
    // jsonb reorders keys, so compare canonical forms.
    const stored = parseFilter(current.filter)
    scopeChanged ||= !stored.ok || filter !== JSON.stringify(toRequestForm(stored.filter))
    set('filter', filter, '::jsonb')
  }
  if (update.source_lists !== undefined) {
    const lists = await checkedSourceLists(pool, accountId, update.source_lists)
    scopeChanged ||= lists.join(',') !== current.source_lists.join(',')
    set('source_lists', lists, '::integer[]')
  }
  if (scopeChanged) sets.push('cached_size = NULL', 'cached_size_updated_at = NULL')
  if (sets.length === 0) return toAudience(current)
  sets.push('updated_at = now()')
  const { rows } = await pool.query<AudienceRow>(
    `UPDATE audiences SET ${sets.join(', ')} WHERE id = $1 AND account_id = $2 RETURNING ${COLUMNS}`,
    params,
  )
  if (!rows[0]) throw new AppError('not_found', 'Audience not found')
  return toAudience(rows[0])
}

export async function archiveAudience(pool: pg.Pool, accountId: string, id: string): Promise<void> {
  await findRow(pool, accountId, id)
  await pool.query(
    `UPDATE audiences SET status = 'archived', updated_at = now() WHERE id = $1 AND account_id = $2`,
    [id, accountId],
  )
}

/** Count the audience now and keep the result as its cached size. */
export async function calculateAudienceSize(
  pool: pg.Pool,
  accountId: string,
  id: string,
): Promise<{ audience_id: string; size: number; calculated_at: string }> {
  const row = await findRow(pool, accountId, id)
  const size = await countAudience(pool, accountId, row.source_lists, row.filter)
  const calculatedAt = new Date()
  await pool.query(
    'UPDATE audiences SET cached_size = $3, cached_size_updated_at = $4 WHERE id = $1 AND account_id = $2',
    [id, accountId, size, calculatedAt],
  )
  return { audience_id: id, size, calculated_at: calculatedAt.toISOString() }
}

/** Distinct contacts of the account matching `filter` (any form the parser takes) over `sourceLists`. */
export async function countAudience(
  pool: pg.Pool,
  accountId: string,
  sourceLists: number[],
  rawFilter: unknown,
): Promise<number> {
  // The size query scopes by list id alone, so every list it names is checked to be the account's first.
  const filter = await checkedFilter(pool, accountId, rawFilter)
  const lists = await checkedSourceLists(pool, accountId, sourceLists)
  const query = audienceSizeQuery(accountId, lists, filter)
  const { rows } = await pool.query<{ size: number }>(query.sql, query.params)
  return rows[0]!.size
}
