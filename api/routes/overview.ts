// The dashboard's overview (issue 14): tiles for a range beside the range before it, and sends, clicks and
// revenue per minute. The page refetches both when the live stream says something happened.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { MAX_SERIES_MINUTES } from '../../analytics/overview.js'
import { getOverview, getTimeseries } from '../../services/overview.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const Rate = (description: string) => Type.Number({ description: `${description} (0–1)` })

export const Tiles = Type.Object(
  {
    sends: Type.Integer(),
    delivered: Type.Integer(),
    delivery_rate: Rate('delivered / sends'),
    clicks_unique: Type.Integer({ description: 'First human clicks of each message (the spec’s Clicks)' }),
    clicks_total: Type.Integer({
      description: 'Every hit of a short link, bots and interstitial views included',
    }),
    clicks_bot: Type.Integer(),
    click_rate: Rate('clicks_unique / sends'),
    conversions: Type.Integer({ description: 'Credited conversions, refunds and chargebacks excluded' }),
    revenue: Type.Number({ description: 'Credited revenue net of refunds and chargebacks' }),
    epc: Type.Number({ description: 'revenue / clicks_unique' }),
    rps: Type.Number({ description: 'revenue / sends' }),
    cost: Type.Number({ description: 'Segment cost of the sends' }),
    profit: Type.Number({ description: 'revenue − cost' }),
    opt_outs: Type.Integer({ description: 'Unsubscribes' }),
    opt_out_rate: Rate('opt_outs / sends'),
  },
  { description: 'Overview numbers of a range, with the performance report’s definitions (spec §22)' },
)

const Range = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time', description: 'Exclusive' }),
})

export async function overviewRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['reports']

  app.get(
    '/reports/overview',
    {
      schema: {
        operationId: 'getOverview',
        summary: 'Overview tiles for a range, beside the equal-length range just before it',
        description:
          'Without `from` and `to`: today in the account’s timezone (beside yesterday). Events count at their own time.',
        tags,
        querystring: Type.Object({
          from: Type.Optional(
            Type.String({ maxLength: 64, description: 'ISO 8601, inclusive; no zone = UTC' }),
          ),
          to: Type.Optional(
            Type.String({ maxLength: 64, description: 'ISO 8601, exclusive; default: now (with `from`)' }),
          ),
        }),
        response: {
          200: Type.Object({
            timezone: Type.String({
              description: 'The account’s timezone (IANA), which “today” is reckoned in',
            }),
            range: Range,
            previous_range: Range,
            current: Tiles,
            previous: Tiles,
          }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => getOverview(app.pg.pool, app.clickhouse, request.caller.accountId, request.query),
  )

  app.get(
    '/reports/timeseries',
    {
      schema: {
        operationId: 'getTimeseries',
        summary: 'Sends, first human clicks and revenue per minute, up to now',
        description: 'One bucket per minute, oldest first, the last one being the current (partial) minute.',
        tags,
        querystring: Type.Object({
          minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SERIES_MINUTES, default: 180 })),
        }),
        response: {
          200: Type.Object({
            buckets: Type.Array(
              Type.Object({
                minute: Type.String({ format: 'date-time', description: 'Start of the minute (UTC)' }),
                sends: Type.Integer(),
                clicks: Type.Integer({ description: 'First human clicks' }),
                revenue: Type.Number({ description: 'Credited revenue' }),
              }),
            ),
          }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      buckets: await getTimeseries(app.clickhouse, request.caller.accountId, request.query.minutes ?? 180),
    }),
  )
}
