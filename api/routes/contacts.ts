// Contacts (spec §5): upsert one or many contacts onto the caller's sending lists, list them, update their
// custom fields, unsubscribe them, and import a CSV. Subscription changes go to the `contacts` topic after
// the Postgres commit.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { CONTACT_MAX_BYTES, contactBytes, parseContactInput, parseCustomFields } from '../../core/contacts.js'
import { AppError } from '../../core/errors.js'
import type { ContactEvent } from '../../core/events.js'
import { isE164Format, parseE164 } from '../../core/phone.js'
import { ContactBulkReplyView, ImportReplyView } from '../../core/views/contact-import.js'
import { ContactCustomFields, ContactView } from '../../core/views/contacts.js'
import { queueJourneySteps } from '../../lib/queues.js'
import { importCsvText } from '../../services/contact-import.js'
import { listContacts } from '../../services/contact-reads.js'
import {
  bulkUpsertContacts,
  findList,
  parseBulkItems,
  publishContactEvents,
  unsubscribeContact,
  updateCustomFields,
  upsertContact,
} from '../../services/contacts.js'
import { AUTH_ERRORS, BULK_MAX, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

const E164_EXAMPLE = '+14155551234'

const ContactBody = Type.Object({
  phone_number: Type.String({ description: 'The contact, in E.164', examples: [E164_EXAMPLE] }),
  list_number: Type.String({ description: 'E.164 number of one of your sending lists' }),
  use_journeys: Type.Optional(
    Type.Boolean({ default: false, description: 'Enrol the contact in matching Welcome Journeys' }),
  ),
  skip_journey_if_exists: Type.Optional(
    Type.Boolean({ default: true, description: 'Skip enrolment when the contact was already on the list' }),
  ),
  signup_date: Type.Optional(
    Type.String({ description: 'ISO 8601; no timezone means UTC. Defaults to now for a new subscription' }),
  ),
  ip_address: Type.Optional(
    Type.String({ description: 'Consent evidence: the IPv4 or IPv6 address the contact signed up from' }),
  ),
  url: Type.Optional(Type.String({ description: 'Consent evidence: the page the contact signed up on' })),
  consent_date: Type.Optional(
    Type.String({
      description:
        'Consent evidence: when the contact consented (YYYY-MM-DD, MM/DD/YYYY or ISO 8601; not in the future)',
    }),
  ),
  opt_in_keyword: Type.Optional(Type.String({ description: 'Consent evidence: the keyword texted to join' })),
  opt_in_form: Type.Optional(Type.String({ description: 'Consent evidence: the form signed up with' })),
  custom_fields: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'String, number or boolean values; merged into the stored fields unless merge_fields is false',
    }),
  ),
  merge_fields: Type.Optional(
    Type.Boolean({
      default: true,
      description: 'false replaces the stored custom fields instead of merging',
    }),
  ),
  signup_method: Type.Optional(Type.String({ default: 'api', description: 'e.g. api, import, form' })),
  ad_network_source: Type.Optional(Type.String({ description: 'e.g. adwords, facebook' })),
  ad_network_id: Type.Optional(Type.String()),
  first_name: Type.Optional(Type.String()),
  last_name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  use_validation: Type.Optional(
    Type.Boolean({
      default: false,
      description:
        'Paid LRN + DNC lookup. Trackly has no billing configuration, so true answers 402 no_billing_config',
    }),
  ),
})

const UpsertReply = Type.Object({
  success: Type.Boolean(),
  contact_id: Type.String(),
  list_contact_id: Type.String(),
  is_new_contact: Type.Boolean(),
  is_new_list_contact: Type.Boolean(),
  journeys_enrolled: Type.Integer(),
  warnings: Type.Array(Type.String()),
  validation: Type.Null(),
})

const phoneOrFail = (text: string): string => {
  const e164 = parseE164(text)
  if (!e164)
    throw new AppError('invalid_phone', 'phone_number must be a valid E.164 number, e.g. +14155551234')
  return e164
}

const listNumberOrFail = (text: string): string => {
  const trimmed = text.trim()
  if (!isE164Format(trimmed))
    throw new AppError(
      'invalid_list_number',
      'list_number must be the E.164 number of one of your sending lists',
    )
  return trimmed
}

const NO_BILLING = () =>
  new AppError(
    'no_billing_config',
    'Phone validation is a paid lookup and this Trackly installation has no billing configuration',
  )

export async function contactRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const publish = (request: FastifyRequest, events: readonly ContactEvent[]) =>
    publishContactEvents(app.kafka.producer, app.config, events, request.log)

  app.post(
    '/contacts',
    {
      schema: {
        operationId: 'createContact',
        summary: 'Create or update a contact on a list',
        description: `Upserts the global contact (unique by E.164) and its subscription to the list. Signing up again re-subscribes an unsubscribed contact. A contact object is at most ${CONTACT_MAX_BYTES} bytes.`,
        tags: ['contacts'],
        body: ContactBody,
        response: {
          200: UpsertReply,
          400: ErrorReply,
          402: ErrorReply,
          404: ErrorReply,
          413: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
      // The size limit comes before any field check: an oversized object is refused whatever it holds.
      preValidation: async (request) => {
        if (contactBytes(request.body) > CONTACT_MAX_BYTES)
          throw new AppError(
            'payload_too_large',
            `A contact object must be at most ${CONTACT_MAX_BYTES} bytes`,
          )
      },
    },
    async (request) => {
      const parsed = parseContactInput(request.body, { sizeChecked: true })
      if (!parsed.ok) throw new AppError(parsed.code, parsed.error)
      if (parsed.value.useValidation) throw NO_BILLING()
      const result = await upsertContact(app.pg.pool, request.caller.accountId, parsed.value)
      if (result.event) await publish(request, [result.event])
      await queueJourneySteps(app.queues.journeys, result.stepJobs)
      return {
        success: true,
        contact_id: result.contactId,
        list_contact_id: result.listContactId,
        is_new_contact: result.isNewContact,
        is_new_list_contact: result.isNewListContact,
        journeys_enrolled: result.stepJobs.length,
        warnings: result.warnings,
        validation: null,
      }
    },
  )

  app.post(
    '/contacts/bulk',
    {
      schema: {
        operationId: 'bulkCreateContacts',
        summary: 'Create or update up to 1,000 contacts',
        description:
          'Each contact is validated on its own (same fields as POST /contacts); valid ones are written even when others fail.',
        tags: ['contacts'],
        body: Type.Object({
          contacts: Type.Array(Type.Unknown({ description: 'A contact object as in POST /contacts' }), {
            maxItems: BULK_MAX,
          }),
        }),
        response: {
          200: ContactBulkReplyView,
          400: ErrorReply,
          402: ErrorReply,
          413: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const raw = request.body.contacts
      if (raw.length === 0) throw new AppError('missing_contacts', 'contacts must hold at least one contact')
      if (raw.some((c) => (c as { use_validation?: unknown } | null)?.use_validation === true))
        throw NO_BILLING()
      const { events, stepJobs, ...result } = await bulkUpsertContacts(
        app.pg.pool,
        request.caller.accountId,
        parseBulkItems(raw),
        raw,
      )
      await publish(request, events)
      await queueJourneySteps(app.queues.journeys, stepJobs)
      return result
    },
  )

  app.get(
    '/contacts',
    {
      schema: {
        operationId: 'listContacts',
        summary: "The account's contacts, newest signup first",
        tags: ['contacts'],
        querystring: Type.Intersect([
          Type.Object({
            list_number: Type.Optional(Type.String({ description: 'Only this sending list (E.164)' })),
            active: Type.Optional(
              Type.Enum(['true', 'false'], { description: 'Only subscribed (true) or unsubscribed (false)' }),
            ),
            search: Type.Optional(
              Type.String({
                maxLength: 100,
                description:
                  'A phone number (any part of it) or text found in a name, an email or a custom field value',
              }),
            ),
            field: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 100,
                description: 'With search: look only in this custom field',
              }),
            ),
          }),
          PaginationQuery(1000),
        ]),
        response: {
          200: Type.Object({ contacts: Type.Array(ContactView), pagination: Pagination }),
          400: ErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { list_number, active, search, field } = request.query
      let listId: number | undefined
      if (list_number !== undefined) {
        const list = await findList(app.pg.pool, request.caller.accountId, listNumberOrFail(list_number))
        if (!list) throw new AppError('list_not_found', `No sending list with number ${list_number}`)
        listId = list.id
      }
      const pageSize = paginate(request.query, 0)
      const { contacts, total } = await listContacts(app.pg.pool, request.caller.accountId, {
        ...(listId === undefined ? {} : { listId }),
        ...(active === undefined ? {} : { active: active === 'true' }),
        ...(search === undefined ? {} : { search }),
        ...(field === undefined ? {} : { field }),
        limit: pageSize.limit,
        offset: pageSize.offset,
      })
      return { contacts, pagination: paginate(request.query, total).pagination }
    },
  )

  app.put(
    '/contacts',
    {
      schema: {
        operationId: 'updateContact',
        summary: "Update a contact's custom fields on a list",
        tags: ['contacts'],
        body: Type.Object({
          phone_number: Type.String(),
          list_number: Type.String(),
          custom_fields: Type.Record(Type.String(), Type.Unknown(), {
            description: 'String, number or boolean values',
          }),
          merge_fields: Type.Optional(
            Type.Boolean({ default: true, description: 'false replaces the whole object' }),
          ),
        }),
        response: {
          200: Type.Object({
            success: Type.Boolean(),
            list_contact_id: Type.String(),
            custom_fields: ContactCustomFields,
          }),
          400: ErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const body = request.body
      const customFields = parseCustomFields(body.custom_fields)
      if (!customFields.ok) throw new AppError(customFields.code, customFields.error)
      const result = await updateCustomFields(app.pg.pool, request.caller.accountId, {
        phoneNumber: phoneOrFail(body.phone_number),
        listNumber: listNumberOrFail(body.list_number),
        customFields: customFields.value,
        mergeFields: body.merge_fields ?? true,
      })
      return { success: true, list_contact_id: result.listContactId, custom_fields: result.customFields }
    },
  )

  app.delete(
    '/contacts',
    {
      schema: {
        operationId: 'deleteContact',
        summary: 'Unsubscribe a contact from a list',
        description:
          'Sets the subscription inactive (reason api) and keeps all history. Always succeeds; unsubscribed is true only when this call ended an active subscription.',
        tags: ['contacts'],
        body: Type.Object({ phone_number: Type.String(), list_number: Type.String() }),
        response: {
          200: Type.Object({ success: Type.Boolean(), unsubscribed: Type.Boolean() }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { phone_number, list_number } = request.body
      const result = await unsubscribeContact(
        app.pg.pool,
        request.caller.accountId,
        phone_number,
        list_number,
      )
      if (result.event) await publish(request, [result.event])
      return { success: true, unsubscribed: result.unsubscribed }
    },
  )

  app.post(
    '/contacts/import',
    {
      schema: {
        operationId: 'importContacts',
        summary: 'Import contacts from CSV text (dry run by default)',
        description:
          'Columns: phone_number|phone|msisdn (required), email, first_name, last_name, carrier, line_type (CELL PHONE, VOIP, LANDLINE, UNKNOWN), consent_date (YYYY-MM-DD, MM/DD/YYYY, MM-DD-YYYY or ISO; aliases consentdate, consent, opted_in_date, optin_date), ad_network_source, ad_network_id, and the consent evidence ip_address (alias ip), signup_url (alias url), opt_in_keyword (aliases optin_keyword, keyword) and opt_in_form (aliases optin_form, form). Custom fields cannot be set through CSV. At most 5,000 rows; numbers are normalised to E.164 and de-duplicated. A real run is idempotent and does not re-subscribe unsubscribed contacts.',
        tags: ['contacts'],
        body: Type.Object({
          list_number: Type.String(),
          csv: Type.String({ description: 'The CSV text, header row first' }),
          dry_run: Type.Optional(Type.Boolean({ description: 'Validate only (default true)' })),
          dryRun: Type.Optional(Type.Boolean({ description: 'Alias of dry_run' })),
          use_journeys: Type.Optional(
            Type.Boolean({
              default: false,
              description: 'Enrol the contacts this import adds to the list in matching active journeys',
            }),
          ),
        }),
        response: {
          200: ImportReplyView,
          400: ErrorReply,
          404: ErrorReply,
          413: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const body = request.body
      const { reply, events, stepJobs } = await importCsvText(app.pg.pool, request.caller.accountId, {
        listNumber: listNumberOrFail(body.list_number),
        csv: body.csv,
        dryRun: body.dry_run ?? body.dryRun ?? true,
        useJourneys: body.use_journeys ?? false,
      })
      await publish(request, events)
      await queueJourneySteps(app.queues.journeys, stepJobs)
      return reply
    },
  )
}
