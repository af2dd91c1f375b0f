// The setup both schedule API test files share (schedules.test.ts, schedule-updates.test.ts): an API harness with
// two accounts, audiences and offers in each, and request bodies for a one-time blast and a repeating automated
// schedule. Each test file starts its own (tap runs files in separate processes).
import { newObjectId } from '../../core/ids.js'
import { apiHarness, type TestAccount } from './api.js'
import type { Teardown } from './platform.js'

const FILTER = {
  operator: 'AND',
  conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
  groups: [],
}

/** An API harness of its own, accounts `acct` and `other` with audiences and offers, and the helpers over them. */
export async function schedulesHarness(t: Teardown) {
  const h = await apiHarness(t)
  const acct = await h.account()
  const other = await h.account()

  async function insertAudience(account: TestAccount, status = 'active'): Promise<string> {
    const id = newObjectId()
    await h.pg.pool.query(
      `INSERT INTO audiences (id, account_id, name, filter, status) VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [id, account.accountId, `Audience ${id}`, JSON.stringify(FILTER), status],
    )
    return id
  }

  async function insertOffer(account: TestAccount, status = 'active'): Promise<{ id: string; slug: string }> {
    const id = newObjectId()
    const slug = `ofr_test_${id.slice(-6)}`
    await h.pg.pool.query(
      `INSERT INTO offers (id, account_id, slug, name, tracking_url, status) VALUES ($1, $2, $3, 'Offer', $4, $5)`,
      [id, account.accountId, slug, 'https://network.example/click?sub1={{click_id}}', status],
    )
    return { id, slug }
  }

  const audience = await insertAudience(acct)
  const audience2 = await insertAudience(acct)
  const archivedAudience = await insertAudience(acct, 'archived')
  const otherAudience = await insertAudience(other)
  const offer = await insertOffer(acct)
  const otherOffer = await insertOffer(other)

  const owner = acct.keys.owner
  const member = acct.keys.member
  const viewer = acct.keys.viewer

  const blastBody = (over: Record<string, unknown> = {}) => ({
    name: 'Black Friday',
    send_type: 'blast',
    is_repeating: false,
    send_time: '09:30',
    send_date: '2026-11-27',
    audiences: [audience],
    list_number: acct.list.phoneNumber,
    blasts: [
      {
        variant_name: 'A',
        message: 'Deals {{link1}}',
        offer_links: [{ key: 'link1', offer_id: offer.id, url_params: { sub2: 'bf' } }],
        percent_audience: 60,
      },
      { variant_name: 'B', message: 'More deals {{link1}}', offer_links: [], percent_audience: 40 },
    ],
    ...over,
  })

  const repeatingBody = (over: Record<string, unknown> = {}) => ({
    name: 'Weekday automation',
    send_type: 'automated',
    is_repeating: true,
    send_time: '18:00',
    start_date: '2026-12-01',
    end_date: '2027-01-31',
    days_of_week: { monday: true, wednesday: true },
    audiences: [audience, audience2],
    sending_list_id: acct.list.id,
    source_lists: [acct.list.id],
    skip_within_hours: 24,
    use_local_time: true,
    filter_bots: true,
    automated_percent: 30,
    ...over,
  })

  return {
    h,
    acct,
    other,
    insertAudience,
    audience,
    audience2,
    archivedAudience,
    otherAudience,
    offer,
    otherOffer,
    owner,
    member,
    viewer,
    blastBody,
    repeatingBody,
  }
}
