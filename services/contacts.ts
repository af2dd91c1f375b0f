// Contacts of an account's sending lists (spec §5): the account's Contact record per E.164 number
// (services/contact-records) and a ListContact per list holding the subscription, consent evidence and custom fields. Every query is scoped to the account: a
// list of another account is found exactly as often as a missing one (never).
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Config } from '../core/config.js'
import { type ContactInput, type ItemResult, parseContactInput } from '../core/contacts.js'
import { AppError, type ErrorCode } from '../core/errors.js'
import { type ContactEvent, topicName } from '../core/events.js'
import { newObjectId } from '../core/ids.js'
import { parseE164 } from '../core/phone.js'
import type { ContactBulkReplyView } from '../core/views/contact-import.js'
import type { BatchingProducer } from '../lib/kafka.js'
import { withTransaction } from '../lib/postgres.js'
import { upsertContactRecords } from './contact-records.js'
import { countMatchingJourneys, enrollMembers, type StepJob, stopEnrollments } from './journey-enrollment.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

export interface SendingListRef {
  id: number
  phoneNumber: string
}

/** The caller's list with this E.164 number (deleted lists count as missing). */
export async function findList(
  db: Queryable,
  accountId: string,
  listNumber: string,
): Promise<SendingListRef | null> {
  const { rows } = await db.query<{ id: number; phone_number: string }>(
    `SELECT id, phone_number FROM sending_lists
     WHERE account_id = $1 AND phone_number = $2 AND status <> 'deleted'`,
    [accountId, listNumber],
  )
  return rows[0] ? { id: rows[0].id, phoneNumber: rows[0].phone_number } : null
}

export interface UpsertedContact {
  contactId: string
  listContactId: string
  isNewContact: boolean
  isNewListContact: boolean
  /** Present when the call subscribed the number (new, or re-subscribed after an unsubscribe). */
  event: ContactEvent | null
}

/**
 * Creates or updates the contact on the list. Signing up again re-subscribes an unsubscribed contact
 * (spec §19) with the new signup date and method; an active one keeps its signup date unless one is given.
 */
async function upsertOnList(
  db: Queryable,
  accountId: string,
  list: SendingListRef,
  input: ContactInput,
): Promise<UpsertedContact> {
  const contact = (await upsertContactRecords(db, accountId, [{ phoneNumber: input.phoneNumber }])).get(
    input.phoneNumber,
  )!
  const { rows } = await db.query<{
    id: string
    created: boolean
    was_active: boolean | null
    signup_method: string
  }>(
    `WITH previous AS (SELECT active FROM list_contacts WHERE list_id = $3 AND contact_id = $4)
     INSERT INTO list_contacts AS lc (id, account_id, list_id, contact_id, signup_date, signup_method, ip_address,
       signup_url, ad_network_source, ad_network_id, email, first_name, last_name, use_journeys,
       skip_journey_if_exists, custom_fields, consent_date, opt_in_keyword, opt_in_form)
     VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
       COALESCE($16::jsonb, '{}'::jsonb), $18, $19, $20)
     ON CONFLICT (list_id, contact_id) DO UPDATE SET
       custom_fields = CASE WHEN $16::jsonb IS NULL THEN lc.custom_fields
                            WHEN $17 THEN lc.custom_fields || $16::jsonb ELSE $16::jsonb END,
       signup_date = CASE WHEN NOT lc.active THEN EXCLUDED.signup_date
                          ELSE COALESCE($5::timestamptz, lc.signup_date) END,
       signup_method = CASE WHEN NOT lc.active THEN EXCLUDED.signup_method ELSE lc.signup_method END,
       ip_address = COALESCE(EXCLUDED.ip_address, lc.ip_address),
       signup_url = COALESCE(EXCLUDED.signup_url, lc.signup_url),
       ad_network_source = COALESCE(EXCLUDED.ad_network_source, lc.ad_network_source),
       ad_network_id = COALESCE(EXCLUDED.ad_network_id, lc.ad_network_id),
       consent_date = COALESCE(EXCLUDED.consent_date, lc.consent_date),
       opt_in_keyword = COALESCE(EXCLUDED.opt_in_keyword, lc.opt_in_keyword),
       opt_in_form = COALESCE(EXCLUDED.opt_in_form, lc.opt_in_form),
       email = COALESCE(EXCLUDED.email, lc.email),
       first_name = COALESCE(EXCLUDED.first_name, lc.first_name),
       last_name = COALESCE(EXCLUDED.last_name, lc.last_name),
       use_journeys = EXCLUDED.use_journeys,
       skip_journey_if_exists = EXCLUDED.skip_journey_if_exists,
       active = true,
       unsubscribe_reason = NULL,
       unsubscribed_at = NULL,
       updated_at = now()
     RETURNING lc.id, (xmax = 0) AS created, (SELECT active FROM previous) AS was_active, lc.signup_method`,
    [
      newObjectId(),
      accountId,
      list.id,
      contact.id,
      input.signupDate,
      input.signupMethod,
      input.ipAddress,
      input.url,
      input.adNetworkSource,
      input.adNetworkId,
      input.email,
      input.firstName,
      input.lastName,
      input.useJourneys,
      input.skipJourneyIfExists,
      input.customFields ? JSON.stringify(input.customFields) : null,
      input.mergeFields,
      input.consentDate,
      input.optInKeyword,
      input.optInForm,
    ],
  )
  const row = rows[0]!
  const subscribed = row.created || row.was_active === false
  return {
    contactId: contact.id,
    listContactId: row.id,
    isNewContact: contact.created,
    isNewListContact: row.created,
    event: subscribed
      ? contactEvent(accountId, 'subscribed', {
          contactId: contact.id,
          listContactId: row.id,
          listId: list.id,
          phoneNumber: input.phoneNumber,
          signupMethod: row.signup_method,
          reason: null,
        })
      : null,
  }
}

/** Spec §5: whether a contact that just joined a list is enrolled in journeys (use_journeys, skip_journey_if_exists). */
const wantsJourneys = (input: ContactInput, upserted: UpsertedContact): boolean =>
  input.useJourneys && (upserted.isNewListContact || !input.skipJourneyIfExists)

export interface JourneyEnrolment {
  /** First step jobs of the new enrollments, queued by the caller after the commit. */
  stepJobs: StepJob[]
  warnings: string[]
}

/** POST /contacts: one contact onto one of the caller's lists, enrolled in matching journeys when asked. */
export async function upsertContact(
  pool: pg.Pool,
  accountId: string,
  input: ContactInput,
): Promise<UpsertedContact & JourneyEnrolment> {
  const list = await findList(pool, accountId, input.listNumber)
  if (!list) throw new AppError('list_not_found', `No sending list with number ${input.listNumber}`)
  return withTransaction(pool, async (client) => {
    const upserted = await upsertOnList(client, accountId, list, input)
    const member = [{ listId: list.id, contactId: upserted.contactId }]
    if (wantsJourneys(input, upserted))
      return { ...upserted, stepJobs: await enrollMembers(client, accountId, member), warnings: [] }
    const matching = input.useJourneys ? 0 : await countMatchingJourneys(client, accountId, member)
    const warnings =
      matching > 0
        ? [`${matching} active journey(s) match this contact but use_journeys was false: not enrolled`]
        : []
    return { ...upserted, stepJobs: [], warnings }
  })
}

/** The bulk reply, with the events to publish and the journey steps to queue once it is committed. */
export type BulkResult = ContactBulkReplyView & { events: ContactEvent[]; stepJobs: StepJob[] }

/**
 * POST /contacts/bulk: every item validated on its own; the valid ones are written in one transaction even
 * when others fail.
 */
export async function bulkUpsertContacts(
  pool: pg.Pool,
  accountId: string,
  items: ReadonlyArray<ItemResult<ContactInput>>,
  rawItems: readonly unknown[],
): Promise<BulkResult> {
  const result: BulkResult = {
    success_count: 0,
    error_count: 0,
    errors: [],
    contacts_created: 0,
    list_contacts_created: 0,
    journeys_enrolled: 0,
    events: [],
    stepJobs: [],
  }
  const phoneOf = (index: number): string | null => {
    const raw = rawItems[index] as { phone_number?: unknown } | null
    return typeof raw?.phone_number === 'string' ? raw.phone_number : null
  }
  const fail = (index: number, code: ErrorCode, error: string) => {
    result.error_count++
    result.errors.push({ index, phone_number: phoneOf(index), code, error })
  }
  const listNumbers = [...new Set(items.flatMap((i) => (i.ok ? [i.value.listNumber] : [])))]
  const { rows: lists } = await pool.query<{ id: number; phone_number: string }>(
    `SELECT id, phone_number FROM sending_lists
     WHERE account_id = $1 AND phone_number = ANY($2::text[]) AND status <> 'deleted'`,
    [accountId, listNumbers],
  )
  const listByNumber = new Map(lists.map((l) => [l.phone_number, { id: l.id, phoneNumber: l.phone_number }]))
  await withTransaction(pool, async (client) => {
    const joined: { listId: number; contactId: string }[] = []
    for (const [index, item] of items.entries()) {
      if (!item.ok) {
        fail(index, item.code, item.error)
        continue
      }
      const list = listByNumber.get(item.value.listNumber)
      if (!list) {
        fail(index, 'list_not_found', `No sending list with number ${item.value.listNumber}`)
        continue
      }
      const upserted = await upsertOnList(client, accountId, list, item.value)
      result.success_count++
      if (upserted.isNewContact) result.contacts_created++
      if (upserted.isNewListContact) result.list_contacts_created++
      if (upserted.event) result.events.push(upserted.event)
      if (wantsJourneys(item.value, upserted)) joined.push({ listId: list.id, contactId: upserted.contactId })
    }
    result.stepJobs = await enrollMembers(client, accountId, joined)
    result.journeys_enrolled = result.stepJobs.length
  })
  return result
}

/** Parses every item of a bulk request on its own (spec §0 bulk semantics). */
export function parseBulkItems(rawItems: readonly unknown[]): ItemResult<ContactInput>[] {
  return rawItems.map((raw) => parseContactInput(raw))
}

/** PUT /contacts: merges into (or replaces) the custom fields of a contact on a list. */
export async function updateCustomFields(
  pool: pg.Pool,
  accountId: string,
  input: {
    phoneNumber: string
    listNumber: string
    customFields: Record<string, string | number | boolean>
    mergeFields: boolean
  },
): Promise<{ listContactId: string; customFields: Record<string, string | number | boolean> }> {
  const list = await findList(pool, accountId, input.listNumber)
  if (!list) throw new AppError('list_not_found', `No sending list with number ${input.listNumber}`)
  const { rows } = await pool.query<{ id: string; custom_fields: Record<string, string | number | boolean> }>(
    `UPDATE list_contacts lc SET
       custom_fields = CASE WHEN $4 THEN lc.custom_fields || $3::jsonb ELSE $3::jsonb END,
       updated_at = now()
     FROM contacts c
     WHERE lc.contact_id = c.id AND lc.list_id = $1 AND c.phone_number = $2
     RETURNING lc.id, lc.custom_fields`,
    [list.id, input.phoneNumber, JSON.stringify(input.customFields), input.mergeFields],
  )
  if (!rows[0]) throw new AppError('contact_not_on_list', 'This contact is not on the list')
  return { listContactId: rows[0].id, customFields: rows[0].custom_fields }
}

/**
 * DELETE /contacts: unsubscribes (reason `api`) and keeps all history. Unknown numbers, lists and contacts
 * already unsubscribed report `unsubscribed: false`; the call itself always succeeds (spec §5).
 */
export async function unsubscribeContact(
  pool: pg.Pool,
  accountId: string,
  phoneNumber: string,
  listNumber: string,
): Promise<{ unsubscribed: boolean; event: ContactEvent | null }> {
  const e164 = parseE164(phoneNumber)
  if (!e164) return { unsubscribed: false, event: null }
  const { rows } = await pool.query<{ id: string; contact_id: string; list_id: number }>(
    `UPDATE list_contacts lc SET active = false, unsubscribe_reason = 'api', unsubscribed_at = now(),
       updated_at = now()
     FROM contacts c, sending_lists sl
     WHERE lc.contact_id = c.id AND lc.list_id = sl.id AND lc.account_id = $1 AND sl.account_id = $1
       AND sl.phone_number = $2 AND c.phone_number = $3 AND lc.active
     RETURNING lc.id, lc.contact_id, lc.list_id`,
    [accountId, listNumber.trim(), e164],
  )
  const row = rows[0]
  if (!row) return { unsubscribed: false, event: null }
  await stopEnrollments(pool, [{ listId: row.list_id, contactId: row.contact_id }])
  return {
    unsubscribed: true,
    event: contactEvent(accountId, 'unsubscribed', {
      contactId: row.contact_id,
      listContactId: row.id,
      listId: row.list_id,
      phoneNumber: e164,
      signupMethod: null,
      reason: 'api',
    }),
  }
}

/**
 * Unsubscribes list members for a reason other than the API (a STOP by text, a carrier opt-out, an invalid
 * number, a spam complaint): only those still subscribed change, and each change comes back as its event.
 */
export async function unsubscribeMembers(
  db: Queryable,
  members: readonly { accountId: string; listId: number; contactId: string }[],
  reason: string,
): Promise<ContactEvent[]> {
  if (members.length === 0) return []
  const { rows } = await db.query<{
    id: string
    account_id: string
    list_id: number
    contact_id: string
    phone_number: string
  }>(
    `UPDATE list_contacts lc SET active = false, unsubscribe_reason = $3, unsubscribed_at = now(), updated_at = now()
       FROM unnest($1::int[], $2::text[]) AS v(list_id, contact_id), contacts c
      WHERE lc.list_id = v.list_id AND lc.contact_id = v.contact_id AND c.id = lc.contact_id AND lc.active
      RETURNING lc.id, lc.account_id, lc.list_id, lc.contact_id, c.phone_number`,
    [members.map((m) => m.listId), members.map((m) => m.contactId), reason],
  )
  // A STOP (or any unsubscribe) ends the contact's journeys on that list.
  await stopEnrollments(db, members)
  return rows.map((r) =>
    contactEvent(r.account_id, 'unsubscribed', {
      contactId: r.contact_id,
      listContactId: r.id,
      listId: r.list_id,
      phoneNumber: r.phone_number,
      signupMethod: null,
      reason,
    }),
  )
}

export function contactEvent(
  accountId: string,
  type: ContactEvent['type'],
  c: {
    contactId: string
    listContactId: string
    listId: number
    phoneNumber: string
    signupMethod: string | null
    reason: string | null
  },
): ContactEvent {
  return {
    event_id: newObjectId(),
    account_id: accountId,
    event_time: new Date().toISOString(),
    type,
    contact_id: c.contactId,
    list_contact_id: c.listContactId,
    list_id: c.listId,
    phone_number: c.phoneNumber,
    signup_method: c.signupMethod,
    reason: c.reason,
  }
}

/**
 * Publishes subscription changes after the Postgres commit. Postgres holds the truth, so a broker outage
 * is logged and does not fail the request that already changed the subscription.
 */
export async function publishContactEvents(
  producer: BatchingProducer,
  config: Pick<Config, 'kafkaTopicPrefix'>,
  events: readonly ContactEvent[],
  log: Pick<Logger, 'warn'>,
): Promise<void> {
  if (events.length === 0) return
  const topic = topicName(config.kafkaTopicPrefix, 'contacts')
  const results = await Promise.allSettled(
    events.map((e) => producer.send({ topic, key: e.phone_number, value: JSON.stringify(e) })),
  )
  const failed = results.filter((r) => r.status === 'rejected')
  if (failed.length > 0)
    log.warn(
      { failed: failed.length, reason: String((failed[0] as PromiseRejectedResult).reason) },
      'contact events not published',
    )
}
