// One message to every member of an audience on a sending list, queued in pages: members are read in keyset
// pages of contact ids, each page becomes messages (macros from the list contact, tracked links) in one
// transaction and dispatch jobs of 1,000 ids, so memory stays flat whatever the audience size. The members are
// already contacts of the list, so no number is validated or upserted again. The campaign executor builds on
// this; the opt-out, block, quiet-hour and rate checks still happen at the moment of sending.
import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { FilterGroup } from '../core/audience-dsl.js'
import { audienceMembersQuery } from '../core/audience-sql.js'
import { newMessageId } from '../core/ids.js'
import { renderMacros } from '../core/message-template.js'
import { withTransaction } from '../lib/postgres.js'
import type { DispatchJob } from '../lib/queues.js'
import { insertTrackedMessages, type LinkTarget, type NewTrackedMessage } from './messages.js'

const JOB_SIZE = 1_000
const WRITERS = 4

interface Member {
  contact_id: string
  phone_number: string
  first_name: string | null
  last_name: string | null
  custom_fields: Record<string, string | number | boolean>
}

/** One page: its messages in one transaction, then its dispatch jobs. Returns how many were queued. */
async function writePage(
  pool: pg.Pool,
  queue: Queue<DispatchJob>,
  send: AudienceSend,
  members: Member[],
): Promise<number> {
  const inputs: NewTrackedMessage[] = members.map((member) => {
    const messageId = newMessageId()
    return {
      accountId: send.accountId,
      listId: send.list.id,
      contactId: member.contact_id,
      to: member.phone_number,
      body: renderMacros(send.body, {
        messageId,
        brandName: send.list.brandName,
        firstName: member.first_name,
        lastName: member.last_name,
        customFields: member.custom_fields,
      }),
      links: send.links,
      linkBaseUrl: send.list.linkBaseUrl,
      messageId,
      metadata: send.metadata ?? {},
    }
  })
  const written = await withTransaction(pool, (client) => insertTrackedMessages(client, inputs))
  const ids = written.map((m) => m.messageId)
  await queue.addBulk(
    Array.from({ length: Math.ceil(ids.length / JOB_SIZE) }, (_, i) => ({
      name: 'send',
      data: { messageIds: ids.slice(i * JOB_SIZE, (i + 1) * JOB_SIZE) },
    })),
  )
  return ids.length
}

export interface AudienceSend {
  accountId: string
  list: { id: number; brandName: string; linkBaseUrl: string }
  filter: FilterGroup
  /** Template with contact macros and {{linkN}} placeholders. */
  body: string
  links: Record<string, LinkTarget>
  metadata?: Record<string, unknown>
  pageSize?: number
}

export async function queueAudienceSend(
  pool: pg.Pool,
  queue: Queue<DispatchJob>,
  send: AudienceSend,
): Promise<{ queued: number }> {
  const pageSize = send.pageSize ?? 10_000
  let after = ''
  let queued = 0
  // Pages are read one after another (keyset) while up to WRITERS pages are written at once.
  const writing = new Set<Promise<void>>()
  for (;;) {
    const query = audienceMembersQuery(send.accountId, send.list.id, send.filter, {
      afterContactId: after,
      limit: pageSize,
    })
    const { rows } = await pool.query<Member>(query.sql, query.params)
    if (rows.length === 0) break
    after = rows[rows.length - 1]!.contact_id
    const write = writePage(pool, queue, send, rows).then((n) => {
      queued += n
    })
    writing.add(write)
    write.finally(() => writing.delete(write)).catch(() => {})
    if (writing.size >= WRITERS) await Promise.race(writing)
    if (rows.length < pageSize) break
  }
  await Promise.all(writing)
  return { queued }
}
