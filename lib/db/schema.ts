// Postgres schema (drizzle). `npm run db:generate` turns changes into versioned SQL under sql/postgres/.
// The tables are kept in lib/db/schema/, one file per part of the product; this module is the whole schema.
export * from './schema/accounts.js'
export * from './schema/campaigns.js'
export * from './schema/contacts.js'
export * from './schema/messages.js'
