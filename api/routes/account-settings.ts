// Account settings (issue 16; spec §7 templates, §12 bot filter, §19 quiet hours and spam complaints): anyone may
// read them; owners change them. The values are the ones the sending code reads, so a change applies to the next
// message built.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AppError, type SchemaViolation, specCodeOf } from '../../core/errors.js'
import { AccountSettingsUpdate, AccountSettingsView } from '../../core/views/account-settings.js'
import { getAccountSettings, updateAccountSettings } from '../../services/account-settings.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

export async function accountSettingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['account']

  app.get(
    '/account/settings',
    {
      schema: {
        operationId: 'getAccountSettings',
        summary: 'Brand name, message templates, quiet hours, time zone, spam complaints, bot filter',
        tags,
        response: { 200: AccountSettingsView, ...AUTH_ERRORS },
      },
    },
    (request) => getAccountSettings(app.pg.pool, request.caller.accountId),
  )

  app.put(
    '/account/settings',
    {
      config: { minRole: 'owner' as const },
      // Every field answers its own code (e.g. template_prefix_too_long, invalid_timezone).
      attachValidation: true,
      schema: {
        operationId: 'updateAccountSettings',
        summary: 'Change account settings (owner)',
        description:
          'Partial: fields left out keep their value. Changes apply to messages built afterwards (campaign runs, ' +
          'estimates) and are written to the audit log. `bot_filter_mode` is the value `PUT /tracking/settings` ' +
          'also sets; redirects see a change within about a minute.',
        tags,
        body: AccountSettingsUpdate,
        response: {
          200: Type.Object({ success: Type.Literal(true), ...AccountSettingsView.properties }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      if (request.validationError) {
        const violation = (request.validationError.validation as SchemaViolation[] | undefined)?.[0]
        const code = violation?.instancePath === '/timezone' ? 'invalid_timezone' : specCodeOf(violation)
        throw new AppError(code, request.validationError.message)
      }
      const settings = await updateAccountSettings(app.pg.pool, request.caller, request.body)
      return { success: true as const, ...settings }
    },
  )
}
