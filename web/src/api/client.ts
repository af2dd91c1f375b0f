// The dashboard's only way to the API: openapi-fetch typed by the generated schema. Cookie sessions; every write
// carries the session's CSRF token (the API refuses a cookie-authenticated write without it).
import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './schema'

let csrfToken: string | undefined

/** Set from the session whenever it is read or changes. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken)
    return request
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(csrf)

/** An API error reply ({error, code}) with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The reply's data, or an ApiError carrying the reply's status and code. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call
  if (response.ok) return data as T
  const body = (error ?? {}) as { error?: string; code?: string }
  throw new ApiError(response.status, body.code ?? 'error', body.error ?? response.statusText)
}

type GetPath = {
  [P in keyof paths]: paths[P] extends { get: object } ? P : never
}[keyof paths]

/** A same-origin URL to a GET route (export links, the live stream), its path checked against the schema. */
export function apiUrl(path: GetPath, query: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `${path}?${text}` : path
}

/**
 * The JSON form of a reply that may also come as text (reports declare CSV beside JSON): without `format` the
 * API answers JSON, and a text answer here is a contract break worth failing on.
 */
export function asJson<T>(value: T): Exclude<T, string> {
  if (typeof value === 'string') throw new ApiError(500, 'unexpected_format', 'Expected a JSON reply')
  return value as Exclude<T, string>
}
