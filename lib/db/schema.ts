// Postgres schema (drizzle). `npm run db:generate` turns changes into versioned SQL under sql/postgres/.

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

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ownerEmail: text('owner_email').notNull(),
  /** active | suspended | deleted — checked on every request. */
  status: text('status').notNull().default('active'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /** Bot-filter mode of the account's links (spec §12): no_filter | filter; an offer may override it. */
  botFilterMode: text('bot_filter_mode').notNull().default('no_filter'),
  /** Shared secret postbacks carry (`postback_secret`), encrypted at rest (core/crypto); set at creation. */
  postbackSecretEnc: text('postback_secret_enc'),
  /** The owner's explicit choice to accept postbacks that carry no secret (a wrong one is refused regardless). */
  postbackAllowUnsigned: boolean('postback_allow_unsigned').notNull().default(false),
  /** Addresses or CIDR ranges postbacks must come from; empty: any address. */
  postbackIpAllowlist: text('postback_ip_allowlist').array().notNull().default(sql`'{}'::text[]`),
  /** Owner's choice: every signed-in user of the account must have two-factor on (API keys are not affected). */
  requireTwoFactor: boolean('require_two_factor').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash'),
  status: text('status').notNull().default('active'),
  /** Display name in the dashboard; null: the email's local part is shown. */
  name: text('name'),
  /** TOTP secret once two-factor is on, encrypted at rest (core/crypto). */
  totpSecretEnc: text('totp_secret_enc'),
  /** Secret of an enrolment not confirmed yet (two-factor/setup → enable). */
  totpPendingEnc: text('totp_pending_enc'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** Time step of the last accepted code: a code is accepted once (replay). */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  createdAt: createdAt(),
})

/** One-time recovery codes of a user's two-factor login: SHA-256 only, each used once. */
export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
)

/** Addresses (hashed) a user has signed in from; a sign-in from a new one is emailed to the user. */
export const userSignInAddresses = pgTable(
  'user_sign_in_addresses',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    addressHash: text('address_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.addressHash] })],
)

export const accountAccess = pgTable(
  'account_access',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** owner | member | viewer */
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] })],
)

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    /** sha256 of the key; the key itself is shown once and never stored. */
    keyHash: text('key_hash').notNull(),
    displayPrefix: text('display_prefix').notNull(),
    /** owner | member | viewer: what the key may do (spec §18 permissions); the creator's role at creation. */
    role: text('role').notNull().default('owner'),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_key_hash_idx').on(t.keyHash), index('api_keys_account_idx').on(t.accountId)],
)

export const sendingLists = pgTable(
  'sending_lists',
  {
    id: serial('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    phoneNumber: text('phone_number').notNull(),
    listName: text('list_name').notNull(),
    brandName: text('brand_name').notNull(),
    /** simulator | infobip | twilio | cm | lime */
    provider: text('provider').notNull(),
    /** 10dlc | short_code | toll_free */
    numberType: text('number_type').notNull().default('10dlc'),
    status: text('status').notNull().default('active'),
    /** Provider credentials, encrypted at rest (AES-256-GCM envelope). */
    credentialsEncrypted: text('credentials_encrypted'),
    /** Domain short links of this list are printed with (e.g. trk.ly); links API answers no_domain_configured without it. */
    shortenerDomain: text('shortener_domain'),
    clickDomain: text('click_domain'),
    sendRatePerMinute: integer('send_rate_per_minute').notNull().default(17000),
    helpText: text('help_text'),
    /** Bring your own carrier: the customer's own provider account; its webhooks must reach us before sending. */
    byoc: boolean('byoc').notNull().default(false),
    /** Secret in this list's provider webhook URLs (`?token=`), encrypted at rest; compared in constant time. */
    webhookTokenEncrypted: text('webhook_token_encrypted'),
    /** First verified provider webhook for this list (BYOC's "webhook reply" check). */
    webhookVerifiedAt: timestamp('webhook_verified_at', { withTimezone: true }),
    /** Last test send through the list's own provider that the provider accepted (BYOC's "send test" check). */
    testSentAt: timestamp('test_sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('sending_lists_account_idx').on(t.accountId),
    uniqueIndex('sending_lists_account_phone_idx').on(t.accountId, t.phoneNumber),
  ],
)

/**
 * An account's record of a number: one per account and number, so its id, and the facts the account gave or
 * observed (carrier, line type, a provider's invalid-number answer), are the account's alone. Reads go through the
 * `contact_facts` view (sql/postgres/0012), which falls back to `phone_lookups` where the account has no value.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    phoneNumber: text('phone_number').notNull(),
    carrier: text('carrier'),
    lineType: text('line_type'),
    timezone: text('timezone'),
    /** US state (from the area code) for state quiet-hour windows. */
    state: text('state'),
    isValid: boolean('is_valid').notNull().default(true),
    /** ok | unreachable | invalid | risky | unknown | null (never validated) */
    validationStatus: text('validation_status'),
    onDnc: boolean('on_dnc').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('contacts_account_phone_idx').on(t.accountId, t.phoneNumber)],
)

/** Global facts about a number, written only by a trusted phone lookup (never by an account's input or sends). */
export const phoneLookups = pgTable('phone_lookups', {
  phoneNumber: text('phone_number').primaryKey(),
  carrier: text('carrier'),
  lineType: text('line_type'),
  validationStatus: text('validation_status'),
  onDnc: boolean('on_dnc'),
  lookedUpAt: timestamp('looked_up_at', { withTimezone: true }).notNull().defaultNow(),
})

export const listContacts = pgTable(
  'list_contacts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    listId: integer('list_id')
      .notNull()
      .references(() => sendingLists.id),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id),
    active: boolean('active').notNull().default(true),
    unsubscribeReason: text('unsubscribe_reason'),
    signupDate: timestamp('signup_date', { withTimezone: true }).notNull().defaultNow(),
    signupMethod: text('signup_method').notNull().default('api'),
    /** Consent evidence (spec §5, §19). */
    ipAddress: text('ip_address'),
    signupUrl: text('signup_url'),
    consentDate: timestamp('consent_date', { withTimezone: true }),
    adNetworkSource: text('ad_network_source'),
    adNetworkId: text('ad_network_id'),
    /** The opt-in keyword texted or the form the contact signed up with (sql/postgres/0016). */
    optInKeyword: text('opt_in_keyword'),
    optInForm: text('opt_in_form'),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    useJourneys: boolean('use_journeys').notNull().default(false),
    skipJourneyIfExists: boolean('skip_journey_if_exists').notNull().default(true),
    inWorkflow: boolean('in_workflow').notNull().default(false),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    customFields: jsonb('custom_fields')
      .$type<Record<string, string | number | boolean>>()
      .notNull()
      .default({}),
    sendCount: integer('send_count').notNull().default(0),
    clickCount: integer('click_count').notNull().default(0),
    conversionCount: integer('conversion_count').notNull().default(0),
    revenueTotal: numeric('revenue_total', { precision: 14, scale: 4 }).notNull().default('0'),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
    lastClickedAt: timestamp('last_clicked_at', { withTimezone: true }),
    lastRevenueAt: timestamp('last_revenue_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('list_contacts_list_contact_idx').on(t.listId, t.contactId),
    index('list_contacts_list_signup_idx').on(t.listId, t.signupDate),
    // GET /contacts without a list filter: the account's contacts, newest signup first. Also every lookup by
    // account alone (a separate index on account_id was one more entry to write per membership; 0021 drops it).
    index('list_contacts_account_signup_idx').on(t.accountId, t.signupDate),
    // The report model's incremental copy of contact attributes (analytics/rollups.ts) pages by updated_at.
    index('list_contacts_account_updated_idx').on(t.accountId, t.updatedAt),
    // Audience sizes over source lists, and the filter DSL's list membership (EXISTS by contact): index-only scans.
    index('list_contacts_active_member_idx').on(t.listId, t.contactId).where(sql`${t.active}`),
  ],
)

/** Account-wide blocks (spec §4 step 8): a blocked number gets nothing from any list of the account. */
export const contactBlocks = pgTable(
  'contact_blocks',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    phoneNumber: text('phone_number').notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.phoneNumber] })],
)

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    email: text('email').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_idx').on(t.tokenHash),
    index('invitations_account_idx').on(t.accountId),
  ],
)

export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
})

/** Team and key actions are audited (spec §18). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    accountId: text('account_id').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_account_idx').on(t.accountId, t.createdAt)],
)

export const audiences = pgTable(
  'audiences',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
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
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
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
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
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
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
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
 * MessageSent: one row per message; its id is the idempotency key of dispatch.
 *
 * No foreign keys on this table or on short_links, on purpose: a bulk or campaign send writes thousands of rows a
 * second that all reference the same account, list and offer rows, and the per-row key checks (each taking a
 * share lock on those few rows, contended by every concurrent writer) halved the queue rate (15k → 29k msg/s
 * without them, measured). The ids are written only by services/messages.ts from rows it has just read or
 * upserted in the same transaction, and accounts, lists, contacts and offers are never hard-deleted.
 */
export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    listId: integer('list_id').notNull(),
    contactId: text('contact_id').notNull(),
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    /** queued | sent | delivered | undelivered | failed | dropped | orphaned */
    status: text('status').notNull().default('queued'),
    statusDetail: text('status_detail'),
    creativeId: integer('creative_id'),
    scheduleId: text('schedule_id'),
    /** The schedule occurrence (its date, YYYY-MM-DD) a campaign message belongs to: one per contact per occurrence. */
    scheduleOccurrence: text('schedule_occurrence'),
    variant: text('variant'),
    /** The journey enrollment a journey message was sent for. */
    journeyEnrollmentId: text('journey_enrollment_id'),
    segments: integer('segments').notNull().default(1),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Held for the recipient's quiet hours until this instant; staleness counts from it. */
    sendAfter: timestamp('send_after', { withTimezone: true }),
    /**
     * Set (committed) before the provider is called: a claimed message is never handed to a provider again, even
     * if the worker dies mid-call. Cleared only when the provider answered with a retryable refusal.
     */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    dispatchAttempts: integer('dispatch_attempts').notNull().default(0),
    /** sha256 of list, recipient and body before link minting: the duplicate guard's key. */
    contentHash: text('content_hash'),
    /** Raw-send skip flags (spec §3): skip_duplicate_check, skip_rate_limit, skip_contact_validation, skip_journey_check. */
    sendFlags: jsonb('send_flags').$type<Record<string, boolean>>().notNull().default({}),
    /** True when a raw send went to a contact that was unsubscribed or blocked at the moment of sending. */
    complianceBypassed: boolean('compliance_bypassed').notNull().default(false),
    /** Created by history import (spec §14): never dispatched; `clear` removes only imported history. */
    imported: boolean('imported').notNull().default(false),
    /** An imported send's record id: the name the account knows it by (its own id is always new). */
    importId: text('import_id'),
    providerErrorCode: text('provider_error_code'),
    statusUpdatedAt: timestamp('status_updated_at', { withTimezone: true }),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('messages_account_created_idx').on(t.accountId, t.createdAt),
    // Partial: a message has no provider id until it is sent, so queuing pays nothing for this index.
    index('messages_provider_message_idx')
      .on(t.provider, t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    // The duplicate guard: the hash already names list, recipient and body, so it leads (selective on its own).
    index('messages_content_hash_idx').on(t.contentHash, t.createdAt),
    // Sweeps: queued rows (stale drop, interrupted claims). Unpublished send events are in send_outbox.
    index('messages_queued_idx').on(t.createdAt).where(sql`${t.status} = 'queued'`),
    // A contact's recent messages: the campaigns' frequency cap and a contact's message history.
    index('messages_contact_created_idx').on(t.contactId, t.createdAt),
    // A campaign reaches each contact once per occurrence, whatever crashes and resumes happen.
    uniqueIndex('messages_schedule_occurrence_contact_idx')
      .on(t.scheduleId, t.scheduleOccurrence, t.contactId)
      .where(sql`${t.scheduleOccurrence} IS NOT NULL`),
    uniqueIndex('messages_account_import_idx')
      .on(t.accountId, t.importId)
      .where(sql`${t.importId} IS NOT NULL`),
  ],
)

/**
 * Send events written to Postgres but not yet confirmed in Kafka: a row is added in the statement that marks its
 * message sent and removed once the dispatcher (or the scheduler's sweep, for what it could not publish) has the
 * event in Kafka. Kept apart from messages so that the removal is a narrow delete, not a new messages version.
 */
export const sendOutbox = pgTable('send_outbox', {
  messageId: text('message_id').primaryKey(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
})

/** Replies received on a list's number (spec §15, §19): every inbound message, classified. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    listId: integer('list_id')
      .notNull()
      .references(() => sendingLists.id),
    contactId: text('contact_id'),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    /** opt_out | opt_in | help | spam_complaint | other */
    kind: text('kind').notNull(),
    keyword: text('keyword'),
    reason: text('reason'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('inbound_messages_provider_idx').on(t.listId, t.providerMessageId),
    index('inbound_messages_account_received_idx').on(t.accountId, t.receivedAt),
  ],
)

/** Customer webhook endpoints (spec §15): signed JSON POSTs of delivery, unsubscribe and reply events. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    url: text('url').notNull(),
    description: text('description'),
    events: text('events').array().notNull(),
    /** HMAC-SHA256 signing secret, encrypted at rest (it must be read back to sign). */
    secretEncrypted: text('secret_encrypted').notNull(),
    /** active | paused (by the customer, or automatically after repeated failure) */
    status: text('status').notNull().default('active'),
    pausedReason: text('paused_reason'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_account_idx').on(t.accountId)],
)

/** One event for one endpoint; (endpoint, event) is unique so a replayed event is not sent twice. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    accountId: text('account_id').notNull(),
    eventType: text('event_type').notNull(),
    eventId: text('event_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | succeeded | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_idx').on(t.endpointId, t.eventId),
    index('webhook_deliveries_account_idx').on(t.accountId, t.createdAt),
  ],
)

/** One-time passcodes (spec §16): the code is kept only as an HMAC. */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    listId: integer('list_id')
      .notNull()
      .references(() => sendingLists.id),
    phoneNumber: text('phone_number').notNull(),
    codeHash: text('code_hash').notNull(),
    messageId: text('message_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('otp_codes_phone_idx').on(t.accountId, t.phoneNumber, t.createdAt)],
)

/** Idempotency-Key: the first reply of a mutating request, returned again for a retry with the same key. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: text('account_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    /** null while the first request is still running */
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
)

/** MessageShortLink: a 7-character code bound to a message (or minted alone) and an offer. */
export const shortLinks = pgTable(
  'short_links',
  {
    code: text('code').primaryKey(),
    // No foreign keys: see messages.
    accountId: text('account_id').notNull(),
    messageId: text('message_id'),
    offerId: text('offer_id'),
    contactId: text('contact_id'),
    destinationUrl: text('destination_url').notNull(),
    listId: integer('list_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('short_links_message_idx').on(t.messageId)],
)

/**
 * MessageClick: the first human click of each message — attribution state. Written with
 * INSERT … ON CONFLICT DO NOTHING, so replaying a partition re-derives the same winner.
 */
export const messageClicks = pgTable('message_clicks', {
  messageId: text('message_id').primaryKey(),
  accountId: text('account_id').notNull(),
  clickId: text('click_id').notNull(),
  contactId: text('contact_id').notNull(),
  offerId: text('offer_id').notNull(),
  clickedAt: timestamp('clicked_at', { withTimezone: true }).notNull(),
  kafkaOffset: bigint('kafka_offset', { mode: 'number' }),
})

/**
 * How far each processor step has applied each partition to Postgres state (contact activity, conversion
 * ledger). Written in the same transaction as that state, so a replayed or redelivered offset is skipped: the
 * counters change exactly once per event whatever Kafka redelivers.
 */
export const consumerWatermarks = pgTable(
  'consumer_watermarks',
  {
    step: text('step').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    appliedThrough: bigint('applied_through', { mode: 'bigint' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.step, t.topic, t.partition] })],
)

/** Every conversion event id seen, with how often it was posted: the duplicate-transaction fraud signal. */
export const conversionLedger = pgTable(
  'conversion_ledger',
  {
    eventId: text('event_id').primaryKey(),
    accountId: text('account_id').notNull(),
    messageId: text('message_id').notNull(),
    clickId: text('click_id').notNull(),
    amount: numeric('amount', { precision: 14, scale: 4 }).notNull(),
    postings: integer('postings').notNull().default(1),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // By message: which messages have a conversion to re-attribute once their first click is known (0019).
  (t) => [
    index('conversion_ledger_account_idx').on(t.accountId),
    index('conversion_ledger_message_idx').on(t.messageId),
  ],
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
