// Customer webhooks (spec §15): endpoints that receive signed JSON POSTs of delivery, unsubscribe and reply
// events. Members manage them, viewers read them; the signing secret is shown only when created or rotated.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { Nullable } from '../../core/views/nullable.js'
import { DeliveryView, WEBHOOK_EVENT_TYPES, WebhookView } from '../../core/views/webhooks.js'
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
} from '../../services/webhooks.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

const EVENTS_TEXT = `One or more of ${WEBHOOK_EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}`
const URL_TEXT =
  'https URL of a public host; private, loopback, link-local and metadata addresses are refused (`webhook_url_not_allowed`)'

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) })
const WebhookReply = Type.Object({ success: Type.Literal(true), webhook: WebhookView })
const SecretReply = Type.Object({
  success: Type.Literal(true),
  webhook: WebhookView,
  secret: Type.String({
    description: '`whsec_` + 32 alphanumerics, shown once; signs `X-Trackly-Signature`',
  }),
})
const member = { minRole: 'member' as const }

export async function webhookRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['webhooks']

  app.get(
    '/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        summary: 'List webhook endpoints',
        tags,
        querystring: PaginationQuery(100),
        response: {
          200: Type.Object({ webhooks: Type.Array(WebhookView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { webhooks, total } = await listWebhooks(app.pg.pool, request.caller.accountId, { limit, offset })
      return { webhooks, pagination: paginate(request.query, total).pagination }
    },
  )

  app.post(
    '/webhooks',
    {
      config: member,
      schema: {
        operationId: 'createWebhook',
        summary: 'Create a webhook endpoint',
        description:
          'The URL is checked now (syntax, host, DNS) and again before every delivery. The signing secret is in this reply only.',
        tags,
        body: Type.Object({
          url: Type.String({ description: URL_TEXT }),
          events: Type.Array(Type.String(), { description: EVENTS_TEXT }),
          description: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 201: SecretReply, 400: ErrorReply, 409: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const created = await createWebhook(app.pg.pool, request.caller, request.body, app.config)
      return reply.code(201).send({ success: true as const, ...created })
    },
  )

  app.get(
    '/webhooks/:id',
    {
      schema: {
        operationId: 'getWebhook',
        summary: 'Get a webhook endpoint',
        tags,
        params: Params,
        response: { 200: WebhookReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      webhook: await getWebhook(app.pg.pool, request.caller.accountId, request.params.id),
    }),
  )

  app.patch(
    '/webhooks/:id',
    {
      config: member,
      schema: {
        operationId: 'updateWebhook',
        summary: 'Update a webhook endpoint (partial)',
        description:
          'Pausing stops its pending deliveries (they fail with `endpoint_paused`); resuming clears the failure count.',
        tags,
        params: Params,
        body: Type.Object({
          url: Type.Optional(Type.String({ description: URL_TEXT })),
          events: Type.Optional(Type.Array(Type.String(), { description: EVENTS_TEXT })),
          description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          status: Type.Optional(Type.Enum(['active', 'paused'])),
        }),
        response: { 200: WebhookReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      webhook: await updateWebhook(app.pg.pool, request.caller, request.params.id, request.body, app.config),
    }),
  )

  app.delete(
    '/webhooks/:id',
    {
      config: member,
      schema: {
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook endpoint and its delivery history',
        tags,
        params: Params,
        response: {
          200: Type.Object({ success: Type.Literal(true), deleted: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await deleteWebhook(app.pg.pool, request.caller, request.params.id)
      return { success: true as const, deleted: true as const }
    },
  )

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: member,
      schema: {
        operationId: 'rotateWebhookSecret',
        summary: 'Replace the signing secret',
        description: 'Takes effect at once: deliveries from now on are signed with the new secret only.',
        tags,
        params: Params,
        response: { 200: SecretReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      ...(await rotateWebhookSecret(app.pg.pool, request.caller, request.params.id, app.config)),
    }),
  )

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'Recent deliveries of a webhook endpoint, newest first',
        tags,
        params: Params,
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(['pending', 'succeeded', 'failed'])),
          ...PaginationQuery(100).properties,
        }),
        response: {
          200: Type.Object({ deliveries: Type.Array(DeliveryView), pagination: Pagination }),
          400: ErrorReply,
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { limit, offset } = paginate(request.query, 0)
      const { deliveries, total } = await listDeliveries(
        app.pg.pool,
        request.caller.accountId,
        request.params.id,
        { status: request.query.status, limit, offset },
      )
      return { deliveries, pagination: paginate(request.query, total).pagination }
    },
  )

  app.post(
    '/webhooks/:id/test',
    {
      config: member,
      schema: {
        operationId: 'testWebhook',
        summary: 'Send a signed `test` event now',
        description:
          'One attempt, made during this request (up to 10 s), whatever the endpoint’s status; not retried and not counted toward auto-pause. The outcome is in `delivery`.',
        tags,
        params: Params,
        response: {
          200: Type.Object({ success: Type.Literal(true), delivery: DeliveryView }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      delivery: await sendTestEvent(app.pg.pool, request.caller.accountId, request.params.id, app.config),
    }),
  )
}
