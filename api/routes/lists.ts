// Sending lists (spec §6, §21): everyone reads them; owners create and edit them and send a test text through
// them (issue 16; the BYOC check). Not paginated.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import Type from 'typebox'
import { DEFAULT_RANGE_DAYS } from '../../analytics/reports.js'
import { retryAfterSeconds } from '../../core/throttle.js'
import {
  CreateListBody,
  LIST_STATUSES,
  ListHealthView,
  SendingListView,
  TestSendBody,
  TestSendView,
  UpdateListBody,
} from '../../core/views/lists.js'
import { Throttled } from '../../lib/throttle.js'
import { createSimulator } from '../../providers/simulator.js'
import { createAccountList, listHealth, revealFor, updateAccountList } from '../../services/list-admin.js'
import { realAdapter, sendListTest } from '../../services/list-test-send.js'
import { getList, listLists } from '../../services/lists.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const ownerOnly = { minRole: 'owner' as const }
const DAY_MS = 86_400_000
/** Test sends per list and minute: enough to retry a typo, too few to use a list's provider from here. */
export const TEST_SENDS_PER_MINUTE = 5

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

  // The simulator posts its receipt from a timer of this process, like a real provider's callback.
  const simulator = createSimulator({ receiptDelayMs: app.config.simulatorReceiptDelayMs })
  app.addHook('onClose', async () => simulator.close())
  const testSends = new RateLimiterRedis({
    storeClient: app.redis,
    keyPrefix: `${app.config.kafkaTopicPrefix}trk:throttle:list_test_send`,
    points: TEST_SENDS_PER_MINUTE,
    duration: 60,
  })

  app.post(
    '/lists/:id/test-send',
    {
      config: ownerOnly,
      schema: {
        operationId: 'sendListTest',
        summary: 'Send a test text through the list’s own provider (owner)',
        description: `The BYOC check’s second step (credentials test → send test → webhook reply): one fixed test text goes to \`to\` from the list’s number through its provider with its credentials, and the provider’s delivery report to the list’s status webhook URL is the third step (\`webhook_verified_at\`). The credentials are tried first: 400 \`invalid_provider_credentials\` when the provider refuses them; 422 \`test_send_failed\` with the provider’s code and words when it does not take the message. On success the list’s \`test_sent_at\` is set and the reply carries the provider’s message id. At most ${TEST_SENDS_PER_MINUTE} test sends per list and minute (429 \`rate_limited\`).`,
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 32 }) }),
        body: TestSendBody,
        response: {
          200: TestSendView,
          400: ErrorReply,
          404: ErrorReply,
          422: ErrorReply,
          429: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      try {
        await testSends.consume(`${request.caller.accountId}:${request.params.id}`)
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new Throttled(retryAfterSeconds(err.msBeforeNext))
        throw err
      }
      return sendListTest(app.pg.pool, request.caller, request.params.id, request.body.to, {
        secretKey: app.config.secretKey,
        webhookBaseUrl: app.config.publicWebhookBaseUrl,
        timeoutMs: app.config.providerTimeoutMs,
        adapter: (name) => (name === 'simulator' ? simulator : realAdapter(name)),
      })
    },
  )
}
