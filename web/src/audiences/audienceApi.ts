// Audience calls whose refusals carry per-path filter errors ({error, code, details: [{path, code, error}]}),
// which the generic unwrap would drop.
import { ApiError } from '../api/client'
import type { FilterErrorDetail } from './model'

export class FilterRefused extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: FilterErrorDetail[],
  ) {
    super(status, code, message)
  }
}

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The reply's data, or a FilterRefused with the reply's status, code and per-path details. */
export async function unwrapFilter<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call
  if (response.ok) return data as T
  const body = (error ?? {}) as { error?: string; code?: string; details?: FilterErrorDetail[] }
  throw new FilterRefused(
    response.status,
    body.code ?? 'error',
    body.error ?? response.statusText,
    body.details ?? [],
  )
}

export const detailsOf = (err: unknown): FilterErrorDetail[] =>
  err instanceof FilterRefused ? err.details : []
