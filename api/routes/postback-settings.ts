// Postback verification settings (spec §11): the account's postback secret, whether unsigned postbacks are
// allowed, the IP allow-list, and the postback URLs (secret included) to paste into TUNE, Everflow and Cake or a
// merchant's site. Owners change them; anyone may read them, but only owners see the secret.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { MAX_ALLOWLIST_ENTRIES } from '../../core/postback-auth.js'
import {
  getPostbackSettings,
  postbackUrls,
  rotatePostbackSecret,
  setAllowUnsigned,
  setPostbackAllowlist,
} from '../../services/postback-settings.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const PostbackUrls = Type.Object(
  {
    tune: Type.String(),
    everflow: Type.String(),
    cake: Type.String(),
    conv_offer: Type.String(),
    conv: Type.String(),
    pixel: Type.String(),
  },
  { description: 'Postback URL templates with each network’s macros; `{…}` on conv/pixel are yours to fill' },
)

const IpAllowlist = Type.Array(Type.String(), {
  description: 'IPv4/IPv6 addresses or CIDR ranges postbacks must come from; empty: any address',
})

const AllowUnsigned = Type.Boolean({
  description:
    'Postbacks without a secret are accepted (off by default; a wrong secret is refused regardless)',
})

const ownerOnly = { minRole: 'owner' as const }
const EFFECT = 'Takes effect on ingest within about 5 seconds; audited.'

export async function postbackSettingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['postbacks']
  const baseUrl = app.config.publicWebhookBaseUrl

  app.get(
    '/postbacks/settings',
    {
      schema: {
        operationId: 'getPostbackSettings',
        summary: 'Postback verification settings and URL templates',
        description:
          'The postback secret every account gets at creation (the secret itself for owners only), whether ' +
          'postbacks without it are allowed, the IP allow-list, and the postback URLs for TUNE, Everflow, Cake, ' +
          '`/conv/offer`, `/conv` and the pixel, with the secret in them.',
        tags,
        response: {
          200: Type.Object({
            secret_set: Type.Boolean(),
            secret: Type.Union([Type.Null(), Type.String()], { description: 'Owners only; else null' }),
            allow_unsigned: AllowUnsigned,
            ip_allowlist: IpAllowlist,
            postback_urls: PostbackUrls,
          }),
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => getPostbackSettings(app.pg.pool, app.config.secretKey, baseUrl, request.caller),
  )

  app.post(
    '/postbacks/secret',
    {
      config: ownerOnly,
      schema: {
        operationId: 'rotatePostbackSecret',
        summary: 'Generate (rotate) the postback secret (owner)',
        description: `Every postback, conversion and pixel request must then carry it as \`postback_secret\` (or \`secret\`); the previous secret stops working. ${EFFECT}`,
        tags,
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            secret: Type.String({ description: 'Shown here and to owners in the settings' }),
            postback_urls: PostbackUrls,
          }),
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const secret = await rotatePostbackSecret(app.pg.pool, app.config.secretKey, request.caller)
      return { success: true as const, secret, postback_urls: postbackUrls(baseUrl, secret) }
    },
  )

  app.put(
    '/postbacks/allow-unsigned',
    {
      config: ownerOnly,
      attachValidation: true,
      schema: {
        operationId: 'updatePostbackAllowUnsigned',
        summary: 'Allow or refuse postbacks without the secret (owner)',
        description: `Off by default: a postback, conversion or pixel request without \`postback_secret\` is refused with \`missing_postback_secret\`. On: such requests are accepted; a wrong secret is still refused. ${EFFECT}`,
        tags,
        body: Type.Object({ allow_unsigned: Type.Boolean() }),
        response: {
          200: Type.Object({ success: Type.Literal(true), allow_unsigned: AllowUnsigned }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      if (request.validationError) {
        throw new AppError('invalid_allow_unsigned', 'allow_unsigned must be true or false')
      }
      const allow_unsigned = await setAllowUnsigned(app.pg.pool, request.caller, request.body.allow_unsigned)
      return { success: true as const, allow_unsigned }
    },
  )

  app.put(
    '/postbacks/allowlist',
    {
      config: ownerOnly,
      // Every malformed allow-list, whatever its shape, answers the one code `invalid_ip_allowlist`.
      attachValidation: true,
      schema: {
        operationId: 'updatePostbackAllowlist',
        summary: 'Replace the postback IP allow-list (owner)',
        description: `At most ${MAX_ALLOWLIST_ENTRIES} entries; stored canonical (host bits cleared, duplicates dropped). IPv4-mapped IPv6 entries match IPv4 clients. ${EFFECT}`,
        tags,
        body: Type.Object({
          ip_allowlist: Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_ALLOWLIST_ENTRIES }),
        }),
        response: {
          200: Type.Object({ success: Type.Literal(true), ip_allowlist: IpAllowlist }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      if (request.validationError) {
        throw new AppError(
          'invalid_ip_allowlist',
          `ip_allowlist must be an array of at most ${MAX_ALLOWLIST_ENTRIES} IP addresses or CIDR ranges`,
        )
      }
      const ip_allowlist = await setPostbackAllowlist(app.pg.pool, request.caller, request.body.ip_allowlist)
      return { success: true as const, ip_allowlist }
    },
  )
}
