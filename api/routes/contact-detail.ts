// One contact of the account (spec §5, §19; issue 16): its record and subscription on each list, and the
// consent evidence of each subscription, as JSON or as a CSV download for answering a complaint. Another
// account's contact id answers exactly like a missing one.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { toCsv } from '../../analytics/reports.js'
import { AppError } from '../../core/errors.js'
import { CONSENT_CSV_COLUMNS, ContactConsentView, ContactDetailView } from '../../core/views/contacts.js'
import { getContact, getContactConsent } from '../../services/contact-reads.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const params = Type.Object({ id: Type.String({ maxLength: 64, description: 'The contact_id' }) })
const notFound = () => new AppError('contact_not_found', 'Contact not found')

/** CSV when asked by `format=csv`, or by an Accept header that prefers text/csv to JSON. */
function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv'
  if (!accept) return false
  const csv = accept.indexOf('text/csv')
  const json = accept.indexOf('application/json')
  return csv !== -1 && (json === -1 || csv < json)
}

export async function contactDetailRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/contacts/:id',
    {
      schema: {
        operationId: 'getContact',
        summary: 'One contact and its subscription on each list',
        tags: ['contacts'],
        params,
        response: { 200: Type.Object({ contact: ContactDetailView }), 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const contact = await getContact(app.pg.pool, request.caller.accountId, request.params.id)
      if (!contact) throw notFound()
      return { contact }
    },
  )

  app.get(
    '/contacts/:id/consent',
    {
      schema: {
        operationId: 'getContactConsent',
        summary: "A contact's consent evidence on each list",
        description:
          'Per list: signup method and date, IP address, URL, ad-network source, opt-in keyword or form, consent date, opt-out date and reason. `format=csv` (or `Accept: text/csv`) answers it as a CSV download, one row per list.',
        tags: ['contacts'],
        params,
        querystring: Type.Object({
          // No default: without `format` the Accept header decides.
          format: Type.Optional(
            Type.Enum(['json', 'csv'], { description: 'json unless Accept prefers text/csv' }),
          ),
        }),
        response: {
          200: {
            description: 'The consent records; CSV with `format=csv`',
            content: {
              'application/json': { schema: ContactConsentView },
              'text/csv': { schema: Type.String({ description: 'Header row first, one row per list' }) },
            },
          },
          400: ErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const consent = await getContactConsent(app.pg.pool, request.caller.accountId, request.params.id)
      if (!consent) throw notFound()
      if (!wantsCsv(request.query.format, request.headers.accept)) return consent
      const rows = consent.consent.map((r) => ({ phone_number: consent.phone_number, ...r }))
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="consent-${consent.contact_id}.csv"`)
        .send(toCsv(CONSENT_CSV_COLUMNS, rows))
    },
  )
}
