// The setup both contacts API test files share (contacts.test.ts, contacts-bulk-list.test.ts): an API harness
// with two accounts, fresh numbers, and helpers that read contacts back through GET /api/v2/contacts.
import { randomInt } from 'node:crypto'
import type { Test } from 'tap'
import { parseE164 } from '../../core/phone.js'
import { apiHarness } from './api.js'

export const URL = '/api/v2/contacts'

/** A valid, random number in the given area code (fresh, so its global contact is new). */
export function phone(area = '415'): string {
  for (;;) {
    const candidate = `+1${area}${randomInt(200, 1000)}${String(randomInt(0, 10_000)).padStart(4, '0')}`
    if (parseE164(candidate)) return candidate
  }
}

/** An API harness of its own with accounts `a` and `other`, and the listing helpers (asserting on `t`). */
export async function contactsHarness(t: Test) {
  const h = await apiHarness(t)
  const a = await h.account()
  const other = await h.account()

  async function listed(key: string, query: string) {
    const res = await h.request('GET', `${URL}?${query}`, key)
    t.equal(res.status, 200, `GET ?${query}`)
    return res.body as { contacts: Record<string, unknown>[]; pagination: Record<string, number> }
  }

  async function findContact(phoneNumber: string, listNumber = a.list.phoneNumber) {
    const body = await listed(a.keys.viewer, `list_number=${encodeURIComponent(listNumber)}&per_page=1000`)
    return body.contacts.find((c) => c.phone_number === phoneNumber)
  }

  return { h, a, other, listed, findContact }
}
