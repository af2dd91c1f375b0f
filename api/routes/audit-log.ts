// The account's audit log (spec §18): who changed what, when — team, keys, settings. Owners only, newest first.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { AuditEntryView } from '../../core/views/audit-log.js'
import { listAuditLog } from '../../services/audit-log.js'
import { AUTH_ERRORS, ErrorReply, Pagination, PaginationQuery, paginate } from '../schemas.js'

export async function auditLogRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/audit-log',
    {
      config: { minRole: 'owner' as const },
      schema: {
        operationId: 'listAuditLog',
        summary: 'The account’s audit log, newest first (owner)',
        tags: ['account'],
        querystring: PaginationQuery(100),
        response: {
          200: Type.Object({ entries: Type.Array(AuditEntryView), pagination: Pagination }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const page = paginate(request.query, 0)
      const { entries, total } = await listAuditLog(app.pg.pool, request.caller.accountId, page)
      return { entries, pagination: paginate(request.query, total).pagination }
    },
  )
}
