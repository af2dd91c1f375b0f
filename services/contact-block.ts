// Account-wide blocks (spec §4 step 8, issue 16): a blocked number gets nothing from any list of the account, whatever
// its subscriptions say (core/eligibility.ts is the rule dispatch, campaigns and audiences apply). A block names the
// number, so it holds for the contact on every list; blocking twice or unblocking an unblocked contact changes
// nothing. Every query is scoped to the account: another account's contact id is not found, like a missing one.
import type pg from 'pg'
import { AppError } from '../core/errors.js'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'

export interface ContactBlockState {
  contact_id: string
  blocked: boolean
  blocked_at: string | null
}

const notFound = () => new AppError('contact_not_found', 'Contact not found')

async function phoneOf(db: pg.PoolClient, accountId: string, contactId: string): Promise<string> {
  const { rows } = await db.query<{ phone_number: string }>(
    'SELECT phone_number FROM contacts WHERE account_id = $1 AND id = $2',
    [accountId, contactId],
  )
  if (!rows[0]) throw notFound()
  return rows[0].phone_number
}

/** PUT /contacts/:id/block: blocks the contact's number account-wide (reason `manual`); audited when it changed. */
export async function blockContact(
  pool: pg.Pool,
  caller: ApiCaller,
  contactId: string,
): Promise<ContactBlockState> {
  return withTransaction(pool, async (client) => {
    const phone = await phoneOf(client, caller.accountId, contactId)
    const inserted = await client.query<{ created_at: Date }>(
      `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'manual')
       ON CONFLICT (account_id, phone_number) DO NOTHING RETURNING created_at`,
      [caller.accountId, phone],
    )
    if (inserted.rows[0]) {
      await writeAudit(client, {
        accountId: caller.accountId,
        actor: actorOf(caller),
        action: 'contact.blocked',
        target: contactId,
        detail: { phone_number: phone },
      })
      return { contact_id: contactId, blocked: true, blocked_at: inserted.rows[0].created_at.toISOString() }
    }
    const { rows } = await client.query<{ created_at: Date }>(
      'SELECT created_at FROM contact_blocks WHERE account_id = $1 AND phone_number = $2',
      [caller.accountId, phone],
    )
    return { contact_id: contactId, blocked: true, blocked_at: rows[0]?.created_at.toISOString() ?? null }
  })
}

/** DELETE /contacts/:id/block: lifts the block (whatever its reason); audited when there was one. */
export async function unblockContact(
  pool: pg.Pool,
  caller: ApiCaller,
  contactId: string,
): Promise<ContactBlockState> {
  return withTransaction(pool, async (client) => {
    const phone = await phoneOf(client, caller.accountId, contactId)
    const deleted = await client.query<{ reason: string }>(
      'DELETE FROM contact_blocks WHERE account_id = $1 AND phone_number = $2 RETURNING reason',
      [caller.accountId, phone],
    )
    if (deleted.rows[0]) {
      await writeAudit(client, {
        accountId: caller.accountId,
        actor: actorOf(caller),
        action: 'contact.unblocked',
        target: contactId,
        detail: { phone_number: phone, reason: deleted.rows[0].reason },
      })
    }
    return { contact_id: contactId, blocked: false, blocked_at: null }
  })
}
