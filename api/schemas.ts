// Shapes every API v2 route shares (spec §0): the error body, pagination, bulk replies.
import Type, { type Static } from 'typebox'

export const ErrorReply = Type.Object({ error: Type.String(), code: Type.String() })

/** Replies for the error statuses any authenticated route can answer. */
export const AUTH_ERRORS = { 401: ErrorReply, 403: ErrorReply }

/** Pages past this are refused: beyond it OFFSET would leave Postgres's range long before any list ends. */
export const MAX_PAGE = 1_000_000

export const PaginationQuery = (maxPerPage: number) =>
  Type.Object({
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
    per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPerPage, default: 50 })),
  })

/** Upper bound of a Postgres `serial`/`integer` id column: a larger id names nothing and must not reach SQL. */
export const MAX_SERIAL_ID = 2_147_483_647

/** A sending list's (or any serial) id, bounded so that 1e308 or 2^64 is a 400 rather than a Postgres error. */
export const SerialId = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: MAX_SERIAL_ID, ...options })

export const Pagination = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  total_pages: Type.Integer(),
})
export type Pagination = Static<typeof Pagination>

/** `page` and `per_page` as given (defaults 1 and 50) turned into SQL LIMIT/OFFSET and the reply object. */
export function paginate(query: { page?: number; per_page?: number }, total: number) {
  const page = query.page ?? 1
  const perPage = query.per_page ?? 50
  return {
    limit: perPage,
    offset: (page - 1) * perPage,
    pagination: {
      page,
      per_page: perPage,
      total,
      total_pages: Math.ceil(total / perPage),
    } satisfies Pagination,
  }
}

/** Records per bulk request (spec §0). */
export const BULK_MAX = 1000
