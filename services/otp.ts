// OTP send and verify (spec §16). A code goes out as a raw message through the send path, marked
// transactional so quiet hours do not hold it; only its HMAC is stored, and the message row keeps the body with the
// code masked (the body as sent is sealed for the dispatcher). Verification counts every guess in one atomic UPDATE,
// so parallel guesses cannot exceed the attempt limit.
import type pg from 'pg'
import { AppError, type ErrorCode } from '../core/errors.js'
import { newObjectId } from '../core/ids.js'
import {
  DEFAULT_OTP_TEMPLATE,
  generateOtpCode,
  hashOtpCode,
  OTP_CODE_LENGTH,
  OTP_EXPIRES_IN,
  OTP_MAX_ATTEMPTS,
  OTP_METADATA_MAX_BYTES,
  otpCodeMatches,
  otpRetryAfterSeconds,
  otpTemplateHasCode,
  renderOtpTemplate,
} from '../core/otp.js'
import { isE164Format, parseE164 } from '../core/phone.js'
import { withTransaction } from '../lib/postgres.js'
import { queueSends, type SendContext } from './send.js'

/** An error whose reply carries fields besides `error` and `code`. */
export class OtpError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: { retry_after?: number; attempts_remaining?: number },
  ) {
    super(code, message)
  }
}

export interface OtpContext extends SendContext {
  /** HMAC key for codes (core/otp.ts otpHashKey). */
  hashKey: Buffer
  /** Seals the body as sent (config.secretKey): the stored message shows the code masked. */
  secretKey: string
}

export interface OtpSendInput {
  to: string
  list_number: string
  code_length?: number
  expires_in?: number
  template?: string
  metadata?: Record<string, unknown>
}

export interface OtpSent {
  otpId: string
  messageId: string
  expiresAt: Date
}

function recipientOf(to: string): string {
  const phone = parseE164(to)
  if (!phone) throw new AppError('invalid_phone', 'Invalid recipient phone number format')
  return phone
}

function listNumberOf(listNumber: string): string {
  const number = listNumber.trim()
  if (!isE164Format(number)) throw new AppError('invalid_list_number', 'list_number must be an E.164 number')
  return number
}

export async function sendOtp(ctx: OtpContext, input: OtpSendInput): Promise<OtpSent> {
  const to = recipientOf(input.to)
  const listNumber = listNumberOf(input.list_number)
  const template = input.template ?? DEFAULT_OTP_TEMPLATE
  if (!otpTemplateHasCode(template)) throw new AppError('invalid_template', 'template must contain {{code}}')
  const metadata = input.metadata ?? {}
  if (Buffer.byteLength(JSON.stringify(metadata)) > OTP_METADATA_MAX_BYTES) {
    throw new AppError(
      'metadata_too_large',
      `metadata is larger than ${OTP_METADATA_MAX_BYTES} bytes of JSON`,
    )
  }
  const expiresIn = input.expires_in ?? OTP_EXPIRES_IN.default
  const code = generateOtpCode(input.code_length ?? OTP_CODE_LENGTH.default)

  const { rows: lists } = await ctx.pool.query<{ id: number }>(
    `SELECT id FROM sending_lists WHERE account_id = $1 AND phone_number = $2 AND status <> 'deleted'`,
    [ctx.accountId, listNumber],
  )
  if (!lists[0]) throw new AppError('list_not_found', 'No sending list of this account has that number')

  const otpId = newObjectId()
  const created = await withTransaction(ctx.pool, async (client) => {
    // One throttle decision at a time per (account, phone): parallel sends cannot all see a free slot.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `otp:${ctx.accountId}:${to}`,
    ])
    const { rows: recent } = await client.query<{ created_at: Date; now: Date }>(
      `SELECT o.created_at, n.now FROM (SELECT now()) n
         LEFT JOIN otp_codes o ON o.account_id = $1 AND o.phone_number = $2
                               AND o.created_at > n.now - interval '1 hour'`,
      [ctx.accountId, to],
    )
    const sentAt = recent.flatMap((r) => (r.created_at ? [r.created_at] : []))
    const retryAfter = otpRetryAfterSeconds(sentAt, recent[0]!.now)
    if (retryAfter > 0) {
      throw new OtpError('otp_rate_limited', `Too many codes sent to this number; retry in ${retryAfter} s`, {
        retry_after: retryAfter,
      })
    }
    const { rows } = await client.query<{ created_at: Date; expires_at: Date }>(
      `INSERT INTO otp_codes (id, account_id, list_id, phone_number, code_hash, expires_at, max_attempts, metadata)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6), $7, $8)
       RETURNING created_at, expires_at`,
      [
        otpId,
        ctx.accountId,
        lists[0]!.id,
        to,
        hashOtpCode(ctx.hashKey, otpId, code),
        expiresIn,
        OTP_MAX_ATTEMPTS,
        JSON.stringify(metadata),
      ],
    )
    return rows[0]!
  })

  // A code that never went out must neither count against the throttle nor be verifiable.
  const discard = () => ctx.pool.query('DELETE FROM otp_codes WHERE id = $1', [otpId])
  // A raw send skipping only the duplicate guard: a resend can repeat a short code by chance, and dropping it would
  // leave the phone with a superseded code. Opt-outs and list rates still apply.
  const outcomes = await queueSends(
    ctx,
    [
      {
        to,
        list_number: listNumber,
        body: renderOtpTemplate(template, code, expiresIn),
        metadata: { ...metadata, transactional: true, otp: true, otp_id: otpId },
        skip_duplicate_check: true,
      },
    ],
    { raw: true, secret: { code, key: ctx.secretKey } },
  ).catch(async (err: unknown) => {
    await discard()
    throw err
  })
  const outcome = outcomes[0]!
  if (!outcome.ok) {
    await discard()
    throw new AppError(outcome.code, outcome.error)
  }
  // Only now that the new code is on its way are the older ones of this phone and list retired.
  await ctx.pool.query(
    `UPDATE otp_codes SET message_id = CASE WHEN id = $1 THEN $2 ELSE message_id END,
                          expires_at = CASE WHEN id = $1 THEN expires_at ELSE LEAST(expires_at, now()) END
      WHERE account_id = $3 AND list_id = $4 AND phone_number = $5
        AND (id = $1 OR (verified_at IS NULL AND expires_at > now() AND created_at < $6))`,
    [otpId, outcome.messageId, ctx.accountId, lists[0]!.id, to, created.created_at],
  )
  return { otpId, messageId: outcome.messageId, expiresAt: created.expires_at }
}

export interface OtpVerifyInput {
  to: string
  code: string
  list_number?: string
  otp_id?: string
}

/** Checks a code against the OTP named by `otp_id`, else the latest sent to `to` (from `list_number`, if given). */
export async function verifyOtp(
  pool: pg.Pool,
  hashKey: Buffer,
  accountId: string,
  input: OtpVerifyInput,
): Promise<{ otpId: string; metadata: Record<string, unknown> }> {
  const to = recipientOf(input.to)
  const listNumber = input.list_number === undefined ? null : listNumberOf(input.list_number)
  const code = input.code.trim()
  if (code === '') throw new AppError('missing_code', 'code is required')

  const { rows: found } = await pool.query<{ id: string }>(
    `SELECT o.id FROM otp_codes o JOIN sending_lists l ON l.id = o.list_id
      WHERE o.account_id = $1 AND o.phone_number = $2
        AND ($3::text IS NULL OR o.id = $3) AND ($4::text IS NULL OR l.phone_number = $4)
      ORDER BY o.created_at DESC LIMIT 1`,
    [accountId, to, input.otp_id ?? null, listNumber],
  )
  const otpId = found[0]?.id
  if (!otpId) throw new AppError('otp_not_found', 'No code was sent to this number')

  // The guess is counted before it is checked, in one statement: of any number of parallel guesses at most
  // max_attempts get past the WHERE clause.
  const { rows: attempt } = await pool.query<{ attempts: number; max_attempts: number; code_hash: string }>(
    `UPDATE otp_codes SET attempts = attempts + 1
      WHERE id = $1 AND verified_at IS NULL AND expires_at > now() AND attempts < max_attempts
      RETURNING attempts, max_attempts, code_hash`,
    [otpId],
  )
  if (!attempt[0]) throw await whyNotVerifiable(pool, otpId)
  const { attempts, max_attempts, code_hash } = attempt[0]
  if (!otpCodeMatches(hashKey, otpId, code, code_hash)) {
    throw new OtpError('invalid_code', 'The code is not correct', {
      attempts_remaining: max_attempts - attempts,
    })
  }
  const { rows: verified } = await pool.query<{ metadata: Record<string, unknown> }>(
    'UPDATE otp_codes SET verified_at = now() WHERE id = $1 AND verified_at IS NULL RETURNING metadata',
    [otpId],
  )
  if (!verified[0]) throw new AppError('otp_already_verified', 'This code was already used')
  return { otpId, metadata: verified[0].metadata }
}

async function whyNotVerifiable(pool: pg.Pool, otpId: string): Promise<AppError> {
  const { rows } = await pool.query<{ verified: boolean; exhausted: boolean }>(
    `SELECT verified_at IS NOT NULL AS verified, attempts >= max_attempts AS exhausted
       FROM otp_codes WHERE id = $1`,
    [otpId],
  )
  if (rows[0]?.verified) return new AppError('otp_already_verified', 'This code was already used')
  if (rows[0]?.exhausted) {
    return new AppError('otp_attempts_exceeded', 'Too many wrong codes; send a new one')
  }
  return new AppError('otp_expired', 'The code has expired; send a new one')
}
