// Postgres schema: accounts, their people and keys (users, two-factor codes, sign-in addresses, access,
// API keys, invitations, password resets) and the audit log.
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { createdAt, updatedAt } from './columns.js'

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

/** The owning account of a row, as most tables carry it. */
export const accountIdColumn = () =>
  text('account_id')
    .notNull()
    .references(() => accounts.id)

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
    accountId: accountIdColumn(),
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
    accountId: accountIdColumn(),
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

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    accountId: accountIdColumn(),
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
