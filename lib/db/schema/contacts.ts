// Postgres schema: sending lists, the account's contact records, trusted phone lookups, list memberships and
// account-wide blocks.
import { sql } from 'drizzle-orm'
import {
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

export const sendingLists = pgTable(
  'sending_lists',
  {
    id: serial('id').primaryKey(),
    accountId: accountIdColumn(),
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
    // No foreign key (0022), like messages: see list_contacts.
    accountId: text('account_id').notNull(),
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

/**
 * A contact's membership of a list. No foreign keys (sql/postgres/0022), for the reason messages has none: the bulk
 * API and the CSV import write a contact and a membership per recipient, thousands a second, and each row's key
 * checks locked the same account and list rows, contended by every concurrent writer (1M recipients through the
 * bulk API: 89.8 s mean with them, 79.3 s without, BENCHMARKS.md). The ids come from rows the same transaction has
 * just read or upserted, and accounts, lists and contacts are never hard-deleted.
 */
export const listContacts = pgTable(
  'list_contacts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    listId: integer('list_id').notNull(),
    contactId: text('contact_id').notNull(),
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
    accountId: accountIdColumn(),
    phoneNumber: text('phone_number').notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.phoneNumber] })],
)
