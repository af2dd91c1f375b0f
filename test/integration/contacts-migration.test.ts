// Migration 0012 on data: a scratch database is brought to 0011, filled with a contact that three accounts share
// (and one no row refers to), then migrated. Each account must end with its own record, every row it holds pointing
// at that record, the provider's invalid mark only where that account's send got it, and running campaign passes of
// accounts whose ids changed restarted.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import t from 'tap'
import { sqlDir } from '../../lib/paths.js'
import { testConfig } from '../harness/platform.js'

const adminUrl = new URL(testConfig().databaseUrl)
const scratch = `${adminUrl.pathname.slice(1)}_m12_${process.pid}`
const admin = new pg.Client({ connectionString: adminUrl.toString() })
await admin.connect()
await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
await admin.query(`CREATE DATABASE "${scratch}"`)
const scratchUrl = new URL(adminUrl)
scratchUrl.pathname = `/${scratch}`
const db = new pg.Client({ connectionString: scratchUrl.toString() })
await db.connect()
t.teardown(async () => {
  await db.end()
  await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
  await admin.end()
})

const dir = join(sqlDir, 'postgres')
const files = readdirSync(dir)
  .filter((f) => /^\d{4}_.+\.sql$/.test(f))
  .sort()
const target = files.findIndex((f) => f.startsWith('0012_'))
for (const file of files.slice(0, target)) await db.query(readFileSync(join(dir, file), 'utf8'))

await db.query(`
  INSERT INTO accounts (id, name, owner_email) VALUES ('A', 'A', 'a@x.test'), ('B', 'B', 'b@x.test'), ('C', 'C', 'c@x.test');
  INSERT INTO sending_lists (id, account_id, phone_number, list_name, brand_name, provider) VALUES
    (1, 'A', '+18005550001', 'l', 'b', 'simulator'), (2, 'B', '+18005550002', 'l', 'b', 'simulator'),
    (3, 'C', '+18005550003', 'l', 'b', 'simulator');
  -- B's send was refused as an invalid number, which marked the shared row for everyone.
  INSERT INTO contacts (id, phone_number, carrier, line_type, is_valid, validation_status) VALUES
    ('cx', '+13125550001', 'Verizon', 'cell', false, 'invalid'),
    ('cy', '+13125550002', NULL, 'unknown', true, NULL),
    ('cz', '+13125550003', NULL, 'unknown', true, NULL);
  INSERT INTO list_contacts (id, account_id, list_id, contact_id, created_at) VALUES
    ('la', 'A', 1, 'cx', now() - interval '3 days'), ('lb', 'B', 2, 'cx', now() - interval '2 days'),
    ('lay', 'A', 1, 'cy', now());
  INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, status, status_detail, schedule_id,
                        schedule_occurrence) VALUES
    ('mA000001', 'A', 1, 'cx', '+13125550001', 'hi', 'sent', NULL, 's1', '2026-12-01'),
    ('mB000001', 'B', 2, 'cx', '+13125550001', 'hi', 'failed', 'invalid_phone', 's2', '2026-12-01'),
    ('mC000001', 'C', 3, 'cx', '+13125550001', 'hi', 'sent', NULL, NULL, NULL),
    ('mA000002', 'A', 1, 'cy', '+13125550002', 'hi', 'sent', NULL, NULL, NULL);
  INSERT INTO journey_enrollments (id, account_id, journey_id, contact_id, list_id) VALUES
    ('jb', 'B', 'j', 'cx', 2), ('ja', 'A', 'j0', 'cx', 1);
  INSERT INTO message_clicks (message_id, account_id, click_id, contact_id, offer_id, clicked_at)
    VALUES ('mB000001', 'B', 'k', 'cx', 'o', now());
  INSERT INTO short_links (code, account_id, message_id, contact_id, destination_url) VALUES
    ('abcdefg', 'B', 'mB000001', 'cx', 'https://x.test'), ('abcdefh', 'A', 'mA000001', 'cx', 'https://x.test');
  INSERT INTO inbound_messages (id, account_id, list_id, contact_id, from_number, to_number, body, provider,
                                provider_message_id, kind, received_at)
    VALUES ('ib', 'B', 2, 'cx', '+13125550001', '+18005550002', 'STOP', 'simulator', 'p1', 'opt_out', now());
  INSERT INTO schedule_runs (id, account_id, schedule_id, occurrence, cursor) VALUES
    ('rb', 'B', 's2', '2026-12-01', 'cx'), ('ra', 'A', 's1', '2026-12-01', 'cx');
`)
await db.query('BEGIN')
await db.query(readFileSync(join(dir, files[target]!), 'utf8'))
await db.query('COMMIT')

const q = async (sql: string) => (await db.query(sql)).rows

t.test('the shared record is split: one per account, the first account keeps the id', async (t) => {
  const rows = await q(
    `SELECT id, account_id, carrier, is_valid, validation_status FROM contacts
      WHERE phone_number = '+13125550001' ORDER BY account_id`,
  )
  t.equal(rows.length, 3)
  t.same(rows[0], { id: 'cx', account_id: 'A', carrier: 'Verizon', is_valid: true, validation_status: null })
  t.match(rows[1], { account_id: 'B', carrier: 'Verizon', is_valid: false, validation_status: 'invalid' })
  t.match(rows[2], { account_id: 'C', carrier: 'Verizon', is_valid: true, validation_status: null })
  t.equal(new Set(rows.map((r) => r.id)).size, 3, 'three ids')
  t.same(await q(`SELECT id, account_id FROM contacts WHERE phone_number = '+13125550002'`), [
    { id: 'cy', account_id: 'A' },
  ])
  t.same(await q(`SELECT id FROM contacts WHERE phone_number = '+13125550003'`), [], 'no one held cz')
})

t.test("every account's rows point at its own record", async (t) => {
  const own = `(SELECT c.id FROM contacts c WHERE c.account_id = t.account_id AND c.phone_number = '+13125550001')`
  for (const table of [
    'list_contacts',
    'messages',
    'journey_enrollments',
    'message_clicks',
    'short_links',
    'inbound_messages',
  ]) {
    const wrong = await q(
      `SELECT count(*)::int AS n FROM ${table} t
        WHERE t.contact_id IN (SELECT id FROM contacts WHERE phone_number = '+13125550001') AND t.contact_id <> ${own}`,
    )
    t.same(wrong, [{ n: 0 }], table)
  }
  t.same(await q(`SELECT contact_id FROM messages WHERE id = 'mA000002'`), [{ contact_id: 'cy' }])
  const missing = await q(
    `SELECT count(*)::int AS n FROM messages m WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = m.contact_id)`,
  )
  t.same(missing, [{ n: 0 }], 'no message lost its contact')
  t.same(await q(`SELECT id, cursor FROM schedule_runs ORDER BY id`), [
    { id: 'ra', cursor: 'cx' },
    { id: 'rb', cursor: null },
  ])
})

t.test('afterwards a number is unique per account only, and reads go through contact_facts', async (t) => {
  await t.rejects(
    db.query(`INSERT INTO contacts (id, account_id, phone_number) VALUES ('dup', 'B', '+13125550001')`),
    { code: '23505' },
  )
  await db.query(
    `INSERT INTO phone_lookups (phone_number, carrier, line_type) VALUES ('+13125550002', 'AT&T', 'cell')`,
  )
  t.same(await q(`SELECT carrier, line_type FROM contact_facts WHERE id = 'cy'`), [
    { carrier: 'AT&T', line_type: 'cell' },
  ])
  t.same(
    await q(`SELECT carrier FROM contact_facts WHERE id = 'cx'`),
    [{ carrier: 'Verizon' }],
    "the account's own value wins over a lookup",
  )
})
