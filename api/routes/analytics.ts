// Read-only SQL over the caller's raw events (docs/analytics.md): for data teams.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { SQL_DEFAULT_LIMIT, SQL_MAX_LIMIT, SQL_TABLES } from '../../analytics/sql-access.js'
import { runCallerSql, SqlBusy } from '../../services/sql-access.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const SqlBody = Type.Object({
  query: Type.String({
    minLength: 1,
    maxLength: 20_000,
    description: `One SELECT over ${SQL_TABLES.join(', ')} (each holds only your account's rows)`,
  }),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: SQL_MAX_LIMIT,
      default: SQL_DEFAULT_LIMIT,
      description: 'Rows returned',
    }),
  ),
})

const SqlReply = Type.Object({
  columns: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  rows: Type.Array(Type.Array(Type.Unknown()), { description: 'One array per row, in column order' }),
  row_count: Type.Integer(),
  truncated: Type.Boolean({ description: 'More rows matched than `limit`' }),
})

export async function analyticsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/analytics/sql',
    {
      config: { minRole: 'viewer' },
      schema: {
        operationId: 'runAnalyticsSql',
        summary: 'Run a read-only SQL query over your raw events',
        description:
          'Codes: `invalid_sql` (does not parse or fails), `sql_not_allowed` (not a single SELECT over the documented tables), `sql_timeout`, `sql_too_many_rows`, `sql_busy` (another query of the account is running; Retry-After).',
        tags: ['analytics'],
        body: SqlBody,
        response: { 200: SqlReply, 400: ErrorReply, 422: ErrorReply, 429: ErrorReply, ...AUTH_ERRORS },
      },
      onError: async (_request, reply, error) => {
        if (error instanceof SqlBusy) reply.header('retry-after', String(error.retryAfterSeconds))
      },
    },
    async (request) =>
      runCallerSql(
        { clickhouse: app.clickhouse, redis: app.redis, keyPrefix: app.config.kafkaTopicPrefix },
        request.caller.accountId,
        request.body.query,
        request.body.limit ?? SQL_DEFAULT_LIMIT,
      ),
  )
}
