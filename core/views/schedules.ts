// A schedule and its runs as the API answers them (spec §9): one TypeBox schema per shape, which the routes
// serialise and document and whose static type the services return.
import Type, { type Static } from 'typebox'
import { EXCLUSION_REASONS } from '../campaigns.js'
import { DAYS_OF_WEEK, SCHEDULE_STATUSES } from '../schedules.js'
import { Nullable } from './nullable.js'

export const ScheduleDaysOfWeek = Type.Object(
  Object.fromEntries(DAYS_OF_WEEK.map((day) => [day, Type.Boolean()])) as Record<
    (typeof DAYS_OF_WEEK)[number],
    ReturnType<typeof Type.Boolean>
  >,
)

const Counts = <K extends string>(keys: readonly K[]) =>
  Type.Object(
    Object.fromEntries(keys.map((k) => [k, Type.Integer()])) as Record<K, ReturnType<typeof Type.Integer>>,
  )

export const RunProgressView = Type.Object({
  id: Type.String(),
  occurrence: Type.String({
    description: 'The date the run sends for (YYYY-MM-DD; local date with use_local_time)',
  }),
  status: Type.Enum(['running', 'complete', 'failed']),
  targeted: Type.Integer({ description: 'Audience members (merged, de-duplicated) looked at so far' }),
  excluded: Counts(EXCLUSION_REASONS),
  queued: Type.Integer({ description: 'Messages created for the run' }),
  deferred: Type.Integer({ description: "Of those, held until the recipient's quiet hours end" }),
  variants: Type.Record(Type.String(), Type.Integer(), {
    description: 'Messages per blast variant, `ml` (chosen by the selector) and `control`',
  }),
  messages: Counts(['queued', 'sent', 'delivered', 'undelivered', 'failed', 'dropped'] as const),
  clicked: Type.Integer({ description: 'Messages with a human click' }),
  revenue: Type.Number({ description: "Revenue attributed to the run's messages" }),
  zones_done: Type.Integer({ description: 'Timezones expanded (1 of 1 when not in local time)' }),
  zones_total: Type.Integer(),
  error: Type.Union([Type.Null(), Type.String()]),
  started_at: Type.String({ format: 'date-time' }),
  finished_at: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]),
})

export type RunProgressView = Static<typeof RunProgressView>

const Interval = Type.Object(
  { mean: Type.Number(), low: Type.Number(), high: Type.Number() },
  { description: 'Posterior mean and 95% credible interval' },
)

export const RunVariantView = Type.Object({
  variant: Type.String({ description: 'Blast variant name, `ml` (chosen by the selector) or `control`' }),
  creative_id: Nullable(Type.Integer()),
  creative_name: Nullable(Type.String()),
  messages: Type.Integer(),
  sent: Type.Integer(),
  delivered: Type.Integer(),
  clicked: Type.Integer({ description: 'Messages with a first human click' }),
  conversions: Type.Integer({ description: 'Refunds and chargebacks excluded' }),
  revenue: Type.Number({ description: 'Net revenue attributed to the messages' }),
  ctr: Interval,
  cvr: Interval,
  rps: Type.Number({ description: 'revenue / sent' }),
  ml_posterior: Nullable(
    Type.Object(
      {
        sends: Type.Integer(),
        clicks: Type.Integer(),
        conversions: Type.Integer(),
        revenue: Type.Number(),
        ctr: Interval,
        cvr: Interval,
        rps: Type.Number({ description: "Posterior mean revenue per send at the offer's payout" }),
      },
      {
        description:
          "The selector's posterior of this automated creative over all its sends (GET /ml/creatives); null for blast content",
      },
    ),
  ),
})

export type RunVariantView = Static<typeof RunVariantView>

const BlastOfferLink = Type.Object({
  key: Type.String({ description: 'The placeholder it fills, e.g. `link1` for {{link1}}' }),
  offer_id: Type.String({ description: 'Offer id (24-hex) or slug' }),
  url_params: Type.Record(Type.String(), Type.String()),
})

export const BlastView = Type.Object({
  id: Type.Integer(),
  message: Type.String(),
  offer_links: Type.Array(BlastOfferLink),
  percent_audience: Type.Integer(),
  variant_name: Nullable(Type.String()),
  mms_image_url: Nullable(Type.String()),
})

export type BlastView = Static<typeof BlastView>

export const ScheduleView = Type.Object({
  id: Type.String({ description: '24-hex id' }),
  name: Type.String(),
  send_type: Type.String(),
  status: Type.String({ description: SCHEDULE_STATUSES.join(' | ') }),
  is_repeating: Type.Boolean(),
  send_time: Type.String({ description: 'HH:MM, 24-hour' }),
  send_date: Nullable(Type.String({ format: 'date' })),
  start_date: Nullable(Type.String({ format: 'date' })),
  end_date: Nullable(Type.String({ format: 'date' })),
  days_of_week: Nullable(ScheduleDaysOfWeek),
  skip_within_hours: Type.Integer(),
  use_local_time: Type.Boolean(),
  is_mms: Type.Boolean(),
  is_cto: Type.Boolean(),
  filter_bots: Type.Boolean(),
  ir_revenue: Type.Boolean(),
  automated_percent: Type.Integer(),
  audiences: Type.Array(Type.String()),
  source_lists: Type.Array(Type.Integer()),
  sending_list_id: Nullable(Type.Integer()),
  list_number: Nullable(Type.String({ description: 'E.164 number of the sending list' })),
  blasts: Type.Array(BlastView),
  next_run_at: Nullable(
    Type.String({
      format: 'date-time',
      description: 'When the next run starts (the first zone to reach send_time); null unless status is on',
    }),
  ),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})
export type ScheduleView = Static<typeof ScheduleView>

export const ScheduleEstimateVariantView = Type.Object({
  name: Type.String({ description: 'variant_name, else `variant_N` as the runner names it' }),
  percent: Type.Integer({ description: 'percent_audience: its share of the contacts not in the ML share' }),
  recipients: Type.Integer({
    description: 'Estimated recipients (whole contacts; the variants add up exactly)',
  }),
  character_count: Type.Integer({
    description:
      'As POST /creatives/estimate counts it: links 23 characters, account prefix and suffix included',
  }),
  segment_count: Type.Integer({ description: 'Segments of one message' }),
  encoding: Type.Enum(['GSM-7', 'UCS-2']),
  segments: Type.Integer({ description: 'recipients × segment_count' }),
})

export const ScheduleEstimateView = Type.Object({
  audience: Type.Integer({
    description:
      'Distinct contacts in the union of the named audiences, each over its source lists (all the account’s lists ' +
      'when it names none) narrowed to the schedule’s source_lists when given, counted as audience size counts: ' +
      'unsubscribed memberships and numbers blocked account-wide are not counted.',
  }),
  excluded: Type.Object(
    {
      invalid: Type.Integer({ description: 'Invalid or unreachable numbers' }),
      in_workflow: Type.Integer({ description: 'Contacts in a journey now' }),
      frequency_cap: Type.Integer({
        description: 'Contacts messaged within skip_within_hours, as of now (0 when the cap is off)',
      }),
    },
    {
      description:
        'Of the audience, who the run would leave out if it ran now, each contact under the first reason in ' +
        'this order. Decided again per contact when the campaign runs; lists not active then are not foreseen.',
    },
  ),
  recipients: Type.Integer({ description: 'audience minus excluded: the contacts the shares below divide' }),
  automated: Type.Object(
    {
      percent: Type.Integer({ description: 'automated_percent as the runner applies it' }),
      recipients: Type.Integer({ description: '0 when the account has no active automated creative' }),
      creatives: Type.Integer({ description: 'Active automated creatives the selector chooses from' }),
      segment_count: Type.Integer({
        description: 'Segments of the longest of them (an estimate never too low)',
      }),
      segments: Type.Integer({ description: 'recipients × segment_count' }),
    },
    { description: 'The automated (ML) share' },
  ),
  variants: Type.Array(ScheduleEstimateVariantView),
  segments: Type.Integer({ description: 'Segments of the whole send: variants and the automated share' }),
  cost_usd: Type.Number({
    description:
      'Cost of those segments at the price of spec §20 (segments already billed this cycle not counted)',
  }),
  calculated_at: Type.String({ format: 'date-time' }),
})
export type ScheduleEstimateView = Static<typeof ScheduleEstimateView>
