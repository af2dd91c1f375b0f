// Sending lists (spec §6, §21): everyone reads them; owners create and edit them (issue 16). Not paginated.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { DEFAULT_RANGE_DAYS } from '../../analytics/reports.js'
import {
  CreateListBody,
  LIST_STATUSES,
  ListHealthView,
  SendingListView,
  UpdateListBody,
} from '../../core/views/lists.js'
import { createAccountList, listHealth, revealFor, updateAccountList } from '../../services/list-admin.js'
import { getList, listLists } from '../../services/lists.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const ownerOnly = { minRole: 'owner' as const }
const DAY_MS = 86_400_000

export async function listRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['lists']
  // Webhook URLs carry the list's secret token: only owners, who set the provider up, see them.
  const reveal = (request: FastifyRequest) =>
    request.caller.role === 'owner' ? revealFor(app.config) : undefined

  app.get(
    '/lists',
    {
      schema: {
        operationId: 'listLists',
        summary: 'List sending lists (deleted lists only when status=deleted)',
        tags,
        querystring: Type.Object({ status: Type.Optional(Type.Enum(LIST_STATUSES)) }),
        response: {
          200: Type.Object({ lists: Type.Array(SendingListView) }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      lists: await listLists(app.pg.pool, request.caller.accountId, request.query.status, reveal(request)),
    }),
  )

  app.get(
    '/lists/health',
    {
      schema: {
        operationId: 'getListHealth',
        summary: 'Delivery, failure and opt-out rates of every list over the last 30 days',
        description:
          'One row per list that is not deleted, zeros when it sent nothing. Rates as in the reports (spec §22): delivered / sends, (failed + undelivered) / sends, unsubscribes / sends. Contact counts are on the list itself.',
        tags,
        response: {
          200: Type.Object({
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
            lists: Type.Array(ListHealthView),
          }),
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const to = new Date()
      const from = new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS)
      const lists = await listHealth(app.pg.pool, app.clickhouse, request.caller.accountId, { from, to })
      return { from: from.toISOString(), to: to.toISOString(), lists }
    },
  )

  app.get(
    '/lists/:id',
    {
      schema: {
        operationId: 'getList',
        summary: 'Get a sending list',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 32 }) }),
        response: {
          200: Type.Object({ success: Type.Literal(true), list: SendingListView }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      list: await getList(app.pg.pool, request.caller.accountId, request.params.id, reveal(request)),
    }),
  )

  app.post(
    '/lists',
    {
      config: ownerOnly,
      schema: {
        operationId: 'createList',
        summary: 'Create a sending list (owner)',
        description:
          'Credentials are checked with the provider (one authenticated call that sends nothing) before anything is saved: 400 `invalid_provider_credentials` when it refuses them. They are stored encrypted and never returned. The reply carries the webhook URLs to paste at the provider; a BYOC list sends only once a verified webhook has arrived (`webhook_verified_at`).',
        tags,
        body: CreateListBody,
        response: {
          200: Type.Object({ success: Type.Literal(true), list: SendingListView }),
          400: ErrorReply,
          409: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      list: await createAccountList(app.pg.pool, request.caller, request.body, app.config),
    }),
  )

  app.patch(
    '/lists/:id',
    {
      config: ownerOnly,
      schema: {
        operationId: 'updateList',
        summary: 'Edit a sending list (owner)',
        description:
          'Only the fields given change; null clears a domain. New credentials are checked with the provider before saving; a new provider needs its credentials and waits again for a verified webhook.',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 32 }) }),
        body: UpdateListBody,
        response: {
          200: Type.Object({ success: Type.Literal(true), list: SendingListView }),
          400: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      list: await updateAccountList(app.pg.pool, request.caller, request.params.id, request.body, app.config),
    }),
  )
}
