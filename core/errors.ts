// One error contract: every failure a client can see has a stable code, and each code one HTTP status.

export const ERROR_STATUS = {
  validation_error: 400,
  invalid_json: 400,
  missing_click_id: 400,
  invalid_click_id: 400,
  invalid_payout: 400,
  missing_transaction_id: 400,
  invalid_event_type: 400,
  missing_api_key: 401,
  invalid_api_key: 401,
  account_suspended: 403,
  forbidden: 403,
  not_found: 404,
  link_not_found: 404,
  click_not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  service_unavailable: 503,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export class AppError extends Error {
  override name = 'AppError'
  readonly statusCode: number
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.statusCode = ERROR_STATUS[code]
  }
}

export interface ErrorBody {
  error: string
  code: ErrorCode
}

/** Reply body for any thrown value; 5xx never carries internal error text. */
export function toErrorReply(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) return { status: err.statusCode, body: { error: err.message, code: err.code } }
  const e = err as { statusCode?: number; code?: string; validation?: unknown; message?: string }
  if (e?.validation) {
    return { status: 400, body: { error: e.message ?? 'Invalid request', code: 'validation_error' } }
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413) {
    return { status: 413, body: { error: 'Request body is larger than 5 MB', code: 'payload_too_large' } }
  }
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e?.statusCode === 415) {
    return {
      status: 415,
      body: { error: 'Content-Type must be application/json', code: 'unsupported_media_type' },
    }
  }
  if (
    e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    e instanceof SyntaxError
  ) {
    return { status: 400, body: { error: 'Request body is not valid JSON', code: 'invalid_json' } }
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: e.message ?? 'Bad request', code: 'validation_error' } }
  }
  return { status: 500, body: { error: 'Internal server error', code: 'internal_error' } }
}
