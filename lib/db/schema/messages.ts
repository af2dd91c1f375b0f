// Postgres schema: messages and what hangs off them: the send outbox, replies, customer webhooks, one-time
// codes, idempotency keys, short links and clicks, consumer watermarks, the conversion ledger.
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
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { accountIdColumn } from './accounts.js'
import { createdAt, updatedAt } from './columns.js'
import { sendingLists } from './contacts.js'

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
    accountId: accountIdColumn(),
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
    accountId: accountIdColumn(),
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
    accountId: accountIdColumn(),
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
