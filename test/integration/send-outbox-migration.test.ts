// Migration 0020 on data: a scratch database is brought to 0019 with sent messages whose send events are and are
// not yet in Kafka, then migrated. Only the unpublished ones must be waiting in send_outbox, with their sent_at, and
// messages must have lost the column and the partial index that tracked publication.
import pg from 'pg'
import t from 'tap'
import { postgresMigrations, scratchDatabase } from '../harness/scratch-database.js'

const db = new pg.Client({ connectionString: await scratchDatabase(t, 'm20') })
await db.connect()
t.teardown(() => db.end())

const migrations = postgresMigrations()
const target = migrations.findIndex((m) => m.file.startsWith('0020_'))
for (const { sql } of migrations.slice(0, target)) await db.query(sql)

await db.query(`
  INSERT INTO accounts (id, name, owner_email) VALUES ('A', 'A', 'a@x.test');
  INSERT INTO sending_lists (id, account_id, phone_number, list_name, brand_name, provider)
    VALUES (1, 'A', '+18005550001', 'l', 'b', 'simulator');
  INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, status, sent_at, send_event_published_at)
    VALUES ('unpub001', 'A', 1, 'c1', '+13125550001', 'hi', 'sent', '2026-12-01T10:00:00Z', NULL),
           ('unpub002', 'A', 1, 'c2', '+13125550002', 'hi', 'delivered', '2026-12-01T11:00:00Z', NULL),
           ('publish1', 'A', 1, 'c3', '+13125550003', 'hi', 'sent', '2026-12-01T10:00:00Z', '2026-12-01T10:00:01Z'),
           ('queued01', 'A', 1, 'c4', '+13125550004', 'hi', 'queued', NULL, NULL);
`)
await db.query(migrations[target]!.sql)

t.test(
  'the unpublished send events wait in the outbox, and messages no longer track publication',
  async (t) => {
    const { rows } = await db.query<{ message_id: string; sent_at: Date }>(
      'SELECT message_id, sent_at FROM send_outbox ORDER BY message_id',
    )
    t.same(
      rows.map((r) => [r.message_id, r.sent_at.toISOString()]),
      [
        ['unpub001', '2026-12-01T10:00:00.000Z'],
        ['unpub002', '2026-12-01T11:00:00.000Z'],
      ],
      'only the sent messages whose event was not confirmed, each with its sent_at',
    )
    const column = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'messages' AND column_name = 'send_event_published_at'`,
    )
    t.equal(column.rowCount, 0, 'the column is gone')
    const index = await db.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'messages_unpublished_idx'`)
    t.equal(index.rowCount, 0, 'so is its partial index')
    const kept = await db.query(`SELECT count(*)::int AS n FROM messages`)
    t.equal(kept.rows[0].n, 4, 'no message is lost')
  },
)
