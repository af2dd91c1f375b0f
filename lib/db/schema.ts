// Postgres schema (drizzle). `npm run db:generate` turns changes into versioned SQL under sql/postgres/.

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
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash'),
  status: text('status').notNull().default('active'),
  createdAt: createdAt(),
})

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
    shortenerDomain: text('shortener_domain'),
    clickDomain: text('click_domain'),
    sendRatePerMinute: integer('send_rate_per_minute').notNull().default(17000),
    helpText: text('help_text'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sending_lists_account_idx').on(t.accountId),
    uniqueIndex('sending_lists_account_phone_idx').on(t.accountId, t.phoneNumber),
  ],
)

export const contacts = pgTable('contacts', {
  id: text('id').primaryKey(),
  phoneNumber: text('phone_number').notNull().unique(),
  carrier: text('carrier'),
  lineType: text('line_type'),
  timezone: text('timezone'),
  createdAt: createdAt(),
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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('list_contacts_list_contact_idx').on(t.listId, t.contactId),
    index('list_contacts_account_idx').on(t.accountId),
  ],
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

/** MessageSent: one row per message; its id is the idempotency key of dispatch. */
export const messages = pgTable(
  'messages',
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
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    /** queued | sent | delivered | undelivered | failed | dropped | orphaned */
    status: text('status').notNull().default('queued'),
    statusDetail: text('status_detail'),
    creativeId: integer('creative_id'),
    scheduleId: text('schedule_id'),
    variant: text('variant'),
    segments: integer('segments').notNull().default(1),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('messages_account_created_idx').on(t.accountId, t.createdAt)],
)

/** MessageShortLink: a 7-character code bound to a message (or minted alone) and an offer. */
export const shortLinks = pgTable(
  'short_links',
  {
    code: text('code').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    messageId: text('message_id').references(() => messages.id),
    offerId: text('offer_id').references(() => offers.id),
    contactId: text('contact_id'),
    destinationUrl: text('destination_url').notNull(),
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
