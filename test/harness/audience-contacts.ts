// Hand-made list contacts for the audience tests (audience-filters.test.ts, audiences.test.ts), on the API harness.
// The seeded rows come back with them, so a test computes the contacts a filter should match in JS, independently
// of the compiled SQL. Each test file seeds its own accounts (tap runs files in separate processes).
import { newObjectId } from '../../core/ids.js'
import { apiHarness } from './api.js'
import type { Teardown } from './platform.js'

export const DAY = 86_400_000
export const HOUR = 3_600_000

export interface SeedRow {
  i: number
  contactId: string
  list: number
  active: boolean
  send: number
  click: number
  conv: number
  rev: number
  lastClicked: number | null
  lastSent: number | null
  lastRevenue: number | null
  signup: number
  cf: Record<string, string | number | boolean>
  dnc: boolean
  vstatus: string | null
  blocked: boolean
}

/** An API harness with account `a`, whose lists L1 and L2 hold the contacts, and `other`, an account without any. */
export async function audienceContacts(t: Teardown) {
  const h = await apiHarness(t)
  const a = await h.account()
  const other = await h.account()

  // ---- Seed: 30 contacts on list L1 of account A, every third also on L2 (fresh, zero stats) ----
  const now = Date.now()
  const L1 = a.list.id
  const L2 = (await h.list(a.accountId)).id
  const VSTATUS = [null, 'ok', 'invalid', 'unreachable', 'risky']
  const TIERS = ['gold', 'silver', 'bronze']
  const rows: SeedRow[] = []
  for (let i = 0; i < 30; i++) {
    const contactId = newObjectId()
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
    const dnc = i % 8 === 0
    const vstatus = VSTATUS[i % 5]!
    await h.pg.pool.query(
      'INSERT INTO contacts (id, account_id, phone_number, on_dnc, validation_status) VALUES ($1,$2,$3,$4,$5)',
      [contactId, a.accountId, phone, dnc, vstatus],
    )
    const blocked = i === 4
    if (blocked) {
      await h.pg.pool.query(
        `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'test')`,
        [a.accountId, phone],
      )
    }
    const cf: SeedRow['cf'] = { age: 20 + i, zip: String(10000 + i) }
    if (i % 7 !== 0) cf.tier = TIERS[i % 3]!
    if (i === 7) cf.name = "Dan O'Brien"
    if (i === 8) cf.vip = true
    const conv = i % 4 === 0 ? 2 : 0
    const l1: SeedRow = {
      i,
      contactId,
      list: L1,
      active: i % 10 !== 9,
      send: i,
      click: i % 5,
      conv,
      rev: conv ? i * 1.5 : 0,
      lastClicked: i % 5 === 0 ? null : now - i * DAY - HOUR,
      lastSent: now - i * HOUR - 60_000,
      lastRevenue: conv ? now - i * DAY - HOUR : null,
      signup: now - i * 10 * DAY - HOUR,
      cf,
      dnc,
      vstatus,
      blocked,
    }
    rows.push(l1)
    if (i % 3 === 0) {
      rows.push({
        ...l1,
        list: L2,
        active: true,
        send: 0,
        click: 0,
        conv: 0,
        rev: 0,
        lastClicked: null,
        lastSent: null,
        lastRevenue: null,
        signup: now - HOUR,
        cf: {},
      })
    }
  }
  const ts = (ms: number | null) => (ms === null ? null : new Date(ms))
  for (const r of rows) {
    await h.pg.pool.query(
      `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, send_count, click_count, conversion_count,
         revenue_total, last_clicked_at, last_sent_at, last_revenue_at, signup_date, custom_fields)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [
        newObjectId(),
        a.accountId,
        r.list,
        r.contactId,
        r.active,
        r.send,
        r.click,
        r.conv,
        r.rev,
        ts(r.lastClicked),
        ts(r.lastSent),
        ts(r.lastRevenue),
        ts(r.signup),
        JSON.stringify(r.cf),
      ],
    )
  }
  return { h, a, other, L1, L2, rows, now }
}

/** A condition in the request form (snake_case); `value` and `unit` only when given. */
export const cond = (
  condition_type: string,
  field: string,
  operator: string,
  value?: unknown,
  unit?: string,
) => ({
  condition_type,
  field,
  operator,
  ...(value === undefined ? {} : { value }),
  ...(unit === undefined ? {} : { unit }),
})
/** One AND group of the conditions. */
export const all = (...conditions: unknown[]) => ({ operator: 'AND', conditions })
