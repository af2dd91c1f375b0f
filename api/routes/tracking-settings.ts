// Click-tracking settings (spec §12): the account's default bot-filter mode (an offer may override it) and its
// blocked countries. Anyone may read them; owners change them.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { BOT_FILTER_MODES } from '../../core/bots.js'
import { AppError, type SchemaViolation, specCodeOf } from '../../core/errors.js'
import { getTrackingSettings, updateTrackingSettings } from '../../services/tracking-settings.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const Settings = Type.Object({
  bot_filter_mode: Type.Enum(BOT_FILTER_MODES, {
    description:
      'no_filter: every click is redirected at once (bots are still classified and never take the first-click ' +
      'slot). filter: links show an interstitial page with a Continue button and only confirmed clicks count.',
  }),
  blocked_countries: Type.Array(Type.String(), {
    description:
      'ISO 3166-1 alpha-2 codes; clicks from them are stored as bots (reason blocked_country). The country is ' +
      "read from the trusted proxy header named by CLICK_COUNTRY_HEADER; without it no click's country is known.",
  }),
})

const EFFECT = 'Changes reach redirects within about a minute (the link cache lifetime).'

export async function trackingSettingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['tracking']

  app.get(
    '/tracking/settings',
    {
      schema: {
        operationId: 'getTrackingSettings',
        summary: 'Bot-filter mode and blocked countries',
        tags,
        response: { 200: Settings, ...AUTH_ERRORS },
      },
    },
    async (request) => getTrackingSettings(app.pg.pool, request.caller.accountId),
  )

  app.put(
    '/tracking/settings',
    {
      config: { minRole: 'owner' as const },
      // Malformed fields answer their own codes (invalid_bot_filter_mode, invalid_blocked_countries).
      attachValidation: true,
      schema: {
        operationId: 'updateTrackingSettings',
        summary: 'Change the bot-filter mode or the blocked countries (owner)',
        description: `Partial: fields left out keep their value; \`blocked_countries\` replaces the list. ${EFFECT}`,
        tags,
        body: Type.Object({
          bot_filter_mode: Type.Optional(Type.Enum(BOT_FILTER_MODES)),
          blocked_countries: Type.Optional(
            Type.Array(Type.String({ maxLength: 2, minLength: 2 }), { maxItems: 250 }),
          ),
        }),
        response: {
          200: Type.Object({ success: Type.Literal(true), ...Settings.properties }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      if (request.validationError) {
        const violation = (request.validationError.validation as SchemaViolation[] | undefined)?.[0]
        if (violation?.instancePath.startsWith('/blocked_countries')) {
          throw new AppError(
            'invalid_blocked_countries',
            'blocked_countries must be a list of at most 250 ISO 3166-1 alpha-2 codes',
          )
        }
        const code = specCodeOf(violation)
        throw new AppError(code, request.validationError.message)
      }
      const settings = await updateTrackingSettings(app.pg.pool, request.caller.accountId, request.body)
      return { success: true as const, ...settings }
    },
  )
}
