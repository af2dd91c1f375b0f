// Reading an account's contacts (spec §5, §19): the list (filtered by list, status and a search), one contact
// with its subscription on each list, and its consent evidence. Every query is scoped to the account, so another
// account's contact id is found exactly as often as a missing one (never).
import type pg from 'pg'
import type {
  ConsentRecordView,
  ContactConsentView,
  ContactDetailView,
  ContactSubscriptionView,
  ContactView,
} from '../core/views/contacts.js'

export interface ContactListQuery {
  listId?: number
  active?: boolean
  /** A number (its digits anywhere in the E.164 form), or text found in a name, email or custom field. */
  search?: string
  /** With `search`: look only in this custom field's value. */
  field?: string
  limit: number
  offset: number
}

const LIST_CONTACT_COLUMNS = `lc.contact_id, lc.id AS list_contact_id, c.phone_number, sl.phone_number AS list_number,
  lc.list_id, lc.active, lc.signup_date, lc.signup_method, lc.custom_fields, c.carrier, c.line_type, c.timezone,
  c.is_valid, lc.send_count, lc.click_count, lc.revenue_total::float8 AS revenue_total, lc.conversion_count,
  lc.last_sent_at, lc.last_clicked_at, lc.in_workflow, lc.unsubscribe_reason, lc.unsubscribed_at`

const iso = (d: Date | null) => (d ? d.toISOString() : null)

// biome-ignore lint/suspicious/noExplicitAny: a row of LIST_CONTACT_COLUMNS as pg returns it
const contactView = (r: any): ContactView => ({
  ...r,
  signup_date: r.signup_date.toISOString(),
  last_sent_at: iso(r.last_sent_at),
  last_clicked_at: iso(r.last_clicked_at),
  unsubscribed_at: iso(r.unsubscribed_at),
})

/** `text` as a LIKE pattern matching it anywhere (its own % and _ taken literally). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A search that is a phone number (digits with the usual punctuation) matches numbers; anything else, text. */
const searchDigits = (search: string): string | null => {
  const compact = search.replace(/[\s().+-]/g, '')
  return /^\d{3,15}$/.test(compact) ? compact : null
}

/** GET /contacts: the account's list contacts, newest signup first. */
export async function listContacts(
  pool: pg.Pool,
  accountId: string,
  query: ContactListQuery,
): Promise<{ contacts: ContactView[]; total: number }> {
  const where = ['lc.account_id = $1']
  const params: unknown[] = [accountId]
  const param = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  if (query.listId !== undefined) where.push(`lc.list_id = ${param(query.listId)}`)
  if (query.active !== undefined) where.push(`lc.active = ${param(query.active)}`)
  const search = query.search?.trim()
  if (search) {
    const digits = searchDigits(search)
    if (query.field !== undefined)
      where.push(`lc.custom_fields ->> ${param(query.field)} ILIKE ${param(containing(search))}`)
    else if (digits) where.push(`c.phone_number LIKE ${param(containing(digits))}`)
    else {
      const p = param(containing(search))
      where.push(`(lc.first_name ILIKE ${p} OR lc.last_name ILIKE ${p} OR lc.email ILIKE ${p}
        OR EXISTS (SELECT 1 FROM jsonb_each_text(lc.custom_fields) f WHERE f.value ILIKE ${p}))`)
    }
  }
  const filter = where.join(' AND ')
  const from = `FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id`
  const [{ rows: counted }, { rows }] = await Promise.all([
    pool.query<{ total: number }>(
      // The number is only needed when the search is on it.
      search && !query.field && searchDigits(search)
        ? `SELECT count(*)::int AS total ${from} WHERE ${filter}`
        : `SELECT count(*)::int AS total FROM list_contacts lc WHERE ${filter}`,
      params,
    ),
    pool.query(
      `SELECT ${LIST_CONTACT_COLUMNS}
       ${from} JOIN sending_lists sl ON sl.id = lc.list_id
       WHERE ${filter}
       ORDER BY lc.signup_date DESC, lc.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    ),
  ])
  return { total: counted[0]?.total ?? 0, contacts: rows.map(contactView) }
}

/** GET /contacts/:id: the contact and its subscriptions, or null when the account has no such contact. */
export async function getContact(
  pool: pg.Pool,
  accountId: string,
  contactId: string,
): Promise<ContactDetailView | null> {
  const [{ rows: found }, { rows: subscriptions }] = await Promise.all([
    pool.query<{
      contact_id: string
      phone_number: string
      carrier: string | null
      line_type: string | null
      timezone: string | null
      state: string | null
      is_valid: boolean
      created_at: Date
      blocked_at: Date | null
    }>(
      `SELECT c.id AS contact_id, c.phone_number, c.carrier, c.line_type, c.timezone, c.state, c.is_valid,
              c.created_at, b.created_at AS blocked_at
         FROM contact_facts c
         LEFT JOIN contact_blocks b ON b.account_id = c.account_id AND b.phone_number = c.phone_number
        WHERE c.account_id = $1 AND c.id = $2`,
      [accountId, contactId],
    ),
    pool.query(
      `SELECT ${LIST_CONTACT_COLUMNS}, lc.first_name, lc.last_name, lc.email
         FROM list_contacts lc JOIN contact_facts c ON c.id = lc.contact_id
         JOIN sending_lists sl ON sl.id = lc.list_id
        WHERE lc.account_id = $1 AND lc.contact_id = $2
        ORDER BY lc.signup_date DESC, lc.id DESC`,
      [accountId, contactId],
    ),
  ])
  const contact = found[0]
  if (!contact) return null
  return {
    ...contact,
    created_at: contact.created_at.toISOString(),
    blocked: contact.blocked_at !== null,
    blocked_at: iso(contact.blocked_at),
    subscriptions: subscriptions.map(
      (r): ContactSubscriptionView => contactView(r) as ContactSubscriptionView,
    ),
  }
}

/** GET /contacts/:id/consent: the consent evidence of each of the contact's subscriptions, newest signup first. */
export async function getContactConsent(
  pool: pg.Pool,
  accountId: string,
  contactId: string,
): Promise<ContactConsentView | null> {
  const { rows: found } = await pool.query<{ phone_number: string }>(
    'SELECT phone_number FROM contacts WHERE account_id = $1 AND id = $2',
    [accountId, contactId],
  )
  const contact = found[0]
  if (!contact) return null
  const { rows } = await pool.query<
    Omit<ConsentRecordView, 'signup_date' | 'consent_date' | 'opted_out_at'> & {
      signup_date: Date
      consent_date: Date | null
      opted_out_at: Date | null
    }
  >(
    `SELECT sl.phone_number AS list_number, lc.list_id, lc.active, lc.signup_method, lc.signup_date,
            lc.ip_address, lc.signup_url, lc.ad_network_source, lc.ad_network_id, lc.opt_in_keyword,
            lc.opt_in_form, lc.consent_date, lc.unsubscribed_at AS opted_out_at,
            lc.unsubscribe_reason AS opt_out_reason
       FROM list_contacts lc JOIN sending_lists sl ON sl.id = lc.list_id
      WHERE lc.account_id = $1 AND lc.contact_id = $2
      ORDER BY lc.signup_date DESC, lc.id DESC`,
    [accountId, contactId],
  )
  return {
    contact_id: contactId,
    phone_number: contact.phone_number,
    consent: rows.map((r) => ({
      ...r,
      signup_date: r.signup_date.toISOString(),
      consent_date: iso(r.consent_date),
      opted_out_at: iso(r.opted_out_at),
    })),
  }
}
