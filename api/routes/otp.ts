// POST /otp/send and /otp/verify (spec §16; our design, the spec names only the endpoints): a numeric code sent as a
// transactional message, then checked with a limited number of guesses. Both need the member role.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyInstance } from 'fastify'
import Type from 'typebox'
import { toErrorReply } from '../../core/errors.js'
import {
  DEFAULT_OTP_TEMPLATE,
  OTP_CODE_LENGTH,
  OTP_EXPIRES_IN,
  OTP_MAX_ATTEMPTS,
  OTP_METADATA_MAX_BYTES,
  OTP_RESEND_INTERVAL_SECONDS,
  OTP_SENDS_PER_HOUR,
  otpHashKey,
} from '../../core/otp.js'
import { OtpError, sendOtp, verifyOtp } from '../../services/otp.js'
import { MAX_BODY_LENGTH } from '../../services/send.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const OtpErrorReply = Type.Object({
  error: Type.String(),
  code: Type.String(),
  retry_after: Type.Optional(Type.Integer({ description: 'Seconds until a code may be sent again' })),
  attempts_remaining: Type.Optional(Type.Integer({ description: 'Guesses left for this code' })),
})

const SendReply = Type.Object({
  success: Type.Literal(true),
  otp_id: Type.String(),
  message_id: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
})

const VerifyReply = Type.Object({
  success: Type.Literal(true),
  verified: Type.Literal(true),
  otp_id: Type.String(),
  metadata: Type.Record(Type.String(), Type.Unknown(), { description: 'As given when the code was sent' }),
})

export async function otpRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const hashKey = otpHashKey(app.config.secretKey)

  // Throttle and wrong-code replies carry retry_after / attempts_remaining; the rest follow the shared contract.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof OtpError) {
      if (err.details.retry_after !== undefined) reply.header('retry-after', String(err.details.retry_after))
      return reply.code(err.statusCode).send({ error: err.message, code: err.code, ...err.details })
    }
    const { status, body } = toErrorReply(err)
    if (status >= 500) request.log.error({ err }, 'request failed')
    return reply.code(status).send(body)
  })

  app.post(
    '/otp/send',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'sendOtp',
        summary: 'Send a one-time passcode',
        description:
          `Sends a ${OTP_CODE_LENGTH.min}–${OTP_CODE_LENGTH.max} digit code as a transactional message (exempt from ` +
          `quiet hours) and supersedes earlier unverified codes to the same number from the same list. At most one ` +
          `code per ${OTP_RESEND_INTERVAL_SECONDS} s and ${OTP_SENDS_PER_HOUR} per hour to a number (429 ` +
          '`otp_rate_limited` with `retry_after`). Honours `Idempotency-Key`.',
        tags: ['otp'],
        body: Type.Object({
          to: Type.String({ description: 'Recipient, E.164' }),
          list_number: Type.String({ description: 'E.164 number of one of your sending lists' }),
          code_length: Type.Optional(
            Type.Integer({
              minimum: OTP_CODE_LENGTH.min,
              maximum: OTP_CODE_LENGTH.max,
              default: OTP_CODE_LENGTH.default,
            }),
          ),
          expires_in: Type.Optional(
            Type.Integer({
              minimum: OTP_EXPIRES_IN.min,
              maximum: OTP_EXPIRES_IN.max,
              default: OTP_EXPIRES_IN.default,
              description: 'Seconds the code stays valid',
            }),
          ),
          template: Type.Optional(
            Type.String({
              maxLength: MAX_BODY_LENGTH,
              default: DEFAULT_OTP_TEMPLATE,
              description:
                'Must contain {{code}}; {{minutes}} is the validity in whole minutes; the send macros ' +
                '({{brand_name}}, …) also apply',
            }),
          ),
          metadata: Type.Optional(
            Type.Record(Type.String(), Type.Unknown(), {
              description: `At most ${OTP_METADATA_MAX_BYTES} bytes of JSON; returned on verification`,
            }),
          ),
        }),
        response: {
          200: SendReply,
          400: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
          413: ErrorReply,
          422: ErrorReply,
          429: OtpErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const sent = await sendOtp(
        {
          pool: app.pg.pool,
          queue: app.queues.dispatch,
          accountId: request.caller.accountId,
          defaultLinkBaseUrl: app.config.publicLinkBaseUrl,
          hashKey,
          secretKey: app.config.secretKey,
        },
        request.body,
      )
      return {
        success: true as const,
        otp_id: sent.otpId,
        message_id: sent.messageId,
        expires_at: sent.expiresAt.toISOString(),
      }
    },
  )

  app.post(
    '/otp/verify',
    {
      schema: {
        operationId: 'verifyOtp',
        summary: 'Verify a one-time passcode',
        description:
          'Checks the code of `otp_id`, else of the latest code sent to `to` (from `list_number` when given). ' +
          `Each code allows ${OTP_MAX_ATTEMPTS} guesses: a wrong one is 400 \`invalid_code\` with ` +
          '`attempts_remaining`, and after the last the code is dead (429 `otp_attempts_exceeded`). Expired or ' +
          'superseded codes are 400 `otp_expired`; a used one is 400 `otp_already_verified`.',
        tags: ['otp'],
        body: Type.Object({
          to: Type.String({ description: 'The number the code was sent to, E.164' }),
          code: Type.String({ maxLength: 64 }),
          list_number: Type.Optional(Type.String()),
          otp_id: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: {
          200: VerifyReply,
          400: OtpErrorReply,
          404: ErrorReply,
          429: OtpErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { otpId, metadata } = await verifyOtp(
        app.pg.pool,
        hashKey,
        request.caller.accountId,
        request.body,
      )
      return { success: true as const, verified: true as const, otp_id: otpId, metadata }
    },
  )
}
