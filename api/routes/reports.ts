// Reports (spec §22): one message, performance grouped by a dimension, LTV cohorts; JSON, CSV or Excel.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import Type, { type TSchema } from 'typebox'
import { LTV_CSV_COLUMNS, ltvReport } from '../../analytics/ltv-report.js'
import { type MessageReport as MessageReportRow, messageReport } from '../../analytics/message-report.js'
import {
  PERFORMANCE_CSV_COLUMNS,
  type PerformanceFilters,
  performanceReport,
  performanceTotals,
} from '../../analytics/performance-report.js'
import {
  LTV_GROUPS,
  MAX_HOURLY_RANGE_DAYS,
  MAX_RANGE_DAYS,
  PERFORMANCE_GROUPS,
  parseTimeRange,
  toCsv,
} from '../../analytics/reports.js'
import { ensureContactAttributes } from '../../analytics/rollups.js'
import { AppError } from '../../core/errors.js'
import { MESSAGE_ID_PATTERN } from '../../core/ids.js'
import { toXlsx, XLSX_CONTENT_TYPE } from '../../lib/xlsx.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([Type.Null(), schema])

const MessageReport = Type.Object({
  message_id: Type.String(),
  sends: Type.Integer(),
  segments: Type.Integer(),
  cost: Type.Number(),
  delivered: Type.Integer(),
  undelivered: Type.Integer(),
  failed: Type.Integer(),
  clicks: Type.Integer({ description: 'Unique first human clicks (the first click of the message)' }),
  total_clicks: Type.Integer({ description: 'Every hit of the short link, bots and previews included' }),
  human_clicks: Type.Integer(),
  confirmed_clicks: Type.Integer({ description: 'Continue pressed on the interstitial (filter mode)' }),
  bot_clicks: Type.Integer(),
  conversions: Type.Integer({ description: 'Credited conversions, refunds and chargebacks excluded' }),
  reversals: Type.Integer({ description: 'Credited refunds and chargebacks' }),
  revenue: Type.Number({ description: 'Credited revenue net of refunds and chargebacks' }),
  profit: Type.Number({ description: 'revenue − cost' }),
  click_rate: Type.Number(),
  conversion_rate: Type.Number(),
  epc: Type.Number(),
  rps: Type.Number(),
  delivery_rate: Type.Number(),
  failure_rate: Type.Number(),
  profit_per_send: Type.Number(),
})

const PerformanceRow = Type.Object({
  key: Nullable(Type.String({ description: 'Date, hour, id or value of the group; null: none' })),
  sends: Type.Integer(),
  segments: Type.Integer(),
  cost: Type.Number(),
  delivered: Type.Integer(),
  undelivered: Type.Integer(),
  failed: Type.Integer(),
  clicks: Type.Integer({ description: 'Unique first human clicks' }),
  total_clicks: Type.Integer(),
  human_clicks: Type.Integer(),
  confirmed_clicks: Type.Integer(),
  preview_clicks: Type.Integer(),
  bot_clicks: Type.Integer(),
  conversions: Type.Integer(),
  reversals: Type.Integer(),
  revenue: Type.Number(),
  profit: Type.Number(),
  opt_outs: Nullable(Type.Integer({ description: 'null for groupings unsubscribes have no value for' })),
  click_rate: Type.Number(),
  conversion_rate: Type.Number(),
  rps: Type.Number(),
  epc: Type.Number(),
  delivery_rate: Type.Number(),
  failure_rate: Type.Number(),
  opt_out_rate: Nullable(Type.Number()),
  profit_per_send: Type.Number(),
})

const LtvRow = Type.Object({
  key: Nullable(Type.String()),
  contacts: Type.Integer(),
  converters: Type.Integer(),
  revenue_7d: Type.Number(),
  revenue_14d: Type.Number(),
  revenue_30d: Type.Number(),
  revenue_60d: Type.Number(),
  revenue_lifetime: Type.Number(),
  ltv_7d: Type.Number(),
  ltv_14d: Type.Number(),
  ltv_30d: Type.Number(),
  ltv_60d: Type.Number(),
  ltv_lifetime: Type.Number(),
})

const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const

/** Columns of a message report's CSV and Excel export: every field of the JSON, in its order. */
const MESSAGE_COLUMNS = [
  'message_id',
  'sends',
  'segments',
  'cost',
  'delivered',
  'undelivered',
  'failed',
  'clicks',
  'total_clicks',
  'human_clicks',
  'confirmed_clicks',
  'bot_clicks',
  'conversions',
  'reversals',
  'revenue',
  'profit',
  'click_rate',
  'conversion_rate',
  'epc',
  'rps',
  'delivery_rate',
  'failure_rate',
  'profit_per_send',
] as const satisfies readonly (keyof MessageReportRow)[]

const range = {
  from: Type.Optional(
    Type.String({ description: 'ISO 8601, inclusive; no zone = UTC; default: `to` − 30 days' }),
  ),
  to: Type.Optional(Type.String({ description: 'ISO 8601, exclusive; default: now' })),
  format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'json' })),
  field: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Custom field name' })),
}

const errors = { 400: ErrorReply, ...AUTH_ERRORS }

/** The performance report's filters: each narrows it to the events of one offer, creative, … (all must match). */
const performanceFilters = {
  offer_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Only events of this offer' }),
  ),
  creative_id: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 4_294_967_295, description: 'Only messages of this creative' }),
  ),
  schedule_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Only messages of this schedule (campaign)' }),
  ),
  variant: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Only this blast variant' }),
  ),
  list_id: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 4_294_967_295, description: 'Only this sending list (its id)' }),
  ),
  carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only this carrier' })),
}

function filtersOf(q: {
  offer_id?: string
  creative_id?: number
  schedule_id?: string
  variant?: string
  list_id?: number
  carrier?: string
}): PerformanceFilters {
  return Object.fromEntries(
    Object.entries({
      offer: q.offer_id,
      creative: q.creative_id,
      schedule: q.schedule_id,
      variant: q.variant,
      list: q.list_id,
      carrier: q.carrier,
    }).filter(([, v]) => v !== undefined),
  )
}

/** A report's 200: JSON by default, CSV text with `format=csv`, an Excel workbook with `format=xlsx`. */
const jsonOrCsv = <T extends TSchema>(schema: T) => ({
  description: 'The report; `format=csv` answers it as CSV, `format=xlsx` as an Excel workbook',
  content: {
    'application/json': { schema },
    'text/csv': { schema: Type.String({ description: 'Header row first' }) },
    [XLSX_CONTENT_TYPE]: {
      schema: Type.String({ format: 'binary', description: 'One sheet: the CSV’s header row and rows' }),
    },
  },
})

function sendCsv(reply: FastifyReply, name: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(csv)
}

/** The report as CSV or as a workbook (the same columns), or null for JSON. */
async function sendExport<T extends object>(
  reply: FastifyReply,
  format: (typeof EXPORT_FORMATS)[number] | undefined,
  name: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
): Promise<FastifyReply | null> {
  if (format === 'csv') return sendCsv(reply, name, toCsv(columns, rows))
  if (format !== 'xlsx') return null
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(await toXlsx(name, columns, rows))
}

/** The reply of a grouped report: its grouping, the range it covers, one row per group. */
const groupedReply = <T extends TSchema>(row: T) =>
  Type.Object({
    group_by: Type.String(),
    field: Nullable(Type.String()),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    rows: Type.Array(row),
  })

function requireFieldForCustomField(groupBy: string, field: string | undefined): void {
  if (groupBy === 'custom_field' && !field) {
    throw new AppError('invalid_group_by', 'group_by=custom_field needs `field`, the custom field name')
  }
}

export async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/reports/messages/:id',
    {
      schema: {
        operationId: 'getMessageReport',
        summary: 'Sends, deliveries, clicks and revenue of one message',
        tags: ['reports'],
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ format: range.format }),
        response: { 200: jsonOrCsv(MessageReport), 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      // An imported send answers to its record's id (import_id); its events carry the stored id.
      const owned = MESSAGE_ID_PATTERN.test(id)
        ? (
            await app.pg.pool.query<{ id: string }>(
              'SELECT id FROM messages WHERE account_id = $2 AND (id = $1 OR import_id = $1)',
              [id, request.caller.accountId],
            )
          ).rows[0]
        : undefined
      if (!owned) throw new AppError('not_found', 'Message not found')
      const report = {
        ...(await messageReport(app.clickhouse, request.caller.accountId, owned.id)),
        message_id: id,
      }
      return (
        (await sendExport(reply, request.query.format, `message-${id}`, MESSAGE_COLUMNS, [report])) ?? report
      )
    },
  )

  app.get(
    '/reports/performance',
    {
      schema: {
        operationId: 'getPerformanceReport',
        summary:
          'Performance grouped by date, hour, offer, creative, schedule, variant, list, carrier or custom field',
        description:
          'Events count at their own time (UTC). CSV (`format=csv`) leaves out bot and filtered clicks (spec §12).',
        tags: ['reports'],
        querystring: Type.Object({
          group_by: Type.Optional(Type.Enum(PERFORMANCE_GROUPS, { default: 'date' })),
          ...range,
          ...performanceFilters,
        }),
        response: {
          200: jsonOrCsv(
            Type.Object({
              ...groupedReply(PerformanceRow).properties,
              totals: Type.Omit(PerformanceRow, ['key'], {
                description:
                  'The whole selection (range and filters). Not the sum of the rows when grouped by offer: a send with two offers is in two rows and counts once here',
              }),
            }),
          ),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { field, format } = request.query
      const groupBy = request.query.group_by ?? 'date'
      requireFieldForCustomField(groupBy, field)
      const maxDays = groupBy === 'hour' ? MAX_HOURLY_RANGE_DAYS : MAX_RANGE_DAYS
      const { from, to } = parseTimeRange(request.query.from, request.query.to, { maxDays })
      const accountId = request.caller.accountId
      if (groupBy === 'custom_field') await ensureContactAttributes(app.pg.pool, app.clickhouse, accountId)
      const options = { groupBy, from, to, filters: filtersOf(request.query), ...(field ? { field } : {}) }
      const rows = await performanceReport(app.clickhouse, accountId, options)
      const exported = await sendExport(
        reply,
        format,
        `performance-${groupBy}`,
        PERFORMANCE_CSV_COLUMNS,
        rows,
      )
      if (exported) return exported
      return {
        group_by: groupBy,
        field: groupBy === 'custom_field' ? (field ?? null) : null,
        from: from.toISOString(),
        to: to.toISOString(),
        rows,
        totals: await performanceTotals(app.clickhouse, accountId, options),
      }
    },
  )

  app.get(
    '/reports/ltv',
    {
      schema: {
        operationId: 'getLtvReport',
        summary: 'LTV cohorts of list contacts by signup date, list, carrier or custom field',
        description:
          'Contacts who signed up in [from, to) and the revenue credited to them on that list within 7, 14, 30 and 60 days of signup and since signup.',
        tags: ['reports'],
        querystring: Type.Object({
          group_by: Type.Optional(Type.Enum(LTV_GROUPS, { default: 'signup_date' })),
          ...range,
        }),
        response: {
          200: jsonOrCsv(groupedReply(LtvRow)),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { field, format } = request.query
      const groupBy = request.query.group_by ?? 'signup_date'
      requireFieldForCustomField(groupBy, field)
      const { from, to } = parseTimeRange(request.query.from, request.query.to)
      const accountId = request.caller.accountId
      await ensureContactAttributes(app.pg.pool, app.clickhouse, accountId)
      const rows = await ltvReport(app.clickhouse, accountId, {
        groupBy,
        from,
        to,
        ...(field ? { field } : {}),
      })
      const exported = await sendExport(reply, format, `ltv-${groupBy}`, LTV_CSV_COLUMNS, rows)
      if (exported) return exported
      return {
        group_by: groupBy,
        field: groupBy === 'custom_field' ? (field ?? null) : null,
        from: from.toISOString(),
        to: to.toISOString(),
        rows,
      }
    },
  )
}
