// Schedules (spec §9): campaign definitions with blast variants; not paginated; DELETE archives.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.js'
import {
  BLAST_MESSAGE_MAX,
  NAME_MAX,
  SCHEDULE_STATUSES,
  SEND_TYPES,
  SETTABLE_STATUSES,
  scheduleIssues,
} from '../../core/schedules.js'
import { Nullable } from '../../core/views/nullable.js'
import {
  RunProgressView,
  RunVariantView,
  ScheduleDaysOfWeek,
  ScheduleEstimateView,
  ScheduleView,
} from '../../core/views/schedules.js'
import { runVariants } from '../../services/run-variants.js'
import { estimateSchedule } from '../../services/schedule-estimate.js'
import { scheduleProgress } from '../../services/schedule-progress.js'
import {
  archiveSchedule,
  createSchedule,
  getSchedule,
  listSchedules,
  updateSchedule,
} from '../../services/schedules.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const INT32_MAX = 2_147_483_647

/** Request fields, in the spec's order (the order of the error codes too). */
const fields = {
  name: Type.String({ maxLength: NAME_MAX }),
  send_type: Type.Enum(SEND_TYPES),
  is_repeating: Type.Boolean(),
  send_time: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, 24-hour' }),
  audiences: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: 100,
    description: 'Ids of active audiences; their contacts are merged and de-duplicated',
  }),
  status: Type.Enum(SETTABLE_STATUSES),
  send_date: Nullable(Type.String({ description: 'YYYY-MM-DD; required when not repeating' })),
  start_date: Nullable(Type.String({ description: 'YYYY-MM-DD; required when repeating' })),
  end_date: Nullable(Type.String({ description: 'YYYY-MM-DD; required when repeating' })),
  days_of_week: Nullable(
    Type.Partial(ScheduleDaysOfWeek, { description: 'Required when repeating, with at least one day true' }),
  ),
  skip_within_hours: Type.Integer({
    minimum: 0,
    maximum: 8760,
    description: 'Skip contacts sent to within this many hours; 0 turns the cap off',
  }),
  use_local_time: Type.Boolean({ description: "send_time is read in each recipient's timezone" }),
  is_mms: Type.Boolean(),
  is_cto: Type.Boolean(),
  filter_bots: Type.Boolean(),
  ir_revenue: Type.Boolean(),
  automated_percent: Type.Integer({ minimum: 0, maximum: 100 }),
  source_lists: Type.Array(Type.Integer({ minimum: 1, maximum: INT32_MAX }), { maxItems: 1000 }),
  sending_list_id: Nullable(
    Type.Integer({ minimum: 1, maximum: INT32_MAX, description: 'The list (number) it sends from' }),
  ),
  list_number: Nullable(
    Type.String({ pattern: '^\\+[1-9]\\d{6,14}$', description: 'Or the E.164 number of that list' }),
  ),
  // Item fields are all optional here: the domain rules name what is missing (missing_blast_message, …).
  blasts: Type.Array(
    Type.Partial(
      Type.Object({
        message: Type.String({ maxLength: BLAST_MESSAGE_MAX, description: 'Required' }),
        offer_links: Type.Array(
          Type.Partial(
            Type.Object({
              key: Type.String({ maxLength: 64, description: 'Required' }),
              offer_id: Type.String({ maxLength: 64, description: 'Required' }),
              url_params: Type.Record(Type.String(), Type.String()),
            }),
          ),
          { maxItems: 50 },
        ),
        // A number, so a bad one reads as invalid_blast_percent rather than a generic type error.
        percent_audience: Type.Number({
          description: 'Percentages of all blasts add up to exactly 100; a single blast defaults to 100',
        }),
        variant_name: Nullable(Type.String({ maxLength: 255 })),
        mms_image_url: Nullable(Type.String({ maxLength: 2048 })),
      }),
    ),
    { maxItems: 100, description: 'Required for send_type blast; replaced as a whole on update' },
  ),
}

const REQUIRED = ['name', 'send_type', 'is_repeating', 'send_time', 'audiences'] as const
type Field = keyof typeof fields

const optional = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
  [K in Field]: ReturnType<typeof Type.Optional<(typeof fields)[K]>>
}

const CreateScheduleBody = Type.Object({
  ...optional,
  ...Object.fromEntries(REQUIRED.map((k) => [k, fields[k]])),
} as typeof optional & {
  [K in (typeof REQUIRED)[number]]: (typeof fields)[K]
})
const UpdateScheduleBody = Type.Object(optional)

const ScheduleParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const ScheduleReply = Type.Object({ success: Type.Literal(true), schedule: ScheduleView })

/**
 * The spec's error precedence (missing_name before invalid_send_type before missing_is_repeating …) is not the
 * order a JSON-schema validator reports in, so the create body is checked by the domain rules first.
 */
async function specOrderFirst(request: FastifyRequest): Promise<void> {
  const body = request.body
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return
  const issue = scheduleIssues(body as Record<string, unknown>)[0]
  if (issue) throw new AppError(issue.code, issue.message)
}

export async function scheduleRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['schedules']

  app.post(
    '/schedules',
    {
      preValidation: specOrderFirst,
      schema: {
        operationId: 'createSchedule',
        summary: 'Create a schedule',
        tags,
        body: CreateScheduleBody,
        response: { 201: ScheduleReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => {
      const schedule = await createSchedule(app.pg.pool, request.caller.accountId, request.body)
      return reply.code(201).send({ success: true as const, schedule })
    },
  )

  app.post(
    '/schedules/estimate',
    {
      // Stores nothing, so a viewer may see the review's figures too.
      config: { minRole: 'viewer' as const },
      preValidation: specOrderFirst,
      schema: {
        operationId: 'estimateSchedule',
        summary: "Review a schedule body before creating it: audience, each variant's segments, and the cost",
        description:
          'The body of POST /schedules, checked by the same rules (same error codes); nothing is stored. ' +
          'Characters and segments are counted as POST /creatives/estimate counts them (links 23 characters, the ' +
          'account prefix and suffix included); the cost is that of the segments at the price of spec §20.',
        tags,
        body: CreateScheduleBody,
        response: { 200: ScheduleEstimateView, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => estimateSchedule(app.pg.pool, request.caller.accountId, request.body),
  )

  app.get(
    '/schedules',
    {
      schema: {
        operationId: 'listSchedules',
        summary: 'List schedules (archived ones only when status is given; not paginated)',
        tags,
        querystring: Type.Object({ status: Type.Optional(Type.Enum(SCHEDULE_STATUSES)) }),
        response: {
          200: Type.Object({ schedules: Type.Array(ScheduleView) }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      schedules: await listSchedules(app.pg.pool, request.caller.accountId, request.query.status),
    }),
  )

  app.get(
    '/schedules/:id',
    {
      schema: {
        operationId: 'getSchedule',
        summary: 'Get a schedule',
        tags,
        params: ScheduleParams,
        response: { 200: ScheduleReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      schedule: await getSchedule(app.pg.pool, request.caller.accountId, request.params.id),
    }),
  )

  app.get(
    '/schedules/:id/runs',
    {
      schema: {
        operationId: 'listScheduleRuns',
        summary: 'Campaign progress: each run (occurrence) of the schedule, live while it sends',
        tags,
        params: ScheduleParams,
        response: {
          200: Type.Object({ schedule_id: Type.String(), runs: Type.Array(RunProgressView) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      // 404 for an id of another account, as for GET.
      await getSchedule(app.pg.pool, request.caller.accountId, request.params.id)
      return {
        schedule_id: request.params.id,
        runs: await scheduleProgress(app.pg.pool, request.caller.accountId, request.params.id),
      }
    },
  )

  app.get(
    '/schedules/:id/runs/:runId',
    {
      schema: {
        operationId: 'getScheduleRun',
        summary: 'One run of a campaign: live progress, and its variants side by side with the ML posteriors',
        description:
          'Per blast variant, and per creative of the ML and control shares: the run’s counts with 95% credible ' +
          'intervals of click and conversion rates; automated creatives also carry the selector’s posterior.',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }), runId: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({
            schedule_id: Type.String(),
            run: RunProgressView,
            variants: Type.Array(RunVariantView),
          }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      const { accountId } = request.caller
      const { id, runId } = request.params
      await getSchedule(app.pg.pool, accountId, id)
      const [run] = await scheduleProgress(app.pg.pool, accountId, id, runId)
      if (!run) throw new AppError('not_found', 'Run not found')
      return { schedule_id: id, run, variants: await runVariants(app.pg.pool, accountId, id, runId) }
    },
  )

  app.put(
    '/schedules/:id',
    {
      schema: {
        operationId: 'updateSchedule',
        summary:
          'Update a schedule (partial; validated as a whole; PUT status draft|off restores an archived one)',
        tags,
        params: ScheduleParams,
        body: UpdateScheduleBody,
        response: { 200: ScheduleReply, 400: ErrorReply, 404: ErrorReply, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      success: true as const,
      schedule: await updateSchedule(app.pg.pool, request.caller.accountId, request.params.id, request.body),
    }),
  )

  app.delete(
    '/schedules/:id',
    {
      schema: {
        operationId: 'deleteSchedule',
        summary: 'Archive a schedule',
        tags,
        params: ScheduleParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), archived: Type.Literal(true) }),
          404: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => {
      await archiveSchedule(app.pg.pool, request.caller.accountId, request.params.id)
      return { success: true as const, archived: true as const }
    },
  )
}
