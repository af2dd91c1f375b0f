// An account's contact records: one per account and number (sql/postgres/0012). Every write of a contact goes
// through here, scoped to the caller's account, so another account's record of the same number is never read,
// revealed or changed: its id, its carrier and line type and its invalid mark stay its own.
import type pg from 'pg'
import { newObjectId } from '../core/ids.js'
import { deriveContactFacts, type LineType } from '../core/phone.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

export interface ContactRecordInput {
  phoneNumber: string
  /** What the account says (a CSV import's columns); null or absent leaves the record's value. */
  carrier?: string | null
  lineType?: string | null
  /** The numbering plan's line type when the caller has parsed the number already (`parseValidNumber`). */
  planLineType?: LineType
}

export interface ContactRecord {
  id: string
  /** True when this call created the account's record of the number. */
  created: boolean
}

/**
 * Finds or creates the account's record of each number, created with the facts its number implies (line type,
 * timezone and state from the numbering plan). A carrier the account gives replaces its earlier one; a line type
 * (given, or the numbering plan's) fills an unknown one, and a known one stays. Sorted numbers keep concurrent
 * batches deadlock-free. Returns the record of each number.
 */
export async function upsertContactRecords(
  db: Queryable,
  accountId: string,
  inputs: readonly ContactRecordInput[],
): Promise<Map<string, ContactRecord>> {
  const byPhone = new Map<string, ContactRecordInput>()
  for (const input of inputs) {
    const seen = byPhone.get(input.phoneNumber)
    byPhone.set(input.phoneNumber, {
      phoneNumber: input.phoneNumber,
      carrier: input.carrier ?? seen?.carrier ?? null,
      lineType: input.lineType ?? seen?.lineType ?? null,
      planLineType: input.planLineType ?? seen?.planLineType,
    })
  }
  const rows = [...byPhone.values()].sort((a, b) => (a.phoneNumber < b.phoneNumber ? -1 : 1))
  if (rows.length === 0) return new Map()
  const facts = rows.map((r) => deriveContactFacts(r.phoneNumber, r.planLineType))
  // DO UPDATE (not NOTHING) so existing records come back too; xmax = 0 only on a fresh insert.
  const { rows: saved } = await db.query<{ id: string; phone_number: string; created: boolean }>(
    `INSERT INTO contacts AS c (id, account_id, phone_number, carrier, line_type, timezone, state)
     SELECT v.id, $1, v.phone_number, v.carrier, COALESCE(v.line_type, v.derived_line_type), v.timezone, v.state
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
            AS v(id, phone_number, carrier, line_type, derived_line_type, timezone, state)
     ON CONFLICT (account_id, phone_number) DO UPDATE SET
       carrier = COALESCE(EXCLUDED.carrier, c.carrier),
       line_type = CASE WHEN COALESCE(c.line_type, 'unknown') = 'unknown' THEN EXCLUDED.line_type
                        ELSE c.line_type END
     RETURNING c.id, c.phone_number, (c.xmax = 0) AS created`,
    [
      accountId,
      rows.map(() => newObjectId()),
      rows.map((r) => r.phoneNumber),
      rows.map((r) => r.carrier ?? null),
      rows.map((r) => r.lineType ?? null),
      facts.map((f) => f.lineType),
      facts.map((f) => f.timezone),
      facts.map((f) => f.state),
    ],
  )
  return new Map(saved.map((r) => [r.phone_number, { id: r.id, created: r.created }]))
}
