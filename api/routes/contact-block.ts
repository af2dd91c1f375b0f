// Blocking a contact account-wide (spec §4 step 8, issue 16): a blocked number gets nothing from any list of the
// account until it is unblocked. Members and up; another account's contact id answers exactly like a missing one.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { ContactBlockView } from '../../core/views/contacts.js'
import { blockContact, unblockContact } from '../../services/contact-block.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const params = Type.Object({ id: Type.String({ maxLength: 64, description: 'The contact_id' }) })
const memberUp = { minRole: 'member' as const }

export async function contactBlockRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const response = { 200: ContactBlockView, 404: ErrorReply, ...AUTH_ERRORS }

  app.put(
    '/contacts/:id/block',
    {
      config: memberUp,
      schema: {
        operationId: 'blockContact',
        summary: 'Block a contact on every list of the account',
        description:
          'The number gets nothing from any list of the account (queued messages are dropped as `contact_blocked`) until it is unblocked; its subscriptions are kept. Blocking a blocked contact changes nothing.',
        tags: ['contacts'],
        params,
        response,
      },
    },
    async (request) => blockContact(app.pg.pool, request.caller, request.params.id),
  )

  app.delete(
    '/contacts/:id/block',
    {
      config: memberUp,
      schema: {
        operationId: 'unblockContact',
        summary: 'Lift a contact’s account-wide block',
        description:
          'Whatever set the block (the dashboard, a complaint). The contact is sent to again on the lists it is subscribed to. Unblocking a contact that is not blocked changes nothing.',
        tags: ['contacts'],
        params,
        response,
      },
    },
    async (request) => unblockContact(app.pg.pool, request.caller, request.params.id),
  )
}
