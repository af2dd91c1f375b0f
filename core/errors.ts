// One error contract: every failure a client can see has a stable code, and each code one HTTP status.

export const ERROR_STATUS = {
  // Request shape (all endpoints)
  validation_error: 400,
  invalid_json: 400,
  confirm_required: 400,
  payload_too_large: 413,
  headers_too_large: 431,
  unsupported_media_type: 415,
  // Authentication, roles, entitlements, billing (spec §1, §18)
  missing_api_key: 401,
  invalid_api_key: 401,
  account_suspended: 403,
  forbidden: 403,
  product_not_enabled: 403,
  sms_not_enabled: 403,
  no_billing_config: 402,
  no_payment_method: 402,
  payment_failed: 402,
  suspended: 402,
  // Generic lookups
  not_found: 404,
  // Sending (spec §2–3)
  missing_messages: 400,
  too_many_messages: 413,
  missing_to: 400,
  missing_from: 400,
  missing_list_number: 400,
  missing_body: 400,
  invalid_phone: 400,
  invalid_list_number: 400,
  list_not_found: 404,
  list_inactive: 409,
  idempotency_key_conflict: 409,
  // Contacts (spec §5)
  missing_contacts: 400,
  too_many_contacts: 413,
  missing_phone_number: 400,
  invalid_custom_fields: 400,
  missing_custom_fields: 400,
  missing_csv: 400,
  contact_not_on_list: 400,
  not_sendable: 400,
  validation_failed: 400,
  provider_error: 502,
  invalid_force: 400,
  too_many_phones: 413,
  too_many_rows: 413,
  invalid_csv: 400,
  // Creatives (spec §7)
  missing_name: 400,
  missing_message: 400,
  missing_offer_links: 400,
  name_too_long: 400,
  message_too_long: 400,
  invalid_status: 400,
  invalid_creative_type: 400,
  missing_link_placeholder: 400,
  missing_offer_links_for_placeholders: 400,
  missing_offer_link_key: 400,
  missing_offer_link_offer_id: 400,
  offer_not_found: 404,
  // Audiences (spec §8)
  empty_filter_group: 400,
  missing_filter: 400,
  invalid_filter: 400,
  // Schedules (spec §9)
  missing_send_type: 400,
  invalid_send_type: 400,
  missing_is_repeating: 400,
  missing_send_time: 400,
  invalid_send_time: 400,
  missing_audiences: 400,
  missing_send_date: 400,
  missing_start_date: 400,
  missing_end_date: 400,
  invalid_date: 400,
  no_days_selected: 400,
  missing_blasts: 400,
  invalid_blast_percent: 400,
  missing_blast_message: 400,
  invalid_automated_percent: 400,
  schedule_complete: 400,
  audience_not_found: 404,
  source_list_not_found: 404,
  // Offers (spec §11)
  invalid_external_platform: 400,
  invalid_payout_type: 400,
  invalid_payout: 400,
  invalid_url: 400,
  /** An http(s) URL a redirect may not go to: credentials, an internal or metadata host, a macro in the host. */
  destination_not_allowed: 400,
  missing_tracking_url: 400,
  invalid_click_window_days: 400,
  invalid_metadata: 400,
  offer_inactive: 409,
  server_error: 500,
  // Links (spec §12)
  missing_url_or_offer: 400,
  missing_list_identifier: 400,
  no_domain_configured: 409,
  id_collision: 500,
  // Sending lists (spec §6, §21; issue 16)
  invalid_provider: 400,
  invalid_number_type: 400,
  missing_brand_name: 400,
  /** A shortener or click domain that is not a host name. */
  invalid_shortener_domain: 400,
  invalid_click_domain: 400,
  invalid_rate: 400,
  /** Credentials without a field the provider needs, or refused by the provider when checked before saving. */
  invalid_provider_credentials: 400,
  missing_provider_credentials: 400,
  /** The account already has a list with this sending number. */
  list_number_taken: 409,
  /** A list's test send (BYOC check): the provider did not take the message; its code and words are in the error. */
  test_send_failed: 422,
  // Revenue and history (spec §13–14)
  missing_records: 400,
  too_many_records: 413,
  missing_message_id: 400,
  missing_revenue: 400,
  missing_attribution_type: 400,
  invalid_revenue: 400,
  invalid_attribution_type: 400,
  message_not_found: 404,
  contact_not_found: 404,
  missing_id: 400,
  missing_to_number: 400,
  missing_timestamp: 400,
  invalid_timestamp: 400,
  missing_offer_id: 400,
  save_error: 500,
  invalid_id: 400,
  // Team (spec §18)
  invalid_role: 400,
  last_owner: 409,
  cannot_remove_self: 409,
  already_member: 409,
  invalid_token: 400,
  token_expired: 410,
  weak_password: 400,
  missing_email: 400,
  invalid_email: 400,
  missing_role: 400,
  missing_token: 400,
  missing_password: 400,
  invalid_password: 400,
  last_owner_key: 409,
  // Dashboard sign-in, sessions and two-factor (issue 14)
  /** No session (or an ended one) on a route that needs a signed-in user. */
  unauthorized: 401,
  invalid_credentials: 401,
  two_factor_required: 401,
  invalid_two_factor_code: 401,
  /** A cookie-authenticated write without the session's X-CSRF-Token. */
  csrf_failed: 403,
  /** The account requires two-factor and the signed-in user has not turned it on. */
  two_factor_setup_required: 403,
  two_factor_already_enabled: 409,
  two_factor_not_enabled: 409,
  two_factor_setup_not_started: 409,
  // Ingest (postbacks, redirects)
  missing_click_id: 400,
  invalid_click_id: 400,
  missing_transaction_id: 400,
  invalid_event_type: 400,
  link_not_found: 404,
  click_not_found: 404,
  missing_link_id: 400,
  invalid_postback_secret: 401,
  missing_postback_secret: 401,
  forged_click_id: 400,
  invalid_allow_unsigned: 400,
  postback_ip_not_allowed: 403,
  outside_attribution_window: 400,
  invalid_bot_filter_mode: 400,
  invalid_blocked_countries: 400,
  invalid_ip_allowlist: 400,
  invalid_transaction_id: 400,
  invalid_message_id: 400,
  invalid_link_id: 400,
  // History clear (spec §14)
  missing_entities: 400,
  invalid_entities: 400,
  // Reports and SQL access (spec §22)
  invalid_group_by: 400,
  invalid_time_range: 400,
  invalid_sql: 400,
  sql_not_allowed: 400,
  sql_timeout: 422,
  sql_too_many_rows: 422,
  /** The account already has as many SQL queries running as it may. */
  sql_busy: 429,
  // Live stream (issue 14)
  /** Last-Event-ID (or last_event_id) is not a stream position this API handed out. */
  invalid_last_event_id: 400,
  /** The account already has as many live streams open as it may. */
  too_many_streams: 429,
  // Provider webhooks (delivery receipts, replies)
  invalid_webhook_token: 401,
  invalid_signature: 403,
  invalid_webhook_payload: 400,
  // OTP (spec §16)
  otp_rate_limited: 429,
  otp_not_found: 404,
  otp_expired: 400,
  otp_already_verified: 400,
  otp_attempts_exceeded: 429,
  invalid_code: 400,
  missing_code: 400,
  invalid_code_length: 400,
  invalid_expires_in: 400,
  invalid_template: 400,
  template_too_long: 400,
  metadata_too_large: 413,
  // Idempotency
  invalid_idempotency_key: 400,
  idempotency_key_reused: 422,
  // Webhooks (spec §15)
  missing_url: 400,
  invalid_webhook_url: 400,
  webhook_url_not_allowed: 400,
  missing_events: 400,
  invalid_events: 400,
  too_many_webhooks: 409,
  // ML creative selection (spec §10)
  invalid_mode: 400,
  invalid_contextual: 400,
  invalid_feature: 400,
  invalid_creative_id: 400,
  // Welcome journeys (spec §17)
  journey_not_found: 404,
  enrollment_not_found: 404,
  creative_not_found: 404,
  journey_archived: 409,
  invalid_trigger: 400,
  empty_trigger: 400,
  invalid_trigger_condition: 400,
  invalid_field_operator: 400,
  missing_steps: 400,
  too_many_steps: 400,
  invalid_step: 400,
  invalid_step_id: 400,
  invalid_branch_target: 400,
  journey_step_loop: 400,
  invalid_wait: 400,
  invalid_time: 400,
  // Account settings (spec §7, §12, §19; issue 16)
  brand_name_too_long: 400,
  invalid_brand_name: 400,
  template_prefix_too_long: 400,
  template_suffix_too_long: 400,
  /** Not text, or holding a {{linkN}} placeholder (a template has no offer to bind it to). */
  invalid_template_prefix: 400,
  invalid_template_suffix: 400,
  invalid_quiet_hours: 400,
  /** Not an IANA time zone name. */
  invalid_timezone: 400,
  invalid_spam_complaint_action: 400,
  // Server side
  rate_limited: 429,
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

export interface SchemaViolation {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
}

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_STATUS, code)

/**
 * The spec names its validation errors after the field (`missing_to`, `too_many_messages`, `name_too_long`,
 * `invalid_status`); a schema violation maps onto such a code when the table has it, else `validation_error`.
 */
export function specCodeOf(violation: SchemaViolation | undefined): ErrorCode {
  if (!violation) return 'validation_error'
  const field = (violation.instancePath ?? '').split('/').filter(Boolean).pop() ?? ''
  const candidates: Record<string, string | undefined> = {
    required: `missing_${String(violation.params?.missingProperty ?? '')}`,
    maxItems: `too_many_${field}`,
    maxLength: `${field}_too_long`,
    enum: `invalid_${field}`,
    const: `invalid_${field}`,
    anyOf: `invalid_${field}`,
    type: `invalid_${field}`,
    format: `invalid_${field}`,
    pattern: `invalid_${field}`,
    minimum: `invalid_${field}`,
    maximum: `invalid_${field}`,
  }
  const code = candidates[violation.keyword]
  return code && isErrorCode(code) ? code : 'validation_error'
}

/** How much of a message a reply carries: enough to name the problem, never a megabyte of echoed input. */
export const MAX_ERROR_MESSAGE = 300

const short = (message: string) =>
  message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…`

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KB`
      : `${bytes} bytes`

/**
 * Reply body for any thrown value; 5xx never carries internal error text and no message is longer than
 * MAX_ERROR_MESSAGE. `bodyLimit` is the limit of the route that refused a body as too large.
 */
export function toErrorReply(err: unknown, bodyLimit?: number): { status: number; body: ErrorBody } {
  const { status, body } = errorReply(err, bodyLimit)
  return { status, body: { ...body, error: short(body.error) } }
}

function errorReply(err: unknown, bodyLimit: number | undefined): { status: number; body: ErrorBody } {
  if (err instanceof AppError) return { status: err.statusCode, body: { error: err.message, code: err.code } }
  const e = err as { statusCode?: number; code?: string; validation?: unknown; message?: string }
  if (e?.validation) {
    const code = specCodeOf((e.validation as SchemaViolation[])[0])
    return { status: ERROR_STATUS[code], body: { error: e.message ?? 'Invalid request', code } }
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413) {
    const limit = bodyLimit === undefined ? '' : ` than ${sizeOf(bodyLimit)}`
    return { status: 413, body: { error: `Request body is larger${limit}`, code: 'payload_too_large' } }
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
