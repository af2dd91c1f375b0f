// History import (spec §14): POST /history/sends, /clicks, /revenue bring past traffic in through the live
// pipeline; DELETE /history/clear removes it again.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import { HISTORY_ERRORS_MAX, parseClearRequest } from '../../core/history.js'
import { clearHistory } from '../../services/history-clear.js'
import {
  type HistoryContext,
  importClicks,
  importRevenue,
  importSends,
} from '../../services/history-import.js'
import { AUTH_ERRORS, BULK_MAX, ErrorReply } from '../schemas.js'

const RecordError = Type.Object({
  index: Type.Integer(),
  id: Type.Union([Type.String(), Type.Null()], {
    description: 'The record id (message_id for clicks, revenue)',
  }),
  code: Type.String(),
  error: Type.String(),
})

const counts = {
  success_count: Type.Integer(),
  error_count: Type.Integer(),
  duplicates_skipped: Type.Integer({ description: 'Records already imported (same id), skipped' }),
  errors: Type.Array(RecordError, { description: `At most ${HISTORY_ERRORS_MAX}; error_count counts all` }),
}

const PhoneReply = Type.Object({
  ...counts,
  invalid_phones: Type.Integer({ description: 'Records refused for an invalid phone number' }),
})

const RevenueReply = Type.Object({
  ...counts,
  total_revenue: Type.Number({ description: 'Sum of the imported amounts' }),
})

const Records = (fields: string) =>
  Type.Object({
    records: Type.Array(Type.Unknown(), { description: `Up to ${BULK_MAX} records: ${fields}` }),
  })

const Cleared = Type.Object({
  success: Type.Literal(true),
  cleared: Type.Object({ sends: Type.Integer(), clicks: Type.Integer(), revenue: Type.Integer() }),
})

const REPLIES = { 400: ErrorReply, 413: ErrorReply, ...AUTH_ERRORS }

export async function historyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const context = (request: FastifyRequest): HistoryContext => ({
    pool: app.pg.pool,
    clickhouse: app.clickhouse,
    producer: app.kafka.producer,
    topicPrefix: app.config.kafkaTopicPrefix,
    accountId: request.caller.accountId,
    log: request.log,
  })
  const checked = (records: unknown[]): unknown[] => {
    if (records.length === 0) throw new AppError('missing_records', 'records must hold at least one record')
    if (records.length > BULK_MAX)
      throw new AppError('too_many_records', `at most ${BULK_MAX} records per request`)
    return records
  }
  const tags = ['history']

  app.post(
    '/history/sends',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'importHistorySends',
        summary: 'Import past sends',
        description:
          'Each send becomes an imported message (its id is the message id) and a send event, reported like live sends. Ids already imported are skipped.',
        tags,
        body: Records(
          'id* (8-character message id), list_number or list_id, to_number* (E.164), message, send_type, delivered, length, timestamp* (ISO 8601)',
        ),
        response: { 200: PhoneReply, ...REPLIES },
      },
    },
    async (request) => importSends(context(request), checked(request.body.records)),
  )

  app.post(
    '/history/clicks',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'importHistoryClicks',
        summary: 'Import past clicks (one per message)',
        description:
          'The message must be yours (imported or live) and phone_number its recipient. A message that already has its first click keeps it: the record is a duplicate.',
        tags,
        body: Records(
          'message_id*, offer_id* (internal or external), phone_number* (E.164), send_timestamp, timestamp*',
        ),
        response: { 200: PhoneReply, ...REPLIES },
      },
    },
    async (request) => importClicks(context(request), checked(request.body.records)),
  )

  app.post(
    '/history/revenue',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'importHistoryRevenue',
        summary: 'Import past revenue',
        description:
          'Credited like live conversions. A record posted again (same fields) is a duplicate. Without a timestamp the import time is used.',
        tags,
        body: Records(
          'message_id*, offer_id* (internal or external), revenue* (≥ 0), payout, attribution_type (e.g. migration), timestamp',
        ),
        response: { 200: RevenueReply, ...REPLIES },
      },
    },
    async (request) => importRevenue(context(request), checked(request.body.records)),
  )

  app.delete(
    '/history/clear',
    {
      // A DELETE without a body is a request that names no entities (missing_entities), not a malformed one.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        operationId: 'clearHistory',
        summary: 'Permanently delete imported history',
        description:
          'sends: imported sends only; clicks: the clicks of imported sends (and imported clicks); revenue: ALL of the account’s revenue, live included. before_date limits it to earlier events.',
        tags,
        body: Type.Object({
          entities: Type.Optional(Type.Unknown({ description: 'Any of sends, clicks, revenue' })),
          before_date: Type.Optional(Type.Unknown({ description: 'ISO 8601; only events before it' })),
          confirm: Type.Optional(Type.Unknown({ description: 'Must be true' })),
        }),
        response: { 200: Cleared, 400: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const parsed = parseClearRequest(request.body)
      if (!parsed.ok) throw new AppError(parsed.code, parsed.error)
      return { success: true as const, cleared: await clearHistory(context(request), parsed.value) }
    },
  )
}
