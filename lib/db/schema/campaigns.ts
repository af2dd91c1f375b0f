// Postgres schema: what a campaign is made of and how it runs: audiences, schedules and blasts, offers,
// creatives, run state, the ML selector's choices and counts, welcome journeys.
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { accountIdColumn } from './accounts.js'
import { createdAt, updatedAt } from './columns.js'
import { sendingLists } from './contacts.js'

export const audiences = pgTable(
  'audiences',
  {
    id: text('id').primaryKey(),
    accountId: accountIdColumn(),
    name: text('name').notNull(),
    description: text('description'),
    /** Sending list ids; empty means all of the account's lists. */
    sourceLists: integer('source_lists').array().notNull().default(sql`'{}'::integer[]`),
    /** The filter DSL as given (snake_case request form). */
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    cachedSize: integer('cached_size'),
    cachedSizeUpdatedAt: timestamp('cached_size_updated_at', { withTimezone: true }),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('audiences_account_idx').on(t.accountId)],
)

export const schedules = pgTable(
  'schedules',
  {
    id: text('id').primaryKey(),
    accountId: accountIdColumn(),
    name: text('name').notNull(),
    /** blast | automated */
    sendType: text('send_type').notNull(),
    /** draft | off | on | complete | archive */
    status: text('status').notNull().default('draft'),
    isRepeating: boolean('is_repeating').notNull(),
    sendTime: text('send_time').notNull(),
    sendDate: text('send_date'),
    startDate: text('start_date'),
    endDate: text('end_date'),
    daysOfWeek: jsonb('days_of_week').$type<Record<string, boolean>>(),
    skipWithinHours: integer('skip_within_hours').notNull().default(0),
    useLocalTime: boolean('use_local_time').notNull().default(false),
    isMms: boolean('is_mms').notNull().default(false),
    isCto: boolean('is_cto').notNull().default(false),
    filterBots: boolean('filter_bots').notNull().default(false),
    irRevenue: boolean('ir_revenue').notNull().default(false),
    automatedPercent: integer('automated_percent').notNull().default(0),
    sendingListId: integer('sending_list_id').references(() => sendingLists.id),
    sourceLists: integer('source_lists').array().notNull().default(sql`'{}'::integer[]`),
    audienceIds: text('audience_ids').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('schedules_account_idx').on(t.accountId)],
)

export const scheduleBlasts = pgTable(
  'schedule_blasts',
  {
    id: serial('id').primaryKey(),
    scheduleId: text('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    variantName: text('variant_name'),
    message: text('message').notNull(),
    offerLinks: jsonb('offer_links')
      .$type<Array<{ key: string; offer_id: string; url_params: Record<string, string> }>>()
      .notNull()
      .default([]),
    percentAudience: integer('percent_audience').notNull(),
    mmsImageUrl: text('mms_image_url'),
  },
  (t) => [index('schedule_blasts_schedule_idx').on(t.scheduleId)],
)

export const offers = pgTable(
  'offers',
  {
    id: text('id').primaryKey(),
    accountId: accountIdColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    trackingUrl: text('tracking_url').notNull(),
    /** tune | everflow | cake | null (manual) */
    externalPlatform: text('external_platform'),
    externalId: text('external_id'),
    advertiserId: text('advertiser_id'),
    /** Query parameter the network expects our click id in; derived from the platform when null. */
    clickIdParam: text('click_id_param'),
    payout: numeric('payout', { precision: 14, scale: 4 }).notNull().default('0'),
    payoutType: text('payout_type').notNull().default('cpa'),
    filterBots: boolean('filter_bots').notNull().default(false),
    /** Per-offer override of the account's bot-filter mode (no_filter | filter); null inherits (filter_bots=true means filter). */
    botFilterMode: text('bot_filter_mode'),
    clickWindowDays: integer('click_window_days').notNull().default(90),
    status: text('status').notNull().default('active'),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('offers_account_idx').on(t.accountId), uniqueIndex('offers_slug_idx').on(t.slug)],
)

export const creatives = pgTable(
  'creatives',
  {
    id: serial('id').primaryKey(),
    accountId: accountIdColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    message: text('message').notNull(),
    offerLinks: jsonb('offer_links')
      .$type<
        Array<{ key: string; offer_id: string; url: string | null; url_params: Record<string, string> }>
      >()
      .notNull()
      .default([]),
    status: text('status').notNull().default('active'),
    creativeType: text('creative_type').notNull().default('automated'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('creatives_account_idx').on(t.accountId)],
)

/**
 * One occurrence of a schedule (its date) being expanded into messages. Expansion goes in passes (a pass per set of
 * timezones whose local send time has come; one pass for all when the schedule is not in local time), each in
 * keyset pages of contact ids; the cursor is committed with each page's messages, so a run resumes where it died.
 */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    scheduleId: text('schedule_id').notNull(),
    /** YYYY-MM-DD: the date the run sends for (each contact's local date with use_local_time). */
    occurrence: text('occurrence').notNull(),
    /** running | complete | failed */
    status: text('status').notNull().default('running'),
    /** Timezones fully expanded (local time), or ['*'] once a non-local run is expanded. */
    doneZones: text('done_zones').array().notNull().default(sql`'{}'::text[]`),
    /** Timezones of the pass in progress, and the last contact id it committed. */
    passZones: text('pass_zones').array().notNull().default(sql`'{}'::text[]`),
    cursor: text('cursor'),
    targeted: integer('targeted').notNull().default(0),
    queued: integer('queued').notNull().default(0),
    /** Queued, but held until the recipient's quiet hours end. */
    deferred: integer('deferred').notNull().default(0),
    /** Excluded contacts by reason: unsubscribed, frequency_cap, invalid, in_workflow. */
    excluded: jsonb('excluded').$type<Record<string, number>>().notNull().default({}),
    /** Messages per variant (blast variant name, `ml`, `control`). */
    variants: jsonb('variants').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('schedule_runs_occurrence_idx').on(t.scheduleId, t.occurrence),
    index('schedule_runs_status_idx').on(t.status),
  ],
)

/** Why a message got its creative (spec §10 and beyond): the ML choice, its sampled score and the contact's context. */
export const creativeSelections = pgTable(
  'creative_selections',
  {
    messageId: text('message_id').primaryKey(),
    accountId: text('account_id').notNull(),
    creativeId: integer('creative_id').notNull(),
    offerId: text('offer_id'),
    /** thompson_single_step | thompson_two_step | control */
    mode: text('mode').notNull(),
    /** Context features of the contact at selection time, e.g. {carrier, line_type, tz_band, recency}. */
    context: jsonb('context').$type<Record<string, string>>().notNull().default({}),
    /** Sampled revenue per send of the chosen creative. */
    score: numeric('score', { precision: 18, scale: 8 }),
    /** Every candidate's sampled score (and its parts), for the explanation. */
    candidates: jsonb('candidates').$type<Array<Record<string, unknown>>>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index('creative_selections_account_idx').on(t.accountId, t.createdAt)],
)

/**
 * The bandit's counts per creative, globally (feature '' and value '') and per context feature value, kept by the
 * processors from the sends, clicks and revenue streams under the consumer watermark (exactly once per event).
 */
export const creativeStats = pgTable(
  'creative_stats',
  {
    accountId: text('account_id').notNull(),
    creativeId: integer('creative_id').notNull(),
    feature: text('feature').notNull(),
    value: text('value').notNull(),
    sends: bigint('sends', { mode: 'number' }).notNull().default(0),
    clicks: bigint('clicks', { mode: 'number' }).notNull().default(0),
    conversions: bigint('conversions', { mode: 'number' }).notNull().default(0),
    revenue: numeric('revenue', { precision: 16, scale: 4 }).notNull().default('0'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.creativeId, t.feature, t.value] })],
)

/** A welcome journey (spec §17): trigger group and steps as JSON documents, validated by core/journeys. */
export const journeys = pgTable(
  'journeys',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    /** draft | active | paused | archived */
    status: text('status').notNull().default('draft'),
    trigger: jsonb('trigger').$type<Record<string, unknown>>().notNull(),
    steps: jsonb('steps').$type<Array<Record<string, unknown>>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('journeys_account_idx').on(t.accountId)],
)

/** A contact's way through a journey: at most one per contact per journey. */
export const journeyEnrollments = pgTable(
  'journey_enrollments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    journeyId: text('journey_id').notNull(),
    contactId: text('contact_id').notNull(),
    listId: integer('list_id').notNull(),
    /** active | completed | exited | stopped */
    status: text('status').notNull().default('active'),
    /** Index of the step to run next. */
    stepIndex: integer('step_index').notNull().default(0),
    /** Incremented by every executed step: a job names the seq it was made for, so a stale or repeated job is a no-op. */
    stepSeq: integer('step_seq').notNull().default(0),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    endReason: text('end_reason'),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('journey_enrollments_journey_contact_idx').on(t.journeyId, t.contactId),
    index('journey_enrollments_contact_idx').on(t.contactId),
    index('journey_enrollments_due_idx').on(t.nextRunAt).where(sql`${t.status} = 'active'`),
  ],
)

/** What each executed journey step did (and which branch a condition took). */
export const journeyEvents = pgTable(
  'journey_events',
  {
    id: serial('id').primaryKey(),
    enrollmentId: text('enrollment_id').notNull(),
    stepSeq: integer('step_seq').notNull(),
    stepIndex: integer('step_index').notNull(),
    stepType: text('step_type').notNull(),
    outcome: text('outcome').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('journey_events_enrollment_seq_idx').on(t.enrollmentId, t.stepSeq)],
)
